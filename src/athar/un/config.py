"""The mechanisms' configuration: `data/mechanisms.toml` (or the file named by
ATHAR_UN_MECHANISMS_CONFIG) and the submitting organisation (ATHAR_UN_ORGANISATION_*).

`load_config()` validates the whole file and reports every problem at once (ConfigError), so a
mistyped status or an unknown field name is found before a communication is generated, not in the
middle of one. The result is cached per path; tests that swap the file call `clear_config_cache()`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from athar.errors import AtharError

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "mechanisms.toml"
PRE_SEND_STATUSES = ("DRAFT", "READY", "SENT")
SUBMISSION_DATE_FIELDS = frozenset({
    "sent_on", "acknowledged_on", "transmitted_on", "reply_received_on", "comments_due_on",
    "opinion_adopted_on", "closed_on",
})
# Fields a layout may name: the payload builder knows how to fill each (athar/un/payload.py).
KNOWN_FIELDS = frozenset({
    "family_name", "given_names", "name_arabic", "name_latin", "father_name", "mother_name", "sex",
    "birth_date", "nationality", "national_id", "occupation", "residence", "disappearance_date",
    "disappearance_place", "arrest_date", "arrest_place", "events", "perpetrator_type",
    "forces_responsible", "forces_description", "attribution_reasoning", "witnesses", "warrant_shown",
    "issuing_authority", "reasons_given", "legal_basis", "detaining_authority", "detention_places",
    "proceedings", "wgad_categories", "arbitrariness_argument", "treatment", "injuries", "medical_care",
    "visits", "narrative", "steps", "no_steps_reason", "other_bodies_seized", "organisation",
    "organisation_address", "organisation_email", "organisation_phone", "source_relation", "consent",
    "date_of_submission",
})
KNOWN_ELEMENTS = frozenset({
    "identity", "disappearance_date", "disappearance_place", "forces", "steps", "submitter", "arrest",
    "detention", "circumstances", "treatment",
})
LANGUAGES = ("en", "fr")


class ConfigError(AtharError):
    """The mechanisms file is unreadable or inconsistent; the message lists every problem."""

    def __init__(self, reason: str, *, file: str = "") -> None:
        super().__init__(f"{file}: {reason}" if file else reason)


@dataclass(frozen=True)
class Organisation:
    name: str
    address: str
    email: str
    phone: str


def organisation() -> Organisation:
    values = getattr(settings, "UN_ORGANISATION", {}) or {}
    return Organisation(**{k: str(values.get(k, "") or "") for k in ("name", "address", "email", "phone")})


def config_path() -> Path:
    configured = getattr(settings, "UN_MECHANISMS_FILE", "") or ""
    return Path(configured) if configured else DEFAULT_FILE


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read the mechanisms file: {exc.strerror}", file=Path(path).name) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"the mechanisms file is not valid TOML: {exc}", file=Path(path).name) from None
    problems = validate(data)
    if problems:
        raise ConfigError("; ".join(problems), file=Path(path).name)
    return data


def load_config() -> dict[str, Any]:
    return _load(str(config_path()))


def clear_config_cache() -> None:
    """Forget the loaded file (tests that swap ATHAR_UN_MECHANISMS_CONFIG)."""
    _load.cache_clear()


def validate(data: dict[str, Any]) -> list[str]:
    """Every problem of a mechanisms configuration (empty: valid)."""
    problems: list[str] = []
    fields = data.get("fields", {})
    for name in KNOWN_FIELDS:
        for lang in LANGUAGES:
            if lang not in fields.get(name, {}):
                problems.append(f"field {name} has no {lang} label")
    elements = data.get("elements", {})
    for name in KNOWN_ELEMENTS:
        if not {"en", "ar", "field"} <= set(elements.get(name, {})):
            problems.append(f"element {name} needs en, ar and field")
    mechanisms = data.get("mechanisms", {})
    for code in ("wgeid", "wgad", "srt"):
        mech = mechanisms.get(code)
        if mech is None:
            problems.append(f"mechanism {code} is missing")
            continue
        for element in mech.get("readiness", []):
            if element not in KNOWN_ELEMENTS:
                problems.append(f"{code}: unknown readiness element {element}")
        for section in mech.get("sections", []):
            for field_name in section.get("fields", []):
                if field_name not in KNOWN_FIELDS:
                    problems.append(f"{code}: unknown field {field_name} in a section")
        statuses = mech.get("statuses", {})
        for status in PRE_SEND_STATUSES:
            if status not in statuses:
                problems.append(f"{code}: status {status} is missing")
        for status, spec in statuses.items():
            for target in spec.get("next", []):
                if target not in statuses:
                    problems.append(f"{code}: status {status} leads to unknown status {target}")
            if "date" in spec and spec["date"] not in SUBMISSION_DATE_FIELDS:
                problems.append(f"{code}: status {status} sets unknown date {spec['date']}")
            if not {"en", "ar"} <= set(spec):
                problems.append(f"{code}: status {status} needs en and ar labels")
        if mech.get("default_procedure") not in mech.get("procedures", []):
            problems.append(f"{code}: default_procedure is not one of its procedures")
    for rule in data.get("deadlines", []):
        rule_id = rule.get("id", "?")
        if rule.get("mechanism") not in ("*", "wgeid", "wgad", "srt"):
            problems.append(f"deadline {rule_id}: unknown mechanism")
        date_field = rule.get("field") or rule.get("from")
        if date_field not in SUBMISSION_DATE_FIELDS:
            problems.append(f"deadline {rule_id}: unknown date {date_field}")
        if "from" in rule and not ("days" in rule or "months" in rule):
            problems.append(f"deadline {rule_id}: 'from' needs days or months")
    return problems


def mechanism(code: str) -> dict[str, Any]:
    return load_config()["mechanisms"][code]


def statuses(code: str) -> dict[str, dict[str, Any]]:
    return mechanism(code)["statuses"]


def allowed_next(code: str, status: str) -> list[str]:
    return list(statuses(code).get(status, {}).get("next", []))


def status_label(code: str, status: str, language: str = "en") -> str:
    spec = statuses(code).get(status, {})
    return str(spec.get("ar" if language == "ar" else "en", status))


def element(name: str) -> dict[str, Any]:
    return load_config()["elements"][name]
