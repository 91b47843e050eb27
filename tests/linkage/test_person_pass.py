"""The person-level second pass: pooled evidence, normalisation over candidates and "nobody",
attachment only when one person is clearly best and the guards allow it."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from athar.linkage import person_pass, sql_functions
from athar.linkage.clustering import FactChecker, NodeFacts
from athar.linkage.person_pass import PooledScore
from athar.linkage.variants import given_compatible


def test_the_two_readings_mix_with_equal_weight():
    bits = person_pass.mixed_bits([PooledScore(0, 5, 10.0), PooledScore(0, 5, 12.0, father_reading=True),
                                   PooledScore(1, 5, 8.0)])
    # log2(0.5 * 2^10 + 0.5 * 2^12) and log2(0.5 * 2^8): a reading that found nothing adds nothing.
    assert bits[(0, 5)] == pytest.approx(math.log2(0.5 * 2**10 + 0.5 * 2**12))
    assert bits[(1, 5)] == pytest.approx(7.0)


def test_the_best_pair_of_a_reading_counts_once():
    bits = person_pass.mixed_bits([PooledScore(0, 5, 10.0), PooledScore(0, 5, 6.0)])
    assert bits[(0, 5)] == pytest.approx(9.0)


def test_share_with_a_person_is_estimated_from_the_data():
    n_persons = 1000
    strong = {(u, 100 + u): 30.0 for u in range(80)}  # 80 units with a certain person
    assert person_pass.estimate_share(strong, 100, n_persons) == pytest.approx(0.8, abs=1e-3)
    weak = {(u, 100 + u): 0.0 for u in range(80)}  # candidates no likelier than anyone
    assert person_pass.estimate_share(weak, 100, n_persons) < 0.01
    assert person_pass.estimate_share({}, 100, n_persons) == 0.0


def test_fit_learns_how_each_source_writes_two_part_names():
    scores = []
    unit_source = {}
    for u in range(60):  # "register" writes given + family, "testimony" given + father
        writes_father = u % 2 == 1
        unit_source[u] = "testimony" if writes_father else "register"
        scores += [PooledScore(u, 1000 + u, 25.0, father_reading=writes_father),
                   PooledScore(u, 1000 + u, 2.0, father_reading=not writes_father)]
    fitted = person_pass.fit(scores, unit_source, 100, 10_000)
    assert fitted.father_share["testimony"] > 0.9
    assert fitted.father_share["register"] < 0.1
    assert fitted.share == pytest.approx(0.6, abs=0.01)
    # The mixed evidence is close to the reading the source uses (log2 of ~0.97 × 2^25).
    assert fitted.bits[(1, 1001)] == pytest.approx(25.0, abs=0.1)
    assert person_pass.fit([], {}, 0, 10).bits == {}


def _decide(bits, labels, units, n_persons, **kw):
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, []).append(i)
    return person_pass.decide(bits, labels, units, n_persons, members=members,
                              compatible=kw.pop("compatible", lambda _a, _b: None), **kw)


UNITS = range(100)


def _population(strong=30.0):
    """Units 0..99 (records 0..99): the first 50 with one clear person each (labels 1000 + u),
    the others with no candidate, so that π is about one half."""
    labels = list(UNITS) + [1000 + u for u in range(50)]
    bits = {(u, 1000 + u): strong for u in range(50)}
    return labels, bits


def test_a_clear_best_person_is_attached():
    labels, bits = _population()
    result = _decide(bits, labels, UNITS, 10_000)
    assert result.attached == 50
    assert result.labels[:50] == [1000 + u for u in range(50)]
    assert result.candidates[0][0].person == 1000 and result.candidates[0][0].probability > 0.99
    assert 0 in result.attached_units


def test_two_namesakes_equally_good_go_to_review_not_a_coin_toss():
    labels, bits = _population()
    labels += [2000]  # a second person, as good as the first for unit 0
    bits[(0, 2000)] = bits[(0, 1000)]
    result = _decide(bits, labels, UNITS, 10_000)
    assert result.labels[0] == 0  # left alone
    assert 0 not in result.attached_units
    ranked = result.candidates[0]
    assert {c.person for c in ranked} == {1000, 2000}
    assert ranked[0].probability == pytest.approx(ranked[1].probability)
    assert ranked[0].probability < 0.5


def test_a_namesake_close_behind_the_best_sends_the_unit_to_review():
    # Person 1000 is likelier than person 2000 and "nobody" together (P > 0.5), but only
    # 2^2 times likelier than 2000: two men fit the name, and one is not clearly the one.
    labels, bits = _population()
    labels += [2000, 3000]
    bits[(0, 2000)] = bits[(0, 1000)] - 2.0
    bits[(1, 3000)] = bits[(1, 1001)] - person_pass.RIVAL_MARGIN_BITS - 0.5  # far enough behind
    result = _decide(bits, labels, UNITS, 10_000)
    ranked = result.candidates[0]
    assert ranked[0].person == 1000 and ranked[0].probability > 0.5
    assert ranked[1].person == 2000
    assert result.labels[0] == 0 and 0 not in result.attached_units
    assert result.refused == {"rival": 1}
    assert result.labels[1] == 1001 and 1 in result.attached_units


def test_namesakes_tied_on_evidence_list_the_one_with_fewer_records_first():
    # Person 2000 reaches unit 0's evidence with three records, person 3000 with one: the
    # per-field best over three records is the likelier to be chance.
    labels, bits = _population()
    labels += [2000, 2000, 2000, 3000]
    bits[(0, 2000)] = bits[(0, 3000)] = bits[(0, 1000)]
    ranked = _decide(bits, labels, UNITS, 10_000).candidates[0]
    assert [c.person for c in ranked] == [1000, 3000, 2000]
    assert ranked[1].probability == ranked[2].probability


def test_weak_evidence_leaves_the_unit_alone():
    labels, bits = _population()
    bits[(0, 1000)] = 3.0  # a common two-part name and nothing else
    result = _decide(bits, labels, UNITS, 10_000)
    assert result.labels[0] == 0
    assert result.attached == 49


def test_a_higher_run_threshold_is_respected():
    labels, bits = _population()
    bits[(0, 1000)] = 15.0
    low = _decide(bits, labels, UNITS, 10_000)
    high = _decide(bits, labels, UNITS, 10_000, attach_probability=0.999)
    p = low.candidates[0][0].probability
    assert 0.5 < p < 0.999
    assert low.labels[0] == 1000 and high.labels[0] == 0


def test_the_guards_refuse_and_keep_the_candidates():
    labels, bits = _population()
    result = _decide(bits, labels, UNITS, 10_000,
                     compatible=lambda unit, _person: "birth_year" if 0 in unit else None)
    assert result.labels[0] == 0
    assert result.refused == {"birth_year": 1}
    assert result.candidates[0][0].person == 1000


def _nodes():
    return [NodeFacts(("testimonies", "t1"), given="ahmad", birth_lo=1980, birth_hi=1981, sex="M"),
            NodeFacts(("register", "r1"), given="ahmad", birth_lo=1981, birth_hi=1981, sex="M"),
            NodeFacts(("register", "r2"), given="ahmad", birth_lo=1960, birth_hi=1960, sex="M"),
            NodeFacts(("testimonies", "t2"), given="ahmad", birth_lo=1981, birth_hi=1981, sex="M")]


def test_guard_checks_hard_facts_sources_and_reviewers():
    checker = FactChecker(given_compatible)
    ok = person_pass.guard(_nodes(), checker)
    assert ok([0], [1]) is None
    assert ok([0], [1, 2]) == "birth_year"  # every record of the person counts
    per_source = person_pass.guard(_nodes(), checker, one_per_source=True)
    assert per_source([0], [1, 3]) == "one_per_source"
    assert per_source([0], [1]) is None
    reviewed = person_pass.guard(_nodes(), checker, cannot_link=[(1, 0)])
    assert reviewed([0], [1]) == "cannot_link"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    from athar import synth
    from athar.linkage.pipeline import link

    base = tmp_path_factory.mktemp("person-pass")
    data = synth.generate(2500, seed=7, out_dir=base / "data")
    with_pass, without = base / "with", base / "without"
    link([data.records_csv], with_pass)
    link([data.records_csv], without, pool_persons=False)
    return Path(data.truth_csv), with_pass, without, Path(data.records_csv)


def test_the_pass_attaches_thin_records_without_losing_precision(synthetic):
    from athar.linkage.benchmark import pairwise_accuracy
    from athar.linkage.difficulty import thin_attachment

    truth, with_pass, without, _records = synthetic
    after = pairwise_accuracy(with_pass / "clusters.csv", truth, cross_source_only=False)
    before = pairwise_accuracy(without / "clusters.csv", truth, cross_source_only=False)
    assert after.recall > before.recall + 0.01, (before, after)
    assert after.f1 > before.f1
    assert after.precision > 0.98
    thin_after = thin_attachment(with_pass / "features.parquet", with_pass / "clusters.csv", truth)
    thin_before = thin_attachment(without / "features.parquet", without / "clusters.csv", truth)
    assert thin_after.attached > thin_before.attached
    assert thin_after.correct_share >= 0.95


def test_the_pass_writes_its_review_queue_and_counts(synthetic):
    import json

    _truth, with_pass, without, records = synthetic
    run = json.loads((with_pass / "run.json").read_text(encoding="utf-8"))["person_pass"]
    assert run["attached"] > 0 and run["thin_units"] >= run["attached"]
    assert 0 < run["share_with_person"] < 1
    # Thin records another person competed for left their pairwise cluster, each a unit of the
    # pass (none in this small set; `test_clustering` pins which leave).
    assert isinstance(run["taken_from_clusters"], int) and run["taken_from_clusters"] <= run["thin_units"]
    # The timeline's learnt weights, from persons' first arrests and (none on record) first events.
    timeline = run["timeline"]
    assert timeline["pairs"] > 0 and timeline["pairs_without_arrest"] > 0
    for weights in (timeline["bits_by_years_after_arrest"], timeline["bits_by_years_after_first_event"]):
        assert list(weights) == list(person_pass.TIMELINE_BINS)
    assert timeline["bits_by_years_after_arrest"]["before"] < 0 < timeline["bits_by_years_after_arrest"]["0"]
    with (with_pass / "candidates.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["source", "record_id", "rank", "cluster_id", "probability", "decision"]
    clusters = {}
    with (with_pass / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            clusters[(r["source"], r["record_id"])] = r["cluster_id"]
    attached = [r for r in rows if r["decision"] == "attached"]
    assert len({(r["source"], r["record_id"]) for r in attached}) >= run["attached"]
    for r in attached:  # the record now sits in the person it was attached to
        assert r["rank"] == "1" and clusters[(r["source"], r["record_id"])] == r["cluster_id"]
        assert float(r["probability"]) >= 0.5
    review = [r for r in rows if r["decision"] == "review" and r["rank"] == "1"]
    assert review and all(clusters[(r["source"], r["record_id"])] != r["cluster_id"] for r in review)
    assert set(clusters.values()) >= {r["cluster_id"] for r in rows}
    assert not (without / "candidates.csv").exists()
    assert json.loads((without / "run.json").read_text(encoding="utf-8"))["person_pass"]["attached"] == 0
    del records


def test_missed_pairs_are_all_accounted_for(synthetic):
    from athar.linkage.benchmark import pairwise_accuracy
    from athar.linkage.missed import missed_pairs

    truth, with_pass, without, _records = synthetic
    for run in (with_pass, without):
        accuracy = pairwise_accuracy(run / "clusters.csv", truth, cross_source_only=False)
        missed = missed_pairs(run, truth, threshold=0.5)
        assert missed.true_pairs == accuracy.true_pairs
        assert missed.missed == accuracy.true_pairs - accuracy.correct_pairs > 0
        assert (missed.never_compared + missed.scored_below_kept + missed.below_threshold
                + missed.kept_apart) == missed.missed
        assert missed.fragments_linkable + missed.fragments_scored <= missed.missed
    # The pass places thin records that blocking never paired with their person.
    assert (missed_pairs(with_pass, truth, threshold=0.5).never_compared
            < missed_pairs(without, truth, threshold=0.5).never_compared)


def test_review_coverage_counts_the_unattached_whose_person_is_a_candidate(synthetic):
    from athar.linkage.difficulty import review_coverage, thin_attachment

    truth, with_pass, without, _records = synthetic
    files = (with_pass / "features.parquet", with_pass / "clusters.csv")
    thin = thin_attachment(*files, truth)
    coverage = review_coverage(*files, with_pass / "candidates.csv", truth)
    assert coverage.left == thin.eligible - thin.attached
    assert 0 < coverage.covered <= coverage.left
    none = review_coverage(without / "features.parquet", without / "clusters.csv", without / "candidates.csv", truth)
    assert none.covered == 0 and none.share == 0.0


def test_a_unit_left_alone_keeps_its_best_candidates_however_weak():
    labels, bits = _population()
    labels += [2000 + k for k in range(12)]
    for k in range(12):  # twelve namesakes, none likelier than anyone
        bits[(60, 2000 + k)] = float(k) / 10
    result = _decide(bits, labels, UNITS, 10_000)
    ranked = result.candidates[60]
    assert len(ranked) == person_pass.REVIEW_CANDIDATES == 10
    assert all(c.probability < 0.01 for c in ranked)
    assert [c.person for c in ranked[:2]] == [2011, 2010]
    assert result.labels[60] == 60


def test_namesakes_left_unscored_still_weigh_against_the_best():
    cands = {7: 20.0, 8: 10.0}
    alone = person_pass._posteriors(cands, 0.5, 10_000)
    crowded = person_pass._posteriors(cands, 0.5, 10_000, omitted=50)
    # Each of the 50 counts as much as the weakest scored candidate (10 bits).
    log_lambda = math.log2(0.5 / 10_000)
    total = 0.5 + 2 ** (log_lambda + 20) + 51 * 2 ** (log_lambda + 10)
    assert crowded[7] == pytest.approx(2 ** (log_lambda + 20) / total)
    assert crowded[7] < alone[7]


def test_a_person_already_listed_by_the_units_source_is_less_likely():
    # Persons 100..199, one "register" record each (records 0..99), person 100 two; the units 200
    # (a register record) and 201 (a testimony) are candidates of persons 100 and 101.
    members = {100 + k: [k] for k in range(100)}
    members[100] = [0, 300]
    members[200], members[201] = [200], [201]
    source = {**{k: "register" for k in range(100)}, 300: "register", 200: "register", 201: "testimony"}
    out = {(u, p): (10.0, -math.inf) for u in (200, 201) for p in range(100, 200)}
    person_pass.add_source_evidence(out, members, source.__getitem__)
    # Every person holds a register record (q = 101/102), one in a hundred two (r = 2/102).
    q, r = 101 / 102, 2 / 102
    assert out[(200, 150)][0] == pytest.approx(10.0 + math.log2(r / q))
    # No person holds a testimony (q = 1/102, r = 1/2): a small bonus for every one of them.
    assert out[(201, 150)][0] == pytest.approx(10.0 + math.log2((1 - 1 / 2) / (1 - 1 / 102)))
    assert out[(201, 150)][1] == -math.inf  # a reading with no score stays without one
    empty: dict[tuple[int, int], tuple[float, float]] = {}
    person_pass.add_source_evidence(empty, members, source.__getitem__)
    assert empty == {}



def _random_entries(seed: int) -> tuple[dict[tuple[int, int], tuple[float, float]], dict[int, list[int]],
                                        dict[int, str], dict[int, str]]:
    """Readings of 40 units against 300 persons, some with one reading only, and the records'
    and units' sources."""
    import random

    rng = random.Random(seed)
    members = {label: [label * 10 + k for k in range(1 + label % 3)] for label in range(340)}
    source = {i: rng.choice("ABC") for records in members.values() for i in records}
    readings: dict[tuple[int, int], tuple[float, float]] = {}
    for _ in range(2000):
        unit, person = rng.randrange(300, 340), rng.randrange(300)
        family, father = rng.uniform(-20, 40), rng.uniform(-20, 40)
        kind = rng.randrange(3)
        readings[(unit, person)] = (family if kind != 1 else -math.inf, father if kind != 0 else -math.inf)
    unit_source = {unit: source[members[unit][0]] for unit in range(300, 340)}
    return readings, members, source, unit_source


