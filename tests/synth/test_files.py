"""generate(): files that follow the interchange spec, with truth for every record."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from athar.interchange import COLUMNS, read_records
from athar.synth import FAMILY_COLUMNS, TRUTH_COLUMNS, SynthResult, generate

_DMY = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_writes_exactly_the_records_asked_for(written: SynthResult, n_records: int) -> None:
    assert written.n_records == n_records
    assert len(_rows(written.records_csv)) == n_records
    assert 0 < written.n_persons < n_records


def test_it_writes_the_same_bytes_for_the_same_seed(written: SynthResult, tmp_path: Path, n_records: int) -> None:
    again = generate(n_records, seed=11, out_dir=tmp_path / "again")
    for a, b in ((written.records_csv, again.records_csv), (written.truth_csv, again.truth_csv),
                 (written.families_csv, again.families_csv)):
        assert a.read_bytes() == b.read_bytes()
    other = generate(n_records, seed=12, out_dir=tmp_path / "other")
    assert other.records_csv.read_bytes() != written.records_csv.read_bytes()


def test_it_leaves_no_temporary_files(written: SynthResult) -> None:
    assert sorted(p.name for p in written.records_csv.parent.iterdir()) == [
        "families.csv", "records.csv", "truth.csv"]


def test_it_reads_back_with_only_the_documented_problems(written: SynthResult, n_records: int) -> None:
    result = read_records(written.records_csv)
    assert result.columns == list(COLUMNS)
    assert len(result.rows) == n_records
    for problem in result.problems:
        # The one injected kind: a prison register's DD/MM/YYYY event date.
        row = result.rows[problem.row - 2]
        assert (problem.column, row.source) == ("event_date", "prison_register")
        assert _DMY.match(row.raw["event_date"])
    assert all(r.is_usable for r in result.rows)
    assert all(r.event_type is not None for r in result.rows)


def test_it_can_leave_out_the_invalid_dates(tmp_path: Path) -> None:
    clean = generate(3000, seed=4, out_dir=tmp_path, invalid_dates=False)
    assert read_records(clean.records_csv).problems == []


def test_it_keeps_record_ids_unique_per_source(written: SynthResult) -> None:
    keys = [(r["source"], r["record_id"]) for r in _rows(written.records_csv)]
    assert len(set(keys)) == len(keys)


def test_it_gives_truth_for_every_record_and_family_for_every_person(written: SynthResult) -> None:
    records = {(r["source"], r["record_id"]) for r in _rows(written.records_csv)}
    truth = _rows(written.truth_csv)
    assert list(truth[0]) == list(TRUTH_COLUMNS)
    assert {(t["source"], t["record_id"]) for t in truth} == records
    families = _rows(written.families_csv)
    assert list(families[0]) == list(FAMILY_COLUMNS)
    assert {f["person_id"] for f in families} == {t["person_id"] for t in truth}
    assert len(families) == written.n_persons


def test_it_shuffles_rows_so_order_says_nothing_of_persons(written: SynthResult) -> None:
    truth = {(t["source"], t["record_id"]): t["person_id"] for t in _rows(written.truth_csv)}
    persons = [truth[(r["source"], r["record_id"])] for r in _rows(written.records_csv)]
    neighbours = sum(a == b for a, b in zip(persons, persons[1:], strict=False))
    assert neighbours < 0.05 * len(persons)
