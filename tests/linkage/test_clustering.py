"""The clustering guards: no chaining of brothers through a bridge record, cannot-links, stable ids."""

from __future__ import annotations

from dataclasses import replace

from athar.linkage.clustering import (
    Edge,
    FactChecker,
    NameKeys,
    NodeFacts,
    cluster,
    detach_ambiguous,
    detach_reading_rivals,
    key_hash_id,
    national_ids_compatible,
    stable_cluster_ids,
)
from athar.linkage.variants import given_compatible


def _checker() -> FactChecker:
    return FactChecker(given_compatible)


def _brothers_and_bridge() -> list[NodeFacts]:
    return [
        NodeFacts(("a", "1"), given="ahmad", birth_lo=1985, birth_hi=1985),  # brother 1
        NodeFacts(("b", "1"), given="ahmad", birth_lo=1984, birth_hi=1985),  # brother 1 again
        NodeFacts(("a", "2"), given="mahmud", birth_lo=1988, birth_hi=1988),  # brother 2
        NodeFacts(("c", "1"), given=None, birth_lo=1986, birth_hi=1986),  # "son of Khalil al-Hasan"
    ]


def test_it_does_not_chain_two_brothers_through_a_bridge_record():
    nodes = _brothers_and_bridge()
    edges = [Edge(0, 1, 0.99), Edge(3, 2, 0.97), Edge(3, 0, 0.95), Edge(0, 2, 0.6), Edge(1, 2, 0.55)]
    result = cluster(nodes, edges, 0.5, checker=_checker())
    labels = result.labels
    assert labels[0] == labels[1]
    assert labels[0] != labels[2], "the brothers were merged"
    assert result.merges_refused


def test_connected_components_would_have_merged_them():
    # The same edges without guards: everything is one component, which is what the guard prevents.
    nodes = [NodeFacts(n.key) for n in _brothers_and_bridge()]
    edges = [Edge(0, 1, 0.99), Edge(3, 2, 0.97), Edge(3, 0, 0.95)]
    assert len(set(cluster(nodes, edges, 0.5, checker=_checker()).labels)) == 1


def test_it_refuses_merges_across_hard_facts():
    nodes = [NodeFacts(("a", "1"), national_id="01234567890"), NodeFacts(("b", "1"), national_id="09999999999"),
             NodeFacts(("a", "2"), birth_lo=1960, birth_hi=1960), NodeFacts(("b", "2"), birth_lo=1990, birth_hi=1991),
             NodeFacts(("a", "3"), sex="M"), NodeFacts(("b", "3"), sex="F")]
    edges = [Edge(0, 1, 0.99), Edge(2, 3, 0.99), Edge(4, 5, 0.99)]
    result = cluster(nodes, edges, 0.5, checker=_checker())
    assert len(set(result.labels)) == 6
    assert set(result.merges_refused) == {"national_id", "birth_year", "sex"}


def test_it_tolerates_one_mistyped_id_digit_and_given_name_variants():
    nodes = [NodeFacts(("a", "1"), national_id="01234567890", given="abdalrahman"),
             NodeFacts(("b", "1"), national_id="01234567899", given="abdulrahman")]
    assert len(set(cluster(nodes, [Edge(0, 1, 0.9)], 0.5, checker=_checker()).labels)) == 1


def test_cousins_with_different_fathers_and_mothers_stay_apart_but_one_misread_parent_does_not():
    cousin_a = NodeFacts(("a", "1"), given="ahmad", father="khalil", mother="fatima")
    cousin_b = NodeFacts(("b", "1"), given="ahmad", father="hasan", mother="zainab")
    misread = NodeFacts(("c", "1"), given="ahmad", father="hasan", mother="fatima")  # same mother
    result = cluster([cousin_a, cousin_b], [Edge(0, 1, 0.99)], 0.5, checker=_checker())
    assert result.labels[0] != result.labels[1] and set(result.merges_refused) == {"parents"}
    assert len(set(cluster([cousin_a, misread], [Edge(0, 1, 0.99)], 0.5, checker=_checker()).labels)) == 1
    # Groups: a record of cousin b cannot join cousin a's group through a bridge without parents.
    bridge = NodeFacts(("d", "1"), given="ahmad")
    nodes = [cousin_a, bridge, cousin_b]
    result = cluster(nodes, [Edge(0, 1, 0.99), Edge(1, 2, 0.98), Edge(0, 2, 0.97)], 0.5, checker=_checker())
    assert result.labels[0] != result.labels[2]
    assert result.merges_refused["group:parents"] >= 1


