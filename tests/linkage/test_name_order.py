"""Which full names are read family name first: by the source's habit when it has enough rows, row
by row when it has too few to show one (a small file, an incremental run's few new records)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from athar.interchange import RecordRow
from athar.linkage import features
from athar.linkage.incremental import link_new
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
    assert order.given_first_sources == frozenset({"family"})
    assert [order.family_first(r) for r in register] == [True, True, True, False]
    # A row whose last part carries the article too is not read backwards.
    both = _rows("register", ["العلي محمود علي الأحمد"])[0]
    assert not features.NameOrder.of([both]).family_first(both)
    # Nor is a large given-name-first source's row whose first part happens to carry the article.
    family = _rows("family", FAMILY_REPORTS + ["الياس محمد أحمد"])
    assert not features.NameOrder.of(family).family_first(family[-1])


def test_a_family_name_in_capitals_says_the_rows_own_order() -> None:
    rows = _rows("ngo", ["KHALIL Mohammad Ahmad", "Mohammad Ahmad KHALIL", "HASAN Omar", "Omar Saeed HASAN",
                         "MOHAMMAD AHMAD KHALIL", "Mohammad Ahmad Khalil"])
    # A list that writes most names SURNAME first...
    order = features.NameOrder.of([*rows, *_rows("ngo", ["SAEED Omar Ali", "HADDAD Rami Fadi", "NASSER Ali Omar",
                                                                 "HAMWI Sami Adel", "ZAHRAN Imad Ali", "ASSAF Nour Sami"])])
    assert order.family_first_sources == frozenset({"ngo"})
    # ...still reads a row by its own capitals; a row without them (all or none) by the list's habit.
    assert [order.family_first(r) for r in rows] == [True, False, True, False, True, True]
    parts = features.name_parts(rows[0], family_first=order.family_first(rows[0]))
    assert (parts.given, parts.family) == (features.canonical("Mohammad"), features.canonical("Khalil"))


def test_an_earlier_runs_habit_decides_for_its_sources_and_only_for_them() -> None:
    earlier = features.NameOrder(frozenset({"register"}), frozenset({"family"}))
    new = _rows("register", [REGISTER[5]]) + _rows("family", ["الحسن عمر سعيد علي"]) + \
        _rows("unseen", ["الفهد خالد معاذ محمد"])
    order = features.NameOrder.of(new).decided_by(earlier.as_json())
    assert [order.family_first(r) for r in new] == [True, False, True]
    # Read row by row, the register's row has no article to show its order.
    assert not features.NameOrder.of(new).family_first(new[0])


def _write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "source", "full_name", "birth_date", "sex"])
        writer.writerows(rows)
    return path


YEARS = ["1993", "1970", "1966", "1981", "2001", "1975"]


def _small_file(path: Path, register_rows: int) -> Path:
    """The six family reports (given name first) and the register's first `register_rows` of the
    same persons (family name first), with their birth years."""
    family = [(f"FR-{i}", "family_reports", n, y, "M") for i, (n, y) in enumerate(zip(FAMILY_REPORTS, YEARS,
                                                                                       strict=True))]
    register = [(f"PR-{i}", "prison_register", n, y, "") for i, (n, y) in enumerate(zip(REGISTER, YEARS, strict=True))]
    return _write(path, family + register[:register_rows])


def _clusters(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["record_id"]: r for r in csv.DictReader(handle)}


def test_one_new_register_record_is_read_as_the_earlier_run_read_the_register(tmp_path: Path) -> None:
    link([_small_file(tmp_path / "records.csv", 5)], tmp_path / "run")
    # No article in this name: alone, it shows no order; the register's habit does.
    new = _write(tmp_path / "new.csv", [("PR-5", "prison_register", REGISTER[5], "1975", "")])
    link_new([new], tmp_path / "run", tmp_path / "inc")
    placed = _clusters(tmp_path / "inc" / "clusters.csv")
    assert placed["PR-5"]["status"] == "existing"
    assert placed["PR-5"]["cluster_id"] == _clusters(tmp_path / "run" / "clusters.csv")["FR-5"]["cluster_id"]


def test_a_three_record_register_links_to_the_family_reports_of_a_small_file(tmp_path: Path) -> None:
    link([_small_file(tmp_path / "records.csv", 3)], tmp_path / "out")
    cluster = {k: r["cluster_id"] for k, r in _clusters(tmp_path / "out" / "clusters.csv").items()}
    assert [cluster[f"PR-{i}"] == cluster[f"FR-{i}"] for i in range(3)] == [True, True, True]
    assert len({cluster[f"FR-{i}"] for i in range(6)}) == 6


def test_a_titled_family_name_the_data_write_in_a_column_heads_a_register_entry() -> None:
    register = _rows("register", ["الشيخ علي إبراهيم جميل", "الشيخ علي محمد"] + REGISTER)
    family = [RecordRow(file="t.csv", row=40 + i, raw={}, source="family", record_id=f"F{i}", first_name="إبراهيم",
                        father_name="جميل", family_name="الشيخ علي") for i in range(2)]
    order = features.NameOrder.of(register + family)
    assert order.titled_families == frozenset({"الشيخ علي"})
    table = features.build_features(register + family, name_order=order).to_pylist()
    read = [(t["given"], t["father"], t["family"]) for t in table]
    # Four words: the family name الشيخ علي; three: الشيخ + given name علي (a register writes three parts).
    assert read[0] == read[-1] == ("ibrahim", "jamil", "ali")
    # One row alone is not enough (a title typed into the column by mistake).
    assert features.NameOrder.of(register + family[:1]).titled_families == frozenset()
    assert read[1] == ("ali", "muhammad", "shaikh")
    # Without a column that writes it, الشيخ alone is the family name; one new record of an
    # incremental run is read as the earlier run read it.
    alone = features.NameOrder.of(register)
    assert features.build_features(register[:1], name_order=alone).to_pylist()[0]["family"] == "shaikh"
    later = features.NameOrder.of(register[:1]).decided_by(order.as_json())
    assert features.build_features(register[:1], name_order=later).to_pylist()[0]["family"] == "ali"
