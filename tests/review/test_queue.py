"""The review queue built from a linker run (athar.review.queue), and the judgements the next
`athar resolve` honours."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from athar.cli import main
from athar.linkage import Judgement as LabelJudgement
from athar.linkage import Label
from athar.registry.linking import link_registry
from athar.registry.models import LinkMethod, PersonRecordLink, Record
from athar.review.models import CandidateKind, CandidatePair, Judgement, Verdict
from athar.review.queries import QueueState, may_also_be, queue
from athar.review.queue import ScoredPair, select_candidates, sync_queue
from athar.review.services import decide, undo

BAND = (0.2, 0.9)


def scored(a: str, b: str, p: float) -> ScoredPair:
    return ScoredPair(("s", a), ("s", b), p, None, "")


def test_it_queues_the_band_and_the_thin_record_that_bridges_two_people() -> None:
    pairs = [scored("F1", "N1", 0.999), scored("F1", "W1", 0.94), scored("N1", "W1", 0.94),
             scored("W1", "F2", 0.94), scored("F1", "F2", 0.48), scored("N1", "F2", 0.48),
             scored("A", "B", 0.1), scored("C", "D", 0.95)]
    chosen = select_candidates(pairs, BAND, {("s", r): 1 for r in ("F1", "N1", "W1", "F2")})
    kinds = {(a[1], b[1]): kind for (a, b), (_, kind) in chosen.items()}
    assert kinds == {
        ("F1", "F2"): CandidateKind.BAND, ("F2", "N1"): CandidateKind.BAND,
        # W1 is sure of F1 and of F2, who are not surely one man: each of its sure pairs is a guess.
        ("F1", "W1"): CandidateKind.AMBIGUOUS, ("N1", "W1"): CandidateKind.AMBIGUOUS,
        ("F2", "W1"): CandidateKind.AMBIGUOUS,
    }


def test_partners_the_blocking_never_paired_are_no_sign_of_doubt_unless_on_two_persons() -> None:
    # A is sure of B and of C; B and C were never scored against each other.
    pairs = [scored("A", "B", 0.99), scored("A", "C", 0.97)]
    assert select_candidates(pairs, BAND, {("s", "A"): 1, ("s", "B"): 1, ("s", "C"): 1}) == {}
    chosen = select_candidates(pairs, BAND, {("s", "A"): 1, ("s", "B"): 1, ("s", "C"): 2})
    assert {kind for _, kind in chosen.values()} == {CandidateKind.AMBIGUOUS} and len(chosen) == 2


def test_the_band_is_configurable() -> None:
    pairs = [scored("A", "B", 0.3), scored("C", "D", 0.6), scored("E", "F", 0.85)]
    assert {a[1] for a, _ in select_candidates(pairs, (0.5, 0.8))} == {"C"}


def write_pairs(path: Path, rows: list[tuple[str, str, str, str, float]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source_l", "record_id_l", "source_r", "record_id_r", "match_probability",
                         "match_weight", "explanation"])
        for sl, rl, sr, rr, p in rows:
            writer.writerow([sl, rl, sr, rr, p, 0.5, "given=exact +0.2; father=different -4.4"])
    return path


def write_run(directory: Path, clusters: list[tuple[str, str, str]],
              candidates: list[tuple[str, str, int, str, float, str]]) -> None:
    """clusters.csv and candidates.csv of a run beside its pairs.csv (athar.linkage.pipeline)."""
    with (directory / "clusters.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "cluster_id"])
        writer.writerows(clusters)
    with (directory / "candidates.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "rank", "cluster_id", "probability", "decision"])
        writer.writerows(candidates)


@pytest.mark.django_db
def test_a_thin_record_left_alone_is_queued_against_each_candidate_person(world: dict[str, Any],
                                                                         tmp_path: Path) -> None:
    CandidatePair.objects.all().delete()
    # W-1 is a thin record the person pass left alone between two persons: p1 (F-1, F-2) and p2
    # (N-1, S-1). Of p1 it was scored against F-2 only; of p2 against nobody.
    pairs = write_pairs(tmp_path / "pairs.csv", [("witness", "W-1", "family_reports", "F-2", 0.07),
                                                 ("family_reports", "F-1", "family_reports", "F-2", 0.99)])
    write_run(tmp_path, [("family_reports", "F-1", "p1"), ("family_reports", "F-2", "p1"), ("ngo_list", "N-1", "p2"),
                         ("secret_list", "S-1", "p2"), ("witness", "W-1", "p3")],
              [("witness", "W-1", 1, "p1", 0.41, "review"), ("witness", "W-1", 2, "p2", 0.3, "review"),
               # an attached unit is the run's decision, not a question, nor are its other candidates
               ("ngo_list", "N-1", 1, "p2", 0.97, "attached"), ("ngo_list", "N-1", 2, "p1", 0.02, "review")])
    report = sync_queue(pairs, run_id="r1", band=BAND)
    assert (report.person_candidates, report.created) == (2, 2)
    queued = {frozenset((p.left.record_id, p.right.record_id)): p for p in CandidatePair.objects.all()}
    assert set(queued) == {frozenset(("F-2", "W-1")), frozenset(("N-1", "W-1"))}
    to_p1 = queued[frozenset(("F-2", "W-1"))]
    assert (to_p1.kind, to_p1.match_probability) == (CandidateKind.PERSON, 0.41)
    assert to_p1.explanation.startswith("given=exact")  # the scored pair's own explanation
    to_p2 = queued[frozenset(("N-1", "W-1"))]  # p2's first record by key: nothing of p2 was scored against W-1
    assert (to_p2.match_probability, to_p2.explanation) == (0.3, "")

    # The next run attached it: its candidates leave the queue, kept as history.
    write_run(tmp_path, [("family_reports", "F-1", "p1"), ("family_reports", "F-2", "p1"),
                         ("witness", "W-1", "p1")], [("witness", "W-1", 1, "p1", 0.93, "attached")])
    report = sync_queue(pairs, run_id="r2", band=BAND)
    assert (report.person_candidates, report.retired) == (0, 2)
    assert CandidatePair.objects.filter(is_current=True).count() == 0


@pytest.mark.django_db
def test_sync_creates_updates_and_retires_pairs_without_deleting(world: dict[str, Any], tmp_path: Path) -> None:
    CandidatePair.objects.all().delete()  # the fixture's hand-made pairs; this test builds its own
    first = write_pairs(tmp_path / "1.csv", [("family_reports", "F-1", "family_reports", "F-2", 0.48),
                                             ("ngo_list", "N-1", "family_reports", "F-2", 0.48),
                                             ("family_reports", "F-1", "ngo_list", "N-1", 0.999)])
    report = sync_queue(first, run_id="r1", band=BAND)
    assert (report.created, report.updated, report.retired, report.pending) == (2, 0, 0, 2)
    pair = CandidatePair.objects.get(left__record_id="F-1", right__record_id="F-2")
    assert pair.run_id == "r1" and pair.explanation.startswith("given=exact")
    decide(pair, Verdict.UNSURE, actor=world["reem"])

    second = write_pairs(tmp_path / "2.csv", [("family_reports", "F-1", "family_reports", "F-2", 0.51)])
    report = sync_queue(second, run_id="r2", band=BAND)
    assert (report.created, report.updated, report.retired, report.pending) == (0, 1, 1, 0)
    pair.refresh_from_db()
    assert (pair.run_id, pair.match_probability, pair.is_current) == ("r2", 0.51, True)
    assert CandidatePair.objects.count() == 2 and CandidatePair.objects.filter(is_current=False).count() == 1
    assert Judgement.objects.filter(pair=pair, ended_at__isnull=True).count() == 1, "judgement kept"


@pytest.mark.django_db
def test_the_person_page_lists_whom_else_the_person_may_be(world: dict[str, Any]) -> None:
    decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["omar"])
    him = Record.objects.get(record_id="F-1").person
    other = Record.objects.get(record_id="F-2").person
    # W-1 (with him) still fits F-2's person: he may also be that person.
    [line] = may_also_be(world["reem"], him)
    assert line.person == other and line.name == "محمد علي الحسن" and line.probability == 0.943
    # Omar also reads the restricted list, whose S-1 is not on his person: a second line for him only.
    assert len(may_also_be(world["omar"], him)) == 2


# --- through the linker: a real `athar resolve` honours the judgements -----------------------------

@pytest.mark.django_db
@pytest.mark.slow
def test_resolve_queues_the_uncertain_pairs_and_honours_the_judgements(cast: dict[str, Any], tmp_path: Path,
                                                                       settings: Any) -> None:
    from tests.review.conftest import make_world

    make_world(cast)
    settings.DATA_DIR = tmp_path
    result = CliRunner().invoke(main, ["resolve", "--review-band", "0.2", "0.9"])
    assert result.exit_code == 0, result.output
    assert "review: 0 judgements honoured" in result.output
    pairs = {(p.left.record_id, p.right.record_id): p for p in CandidatePair.objects.select_related("left", "right")}
    # The two Muhammads al-Hasan with different fathers: uncertain. The thin witness record fits both.
    assert pairs[("F-1", "F-2")].kind == CandidateKind.BAND
    assert 0.2 <= pairs[("F-1", "F-2")].match_probability < 0.9
    assert {("F-1", "W-1"), ("W-1", "F-2")} <= pairs.keys()

    # Reem reads the witness statement: W-1 is the other Muhammad (son of Ali), not F-1.
    decide(pairs[("F-1", "W-1")], Verdict.NEGATIVE, actor=cast["reem"], reason="the witness named Ali")
    accepted = decide(pairs[("W-1", "F-2")], Verdict.POSITIVE, actor=cast["reem"])
    undo(accepted, actor=cast["reem"])
    decide(pairs[("W-1", "F-2")], Verdict.POSITIVE, actor=cast["reem"])

    result = CliRunner().invoke(main, ["resolve", "--review-band", "0.2", "0.9"])
    assert result.exit_code == 0, result.output
    assert "review: 2 judgements honoured, 0 'different people' pairs still on one person" in result.output
    assert "محمد" not in result.output and "Mohammad" not in result.output
    f1, n1, w1, f2 = (Record.objects.get(record_id=r) for r in ("F-1", "N-1", "W-1", "F-2"))
    assert w1.person_id == f2.person_id, "accepted: kept together"
    assert w1.person_id != f1.person_id, "rejected: kept apart by the next resolve"
    assert f1.person_id == n1.person_id, "the linker still links what nobody judged"
    assert PersonRecordLink.objects.get(record=w1, ended_at__isnull=True).method == LinkMethod.HUMAN
    assert not list(queue(cast["reem"], QueueState.PENDING).filter(
        pk__in=[pairs[("F-1", "W-1")].pk, pairs[("W-1", "F-2")].pk]))


@pytest.mark.django_db
@pytest.mark.slow
def test_labels_alone_steer_the_clustering(cast: dict[str, Any], tmp_path: Path) -> None:
    """Without any human link in play, a negative label is a cannot-link inside the clustering and a
    positive one a must-link."""
    from tests.review.conftest import make_world

    make_world(cast)
    link_registry(tmp_path / "run1", run_id="r1")
    f1, w1, f2 = (Record.objects.get(record_id=r) for r in ("F-1", "W-1", "F-2"))
    # What the linker alone decides here: the witness's "محمد الحسن" fits F-1's person and F-2
    # equally, so it is left alone for review, with neither.
    assert w1.person_id not in (f1.person_id, f2.person_id) and f1.person_id != f2.person_id
    labels = [Label(("family_reports", "F-1"), ("witness", "W-1"), LabelJudgement.NEGATIVE),
              Label(("family_reports", "F-2"), ("witness", "W-1"), LabelJudgement.POSITIVE)]
    report = link_registry(tmp_path / "run2", run_id="r2", labels=labels)
    f1, w1, f2 = (Record.objects.get(record_id=r) for r in ("F-1", "W-1", "F-2"))
    assert (report.n_labels, report.cannot_links_together) == (2, 0)
    assert w1.person_id == f2.person_id != f1.person_id
    assert not PersonRecordLink.objects.filter(method=LinkMethod.HUMAN).exists()