def test_the_sources_and_the_readings_mix_as_one_entry_at_a_time():
    # The arrays give, to the bit, what a call per entry gives: the sources' bits summed in the
    # unit's record order (`_source_bits`), the two readings mixed by `_mix`.
    readings, members, source, unit_source = _random_entries(7)
    persons = {p for _u, p in readings}
    held = {p: {source[i] for i in members[p]} for p in persons}
    one = {s: sum(s in held[p] for p in persons) for s in "ABC"}
    two = {s: sum(sum(source[i] == s for i in members[p]) >= 2 for p in persons) for s in "ABC"}

    def added(unit: int, person: int) -> float:
        total = 0.0
        for i in members[unit]:
            s = source[i]
            q, r = (one[s] + 1) / (len(persons) + 2), (two[s] + 1) / (one[s] + 2)
            total += math.log2(r / q) if s in held[person] else math.log2((1 - r) / (1 - q))
        return total

    expected = {key: (a + added(*key), b + added(*key)) for key, (a, b) in readings.items()}
    person_pass.add_source_evidence(readings, members, source.__getitem__)
    assert list(readings.items()) == list(expected.items())
    fitted = person_pass.fit_readings(dict(readings), unit_source, 40, 300)
    assert list(fitted.bits) == list(readings)
    for key, (a, b) in readings.items():
        assert fitted.bits[key] == person_pass._mix(a, b, fitted.father_share[unit_source[key[0]]])


