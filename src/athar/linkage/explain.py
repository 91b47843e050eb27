"""Why two records were (or were not) judged the same person, field by field.

A Fellegi-Sunter match weight is a sum: the prior (how likely two random records are the same
person, in bits) plus one term per compared field (log2 of its Bayes factor, including the
term-frequency adjustment for common names). `PairExplanation` is that sum spelled out, so the
numbers shown to a reviewer add up exactly to the score that decided the clustering — one
source of truth (Splink's comparison viewer and waterfall disagree, splink#2529).

What it cannot do: explain the clustering guards (a pair can score high and still be kept
apart by a cannot-link); the run report counts those refusals."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from athar.linkage import wording

Key = tuple[str, str]
Levels = Sequence[tuple[str, Sequence[tuple[int, str, float | None]]]]


@dataclass(frozen=True, slots=True)
class FieldContribution:
    comparison: str  # output column of the Splink comparison, e.g. "given", "birth"
    level: str  # e.g. "exact", "close, rare name", "different", "unknown"
    gamma: int  # Splink comparison vector value; -1 is the null level (nothing to compare)
    weight: float  # log2 Bayes factor including the term-frequency adjustment
    tf_weight: float = 0.0  # the part of `weight` due to the term-frequency adjustment
    value_l: str | None = None
    value_r: str | None = None

    @property
    def agreed(self) -> bool:
        return self.gamma > 0 and self.weight > 0

    @property
    def disagreed(self) -> bool:
        return self.gamma >= 0 and self.weight < 0


@dataclass(frozen=True, slots=True)
class PairExplanation:
    left: Key
    right: Key
    match_probability: float
    match_weight: float
    prior_weight: float
    fields: tuple[FieldContribution, ...] = field(default_factory=tuple)
    # Whether the fields' values are the records' cells as written (else the canonical forms
    # the model compared: romanised names, place keys).
    values_as_written: bool = False

    @property
    def agreed(self) -> list[FieldContribution]:
        return [f for f in self.fields if f.agreed]

    @property
    def disagreed(self) -> list[FieldContribution]:
        return [f for f in self.fields if f.disagreed]

    @property
    def weight_sum(self) -> float:
        """Prior plus every field's weight: equals `match_weight` (up to rounding)."""
        return self.prior_weight + sum(f.weight for f in self.fields)

    def compact(self) -> str:
        return compact_text((f.comparison, f.level, f.weight) for f in self.fields if f.gamma >= 0)

    def to_dict(self) -> dict[str, Any]:
        """The explanation as data, each field with its name and level in English and Arabic
        (`field_en`, `field_ar`, `level_ar`) for a screen in either language."""
        data = asdict(self)
        for field_data, f in zip(data["fields"], self.fields, strict=True):
            field_data.update(field_en=wording.field_name(f.comparison, "en"),
                              field_ar=wording.field_name(f.comparison, "ar"),
                              level_ar=wording.level_name(f.level, "ar"))
        return data

    def lines(self, lang: str = "en") -> list[str]:
        """A human-readable, aligned breakdown (for `athar explain`), in English or Arabic."""
        t = wording.term
        names = [wording.field_name(f.comparison, lang) for f in self.fields]
        levels = [wording.level_name(f.level, lang) for f in self.fields]
        wide = max([16, *(len(n) for n in names)])
        wider = max([26, *(len(v) for v in levels)])
        out = [f"{self.left[0]}:{self.left[1]}  ×  {self.right[0]}:{self.right[1]}",
               f"{t('match probability', lang)} {self.match_probability:.4f}, "
               f"{t('match weight', lang)} {self.match_weight:+.2f}",
               f"  {t('prior', lang):<{wide}} {'':<{wider}} {self.prior_weight:+7.2f}"]
        for f, name, level in zip(self.fields, names, levels, strict=True):
            shown = [wording.value_text(v, lang) if v else "—" for v in (f.value_l, f.value_r)]
            values = "" if f.gamma < 0 else f"  [{shown[0]} | {shown[1]}]"
            tf = f" ({t('tf', lang)} {f.tf_weight:+.2f})" if f.tf_weight else ""
            out.append(f"  {name:<{wide}} {level:<{wider}} {f.weight:+7.2f}{tf}{values}")
        out.append(f"  {t('total', lang):<{wide}} {'':<{wider}} {self.weight_sum:+7.2f}")
        if not self.values_as_written and any(f.value_l or f.value_r for f in self.fields):
            out.append(t("values as compared", lang))
        return out


def compact_text(items: Any) -> str:
    return "; ".join(f"{name}={level} {weight:+.1f}" for name, level, weight in items)


def from_prediction_row(row: dict[str, Any], levels: Levels, prior_weight: float,
                        values: dict[str, tuple[str | None, str | None]] | None = None) -> PairExplanation:
    """Build an explanation from one row of Splink's predictions: its `gamma_*` (level) and
    `mw_*` / `mw_tf_adj_*` (match weight, term-frequency part) columns."""
    fields = []
    for name, lvls in levels:
        gamma = int(row[f"gamma_{name}"])
        label = next((lbl for g, lbl, _w in lvls if g == gamma), str(gamma))
        tf = float(row.get(f"mw_tf_adj_{name}") or 0.0)
        weight = float(row[f"mw_{name}"]) + tf
        vl, vr = (values or {}).get(name, (None, None))
        fields.append(FieldContribution(name, label, gamma, weight, tf, vl, vr))
    return PairExplanation(
        left=(row["source_l"], row["record_id_l"]), right=(row["source_r"], row["record_id_r"]),
        match_probability=float(row["match_probability"]), match_weight=float(row["match_weight"]),
        prior_weight=prior_weight, fields=tuple(fields))


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def explanation_sql(levels: Levels, columns: Sequence[str]) -> str:
    """A DuckDB expression giving the compact explanation of a prediction row (whose table has
    `columns`), so pairs.csv carries one per pair without a Python loop over millions of rows.

    Predictions keep only each comparison's match weight (`mw_*`), not its level (keeping the
    levels would keep every compared column of both records, too heavy for millions of pairs),
    so the level is read back from the weight: within a comparison each level has its own
    weight. Two levels with the same weight (possible only for untrained ones) are shown as
    "a|b"; the null level (weight 0, nothing to compare) and any other level of weight 0 are
    left out."""
    parts = []
    for name, lvls in levels:
        by_weight: dict[float, list[str]] = {}
        for gamma, label, weight in lvls:
            # A level fixed at weight 0 (a father/family swap is weighed under family) is left
            # out like the null level: read back from a weight of 0 it could not be told apart.
            if gamma >= 0 and weight is not None and math.isfinite(weight) and weight != 0:
                by_weight.setdefault(weight, []).append(label)
        cases = " ".join(f"WHEN abs(mw_{name} - ({w!r})) < 1e-9 THEN {_sql_text('|'.join(labels))}"
                         for w, labels in by_weight.items())
        tf = f" + coalesce(mw_tf_adj_{name}, 0)" if f"mw_tf_adj_{name}" in columns else ""
        label = f"CASE {cases} ELSE NULL END" if cases else "NULL"
        parts.append(
            f"CASE WHEN mw_{name} = 0 AND {label} IS NULL THEN NULL ELSE '{name}=' || coalesce({label}, '?') "
            f"|| ' ' || printf('%+.1f', mw_{name}{tf}) END")
    return "concat_ws('; ', " + ", ".join(parts) + ")"
