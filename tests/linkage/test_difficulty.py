"""athar.linkage.difficulty: namesake-ambiguous thin records, and a run scored on identifying records."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from athar.linkage.difficulty import difficulty, identifying_accuracy, thin_attachment

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
    files = _write(tmp_path, rows, persons, clusters)
    result = difficulty(*files)
    assert result.thin_records == 3
    assert result.ambiguous_records == 1  # c2 only
    assert result.true_pairs == 3 and result.true_pairs_touching_ambiguous == 1
    # Identifying records: a1, b1, c1, d1, e1 — no true pair among them, so recall is vacuous;
    # precision counts c2's false merge with d1 (and the true pairs a1–a2, e1–e2).
    scored = identifying_accuracy(*files)
    assert (scored.predicted_pairs, scored.correct_pairs) == (3, 2)
    assert scored.precision == pytest.approx(2 / 3)
    attached = thin_attachment(*files)
    assert (attached.eligible, attached.attached, attached.correct) == (3, 3, 2)


def test_conflicting_sex_or_birth_year_does_not_fit(tmp_path: Path) -> None:
    rows = [
        _record(1, "a1", "ahmd", "hsn", father="mhmd", birth=1980),
        _record(2, "a2", "ahmd", "hsn", birth=1980),
        _record(3, "b1", "ahmd", "hsn", father="ali", birth=1960),  # 20 years apart
        _record(4, "f1", "ahmd", "hsn", father="ali", sex="F"),
    ]
    persons = {"a1": "A", "a2": "A", "b1": "B", "f1": "F"}
    clusters = {"a1": "1", "a2": "2", "b1": "3", "f1": "4"}
    files = _write(tmp_path, rows, persons, clusters)
    assert difficulty(*files).ambiguous_records == 0
    attached = thin_attachment(*files)
    assert (attached.eligible, attached.attached) == (1, 0)  # a2 left alone: not attached


def test_identifying_records_are_scored_on_recall_between_them_and_every_merge_they_touch(tmp_path: Path) -> None:
    rows = [
        _record(1, "a1", "ahmd", "hsn", father="mhmd", birth=1980),
        _record(2, "a2", "ahmd", "hsn", father="mhmd", birth=1980),
        _record(3, "a3", "ahmd", "hsn", father="mhmd", birth=1980),
        _record(4, "b1", "ahmd", "hsn", father="ali", birth=1980),
    ]
    persons = {"a1": "A", "a2": "A", "a3": "A", "b1": "B"}
    # a3 missed, b1 merged into A.
    clusters = {"a1": "1", "a2": "1", "a3": "2", "b1": "1"}
    scored = identifying_accuracy(*_write(tmp_path, rows, persons, clusters))
    assert (scored.true_pairs, scored.predicted_pairs, scored.correct_pairs) == (3, 3, 1)
    assert (scored.precision, scored.recall) == (pytest.approx(1 / 3), pytest.approx(1 / 3))