def _reference_em(readings: dict[tuple[int, int], tuple[float, float]], unit_source: dict[int, str],
                  n_units: int, n_persons: int) -> tuple[float, dict[str, float]]:
    """The person pass's EM for π and each source's father-reading share written one entry at a
    time: every entry's two readings mixed, its father responsibility computed, in Python floats."""
    share, father_share = 0.5, dict.fromkeys(sorted(set(unit_source.values())), person_pass.FATHER_READING_SHARE)
    by_unit: dict[int, list[tuple[float, float]]] = {}
    for (unit, _person), pair in sorted(readings.items()):
        by_unit.setdefault(unit, []).append(pair)
    for _ in range(person_pass.EM_ITERATIONS):
        total_post, weighed, as_father = 0.0, dict.fromkeys(father_share, 0.0), dict.fromkeys(father_share, 0.0)
        for unit, pairs in by_unit.items():
            f = father_share[unit_source[unit]]
            mixed = [person_pass._log2_sum([math.log2(1 - f) + a, math.log2(f) + b]) for a, b in pairs]
            terms = [math.log2(share / n_persons) + x for x in mixed]
            total = person_pass._log2_sum([math.log2(1 - share), *terms])
            for (_a, b), x, t in zip(pairs, mixed, terms, strict=True):
                post = 2.0 ** (t - total)
                total_post += post
                weighed[unit_source[unit]] += post
                as_father[unit_source[unit]] += post * (2.0 ** (math.log2(f) + b - x) if b > -math.inf else 0.0)
        new_share = min(max(total_post / n_units, 1e-6), 1 - 1e-6)
        new_father = {s: (as_father[s] + 1.0) / (weighed[s] + 2.0) for s in father_share}
        moved = max(abs(new_share - share), *(abs(new_father[s] - father_share[s]) for s in father_share))
        share, father_share = new_share, new_father
        if moved < person_pass.EM_TOLERANCE:
            break
    return share, father_share


