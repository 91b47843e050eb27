"""Scores of a query against a record's names (no database): the table in cases/query_scores.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from athar.search.engine import MIN_SCORE
from athar.search.scoring import coverage, score_names

CASES = Path(__file__).parent / "cases" / "query_scores.tsv"


def _cases() -> list[tuple[str, str, str, str]]:
    lines = [ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [tuple(row) for row in csv.reader(lines, delimiter="\t")]  # type: ignore[misc]


@pytest.mark.parametrize(("query", "name", "expect", "why"), _cases(), ids=[c[3] for c in _cases()])
def test_it_scores_the_table_of_cases(query: str, name: str, expect: str, why: str) -> None:
    score = score_names(query, [name, "", "", "", ""])
    if expect == "match":
        assert score >= MIN_SCORE, why
    else:
        assert score < MIN_SCORE, why


def test_it_ranks_the_exact_name_above_a_longer_name_that_contains_it() -> None:
    exact = score_names("Mhd Hasan", ["محمد الحسن", "", "", "", ""])
    longer = score_names("Mhd Hasan", ["محمد أحمد الحسن", "", "", "", ""])
    assert exact > longer


def test_it_scores_name_parts_when_the_record_has_no_full_name() -> None:
    parts = score_names("محمد الحسن", ["", "Mhd", "Ahmad", "", "Al-Hasan"])
    assert parts >= MIN_SCORE


def test_it_uses_each_name_part_once() -> None:
    # "Hasan Hasan" must not be fully covered by a single Hasan.
    assert coverage(("hasan", "hasan"), ("hasan", "ali")) == pytest.approx(0.5)
    assert coverage(("hasan", "hasan"), ("hasan", "hasan")) == 1.0


def test_it_scores_nothing_for_an_empty_query_or_name() -> None:
    assert score_names("", ["محمد الحسن", "", "", "", ""]) == 0.0
    assert score_names("Mhd Hasan", ["", "", "", "", ""]) == 0.0


def test_it_prefers_the_query_order_given_name_first() -> None:
    given_first = score_names("Mhd Hasan", ["محمد حسن زياد الدالاتي", "", "", "", ""])
    reversed_order = score_names("Mhd Hasan", ["حسن محمد حسام", "", "", "", ""])
    assert given_first > reversed_order >= MIN_SCORE


def test_a_record_with_every_part_ranks_above_one_that_omits_the_middle_names() -> None:
    query = "جمال عبد الحميد جمال القطان"
    assert score_names(query, ["Jamal Abdulhamid Jamal Al-Qattan", "", "", "", ""]) > \
        score_names(query, ["Jamal Al-Qattan", "", "", "", ""])
