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


# What sources write in the event_type column besides the interchange values, in Arabic and English.
# Matched after `fold` (alef forms, taa marbuta, case) with a leading article ال removed, so
# "الاعتقال", "اعتقال" and "إعتقال" are one word. Reviewed like code: add a word, add a test case.
EVENT_TYPE_WORDS: dict[EventType, tuple[str, ...]] = {
    EventType.MISSING_REPORT: ("missing", "missing report", "disappearance", "enforced disappearance",
                               "فقدان", "بلاغ فقدان", "مفقود", "اختفاء", "اختفاء قسري", "تغييب قسري"),
    EventType.ARREST: ("arrested", "detention", "detained", "اعتقال", "احتجاز", "توقيف", "اعتقل", "خطف"),
    EventType.DETENTION_SIGHTING: ("sighting", "seen in detention", "seen", "مشاهدة", "مشاهدة في الاحتجاز",
                                   "شوهد", "شوهد في المعتقل", "رؤية في المعتقل"),
    EventType.TRANSFER: ("transferred", "نقل", "تحويل"),
    EventType.TRIAL: ("court", "sentence", "محاكمة", "محكمة", "حكم"),
    EventType.RELEASE: ("released", "إفراج", "إطلاق سراح", "اخلاء سبيل", "خروج من المعتقل"),
    EventType.DEATH_CERTIFICATE: ("death cert", "شهادة وفاة", "وثيقة وفاة", "بيان وفاة"),
    EventType.DEATH_REPORT: ("death", "died", "killed", "وفاة", "خبر وفاة", "بلاغ وفاة", "نبأ وفاة", "مقتل",
                             "استشهاد"),
    EventType.TESTIMONY: ("witness statement", "شهادة", "إفادة", "شهادة شاهد"),
    EventType.OTHER: ("أخرى", "غير ذلك"),
}