def test_a_different_father_keeps_apart_only_with_birth_years_that_do_not_overlap():
    older = NodeFacts(("a", "1"), given="ahmad", father="khalil", birth_lo=1980, birth_hi=1980)
    younger = NodeFacts(("b", "1"), given="ahmad", father="hasan", birth_lo=1982, birth_hi=1983)
    same_age = NodeFacts(("c", "1"), given="ahmad", father="hasan", birth_lo=1979, birth_hi=1980)
    result = cluster([older, younger], [Edge(0, 1, 0.99)], 0.5, checker=_checker())
    assert result.labels[0] != result.labels[1] and set(result.merges_refused) == {"father_and_birth"}
    # The same birth year: a misfiled father's column is as likely as a namesake.
    assert len(set(cluster([older, same_age], [Edge(0, 1, 0.99)], 0.5, checker=_checker()).labels)) == 1


def test_birth_places_in_two_governorates_keep_namesakes_apart_but_one_governorate_does_not():
    # Two Ahmad al-Hasan with one father: born in Douma (Rif Dimashq) and in Idlib city — two persons.
    douma = NodeFacts(("a", "1"), given="ahmad", father="khalil", birth_region=("douma", "rif_dimashq"))
    idlib = NodeFacts(("b", "1"), given="ahmad", father="khalil", birth_region=("idlib", "idlib"))
    result = cluster([douma, idlib], [Edge(0, 1, 0.99)], 0.5, checker=_checker())
    assert result.labels[0] != result.labels[1] and set(result.merges_refused) == {"birth_place"}
    # A village and its district's town, one governorate: one person written two ways.
    harasta = NodeFacts(("c", "1"), given="ahmad", father="khalil", birth_region=("harasta", "rif_dimashq"))
    assert len(set(cluster([douma, harasta], [Edge(0, 1, 0.99)], 0.5, checker=_checker()).labels)) == 1
    # Groups: Idlib's record cannot join Douma's group through a record with no birth place.
    bridge = NodeFacts(("d", "1"), given="ahmad", father="khalil")
    result = cluster([douma, bridge, idlib], [Edge(0, 1, 0.99), Edge(1, 2, 0.98), Edge(0, 2, 0.97)], 0.5,
                     checker=_checker())
    assert result.labels[0] != result.labels[2] and result.merges_refused["group:birth_place"] >= 1
    # Agreeing national IDs overrule it (a birth place is typed, an ID is issued).
    with_ids = [replace(douma, national_id="01234567890"), replace(idlib, national_id="01234567890")]
    assert len(set(cluster(with_ids, [Edge(0, 1, 0.99)], 0.5, checker=_checker()).labels)) == 1


def test_it_respects_review_decisions():
    nodes = [NodeFacts(("a", str(i))) for i in range(3)]
    edges = [Edge(0, 1, 0.99), Edge(1, 2, 0.2)]
    result = cluster(nodes, edges, 0.5, checker=_checker(), cannot_link=[(0, 1)], must_link=[(1, 2)])
    assert result.labels[0] != result.labels[1]
    assert result.labels[1] == result.labels[2]


def test_cluster_ids_are_stable_and_carried_over():
    keys = [("a", "1"), ("a", "2"), ("b", "1")]
    first = stable_cluster_ids(keys, [0, 0, 1])
    assert first == stable_cluster_ids(list(reversed(keys)), [1, 0, 0])[::-1]
    assert first[0] == key_hash_id(("a", "1"))
    # A later run merges b:1 into the first person: the person keeps its id, no id is reused.
    carried = stable_cluster_ids(keys, [0, 0, 0], previous=dict(zip(keys, first, strict=True)))
    assert carried == [first[0]] * 3
    # A split: the larger part keeps the id, the other part gets a fresh one.
    split = stable_cluster_ids(keys, [0, 1, 1], previous={k: "p-old" for k in keys})
    assert split[1] == split[2] == "p-old" and split[0] != "p-old"