def test_the_arrays_em_learns_what_an_entry_at_a_time_em_learns():
    # `_em` mixes only the entries read both ways and takes the others' terms as they are; an
    # entry-at-a-time EM that mixes and weighs every entry must land on the same π and shares.
    for seed in (3, 11):
        readings, _members, _source, unit_source = _random_entries(seed)
        # As many persons as leave π off its clamps with random bits up to 40.
        fitted = person_pass.fit_readings(dict(readings), unit_source, 40, 2**39)
        share, father_share = _reference_em(readings, unit_source, 40, 2**39)
        assert fitted.share == pytest.approx(share, abs=1e-9)
        assert fitted.father_share == pytest.approx(father_share, abs=1e-9)
        assert 1e-6 < share < 1 - 1e-6 and len({round(v, 3) for v in father_share.values()}) == 3


def test_deciding_from_arrays_ranks_as_a_dict_per_unit():
    # The units' candidates are sliced out of arrays in the order of scoring; the posteriors
    # and the ranking are those of `_posteriors` on a dict per unit.
    readings, members, _source, _unit_source = _random_entries(11)
    bits = {key: max(a, b) for key, (a, b) in readings.items()}
    result = person_pass.decide(bits, list(range(3400)), range(300, 340), 300, members=members,
                                compatible=lambda _u, _p: None, share=0.4, omitted={305: 3})
    for unit, ranked in result.candidates.items():
        cands = {p: b for (u, p), b in bits.items() if u == unit}
        post = person_pass._posteriors(cands, 0.4, 300, 3 if unit == 305 else 0)
        best = sorted(cands, key=lambda k: (-post[k], len(members[k]), k))[:person_pass.REVIEW_CANDIDATES]
        assert [(c.person, c.probability, c.bits) for c in ranked] == [(k, post[k], cands[k]) for k in best]

