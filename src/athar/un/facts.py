"""The facts of a case as the mechanisms need them, read from the registry: names from the person's
records, and the disappearance, arrest and detention from the person's events, each with its source
(`athar.registry.queries.person_timeline`). Only records the acting user may read are used (the
command line reads all), so a communication never carries what its author could not see.

Limits: the Latin family name is the last word of the case's Latin name (with its al-/el- article);
a name written otherwise must be corrected in the case form."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from athar.interchange import DatePrecision
from athar.registry.access import visible_person_records
from athar.registry.models import Event, Person, Record
from athar.registry.queries import person_records, person_timeline
from athar.registry.services import derive_display_name
from athar.un.models import CaseFile

# Which event is "the disappearance" when the case file names none, in order of preference.
DISAPPEARANCE_TYPES = ("arrest", "missing_report", "detention_sighting", "transfer")
DETENTION_TYPES = ("detention_sighting", "transfer", "trial")
_ARTICLE = re.compile(r"^(al|el|as|ash|ad|ar|az|an|at)[-\s]", re.IGNORECASE)


def has_arabic(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(ch, "") for ch in text)


@dataclass(frozen=True)
class EventFact:
    event_id: int
    event_type: str
    date: Any  # PartialDate | None
    place: str  # as written, with the gazetteer's English name when it adds something
    source: str
    record_id: str


@dataclass
class CaseFacts:
    person: Person
    case: CaseFile
    name_arabic: str = ""
    names_as_written: list[str] = field(default_factory=list)
    father_name: str = ""
    mother_name: str = ""
    sex: str = ""
    birth_date: Any = None
    age: int | None = None
    national_id: str = ""
    events: list[EventFact] = field(default_factory=list)
    disappearance: EventFact | None = None
    detention: list[EventFact] = field(default_factory=list)

    @property
    def given_names_latin(self) -> str:
        return split_latin_name(self.case.name_latin)[0]

    @property
    def family_name_latin(self) -> str:
        return split_latin_name(self.case.name_latin)[1]


def split_latin_name(name: str) -> tuple[str, str]:
    """("Mohammad Ahmad", "Al-Hasan") from "Mohammad Ahmad Al-Hasan"; "al Hasan" stays together."""
    words = name.split()
    if not words:
        return "", ""
    if len(words) >= 3 and _ARTICLE.match(words[-2] + " "):
        return " ".join(words[:-2]), " ".join(words[-2:])
    return " ".join(words[:-1]), words[-1]


def _place_of(event: Event) -> str:
    written = event.place_text.strip()
    resolved = event.place.display_name("en") if event.place is not None else ""
    if written and resolved and resolved != written:
        return f"{written} ({resolved})"
    return written or resolved


def _first(records: list[Record], attribute: str) -> Any:
    for record in records:
        value = getattr(record, attribute)
        if value not in ("", None):
            return value
    return None


def case_facts(person: Person, case: CaseFile, *, actor: Any) -> CaseFacts:
    visible = set(visible_person_records(actor, person).values_list("pk", flat=True))
    records = [r for r in person_records(person) if r.pk in visible]
    facts = CaseFacts(person=person, case=case)
    facts.names_as_written = sorted({r.name_as_written for r in records if r.name_as_written})
    arabic = [n for n in facts.names_as_written if has_arabic(n)]
    facts.name_arabic = derive_display_name(arabic)
    facts.father_name = _first(records, "father_name") or ""
    facts.mother_name = " ".join(p for p in (_first(records, "mother_name"), _first(records, "mother_family_name")) if p)
    facts.sex = _first(records, "sex") or ""
    facts.birth_date = _first(records, "birth_date")
    facts.age = _first(records, "age")
    facts.national_id = _first(records, "national_id") or ""
    for entry in person_timeline(person):
        if entry.record.pk not in visible:
            continue
        facts.events.append(EventFact(event_id=entry.event.pk, event_type=entry.event.event_type,
                                      date=entry.event.date, place=_place_of(entry.event),
                                      source=entry.source_name, record_id=entry.record.record_id))
    chosen = [e for e in facts.events if e.event_id == case.disappearance_event_id]
    if not chosen:
        for event_type in DISAPPEARANCE_TYPES:
            chosen = [e for e in facts.events if e.event_type == event_type]
            if chosen:
                break
    facts.disappearance = chosen[0] if chosen else None
    facts.detention = [e for e in facts.events if e.event_type in DETENTION_TYPES]
    return facts


def date_is_month_precise(value: Any) -> bool:
    return value is not None and value.precision in (DatePrecision.MONTH, DatePrecision.DAY)
