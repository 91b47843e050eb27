"""The challenge sets: deterministic, one record per list per person, the columns each set claims."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from athar.bench import CHALLENGES, ChallengeSet, make_challenge


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", sorted(CHALLENGES))
def test_it_writes_the_same_set_for_the_same_seed_and_another_for_another(name, tmp_path):
    one = make_challenge(name, 200, seed=3, out_dir=tmp_path / "one")
    two = make_challenge(name, 200, seed=3, out_dir=tmp_path / "two")
    other = make_challenge(name, 200, seed=4, out_dir=tmp_path / "other")
    assert [p.read_bytes() for p in (*one.records, one.truth)] == [p.read_bytes() for p in (*two.records, two.truth)]
    assert one.records[0].read_bytes() != other.records[0].read_bytes()


@pytest.mark.parametrize("name", sorted(CHALLENGES))
def test_every_record_has_a_truth_row_and_a_person_is_at_most_once_in_a_list(name, tmp_path):
    made = make_challenge(name, 300, seed=1, out_dir=tmp_path)
    truth = _rows(made.truth)
    records = _rows(made.records[0]) + _rows(made.records[1])
    assert len(truth) == len(records) == made.n_records
    assert {(r["source"], r["record_id"]) for r in records} == {(t["source"], t["record_id"]) for t in truth}
    per_list = {(t["source"], t["person_id"]) for t in truth}
    assert len(per_list) == len(truth)
    in_both = len({t["person_id"] for t in truth if t["source"] == "list_a"}
                  & {t["person_id"] for t in truth if t["source"] == "list_b"})
    assert 0.6 * 300 < in_both < 0.8 * 300


def test_the_name_only_lists_hold_names_and_nothing_else_in_two_scripts(tmp_path):
    made = make_challenge("names-only", 100, seed=1, out_dir=tmp_path)
    a, b = (_rows(p) for p in made.records)
    assert set(a[0]) == {"source", "record_id", "full_name"}
    assert all("\u0600" <= r["full_name"][0] <= "\u06ff" for r in a)
    assert all(r["full_name"][0].isascii() for r in b)
    assert {len(r["full_name"].split()) for r in a} >= {2, 3}


def test_the_non_arab_set_writes_european_names_in_arabic_letters(tmp_path):
    made = make_challenge("non-arab", 400, seed=1, out_dir=tmp_path)
    latin = " ".join(r["full_name"] for r in _rows(made.records[1]))
    assert any(name in latin for name in ("Richard", "Hagop", "Kevorkian", "Barzani", "Wayne"))


def _in_both_lists(made: ChallengeSet) -> list[dict[str, dict[str, str]]]:
    """Per person in both lists: their row of each list, by source."""
    truth = {(t["source"], t["record_id"]): t["person_id"] for t in _rows(made.truth)}
    by_person: dict[str, dict[str, dict[str, str]]] = {}
    for path in made.records:
        for row in _rows(path):
            by_person.setdefault(truth[(row["source"], row["record_id"])], {})[row["source"]] = row
    return [p for p in by_person.values() if len(p) == 2]


def test_the_latin_set_carries_swapped_names_and_mistyped_ids(tmp_path):
    made = make_challenge("latin-classic", 1000, seed=1, out_dir=tmp_path)
    both = _in_both_lists(made)
    swapped = sum(p["list_a"]["first_name"] == p["list_b"]["family_name"] for p in both)
    ids_off = sum(p["list_b"]["national_id"] not in ("", p["list_a"]["national_id"]) for p in both)
    assert swapped > 0.03 * len(both)
    assert ids_off > 0.1 * len(both)
    assert "address" in both[0]["list_a"] and "postcode" in both[0]["list_a"]


def test_it_refuses_an_unknown_challenge(tmp_path):
    with pytest.raises(ValueError, match="unknown challenge"):
        make_challenge("febrl", 10, seed=1, out_dir=tmp_path)


def test_the_careless_latin_set_carries_other_ids_and_distant_birth_years(tmp_path):
    made = make_challenge("latin-careless", 1000, seed=1, out_dir=tmp_path)
    both = _in_both_lists(made)
    other_id = sum(sum(x != y for x, y in zip(p["list_a"]["national_id"], p["list_b"]["national_id"], strict=True)) > 2
                   for p in both if p["list_a"]["national_id"] and p["list_b"]["national_id"])
    far_years = sum(abs(int(p["list_a"]["birth_date"][:4]) - int(p["list_b"]["birth_date"][:4])) > 3
                    for p in both if p["list_a"]["birth_date"] and p["list_b"]["birth_date"])
    assert other_id > 0.03 * len(both)
    assert far_years > 0.03 * len(both)
