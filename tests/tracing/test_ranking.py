"""Ranking persons from scored pairs (pure: no database, no linker)."""

from __future__ import annotations

from athar.tracing.ranking import rank_pairs, record_keys

REQ_A, REQ_B = ("req", "A"), ("req", "B")


def test_it_ranks_persons_by_their_best_record_and_names_that_record() -> None:
    pairs = [
        (REQ_A, ("ngo", "1"), 0.40, "e1"),
        (("ngo", "2"), REQ_A, 0.95, "e2"),  # the request may be on either side
        (REQ_A, ("dc", "7"), 0.70, "e3"),
    ]
    person_of = {("ngo", "1"): "P-1", ("ngo", "2"): "P-1", ("dc", "7"): "P-2"}.get
    result = rank_pairs(pairs, {REQ_A}, person_of, top=5)
    ranked = result.candidates[REQ_A]
    assert [(c.rank, c.person_id, c.record_id, c.match_probability) for c in ranked] == [
        (1, "P-1", "2", 0.95), (2, "P-2", "7", 0.70)]
    assert ranked[0].explanation == "e2"


def test_it_keeps_only_the_top_k_and_breaks_ties_by_person_id() -> None:
    pairs = [(REQ_A, ("s", str(i)), 0.5, "") for i in range(4)]
    person_of = {("s", str(i)): f"P-{3 - i}" for i in range(4)}.get
    ranked = rank_pairs(pairs, {REQ_A}, person_of, top=2).candidates[REQ_A]
    assert [c.person_id for c in ranked] == ["P-0", "P-1"]


def test_records_without_a_person_are_not_candidates() -> None:
    result = rank_pairs([(REQ_A, ("s", "1"), 0.99, "")], {REQ_A}, lambda _k: None, top=5)
    assert result.candidates == {}


def test_two_requests_scored_together_are_reported_as_related() -> None:
    result = rank_pairs([(REQ_B, REQ_A, 0.97, "")], {REQ_A, REQ_B}, lambda _k: "P-1", top=5)
    assert result.related_requests == [(REQ_A, REQ_B, 0.97)]
    assert result.candidates == {}


def test_record_keys_leave_the_requests_out() -> None:
    assert record_keys([(REQ_A, ("s", "1"), 0.9, ""), (REQ_A, REQ_B, 0.9, "")], {REQ_A, REQ_B}) == {("s", "1")}
