"""athar.linkage.ceiling: which two-part-name records no linker can place, and the score without them."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from athar.linkage.ceiling import ceiling

COLUMNS = ("unique_id", "source", "record_id", "given_key", "father_key", "family_key", "father", "grandfather",
           "mother", "national_id", "sex", "birth_lo", "birth_hi", "event_place_key", "event_year",
           "arrest_date", "governorate_key", "birth_place_key")


def _record(uid: int, record_id: str, given: str, family: str, *, father: str | None = None,
            governorate: str | None = None, birth: int | None = None, sex: str | None = "M") -> tuple[object, ...]:
    return (uid, "s", record_id, given, father, family, father, None, None, None, sex, birth, birth, None, None,
            None, governorate, None)


def _write(tmp_path: Path, rows: list[tuple[object, ...]], persons: dict[str, str],
           clusters: dict[str, str]) -> tuple[Path, Path, Path]:
    features = tmp_path / "features.parquet"
    con = duckdb.connect()
    types = ("BIGINT", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
             "VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR")
    con.execute("CREATE TABLE f (" + ", ".join(f"{c} {t}" for c, t in zip(COLUMNS, types, strict=True)) + ")")
    con.executemany(f"INSERT INTO f VALUES ({', '.join('?' * len(COLUMNS))})", rows)  # noqa: S608 — placeholders only
    con.execute(f"COPY f TO '{features}' (FORMAT parquet)")
    con.close()
    truth, clusters_csv = tmp_path / "truth.csv", tmp_path / "clusters.csv"
    for path, header, mapping in ((truth, "person_id", persons), (clusters_csv, "cluster_id", clusters)):
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(("source", "record_id", header))
            writer.writerows(("s", rid, value) for rid, value in mapping.items())
    return features, clusters_csv, truth


def test_a_namesake_that_fits_as_well_makes_a_two_part_record_ambiguous(tmp_path: Path) -> None:
    rows = [
        # Person A: a full record in Homs, and a thin one that also names Homs — only A fits that well.
        _record(1, "a1", "ahmd", "hsn", father="mhmd", governorate="homs", birth=1980),
        _record(2, "a2", "ahmd", "hsn", governorate="homs"),
        # Person B: a namesake of A elsewhere.
        _record(3, "b1", "ahmd", "hsn", father="ali", governorate="idlib", birth=1981),
        # Person C: thin record; C's full record and D's fit it equally (no facts beyond the name).
        _record(4, "c1", "smr", "khtb", father="yusf", birth=1990),
        _record(5, "c2", "smr", "khtb"),
        _record(6, "d1", "smr", "khtb", father="umr", birth=1990),
        # Person E: a thin record naming the father as second part; nobody else fits.
        _record(7, "e1", "fadi", "tawfiq", father="tawfiq", birth=1975),
        _record(8, "e2", "fadi", "tawfiq"),
    ]
    persons = {"a1": "A", "a2": "A", "b1": "B", "c1": "C", "c2": "C", "d1": "D", "e1": "E", "e2": "E"}
    # The run linked A's two records, guessed C's thin record onto D, and linked E's.
    clusters = {"a1": "1", "a2": "1", "b1": "2", "c1": "3", "c2": "4", "d1": "4", "e1": "5", "e2": "5"}
    result = ceiling(*_write(tmp_path, rows, persons, clusters))
    assert result.thin_records == 3
    assert result.ambiguous_records == 1  # c2 only
    assert result.true_pairs == 3 and result.true_pairs_touching_ambiguous == 1
    assert result.reachable_recall == pytest.approx(2 / 3)
    # Without c2 the run is perfect: its wrong guess (c2 with d1) is not scored either way.
    assert (result.decidable.precision, result.decidable.recall) == (1.0, 1.0)
    # A perfect linker that guesses: c2 with C or D at even odds, half a true pair and half a
    # false one expected, which beats leaving it alone (F1 0.8).
    guess = result.best_guess
    assert (guess.precision, guess.recall, guess.f1) == pytest.approx((2.5 / 3, 2.5 / 3, 2.5 / 3))


def test_conflicting_sex_or_birth_year_does_not_fit(tmp_path: Path) -> None:
    rows = [
        _record(1, "a1", "ahmd", "hsn", father="mhmd", birth=1980),
        _record(2, "a2", "ahmd", "hsn", birth=1980),
        _record(3, "b1", "ahmd", "hsn", father="ali", birth=1960),  # 20 years apart
        _record(4, "f1", "ahmd", "hsn", father="ali", sex="F"),
    ]
    persons = {"a1": "A", "a2": "A", "b1": "B", "f1": "F"}
    clusters = {"a1": "1", "a2": "2", "b1": "3", "f1": "4"}
    result = ceiling(*_write(tmp_path, rows, persons, clusters))
    assert result.ambiguous_records == 0
    assert result.decidable.recall == 0.0  # the missed pair a1–a2 counts against the run


def test_the_best_guess_leaves_alone_what_would_cost_more_than_it_finds(tmp_path: Path) -> None:
    rows = [
        # Person A: two full records; B: a namesake with four full records.
        _record(1, "a1", "ahmd", "hsn", father="mhmd", birth=1980),
        _record(2, "a2", "ahmd", "hsn", father="mhmd", birth=1980),
        *(_record(3 + i, f"b{i}", "ahmd", "hsn", father="ali", birth=1980) for i in range(4)),
        # A's thin record fits A and B equally: a guess finds 2 true pairs or makes 4 false ones.
        _record(9, "a3", "ahmd", "hsn"),
    ]
    persons = {"a1": "A", "a2": "A", "a3": "A", **{f"b{i}": "B" for i in range(4)}}
    clusters = {"a1": "1", "a2": "1", "a3": "9", **{f"b{i}": "2" for i in range(4)}}
    result = ceiling(*_write(tmp_path, rows, persons, clusters))
    assert result.ambiguous_records == 1
    assert result.true_pairs == 3 + 6
    guess = result.best_guess
    assert (guess.precision, guess.recall) == (1.0, pytest.approx(7 / 9))
