"""apply_clusters turns linker clusters into persons, keeping person ids stable and history kept."""

from __future__ import annotations

import pytest
from tests.factories import make_record, make_source

from athar.registry.models import Event, FateClaim, LinkMethod, Person, PersonRecordLink, Record
from athar.registry.queries import find_person
from athar.registry.services import apply_clusters, link_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def records() -> dict[str, Record]:
    lists = make_source("ngo_list")
    register = make_source("register")
    return {
        "a1": make_record("a1", source=lists, full_name="Mohammad Ahmad Al-Hasan", event_type="arrest",
                          event_date="2013"),
        "a2": make_record("a2", source=register, full_name="محمد أحمد الحسن"),
        "a3": make_record("a3", source=register, full_name="محمد أحمد الحسن"),
        "b1": make_record("b1", source=lists, full_name="Khaled Omar"),
        "b2": make_record("b2", source=register, full_name="خالد عمر", event_type="death_report",
                          event_date="2015"),
        "c1": make_record("c1", source=lists, full_name="Rami Saleh"),
    }


def _clusters(records: dict[str, Record], groups: list[list[str]]) -> list[tuple[str, str, str]]:
    return [(records[k].source.name, k, f"c{i}") for i, group in enumerate(groups) for k in group]


def _person_ids(records: dict[str, Record]) -> dict[str, str | None]:
    result = {}
    for key, record in records.items():
        person = Record.objects.get(pk=record.pk).person
        result[key] = person.public_id if person else None
    return result


def test_it_creates_one_person_per_cluster(records: dict[str, Record]) -> None:
    report = apply_clusters(_clusters(records, [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]), run_id="run-1")
    ids = _person_ids(records)
    assert ids["a1"] == ids["a2"] == ids["a3"]
    assert ids["b1"] == ids["b2"]
    assert len({ids["a1"], ids["b1"], ids["c1"]}) == 3
    assert (report.clusters, report.persons_created, report.records_linked) == (3, 3, 6)
    link = PersonRecordLink.objects.get(record=records["a1"])
    assert (link.method, link.run_id, link.ended_at) == (LinkMethod.LINKER, "run-1", None)


def test_it_keeps_person_ids_stable_across_a_rerun(records: dict[str, Record]) -> None:
    groups = [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]
    apply_clusters(_clusters(records, groups), run_id="run-1")
    before = _person_ids(records)
    # Same partition, different cluster labels and order: nothing moves, nothing is created.
    relabelled = [(s, r, "x" + c) for s, r, c in reversed(_clusters(records, groups))]
    report = apply_clusters(relabelled, run_id="run-2")
    assert _person_ids(records) == before
    assert (report.persons_created, report.persons_kept, report.records_linked) == (0, 3, 0)
    assert report.records_unchanged == 6
    assert PersonRecordLink.objects.count() == 6


def test_it_keeps_the_id_of_the_person_most_records_belong_to(records: dict[str, Record]) -> None:
    apply_clusters(_clusters(records, [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]), run_id="run-1")
    before = _person_ids(records)
    # c1 joins a; b is split into two.
    report = apply_clusters(_clusters(records, [["a1", "a2", "a3", "c1"], ["b1"], ["b2"]]), run_id="run-2")
    after = _person_ids(records)
    assert after["a1"] == after["c1"] == before["a1"]
    assert {after["b1"], after["b2"]} & {before["b1"]} and after["b1"] != after["b2"]
    assert report.persons_created == 1
    old_c = Person.objects.get(public_id=before["c1"])
    assert old_c.retired_at is not None
    assert old_c.merged_into.public_id == before["a1"]
    assert find_person(before["c1"]).public_id == before["a1"]


def test_it_ends_the_old_link_and_moves_evidence_with_the_record(records: dict[str, Record]) -> None:
    apply_clusters(_clusters(records, [["a1"], ["a2", "a3"], ["b1", "b2"], ["c1"]]), run_id="run-1")
    apply_clusters(_clusters(records, [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]), run_id="run-2")
    a1 = Record.objects.get(pk=records["a1"].pk)
    # a2 and a3 were one person: that person keeps its id and a1 moves to it.
    links = list(PersonRecordLink.objects.filter(record=a1).order_by("id"))
    assert len(links) == 2
    assert links[0].ended_at is not None and links[0].ended_by_run_id == "run-2"
    assert links[1].ended_at is None and links[1].run_id == "run-2"
    assert links[1].person_id == a1.person_id != links[0].person_id
    assert PersonRecordLink.objects.filter(record=records["a2"]).count() == 1
    assert Event.objects.get(record=a1).person_id == a1.person_id
    assert FateClaim.objects.get(record=a1).person_id == a1.person_id
    assert Record.objects.get(pk=records["a2"].pk).person_id == a1.person_id


def test_it_leaves_records_linked_by_a_person_alone(records: dict[str, Record]) -> None:
    apply_clusters(_clusters(records, [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]), run_id="run-1")
    chosen = Record.objects.get(pk=records["a1"].pk).person
    link_record(records["c1"], chosen, actor=None)
    report = apply_clusters(_clusters(records, [["a1", "a2", "a3"], ["b1", "b2"], ["c1"]]), run_id="run-2")
    assert report.records_held_by_human == 1
    assert Record.objects.get(pk=records["c1"].pk).person == chosen


def test_it_reports_keys_not_in_the_registry(records: dict[str, Record]) -> None:
    report = apply_clusters([("ngo_list", "a1", "1"), ("ngo_list", "nope", "1"), ("unknown", "x", "2")],
                            run_id="run-1")
    assert report.unknown_keys == [("ngo_list", "nope"), ("unknown", "x")]
    assert report.persons_created == 1


def test_it_names_persons_in_arabic_when_a_record_does(records: dict[str, Record]) -> None:
    apply_clusters(_clusters(records, [["a1", "a2", "a3"], ["c1"]]), run_id="run-1")
    assert Record.objects.get(pk=records["a1"].pk).person.display_name == "محمد أحمد الحسن"
    assert Record.objects.get(pk=records["c1"].pk).person.display_name == "Rami Saleh"


def test_it_never_puts_personal_data_in_string_forms(records: dict[str, Record]) -> None:
    apply_clusters(_clusters(records, [["a1", "a2", "a3"]]), run_id="run-1")
    record = Record.objects.get(pk=records["a2"].pk)
    for text in (str(record), str(record.person), str(record.person_links.get()), str(record.events.first())):
        assert "محمد" not in text and "Hasan" not in text
