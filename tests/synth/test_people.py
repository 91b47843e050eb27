"""The ground truth: Syrian name structure, the hard family cases, conflicting death claims."""

from __future__ import annotations

from collections import defaultdict

from athar.synth import SOURCES, SynthRecord
from athar.synth.people import Person


def _persons(records: list[SynthRecord]) -> dict[str, Person]:
    return {r.person.person_id: r.person for r in records}


def test_it_makes_siblings_who_share_all_but_their_first_name(records: list[SynthRecord]) -> None:
    families: dict[str, list[Person]] = defaultdict(list)
    for person in _persons(records).values():
        if person.relation in ("son", "daughter"):
            families[person.family_id].append(person)
    sibling_sets = [f for f in families.values() if len(f) >= 2]
    assert len(sibling_sets) >= 50
    for siblings in sibling_sets:
        a, b = siblings[:2]
        assert (a.father, a.grandfather, a.family, a.mother_first, a.mother_family) == (
            b.father, b.grandfather, b.family, b.mother_first, b.mother_family)
        assert a.first != b.first
        assert a.hometown == b.hometown


def test_it_makes_fathers_and_sons_linked_by_name(records: list[SynthRecord]) -> None:
    persons = _persons(records).values()
    fathers = {p.family_id: p for p in persons if p.relation == "father"}
    pairs = [(fathers[p.family_id], p) for p in persons if p.relation == "son" and p.family_id in fathers]
    assert len(pairs) >= 20
    for father, son in pairs:
        assert son.father == father.first
        assert son.grandfather == father.father
        assert son.family == father.family
        assert son.birth > father.birth


def test_it_renders_sibling_records_with_the_shared_names(records: list[SynthRecord]) -> None:
    # Family reports write the father's name from the same Arabic spellings for every sibling.
    for record in records:
        if record.row["source"] == "family_reports" and record.row.get("father_name"):
            assert record.row["father_name"] in record.person.father.arabic_table[0]


def test_it_issues_some_death_certificates_before_later_sightings(records: list[SynthRecord]) -> None:
    by_person: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in records:
        by_person[record.person.person_id].append(record.row)
    contradicted = 0
    for rows in by_person.values():
        deaths = [r["event_date"] for r in rows if r["event_type"] == "death_certificate"]
        later = [r["event_date"] for r in rows
                 if r["event_type"] in ("detention_sighting", "transfer", "trial", "release")
                 and len(r.get("event_date", "")) == 10]
        if deaths and later and min(deaths) < max(later):
            contradicted += 1
    assert contradicted >= 10


def test_it_keeps_timelines_inside_2011_to_2024(records: list[SynthRecord]) -> None:
    for record in records:
        date = record.row.get("event_date", "")
        if date[:4].isdigit():
            assert "2011" <= date[:4] <= "2024"


def test_it_uses_every_source_and_duplicates_within_some(records: list[SynthRecord]) -> None:
    assert {r.row["source"] for r in records} == set(SOURCES)
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for record in records:
        seen[(record.row["source"], record.person.person_id)] += 1
    assert any(n > 1 for (source, _), n in seen.items() if source == "family_reports")
    assert any(n > 1 for (source, _), n in seen.items() if source == "ngo_list_en")
