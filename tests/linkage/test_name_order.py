"""Which full names are read family name first: by the source's habit when it has enough rows, row
by row when it has too few to show one (a small file, an incremental run's few new records)."""

from __future__ import annotations

import csv
from pathlib import Path

from athar.interchange import RecordRow
from athar.linkage import features
from athar.linkage.pipeline import link

REGISTER = ["العلي محمود علي أحمد", "الفهد خالد معاذ محمد", "البارق محمد خالد مهند", "الحسن عمر سعيد علي",
            "الصقير علي عماد حسن", "رييحي ابراهيم سعيد محمد"]
FAMILY_REPORTS = ["محمود علي أحمد العلي", "خالد معاذ محمد الفهد", "محمد خالد مهند البارق", "عمر سعيد علي الحسن",
                  "علي عماد حسن الصقير", "ابراهيم سعيد محمد رييحي"]


def _rows(source: str, names: list[str]) -> list[RecordRow]:
    return [RecordRow(file="t.csv", row=i + 2, raw={}, source=source, record_id=f"{source}-{i}", full_name=n)
            for i, n in enumerate(names)]


def test_a_source_with_enough_rows_is_read_by_its_habit_even_where_a_row_shows_none() -> None:
    register = _rows("register", REGISTER)
    order = features.NameOrder.of(register + _rows("family", FAMILY_REPORTS))
    assert order.family_first_sources == frozenset({"register"})
    # No article anywhere in this row: only the source's habit says its family name comes first.
    assert order.family_first(register[5])
    assert not any(order.family_first(r) for r in _rows("family", FAMILY_REPORTS))


def test_a_source_too_small_to_show_a_habit_is_read_row_by_row() -> None:
    register = _rows("register", REGISTER[:3] + REGISTER[5:])
    order = features.NameOrder.of(register + _rows("family", FAMILY_REPORTS))
    assert order.family_first_sources == frozenset()
    assert order.undecided_sources == frozenset({"register"})
    assert [order.family_first(r) for r in register] == [True, True, True, False]
    # A row whose last part carries the article too is not read backwards.
    both = _rows("register", ["العلي محمود علي الأحمد"])[0]
    assert not features.NameOrder.of([both]).family_first(both)
    # Nor is a large given-name-first source's row whose first part happens to carry the article.
    family = _rows("family", FAMILY_REPORTS + ["الياس محمد أحمد"])
    assert not features.NameOrder.of(family).family_first(family[-1])


def test_a_three_record_register_links_to_the_family_reports_of_a_small_file(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    with records.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "source", "full_name", "birth_date", "sex"])
        years = ["1993", "1970", "1966", "1981", "2001", "1975"]
        for i, (name, year) in enumerate(zip(FAMILY_REPORTS, years, strict=True)):
            writer.writerow([f"FR-{i}", "family_reports", name, year, "M"])
        for i, (name, year) in enumerate(zip(REGISTER[:3], years, strict=False)):
            writer.writerow([f"PR-{i}", "prison_register", name, year, ""])
    link([records], tmp_path / "out")
    with (tmp_path / "out" / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        cluster = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}
    assert [cluster[f"PR-{i}"] == cluster[f"FR-{i}"] for i in range(3)] == [True, True, True]
    assert len({cluster[f"FR-{i}"] for i in range(6)}) == 6