def test_latin_vowels_do_not_separate_two_names_of_one_skeleton():
    from athar.linkage.variants import LATIN_MARK

    # Arabic سالم / سليم are two names; a Latin list's "Salem" may be either.
    assert not given_compatible("salem", "salim")
    assert given_compatible(LATIN_MARK + "salem", "salim")
    assert given_compatible("amir", LATIN_MARK + "amer")
    assert given_compatible(LATIN_MARK + "khalid", LATIN_MARK + "khalid")
    # Other consonants, or more than one vowel, stay different names.
    assert not given_compatible(LATIN_MARK + "muhammad", "mahmud")
    assert not given_compatible(LATIN_MARK + "salem", LATIN_MARK + "salma")


def test_a_misplaced_dot_does_not_trip_the_given_name_guard():
    from athar.linkage.variants import written_name
    from athar.names.rasm import rasm

    umar, misread = written_name("umar", rasm("عمر")), written_name("ghmr", rasm("غمر"))
    assert given_compatible(umar, misread)
    assert not given_compatible("umar", "ghmr")  # without the shapes: two names
    # Other letters, not other dots: still two names, whatever the script.
    assert not given_compatible(written_name("muhammad", rasm("محمد")), written_name("mahmud", rasm("محمود")))
    assert not given_compatible(written_name("muhammad", None), written_name("mahmud", rasm("محمود")))


def test_two_latin_lists_may_write_one_name_with_other_vowels_and_a_title_may_be_dropped():
    from athar.linkage.variants import LATIN_MARK

    assert given_compatible(LATIN_MARK + "jamal", LATIN_MARK + "jamil")  # Djamel / Jamil for جميل
    assert not given_compatible("jamal|JMAL", "jamil|JMBL")  # in Arabic letters: two names
    assert given_compatible("shaikh musa", "musa")  # شيخ موسى with and without its title
    assert not given_compatible("shaikh musa", "ahmad")


def test_two_swapped_adjacent_digits_are_one_typing_error_but_two_far_apart_are_not():
    assert national_ids_compatible("02010123456", "02010124356")
    assert national_ids_compatible("02010123456", "20010123456")
    assert not national_ids_compatible("02010123456", "02010623451")
    assert not national_ids_compatible("02010123456", "02010123465 ")


def test_an_agreeing_national_id_overrules_a_mistyped_given_name_but_not_a_different_sex():
    # "Joseph" mistyped "Jpseph" romanises far from "yusuf": the ID says it is one person.
    same = [NodeFacts(("a", "1"), national_id="82665245", given="~yusuf"),
            NodeFacts(("b", "1"), national_id="28665245", given="~jpsef")]
    assert _checker().pair(*same) is None
    assert len(set(cluster(same, [Edge(0, 1, 0.99)], 0.5, checker=_checker()).labels)) == 1
    other_sex = [NodeFacts(("a", "1"), national_id="82665245", given="~yusuf", sex="M"),
                 NodeFacts(("b", "1"), national_id="82665245", given="~yusuf", sex="F")]
    assert _checker().pair(*other_sex) == "sex"
    no_ids = [NodeFacts(("a", "1"), given="~yusuf"), NodeFacts(("b", "1"), given="~jpsef")]
    assert _checker().pair(*no_ids) == "given_name"


def test_one_record_per_source_keeps_a_person_from_taking_two_records_of_one_list():
    nodes = [NodeFacts(("a", "1"), given="ali"), NodeFacts(("b", "1"), given="ali"), NodeFacts(("b", "2"), given="ali")]
    edges = [Edge(0, 1, 0.99, 12.0), Edge(0, 2, 0.9, 6.0)]
    labels = cluster(nodes, edges, 0.5, checker=_checker(), one_per_source=True).labels
    assert labels[0] == labels[1] != labels[2]
    # Without it (a deduplication run) all three may be one person.
    assert len(set(cluster(nodes, edges, 0.5, checker=_checker()).labels)) == 1


