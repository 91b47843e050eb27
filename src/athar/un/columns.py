"""Optional columns of the records CSV that carry case details for the UN (docs/interchange-extensions.md).

The import reader keeps every column it does not know verbatim in `Record.raw`; this module reads
these columns from there (athar.imports and athar.interchange are not changed). `case_values(records)`
turns a person's records into case-file values:

- a field the records agree on is proposed; an empty cell proposes nothing;
- records that disagree propose nothing for that field: the conflict is reported, never decided;
- a cell that cannot be understood (an unknown perpetrator type, a step without a valid date) is
  reported with its source, record and column, never guessed.

Steps (`un_steps_taken`) are one step per line, fields separated by `|`:
`taken_on | step_type | taken_by | authority | outcome` (e.g. `2012-07 | inquiry | mother | Military
Police, Qaboun | denied holding him`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from athar.interchange import PartialDate
from athar.registry.models import Record
from athar.un.choices import PerpetratorType, StepType, WarrantShown, WgadCategory

# column → case-file field, text taken as written.
TEXT_COLUMNS: dict[str, str] = {
    "un_name_latin": "name_latin",
    "un_nationality": "nationality",
    "un_occupation": "occupation",
    "un_residence": "residence",
    "un_forces_responsible": "forces_responsible",
    "un_forces_description": "forces_description",
    "un_attribution_reasoning": "attribution_reasoning",
    "un_witnesses": "witnesses",
    "un_no_steps_reason": "no_steps_reason",
    "un_submitting_organisation": "submitting_organisation",
    "un_source_relation": "source_relation",
    "un_issuing_authority": "issuing_authority",
    "un_reasons_given": "reasons_given",
    "un_legal_basis": "legal_basis",
    "un_detaining_authority": "detaining_authority",
    "un_proceedings": "proceedings",
    "un_arbitrariness_argument": "arbitrariness_argument",
    "un_treatment": "treatment",
    "un_injuries": "injuries",
    "un_medical_care": "medical_care",
    "un_visits": "visits",
    "un_narrative": "narrative",
    "un_summary_ar": "summary_ar",
    "un_other_bodies_seized": "other_bodies_seized",
}
CHOICE_COLUMNS: dict[str, tuple[str, frozenset[str]]] = {
    "un_perpetrator_type": ("perpetrator_type", frozenset(PerpetratorType.values)),
    "un_warrant_shown": ("warrant_shown", frozenset(v for v in WarrantShown.values if v)),
}
CATEGORIES_COLUMN = "un_wgad_categories"
STEPS_COLUMN = "un_steps_taken"
COLUMNS = (*TEXT_COLUMNS, *CHOICE_COLUMNS, CATEGORIES_COLUMN, STEPS_COLUMN)


@dataclass(frozen=True)
class StepValues:
    step_type: str
    taken_on: PartialDate | None
    taken_by: str
    authority: str
    outcome: str


@dataclass
class ColumnReport:
    values: dict[str, Any] = field(default_factory=dict)
    steps: list[StepValues] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # case fields the records disagree on
    problems: list[str] = field(default_factory=list)  # "source / record, column: reason" (no values)
    filled: list[str] = field(default_factory=list)  # set by services.fill_case_from_records
    steps_added: int = 0


def _where(record: Record, column: str) -> str:
    return f"{record.source.name} / {record.record_id}, column {column}"


def parse_steps(text: str) -> list[StepValues]:
    """Steps from a `un_steps_taken` cell; ValueError names the line and the reason, not the text."""
    steps = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (5 - len(parts))
        if len(parts) > 5:
            raise ValueError(f"step on line {number} has more than 5 fields")
        taken_on_text, step_type, taken_by, authority, outcome = parts
        if step_type not in StepType.values:
            raise ValueError(f"step on line {number}: unknown step type; expected one of {', '.join(StepType.values)}")
        try:
            taken_on = PartialDate.parse(taken_on_text) if taken_on_text else None
        except ValueError as exc:
            raise ValueError(f"step on line {number}: {exc}") from None
        steps.append(StepValues(step_type, taken_on, taken_by, authority, outcome))
    return steps


def case_values(records: Iterable[Record]) -> ColumnReport:
    report = ColumnReport()
    proposals: dict[str, set[Any]] = {}
    for record in records:
        raw = record.raw or {}
        for column, case_field in TEXT_COLUMNS.items():
            if value := str(raw.get(column) or "").strip():
                proposals.setdefault(case_field, set()).add(value)
        for column, (case_field, allowed) in CHOICE_COLUMNS.items():
            if value := str(raw.get(column) or "").strip().lower():
                if value in allowed:
                    proposals.setdefault(case_field, set()).add(value)
                else:
                    report.problems.append(f"{_where(record, column)}: expected one of {', '.join(sorted(allowed))}")
        if value := str(raw.get(CATEGORIES_COLUMN) or "").strip():
            categories = tuple(sorted({c.strip().upper() for c in value.split(",") if c.strip()}))
            if set(categories) <= set(WgadCategory.values):
                proposals.setdefault("wgad_categories", set()).add(categories)
            else:
                report.problems.append(f"{_where(record, CATEGORIES_COLUMN)}: expected categories I to V, "
                                       "separated by commas")
        if value := str(raw.get(STEPS_COLUMN) or "").strip():
            try:
                report.steps.extend(parse_steps(value))
            except ValueError as exc:
                report.problems.append(f"{_where(record, STEPS_COLUMN)}: {exc}")
    for case_field, values in proposals.items():
        if len(values) > 1:
            report.conflicts.append(case_field)
            continue
        (value,) = values
        report.values[case_field] = list(value) if case_field == "wgad_categories" else value
    return report
