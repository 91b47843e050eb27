"""A judgement on a pair and its undo (athar.review.services): what moves in the registry, what is
kept, what is audited."""

from __future__ import annotations

from typing import Any

import pytest
from tests.review.conftest import make_pair

from athar.audit.models import AuditEvent
from athar.registry.models import LinkMethod, Person, PersonRecordLink, Record
from athar.review.models import EndReason, Judgement, Verdict
from athar.review.queries import QueueState, queue
from athar.review.queue import judgement_labels
from athar.review.services import PairNotVisible, ReviewConflict, decide, undo

pytestmark = pytest.mark.django_db


def person_of(record_id: str) -> int | None:
    return Record.objects.get(record_id=record_id).person_id


def open_link(record_id: str) -> PersonRecordLink:
    return PersonRecordLink.objects.get(record__record_id=record_id, ended_at__isnull=True)


def test_it_splits_a_rejected_pair_out_of_the_person_holding_both(world: dict[str, Any]) -> None:
    before = person_of("F-1")
    judgement = decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["reem"], reason="الأب مختلف")
    assert person_of("F-1") == before and person_of("N-1") == before
    assert person_of("F-2") not in (None, before)
    link = open_link("F-2")
    assert link.method == LinkMethod.HUMAN and link.actor == world["reem"]
    assert judgement.actor == world["reem"] and judgement.reason == "الأب مختلف"
    assert Judgement.objects.get(pk=judgement.pk).reason == "الأب مختلف"
    split = AuditEvent.objects.get(action="split")
    assert split.actor_label == "reem" and split.details["judgement"] == judgement.pk
    assert "الأب" not in str(AuditEvent.objects.filter(action="review").values_list("details", flat=True))


def test_undoing_a_split_puts_the_record_back_with_its_linker_link(world: dict[str, Any]) -> None:
    before = person_of("F-1")
    linker_link = open_link("F-2")
    judgement = decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["reem"])
    new_person = person_of("F-2")
    report = undo(judgement, actor=world["rima"])
    assert (report.restored, report.kept_moved_since) == (1, 0)
    assert person_of("F-2") == before
    restored = open_link("F-2")
    assert restored.method == LinkMethod.LINKER and restored.run_id == linker_link.run_id
    assert Person.objects.get(pk=new_person).retired_at is not None
    judgement.refresh_from_db()
    assert judgement.end_reason == EndReason.UNDONE and judgement.ended_by == world["rima"]
    assert Judgement.objects.filter(pk=judgement.pk).exists(), "never deleted"
    assert PersonRecordLink.objects.filter(record__record_id="F-2").count() == 3, "every link kept"
    assert world["pairs"]["F1-F2"] in list(queue(world["reem"], QueueState.PENDING))


def test_it_merges_two_persons_on_accept_and_undo_splits_them_again(world: dict[str, Any]) -> None:
    records = world["records"]
    decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["omar"])
    him, other = person_of("F-1"), person_of("F-2")
    pair = make_pair(records["N-1"], records["F-2"], 0.479)
    judgement = decide(pair, Verdict.POSITIVE, actor=world["omar"], reason="")
    assert person_of("F-2") == him and person_of("N-1") == him
    assert Person.objects.get(pk=other).merged_into_id == him
    # The pair's records are pinned; the others keep the links they had (the reviewer judged the pair).
    assert {r: open_link(r).method for r in ("F-1", "N-1", "W-1", "F-2")} == {
        "N-1": LinkMethod.HUMAN, "F-2": LinkMethod.HUMAN, "F-1": LinkMethod.LINKER, "W-1": LinkMethod.LINKER}
    merge = AuditEvent.objects.get(action="merge")
    assert merge.target_id == Person.objects.get(pk=him).public_id
    assert merge.details["merged"] == [Person.objects.get(pk=other).public_id]

    undo(judgement, actor=world["omar"])
    assert person_of("F-2") == other and person_of("F-1") == him
    assert Person.objects.get(pk=other).retired_at is None
    assert open_link("N-1").method == LinkMethod.LINKER, "earlier kind of link restored"
    assert open_link("F-2").method == LinkMethod.HUMAN, "the earlier split's human link is back"


