"""The registry's vocabularies. Values are the interchange strings (never magic integers). Kept apart
from the models so the CLI and forms can use them before Django's app registry is ready."""

from __future__ import annotations

from django.db import models

from athar import interchange


class SourceKind(models.TextChoices):
    FAMILY_REPORT = "family_report", "Family report"
    NGO_LIST = "ngo_list", "NGO list"
    PRISON_REGISTER = "prison_register", "Prison or security-branch register"
    COURT_FILE = "court_file", "Court file"
    CIVIL_REGISTRY_DOCUMENT = "civil_registry_document", "Civil-registry document"
    TESTIMONY = "testimony", "Testimony"
    # Cases typed in by the organisation's caseworkers (athar.registry.cases): one per installation.
    CASE_FILE = "case_file", "Case file (typed in by caseworkers)"
    OTHER = "other", "Other"


class Sensitivity(models.TextChoices):
    """Who may see a source's records. New sources start at RESTRICTED: widening access is a decision
    someone takes, narrowing it after a leak is too late."""

    PUBLIC = "public", "Public (already published)"
    INTERNAL = "internal", "Internal (all staff)"
    CONFIDENTIAL = "confidential", "Confidential (caseworkers on the case)"
    RESTRICTED = "restricted", "Restricted (named people only)"


class PlaceKind(models.TextChoices):
    GOVERNORATE = "governorate", "Governorate"
    CITY = "city", "City"
    DISTRICT = "district", "District"
    TOWN = "town", "Town"
    PRISON = "prison", "Prison"
    SECURITY_BRANCH = "security_branch", "Security branch"
    MILITARY_AIRPORT = "military_airport", "Military airport"
    HOSPITAL = "hospital", "Hospital"
    COURT = "court", "Court"
    OTHER = "other", "Other"


# Sex and EventType take their values from the interchange spec (athar.interchange), so the two can
# never drift apart; only the labels are the registry's own.
_SEX_LABELS = {interchange.Sex.MALE: "Male", interchange.Sex.FEMALE: "Female"}
_EVENT_LABELS = {
    interchange.EventType.MISSING_REPORT: "Missing report",
    interchange.EventType.ARREST: "Arrest",
    interchange.EventType.DETENTION_SIGHTING: "Seen in detention",
    interchange.EventType.TRANSFER: "Transfer",
    interchange.EventType.TRIAL: "Trial",
    interchange.EventType.RELEASE: "Release",
    interchange.EventType.DEATH_CERTIFICATE: "Death certificate",
    interchange.EventType.DEATH_REPORT: "Death report",
    interchange.EventType.TESTIMONY: "Testimony",
    interchange.EventType.OTHER: "Other",
}
Sex = models.TextChoices("Sex", [(m.name, (m.value, _SEX_LABELS[m])) for m in interchange.Sex])
EventType = models.TextChoices(
    "EventType", [(m.name, (m.value, _EVENT_LABELS[m])) for m in interchange.EventType])


class LinkMethod(models.TextChoices):
    LINKER = "linker", "Linker cluster"
    HUMAN = "human", "Human judgement"


class Fate(models.TextChoices):
    ALIVE = "alive", "Alive"
    DETAINED = "detained", "Detained"
    RELEASED = "released", "Released"
    DECEASED = "deceased", "Deceased"
    UNKNOWN = "unknown", "Unknown"
