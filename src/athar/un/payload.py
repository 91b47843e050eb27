"""The structured content of a communication: the mechanism's sections in its own order, each field
labelled in the communication's language, values taken from the case facts. Every format is rendered
from this one dict (the JSON copy is this dict), so DOCX, PDF and JSON can never disagree.

Layouts and labels come from mechanisms.toml; this module only knows how to fill each field."""

from __future__ import annotations

import datetime
from typing import Any

from athar.tracing.consent import current_consent
from athar.un import config
from athar.un.config import organisation
from athar.un.facts import CaseFacts, EventFact

PAYLOAD_FORMAT = "athar-un-communication/1"


def format_date(value: Any, language: str) -> str:
    """A partial date at its own precision, in words: "June 2012", "3 juin 2012"."""
    if value is None:
        return ""
    months = config.load_config()["months"][language]
    if isinstance(value, datetime.date):
        return f"{value.day} {months[value.month - 1]} {value.year}"
    if value.month is None:
        return str(value.year)
    if value.day is None:
        return f"{months[value.month - 1]} {value.year}"
    return f"{value.day} {months[value.month - 1]} {value.year}"


class _Filler:
    def __init__(self, facts: CaseFacts, language: str, today: datetime.date) -> None:
        self.facts = facts
        self.case = facts.case
        self.language = language
        self.today = today
        self.data = config.load_config()

    def text(self, key: str) -> str:
        return str(self.data["text"][key][self.language])

    def enum(self, vocabulary: str, value: str) -> str:
        entry = self.data["enums"].get(vocabulary, {}).get(value)
        return str(entry[self.language]) if entry else value

    def event_line(self, event: EventFact) -> str:
        parts = [format_date(event.date, self.language) or self.text("unknown"),
                 self.enum("event_type", event.event_type)]
        if event.place:
            parts.append(event.place)
        return " — ".join(parts) + f" ({self.text('source')}: {event.source} / {event.record_id})"

    def value(self, key: str) -> str | list[str]:
        f, c = self.facts, self.case
        org = organisation()
        simple: dict[str, Any] = {
            "family_name": f.family_name_latin, "given_names": f.given_names_latin, "name_arabic": f.name_arabic,
            "name_latin": c.name_latin, "father_name": f.father_name, "mother_name": f.mother_name,
            "nationality": c.nationality, "national_id": f.national_id, "occupation": c.occupation,
            "residence": c.residence, "forces_responsible": c.forces_responsible,
            "forces_description": c.forces_description, "attribution_reasoning": c.attribution_reasoning,
            "witnesses": c.witnesses, "issuing_authority": c.issuing_authority, "reasons_given": c.reasons_given,
            "legal_basis": c.legal_basis, "detaining_authority": c.detaining_authority,
            "proceedings": c.proceedings, "arbitrariness_argument": c.arbitrariness_argument,
            "treatment": c.treatment, "injuries": c.injuries, "medical_care": c.medical_care, "visits": c.visits,
            "narrative": c.narrative, "no_steps_reason": c.no_steps_reason,
            "other_bodies_seized": c.other_bodies_seized,
            "organisation": c.submitting_organisation or org.name, "organisation_address": org.address,
            "organisation_email": org.email, "organisation_phone": org.phone,
            "source_relation": c.source_relation,
        }
        if key in simple:
            return str(simple[key] or "")
        if key == "sex":
            return self.enum("sex", f.sex) if f.sex else ""
        if key == "birth_date":
            if f.birth_date is not None:
                return format_date(f.birth_date, self.language)
            return str(f.age) if f.age is not None else ""
        if key in ("disappearance_date", "arrest_date"):
            event = f.disappearance
            if event is None or event.date is None:
                return ""
            return f"{format_date(event.date, self.language)} ({self.text('source')}: {event.source} / {event.record_id})"
        if key in ("disappearance_place", "arrest_place"):
            event = f.disappearance
            if event is None or not event.place:
                return ""
            return f"{event.place} ({self.text('source')}: {event.source} / {event.record_id})"
        if key == "events":
            return [self.event_line(e) for e in f.events]
        if key == "detention_places":
            return [self.event_line(e) for e in f.detention]
        if key == "perpetrator_type":
            return self.enum("perpetrator_type", c.perpetrator_type) if c.perpetrator_type else ""
        if key == "warrant_shown":
            return {"yes": self.text("yes"), "no": self.text("no")}.get(c.warrant_shown, "")
        if key == "wgad_categories":
            return ", ".join(c.wgad_categories or [])
        if key == "steps":
            lines = []
            for step in c.steps.filter(withdrawn_at__isnull=True).order_by("taken_on", "id") if c.pk else []:
                when = format_date(step.taken_on, self.language) or self.text("unknown")
                bits = [when, self.enum("step_type", step.step_type)]
                bits += [b for b in (step.taken_by, step.authority) if b]
                line = " — ".join(bits)
                if step.outcome:
                    line += f": {step.outcome}"
                lines.append(line)
            return lines
        if key == "consent":
            consent = current_consent(f.person, self.data_mechanism)
            if consent is None or not consent.is_granted:
                return ""
            return self.text("consent_given").format(date=format_date(consent.given_on, self.language))
        if key == "date_of_submission":
            return format_date(self.today, self.language)
        raise KeyError(key)

    data_mechanism = ""


def build_payload(facts: CaseFacts, mechanism: str, *, language: str, with_arabic_summary: bool,
                  today: datetime.date) -> dict[str, Any]:
    data = config.load_config()
    mech = data["mechanisms"][mechanism]
    filler = _Filler(facts, language, today)
    filler.data_mechanism = mechanism
    unknown = filler.text("unknown")
    sections = []
    for section in mech["sections"]:
        fields = []
        for key in section["fields"]:
            value = filler.value(key)
            fields.append({"key": key, "label": data["fields"][key][language], "is_list": isinstance(value, list),
                           "value": value if value else ([] if isinstance(value, list) else ""),
                           "display": value or ([filler.text("none")] if isinstance(value, list) else unknown)})
        sections.append({"title": section["title"][language], "fields": fields})
    mechanism_name = mech["name"][language]
    payload: dict[str, Any] = {
        "format": PAYLOAD_FORMAT,
        "mechanism": mechanism,
        "mechanism_name": mechanism_name,
        "mechanism_name_ar": mech["name"]["ar"],
        "language": language,
        "layout_version": mech["layout_version"],
        "person_id": facts.person.public_id,
        "generated_on": today.isoformat(),
        "title": filler.text("title").format(mechanism=mechanism_name),
        "about_label": filler.text("about"),
        "about": " / ".join(n for n in (facts.case.name_latin, facts.name_arabic) if n),
        "confidential_notice": filler.text("confidential"),
        "sections": sections,
        "arabic_summary": None,
    }
    if with_arabic_summary:
        payload["arabic_summary"] = {"title": filler.text("arabic_summary"),
                                     "text": facts.case.summary_ar}
    return payload