def test_unsure_moves_nothing_and_leaves_the_pending_queue(world: dict[str, Any]) -> None:
    before = dict(Record.objects.values_list("record_id", "person_id"))
    decide(world["pairs"]["F1-F2"], Verdict.UNSURE, actor=world["reem"])
    assert dict(Record.objects.values_list("record_id", "person_id")) == before
    assert world["pairs"]["F1-F2"] not in list(queue(world["reem"], QueueState.PENDING))
    assert world["pairs"]["F1-F2"] in list(queue(world["reem"], QueueState.UNSURE))


def test_a_new_judgement_ends_and_undoes_the_open_one(world: dict[str, Any]) -> None:
    him = person_of("F-1")
    first = decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["reem"])
    second = decide(world["pairs"]["F1-F2"], Verdict.POSITIVE, actor=world["rima"])
    first.refresh_from_db()
    assert first.end_reason == EndReason.SUPERSEDED
    assert second.is_open and person_of("F-2") == him
    assert [label.judgement.value for label in judgement_labels()] == ["positive"]


def test_it_refuses_to_undo_twice(world: dict[str, Any]) -> None:
    judgement = decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["reem"])
    undo(judgement, actor=world["reem"])
    with pytest.raises(ReviewConflict):
        undo(judgement, actor=world["reem"])


def test_undo_keeps_a_record_that_a_later_decision_moved(world: dict[str, Any]) -> None:
    from athar.registry.services import link_record

    judgement = decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["reem"])
    elsewhere = Person.objects.create()
    link_record(Record.objects.get(record_id="F-2"), elsewhere, actor=world["omar"])
    report = undo(judgement, actor=world["reem"])
    assert (report.restored, report.kept_moved_since) == (0, 1)
    assert person_of("F-2") == elsewhere.pk


