"""Readiness: which of a mechanism's required elements a case has, and which are missing, each named
in Arabic and English with the case-form field that fills it. The list of required elements per
mechanism and their wording are configuration (mechanisms.toml); what "has" means for each element
is here.

- WGEID: the six minimum elements of its form (identity, date at least to the month, place,
  forces believed responsible, steps taken or why none, the submitter).
- WGAD: the sections of the model questionnaire (identity, arrest, detention, circumstances with
  the categories invoked, internal steps, submitter).
- SR Torture: identity, date and place of arrest, forces, the treatment, the submitter.

Consent is reported beside the elements (`consent_granted`), read without auditing; generation
itself asks `athar.tracing.consent.has_consent`, which audits the check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from athar.tracing.consent import current_consent
from athar.un import config
from athar.un.config import organisation
from athar.un.facts import CaseFacts, date_is_month_precise


@dataclass(frozen=True)
class ReadinessItem:
    element: str
    is_met: bool
    label_en: str
    label_ar: str
    field: str  # the case-form field (an HTML id) that fills it
    is_unverified: bool = False


@dataclass(frozen=True)
class Readiness:
    mechanism: str
    items: tuple[ReadinessItem, ...]
    consent_granted: bool

    @property
    def missing(self) -> list[ReadinessItem]:
        return [i for i in self.items if not i.is_met]

    @property
    def is_ready(self) -> bool:
        """Every element present and consent granted."""
        return not self.missing and self.consent_granted


def _filled(text: str) -> bool:
    return bool(text and text.strip())


def _identity(f: CaseFacts) -> bool:
    return bool(f.names_as_written) and _filled(f.case.name_latin)


def _disappearance_date(f: CaseFacts) -> bool:
    return f.disappearance is not None and date_is_month_precise(f.disappearance.date)


def _disappearance_place(f: CaseFacts) -> bool:
    return f.disappearance is not None and _filled(f.disappearance.place)


def _forces(f: CaseFacts) -> bool:
    return _filled(f.case.forces_responsible)


def _steps(f: CaseFacts) -> bool:
    has_steps = f.case.pk is not None and f.case.steps.filter(withdrawn_at__isnull=True).exists()
    return has_steps or _filled(f.case.no_steps_reason)


def _submitter(f: CaseFacts) -> bool:
    has_organisation = _filled(f.case.submitting_organisation) or _filled(organisation().name)
    return has_organisation and _filled(f.case.source_relation)


def _arrest(f: CaseFacts) -> bool:
    return (f.disappearance is not None and f.disappearance.date is not None
            and _filled(f.disappearance.place) and _forces(f))


def _detention(f: CaseFacts) -> bool:
    return _filled(f.case.detaining_authority) and (_filled(f.case.reasons_given) or _filled(f.case.legal_basis))


def _circumstances(f: CaseFacts) -> bool:
    return _filled(f.case.narrative) and bool(f.case.wgad_categories) and _filled(f.case.arbitrariness_argument)


def _treatment(f: CaseFacts) -> bool:
    return _filled(f.case.treatment)


CHECKS: dict[str, Callable[[CaseFacts], bool]] = {
    "identity": _identity,
    "disappearance_date": _disappearance_date,
    "disappearance_place": _disappearance_place,
    "forces": _forces,
    "steps": _steps,
    "submitter": _submitter,
    "arrest": _arrest,
    "detention": _detention,
    "circumstances": _circumstances,
    "treatment": _treatment,
}


def readiness(facts: CaseFacts, mechanism: str) -> Readiness:
    items = []
    for name in config.mechanism(mechanism)["readiness"]:
        spec: dict[str, Any] = config.element(name)
        items.append(ReadinessItem(element=name, is_met=CHECKS[name](facts), label_en=spec["en"],
                                   label_ar=spec["ar"], field=spec["field"],
                                   is_unverified=bool(spec.get("unverified", False))))
    consent = current_consent(facts.person, mechanism)
    return Readiness(mechanism=mechanism, items=tuple(items),
                     consent_granted=consent is not None and consent.is_granted)