def test_keys_one_letter_apart_share_a_variant():
    import duckdb

    from athar.linkage.person_scores import _variants

    con = sql_functions.register(duckdb.connect())
    variants = f"SELECT {_variants('k')} FROM (SELECT ?::VARCHAR AS k)"  # noqa: S608 — our own SQL
    shared = (f"SELECT len(list_intersect({_variants('a')}, {_variants('b')})) "  # noqa: S608
              "FROM (SELECT ?::VARCHAR AS a, ?::VARCHAR AS b)")
    assert con.execute(variants, ["g:dhn"]).fetchall()[0][0] == ["g:dhn", "g:hn", "g:dn", "g:dh"]
    for a, b in [("g:dhn", "g:dn"), ("g:thnn", "g:tnn"), ("g:nsb", "g:nst"), ("g:trf", "g:trk")]:
        assert con.execute(shared, [a, b]).fetchall()[0][0] > 0, (a, b)
    assert con.execute(shared, ["g:dhn", "g:mhmd"]).fetchall()[0][0] == 0


def test_a_two_letter_key_meets_its_three_letter_neighbours_only():
    import duckdb

    from athar.linkage.person_scores import _variants

    con = sql_functions.register(duckdb.connect())
    variants = f"SELECT {_variants('k')} FROM (SELECT ?::VARCHAR AS k)"  # noqa: S608 — our own SQL
    shared = (f"SELECT len(list_intersect({_variants('a')}, {_variants('b')})) "  # noqa: S608
              "FROM (SELECT ?::VARCHAR AS a, ?::VARCHAR AS b)")
    assert con.execute(variants, ["g:dn"]).fetchall()[0][0] == ["g:dn"]  # no one-letter variants
    assert con.execute(shared, ["g:dhn", "g:dn"]).fetchall()[0][0] == 1  # دهني / دهيني
    assert con.execute(shared, ["g:dn", "g:dm"]).fetchall()[0][0] == 0  # one shared letter is not enough


def _timeline_population():
    """200 units; unit u's own person is 1000 + u, and it has five namesakes 2000 + 5u + k with
    nearly the same evidence (8 bits, the own person 9). The own person was arrested in the year
    of the unit's sighting or the year before; the namesakes two years after it (two in five),
    in its year, three or six years before it."""
    bits, years = {}, {}
    for u in range(200):
        bits[(u, 1000 + u)] = 9.0
        years[(u, 1000 + u)] = u % 2
        for k in range(5):
            bits[(u, 2000 + 5 * u + k)] = 8.0
            years[(u, 2000 + 5 * u + k)] = (-2, -2, 0, 3, 6)[k]
    return bits, years


