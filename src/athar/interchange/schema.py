"""Columns and vocabularies of the records CSV (shared/spec/interchange.md, section 1)."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    MISSING_REPORT = "missing_report"
    ARREST = "arrest"
    DETENTION_SIGHTING = "detention_sighting"
    TRANSFER = "transfer"
    TRIAL = "trial"
    RELEASE = "release"
    DEATH_CERTIFICATE = "death_certificate"
    DEATH_REPORT = "death_report"
    TESTIMONY = "testimony"
    OTHER = "other"


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


REQUIRED_COLUMNS: tuple[str, ...] = ("record_id", "source")

NAME_COLUMNS: tuple[str, ...] = (
    "full_name",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "mother_family_name",
)

COLUMNS: tuple[str, ...] = (
    *REQUIRED_COLUMNS,
    *NAME_COLUMNS,
    "sex",
    "birth_date",
    "age",
    "birth_place",
    "national_id",
    "governorate",
    "event_type",
    "event_date",
    "event_place",
)