def test_an_analyst_may_not_judge_and_the_refusal_is_audited(world: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        decide(world["pairs"]["F1-F2"], Verdict.POSITIVE, actor=world["sami"])
    assert not Judgement.objects.exists()
    assert AuditEvent.objects.filter(action="denied", actor_label="sami").count() == 1


def test_a_pair_with_a_record_the_reviewer_may_not_read_does_not_exist_for_them(world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-S1"]
    assert pair not in list(queue(world["reem"]))
    with pytest.raises(PairNotVisible):
        decide(pair, Verdict.POSITIVE, actor=world["reem"])
    assert not Judgement.objects.exists()
    assert pair in list(queue(world["omar"])), "granted: Omar sees it"


def test_open_judgements_become_labels_by_record_key(world: dict[str, Any]) -> None:
    decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["reem"])
    undone = decide(world["pairs"]["W1-F2"], Verdict.POSITIVE, actor=world["reem"])
    undo(undone, actor=world["reem"])
    [label] = judgement_labels()
    assert {label.left, label.right} == {("family_reports", "F-1"), ("family_reports", "F-2")}
    assert label.judgement.value == "negative"


def _links() -> dict[str, tuple[int | None, str, str, float | None, int | None]]:
    """Each record's person and open link (kind, run, probability, who): what an undo must restore."""
    state: dict[str, tuple[int | None, str, str, float | None, int | None]] = {}
    for record in Record.objects.all():
        link = PersonRecordLink.objects.filter(record=record, ended_at__isnull=True).first()
        state[record.record_id] = (record.person_id, link.method if link else "", link.run_id if link else "",
                                   link.match_probability if link else None, link.actor_id if link else None)
    return state


def _person_state() -> dict[int, tuple[bool, int | None]]:
    return {p.pk: (p.retired_at is None, p.merged_into_id) for p in Person.objects.all()}


def test_accept_pins_the_pair_and_moves_only_what_the_reviewer_may_read(world: dict[str, Any]) -> None:
    from tests.factories import make_record, make_source

    from athar.registry.models import Sensitivity
    from athar.registry.services import apply_clusters

    kin = make_source("kin_list", sensitivity=Sensitivity.INTERNAL)
    make_record("K-1", source=kin, first_name="محمد", father_name="أحمد", family_name="الحسن")
    apply_clusters([("secret_list", "S-1", "c2"), ("kin_list", "K-1", "c2")], run_id="run-2")
    hidden_person = person_of("S-1")
    assert person_of("K-1") == hidden_person
    records = {k: Record.objects.get(record_id=k) for k in ("F-1", "K-1")}
    before, persons_before = _links(), _person_state()

    judgement = decide(make_pair(records["F-1"], records["K-1"], 0.7), Verdict.POSITIVE, actor=world["reem"])
    him = person_of("F-1")
    assert person_of("K-1") == him
    assert open_link("K-1").method == LinkMethod.HUMAN and open_link("F-1").method == LinkMethod.HUMAN
    # Reem may not read S-1: it stays on its person, which is not retired while it holds a record.
    assert person_of("S-1") == hidden_person
    assert Person.objects.get(pk=hidden_person).retired_at is None
    assert _links()["S-1"] == before["S-1"]
    # N-1, W-1, F-2 were already with him: the judgement was not about them, their links are untouched.
    assert all(_links()[r] == before[r] for r in ("N-1", "W-1", "F-2"))
    assert [m["record"] for m in judgement.effects["moves"]] == [records["F-1"].pk, records["K-1"].pk]

    undo(judgement, actor=world["reem"])
    assert _links() == before and _person_state() == persons_before


def test_accept_moves_the_readable_records_of_the_other_person_with_their_own_links(
        world: dict[str, Any]) -> None:
    from tests.factories import make_record, make_source

    from athar.registry.models import Sensitivity
    from athar.registry.services import apply_clusters

    kin = make_source("kin_list", sensitivity=Sensitivity.INTERNAL)
    k1 = make_record("K-1", source=kin, first_name="محمد", father_name="أحمد", family_name="الحسن")
    make_record("K-2", source=kin, full_name="Mohamad Al-Hasan")
    apply_clusters([("kin_list", "K-1", "k"), ("kin_list", "K-2", "k")], run_id="run-2")
    other = person_of("K-1")
    before, persons_before = _links(), _person_state()

    judgement = decide(make_pair(world["records"]["F-1"], k1, 0.7), Verdict.POSITIVE, actor=world["reem"])
    him = person_of("F-1")
    assert person_of("K-1") == person_of("K-2") == him
    assert open_link("K-1").method == LinkMethod.HUMAN
    follower = open_link("K-2")
    assert (follower.method, follower.run_id, follower.actor_id) == (LinkMethod.LINKER, "run-2", None)
    assert Person.objects.get(pk=other).merged_into_id == him
    assert Person.objects.get(pk=other).retired_at is not None

    undo(judgement, actor=world["reem"])
    assert _links() == before and _person_state() == persons_before


def test_reject_moves_the_record_a_human_did_not_place(world: dict[str, Any]) -> None:
    records = world["records"]
    him = person_of("F-1")
    # A human placed F-2 (the pair's right record) with him: the rejection moves F-1's side instead.
    decide(make_pair(records["N-1"], records["F-2"], 0.5), Verdict.POSITIVE, actor=world["omar"])
    assert open_link("F-2").method == LinkMethod.HUMAN and open_link("F-1").method == LinkMethod.LINKER
    left, right = sorted((records["F-1"], records["F-2"]), key=lambda r: r.pk)
    assert right.record_id == "F-2"
    before = _links()
    judgement = decide(world["pairs"]["F1-F2"], Verdict.NEGATIVE, actor=world["reem"])
    assert person_of("F-2") == him, "the human placement stands"
    assert person_of("F-1") not in (None, him)
    assert open_link("F-1").method == LinkMethod.HUMAN
    undo(judgement, actor=world["reem"])
    assert _links() == before