def test_the_timeline_bins_cover_every_year():
    assert [person_pass.TIMELINE_BINS[person_pass.timeline_bin(y)] for y in (-7, -1, 0, 1, 2, 3, 4, 5, 30)] == [
        "before", "before", "0", "1", "2", "3-4", "3-4", "5+", "5+"]


def test_the_timeline_is_learnt_from_the_data_and_moves_the_ranking():
    bits, years = _timeline_population()
    out, timeline = person_pass.with_timeline_evidence(bits, years, 200, 1200, share=0.5)
    # A unit's record dated before a person's arrest, or years after it, is rarely that
    # person's; in the year of the arrest or the next it is more often than a namesake's.
    assert timeline.pairs == 1200
    weights = timeline.bits_by_bin()
    assert weights["before"] < -4 and weights["3-4"] < -1 and weights["5+"] < -1
    assert weights["0"] > 0.5 and weights["1"] > 1
    assert out[(0, 1000)] == pytest.approx(9.0 + weights["0"])
    assert out[(1, 1001)] == pytest.approx(9.0 + weights["1"])
    assert out[(0, 2000)] == pytest.approx(8.0 + weights["before"])
    assert out[(0, 2004)] == pytest.approx(8.0 + weights["5+"])
    assert timeline.bits(6) == weights["5+"]
    # An own person arrested the year before leads every namesake by more than its one bit.
    assert min(out[(1, 1001)] - out[(1, 2005 + k)] for k in range(5)) > 1
    # Started from the mirror hypothesis, EM still finds the rates only where the data put them.
    assert person_pass.TIMELINE_START[0] < person_pass.TIMELINE_START[1]
    # An entry without both years keeps its bits.
    del years[(1, 1001)]
    out, _ = person_pass.with_timeline_evidence(bits, years, 200, 1200, share=0.5)
    assert out[(1, 1001)] == 9.0
    assert person_pass.with_timeline_evidence({}, {}, 0, 0, share=0.5)[0] == {}


def test_the_timeline_is_learnt_from_units_whose_every_namesake_was_scored():
    # 200 more units of a common name, each scored against five namesakes picked (among 50) by
    # the year of their events: all of them in the sighting's year. Learnt from, they would make
    # "the same year" common among namesakes; they are not learnt from, only weighed.
    bits, years = _timeline_population()
    _, alone = person_pass.with_timeline_evidence(bits, years, 200, 1200, share=0.5)
    omitted = {}
    for u in range(200, 400):
        bits[(u, 1000 + u)] = 9.0
        years[(u, 1000 + u)] = 1
        for k in range(5):
            bits[(u, 5000 + 5 * u + k)] = 8.0
            years[(u, 5000 + 5 * u + k)] = 0
        omitted[u] = 50
    out, picked = person_pass.with_timeline_evidence(bits, years, 400, 2400, share=0.5, omitted=omitted)
    assert picked.pairs == 2400
    # (Learnt from as well, "the same year" would weigh −5.7 bits here.)
    assert picked.bits_by_bin()["0"] == pytest.approx(alone.bits_by_bin()["0"], abs=0.2)
    assert out[(200, 6000)] == pytest.approx(8.0 + picked.bits_by_bin()["0"])


def test_a_timeline_bin_with_few_entries_weighs_little():
    # Five units, each with its own person in the sighting's year and twenty namesakes; one
    # namesake two years before: one entry says little about that bin.
    bits, years = {}, {}
    for u in range(5):
        bits[(u, 1000 + u)] = 9.0
        years[(u, 1000 + u)] = 0
        for k in range(20):
            bits[(u, 2000 + 50 * u + k)] = 3.0
            years[(u, 2000 + 50 * u + k)] = (-2, 0, 1, 3, 6)[k % 5]
    bits[(0, 9999)] = 3.0
    years[(0, 9999)] = 2
    _, timeline = person_pass.with_timeline_evidence(bits, years, 5, 200, share=0.5)
    assert abs(timeline.bits_by_bin()["2"]) < 0.5
    assert timeline.bits_by_bin()["0"] > 1


def _picked_record(uid: int) -> int:
    """The record a look-up's copied row stands for (the copies' ids encode it:
    `person_scores._record_id`)."""
    from athar.linkage import person_scores

    return (-uid - 1) // person_scores._PICK_SLOTS


# A thin record in `_wider_tables`' layout: id, given name, given key, family key.
_UNIT_ROW = "INSERT INTO units VALUES (?, 't', ?, ?, NULL, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"


