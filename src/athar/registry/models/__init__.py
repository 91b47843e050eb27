"""Registry models, one module per subject; import them from here."""

from athar.registry.choices import EventType, Fate, LinkMethod, PlaceKind, Sensitivity, Sex, SourceKind
from athar.registry.models.access import SourceGrant
from athar.registry.models.case import CaseDocument, CaseNote
from athar.registry.models.event import Event
from athar.registry.models.fate import LIVING_FATES, FateClaim
from athar.registry.models.person import Person, PersonRecordLink, new_public_id
from athar.registry.models.place import FACILITY_KINDS, Facility, Place
from athar.registry.models.record import Record
from athar.registry.models.revision import RecordRevision
from athar.registry.models.source import ImportBatch, Source

__all__ = [
    "FACILITY_KINDS",
    "LIVING_FATES",
    "CaseDocument",
    "CaseNote",
    "Event",
    "EventType",
    "Facility",
    "Fate",
    "FateClaim",
    "ImportBatch",
    "LinkMethod",
    "Person",
    "PersonRecordLink",
    "Place",
    "PlaceKind",
    "Record",
    "RecordRevision",
    "Sensitivity",
    "Sex",
    "Source",
    "SourceGrant",
    "SourceKind",
    "new_public_id",
]
