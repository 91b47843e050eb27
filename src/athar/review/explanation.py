"""The linker's explanation of a pair, in the reader's language.

pairs.csv carries, per pair, a compact explanation: `given=exact +3.1; father=different -2.0`
(athar.linkage.explain.explanation_sql: one term per compared field, its level of agreement and
its weight in bits). It is the same sum that decided the clustering, so the reviewer sees the
numbers the linker used (one source of truth, splink#2529). Field and level names are put in
Arabic or English with athar.linkage's own wording.

What it cannot do: show the values the linker compared (those are the records' own fields, shown
beside it) or explain a clustering guard that kept a high-scoring pair apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

from athar.linkage import wording

_TERM = re.compile(r"^(?P<field>[a-z_]+)=(?P<level>.*) (?P<weight>[+-]\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class Term:
    field: str  # the comparison's output column, e.g. "given"
    level: str  # English level label as the linker wrote it ("close, rare name"; "a|b")
    weight: float  # bits for (positive) or against (negative) the match
    field_label: str
    level_label: str

    @property
    def is_for(self) -> bool:
        return self.weight > 0

    @property
    def is_against(self) -> bool:
        return self.weight < 0


def parse_terms(explanation: str, lang: str = "en") -> list[Term]:
    """The terms of a compact explanation, worded in `lang` ("ar" or "en"); a term that does not
    parse is skipped (an explanation is an aid, never a reason to fail a page)."""
    lang = "ar" if lang.startswith("ar") else "en"
    terms = []
    for part in explanation.split("; "):
        match = _TERM.match(part.strip())
        if match is None:
            continue
        field, level = match["field"], match["level"]
        terms.append(Term(field=field, level=level, weight=float(match["weight"]),
                          field_label=wording.field_name(field, lang), level_label=wording.level_name(level, lang)))
    return terms