def _wider_tables(con):
    columns = ("unique_id BIGINT, source VARCHAR, given VARCHAR, given_key VARCHAR, father_key VARCHAR, "
               "family_key VARCHAR, sex VARCHAR, birth_lo INTEGER, birth_hi INTEGER, event_place_key VARCHAR, "
               "event_year INTEGER, arrest_date VARCHAR, governorate_key VARCHAR, birth_place_key VARCHAR, "
               "athar_pick BIGINT")
    con.execute(f"CREATE TABLE units ({columns})")
    con.execute(f"CREATE TABLE persons ({columns})")
    con.execute("CREATE TABLE athar_pass_fits (unique_id BIGINT, person BIGINT, kept BOOLEAN)")
    unit = _UNIT_ROW
    person = "INSERT INTO persons VALUES (?, 'r', ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, NULL, NULL, NULL, ?)"
    # Record 1, "sair salih": its given name misread (ثائر → سائر); person 10 is "thair farj salih",
    # person 11 "ali ahmad salih" (a namesake of the family name only), person 12 "thair bakr
    # salih" born ten years apart (refused by the birth years), person 13 "thair salih farj"
    # (salih the father: the father reading's table finds him, not this one).
    con.execute(unit, [1, "sair", "g:sr", "g:sl"])
    con.execute("UPDATE units SET birth_lo = 1980, birth_hi = 1980 WHERE unique_id = 1")
    con.execute(person, [100, "thair", "g:tr", "g:frj", "g:sl", 1980, 1980, 10])
    con.execute(person, [101, "ali", "g:l", "g:hmd", "g:sl", None, None, 11])
    con.execute(person, [102, "thair", "g:tr", "g:bkr", "g:sl", 1990, 1990, 12])
    con.execute(person, [103, "thair", "g:tr", "g:sl", "g:frj", 1980, 1980, 13])
    # Record 2, "umar abuamrmhmud" of a register: family and given name run together (the key
    # cut at five letters); person 20 is "mahmud umar abuamer".
    con.execute(unit, [2, "umar", "g:mr", "g:bmrmh"])
    con.execute(person, [200, "mahmud", "g:mhmd", "g:mr", "g:bmr", None, None, 20])
    # Record 4, "anas slihayad": the same, but the family name's key dropped its final h (salih →
    # sl) which the joined word keeps (slihayad → slhd); person 40 is "iyad anas slih".
    con.execute(unit, [4, "anas", "g:ns", "g:slhd"])
    con.execute(person, [400, "iyad", "g:d", "g:ns", "g:sl", None, None, 40])
    # Record 3 fits ten persons by its name already: no room left in its review queue.
    con.execute(unit, [3, "ahmad", "g:hmd", "g:sl"])
    con.executemany("INSERT INTO athar_pass_fits VALUES (3, ?, true)", [[300 + k] for k in range(10)])


def test_a_thin_record_whose_name_finds_few_persons_is_looked_up_wider():
    import duckdb

    from athar.linkage import person_scores

    con = sql_functions.register(duckdb.connect())
    _wider_tables(con)
    table = person_scores._pick_wider(con, "units", "persons", link_only=False)
    assert table == "units_wider"
    rows = con.execute(f"SELECT unique_id, athar_pick FROM {table} ORDER BY 1 DESC").fetchall()  # noqa: S608
    picked = {(_picked_record(uid), pick) for uid, pick in rows}
    # The closest given name first (thair before ali, iyad), the split names found, the full queue left alone.
    assert picked == {(1, 10), (1, 11), (1, 40), (2, 20), (4, 40)}
    first = [pick for uid, pick in rows if _picked_record(uid) == 1]
    assert first[0] == 10
    assert {(u, p) for u, p, _k in con.execute("SELECT * FROM athar_pass_fits WHERE unique_id <> 3").fetchall()} == {
        (1, 10), (1, 11), (1, 40), (2, 20), (4, 40)}
    # Nothing to add: no table.
    con.execute("DELETE FROM units WHERE unique_id <> 3")
    assert person_scores._pick_wider(con, "units", "persons", link_only=False) is None


def test_a_person_whose_family_name_ran_into_the_given_name_is_found_whatever_the_room():
    import duckdb

    from athar.linkage import person_scores

    con = sql_functions.register(duckdb.connect())
    _wider_tables(con)
    unit = _UNIT_ROW
    person = "INSERT INTO persons VALUES (?, 'r', ?, ?, NULL, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?)"
    # Record 5, "muhammad hamami": person 50's register reads "mamun hmamimhmd" (its family name
    # and the given name run together, the key cut at five letters). Record 6, "ahmad salih":
    # person 60 reads "... salihahmad" (the joined word keeps the h that salih's key drops).
    # Record 7's family key has five letters already: nothing to continue.
    con.execute(unit, [5, "muhammad", "g:mhmd", "g:hmm"])
    con.execute(person, [500, "mamun", "g:mmn", "g:hmmmh", 50])
    con.execute(unit, [6, "ahmad", "g:hmd", "g:sl"])
    con.execute(person, [600, "khalid", "g:hld", "g:slhhm", 60])
    con.execute(unit, [7, "ahmad", "g:hmd", "g:hmmmh"])
    # Record 3 is "ahmad salih" too, its queue full: it finds person 60 all the same.
    table = person_scores._pick_joined(con, "units", "persons", link_only=False)
    assert table == "units_joined_wider"
    rows = con.execute(f"SELECT unique_id, athar_pick FROM {table}").fetchall()  # noqa: S608
    picked = {(_picked_record(uid), pick) for uid, pick in rows}
    assert picked == {(3, 60), (5, 50), (6, 60)}
    fits = con.execute("SELECT unique_id, person FROM athar_pass_fits WHERE person IN (50, 60) ORDER BY 1").fetchall()
    assert fits == [(3, 60), (5, 50), (6, 60)]
    # A person already a fit of the record is not picked again; nothing left: no table.
    assert person_scores._pick_joined(con, "units", "persons", link_only=False) is None