def test_two_namesakes_in_one_list_that_fit_equally_leave_the_choice_to_review():
    nodes = [NodeFacts(("a", "1"), given="ali"), NodeFacts(("b", "1"), given="ali"), NodeFacts(("b", "2"), given="ali")]
    edges = [Edge(0, 1, 0.95, 10.0), Edge(0, 2, 0.94, 9.6)]
    result = cluster(nodes, edges, 0.5, checker=_checker(), one_per_source=True)
    assert len(set(result.labels)) == 3
    assert result.merges_refused["rival_in_source"] == 2


def test_a_thin_record_two_persons_compete_for_is_left_to_the_person_pass():
    # Records 0 and 1 identify person A, 2 identifies person B; 3 ("Kamal Amjad, about 40")
    # was placed with A by its stronger pair, but B's record was scored against it too.
    # Record 4, thin as well, met only A's records: no rival, it stays.
    labels = [0, 0, 1, 0, 0]
    identifying = [True, True, True, False, False]
    edges = [Edge(0, 1, 0.99, 12.0), Edge(0, 3, 0.73, 1.4), Edge(2, 3, 0.67, 1.0), Edge(1, 4, 0.9, 3.2)]
    out = detach_ambiguous(labels, edges, identifying)
    assert out[:3] == [0, 0, 1] and out[4] == 0
    assert out[3] not in (0, 1)  # alone, a unit of its own for the person pass


def test_a_two_part_name_another_person_fits_by_the_other_reading_is_left_to_the_person_pass():
    # Record 0: Ahmad son of Hazim al-Adnan (cluster 0); record 1: Ahmad son of Adnan Abu Yazan
    # (cluster 1). Record 2, "Ahmad Adnan", was placed with the first (its second part as the
    # family name), but the second fits it as his father's name: two persons compete.
    names = [NameKeys("ahmd", "hzm", "adnn", "M", 1978, 1978), NameKeys("ahmd", "adnn", "abyzn", "M", 1977, 1977),
             NameKeys("ahmd", None, "adnn", "M", 1979, 1979)]
    identifying = [True, True, False]
    out = detach_reading_rivals([0, 1, 0], names, identifying)
    assert out[:2] == [0, 1] and out[2] not in (0, 1)
    # Kept by a reviewer's decision; no rival when the other person's sex or birth contradicts.
    assert detach_reading_rivals([0, 1, 0], names, identifying, keep=[2]) == [0, 1, 0]
    far = [names[0], replace(names[1], birth_lo=1960, birth_hi=1960), names[2]]
    assert detach_reading_rivals([0, 1, 0], far, identifying) == [0, 1, 0]
    woman = [names[0], replace(names[1], sex="F"), names[2]]
    assert detach_reading_rivals([0, 1, 0], woman, identifying) == [0, 1, 0]
    # A namesake by the same reading (another al-Adnan) is the clustering's to weigh, not this rule's.
    same_reading = [names[0], NameKeys("ahmd", "mhmd", "adnn", "M", 1978, 1978), names[2]]
    assert detach_reading_rivals([0, 1, 0], same_reading, identifying) == [0, 1, 0]
    # Nor is a record both readings fit within its own cluster, nor one in a cluster of thin records.
    both = [names[0], names[1], names[2], NameKeys("ahmd", "adnn", "adnn", "M", 1978, 1978)]
    assert detach_reading_rivals([0, 1, 0, 0], both, [True, True, False, True]) == [0, 1, 0, 0]
    assert detach_reading_rivals([0, 1, 2], names, identifying) == [0, 1, 2]


def test_detaching_keeps_a_reviewers_decision_and_never_moves_identifying_records():
    labels = [0, 1, 0]
    identifying = [True, True, False]
    edges = [Edge(0, 2, 0.9, 3.0), Edge(1, 2, 0.5, 0.0)]
    assert detach_ambiguous(labels, edges, identifying, keep=[2]) == [0, 1, 0]
    assert detach_ambiguous(labels, edges, identifying, cannot_link=[(2, 1)]) == [0, 1, 0]  # no rival
    assert detach_ambiguous(labels, edges, identifying)[2] == 2
    # A rival that is itself thin does not compete: the pass places thin records against persons.
    assert detach_ambiguous([0, 1, 0], [Edge(0, 2, 0.9, 3.0), Edge(1, 2, 0.5, 0.0)], [True, False, False]) == [0, 1, 0]