def test_a_record_naming_its_person_by_the_fathers_name_first_is_looked_up_when_the_reading_is_rare():
    import duckdb

    from athar.linkage import person_scores

    con = sql_functions.register(duckdb.connect())
    _wider_tables(con)
    unit = _UNIT_ROW
    person = "INSERT INTO persons VALUES (?, 'r', ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?)"
    # Record 8, "zuhair samer": person 80 is "samer zuhair mrhum" (father and given swapped).
    # Record 9, "musa qamr": person 90 is "shaikh musa qamr" (a title read as the given name).
    # Record 10, "ali hasan": four persons "hasan ali ..." — a reading that common says nothing.
    con.execute(unit, [8, "zuhair", "g:dhr", "g:smr"])
    con.execute(person, [800, "samer", "g:smr", "g:dhr", "g:mrhm", 80])
    con.execute(unit, [9, "musa", "g:ms", "g:kmr"])
    con.execute(person, [900, "shaikh", "g:sh", "g:ms", "g:kmr", 90])
    con.execute(unit, [10, "ali", "g:l", "g:hsn"])
    con.executemany(person, [[1000 + k, "hasan", "g:hsn", "g:l", f"g:f{k}", 100 + k] for k in range(4)])
    table = person_scores._pick_reordered(con, "units", "persons", link_only=False)
    assert table == "units_reordered_wider"
    rows = con.execute(f"SELECT unique_id, athar_pick FROM {table}").fetchall()  # noqa: S608
    # Record 3, "ahmad salih", reads as person 11's father and family ("ali ahmad salih") too.
    assert {(_picked_record(uid), pick) for uid, pick in rows} == {(3, 11), (8, 80), (9, 90)}
    assert con.execute("SELECT unique_id, person FROM athar_pass_fits WHERE unique_id >= 8 ORDER BY 1").fetchall() == [
        (8, 80), (9, 90)]
    # Already candidates now: nothing new, no table.
    assert person_scores._pick_reordered(con, "units", "persons", link_only=False) is None


def test_the_one_letter_look_up_skips_a_name_whose_neighbours_are_a_crowd(monkeypatch):
    import duckdb

    from athar.linkage import person_scores

    con = sql_functions.register(duckdb.connect())
    _wider_tables(con)
    person = "INSERT INTO persons VALUES (?, 'r', ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?)"
    # Record 8, "hamid nasr": persons 80 and 81 are hamid ... nasrat, one letter off.
    con.execute(_UNIT_ROW, [8, "hamid", "g:hmd", "g:nsr"])
    con.execute(person, [800, "hamid", "g:hmd", "g:khld", "g:nsrt", 80])
    con.execute(person, [810, "hamid", "g:hmd", "g:mhmd", "g:nsrt", 81])
    con.execute("DELETE FROM units WHERE unique_id <> 8")
    monkeypatch.setattr(person_scores, "MAX_NEAR_RECORDS", 2)
    table = person_scores._pick_near(con, "units", "persons", link_only=False)
    assert table is not None
    picked = {(_picked_record(uid), pick) for uid, pick in con.execute(f"SELECT unique_id, athar_pick FROM {table}").fetchall()}  # noqa: S608
    assert picked == {(8, 80), (8, 81)}
    # A third neighbour's record makes the crowd larger than the cap: the name is not looked up.
    con.execute("DELETE FROM athar_pass_fits")
    con.execute(person, [820, "hamid", "g:hmd", "g:sd", "g:nsrt", 82])
    assert person_scores._pick_near(con, "units", "persons", link_only=False) is None


def test_years_apart_for_arrays_agree_with_the_mapping():
    import numpy as np

    from athar.linkage.person_scores import YearsApart

    years = YearsApart({1: 2014, 2: 2016}, {10: 2013, 11: 2016, 12: 2012})
    units, persons = np.array([1, 1, 2, 3, 2, 1]), np.array([10, 11, 12, 10, 13, 10])
    known, apart = years.between(units, persons)
    for u, p, k, a in zip(units.tolist(), persons.tolist(), known.tolist(), apart.tolist(), strict=True):
        assert k == ((u, p) in years)
        assert a == (years[u, p] if k else 0)
    assert apart.tolist() == [1, -2, 4, 0, 0, 1]
