"""Hard facts typed carelessly (FEBRL-like lists) stop vetoing merges; careful lists keep the veto."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from athar.bench import make_challenge
from athar.linkage import fact_noise
from athar.linkage.benchmark import pairwise_accuracy
from athar.linkage.clustering import Edge, FactChecker, NodeFacts, cluster
from athar.linkage.fact_noise import MIN_SURE_PAIRS, FactNoise, measure
from athar.linkage.incremental import link_new
from athar.linkage.pipeline import link
from athar.linkage.variants import given_compatible


def _pairs(n: int, conflicting: int, *, probability: float = 1.0) -> tuple[list[NodeFacts], list[Edge]]:
    """`n` pairs carrying an ID and a birth year; the first `conflicting` disagree on both."""
    nodes: list[NodeFacts] = []
    edges = []
    for i in range(n):
        other_id, other_year = ("77777777", 1950) if i < conflicting else ("12345678", 1980)
        nodes.append(NodeFacts(("a", str(i)), national_id="12345678", birth_lo=1980, birth_hi=1980))
        nodes.append(NodeFacts(("b", str(i)), national_id=other_id, birth_lo=other_year, birth_hi=other_year))
        edges.append(Edge(2 * i, 2 * i + 1, probability))
    return nodes, edges


def test_it_counts_conflicts_among_the_pairs_the_model_is_sure_of():
    nodes, edges = _pairs(200, 10)
    # A mistyped digit and a birth year 3 years off are no conflict; a pair below 0.99 is not counted.
    nodes += [NodeFacts(("a", "x"), national_id="12345678", birth_lo=1980, birth_hi=1980),
              NodeFacts(("b", "x"), national_id="12345679", birth_lo=1983, birth_hi=1983),
              NodeFacts(("a", "y"), national_id="12345678"), NodeFacts(("b", "y"), national_id="99999999")]
    edges += [Edge(400, 401, 0.995), Edge(402, 403, 0.9)]
    noise = measure(nodes, edges)
    assert noise.carried == {"national_id": 201, "birth_year": 201}
    assert noise.conflicting == {"national_id": 10, "birth_year": 10}


@pytest.mark.parametrize(("n", "conflicting", "vetoes"), [
    (200, 4, False),  # 2.0 %, exactly the bar: careless
    (200, 3, True),
    (MIN_SURE_PAIRS - 1, 30, True),  # too few pairs to judge: the safe default
    (MIN_SURE_PAIRS, 30, False),
])
def test_a_fact_vetoes_unless_enough_sure_pairs_conflict_on_it(n, conflicting, vetoes):
    noise = measure(*_pairs(n, conflicting))
    assert noise.vetoes("national_id") is vetoes
    assert noise.vetoes("birth_year") is vetoes


def test_the_measurement_round_trips_and_an_older_run_keeps_every_veto():
    noise = measure(*_pairs(200, 20))
    again = FactNoise.from_json(json.loads(json.dumps(noise.as_json())))
    assert again.as_json() == noise.as_json()
    assert not again.vetoes("national_id")
    old = FactNoise.from_json(None)
    assert old.vetoes("national_id") and old.vetoes("birth_year")


def test_without_the_veto_the_model_decides_and_the_other_guards_still_hold():
    same = NodeFacts(("a", "1"), national_id="12345678", birth_lo=1980, birth_hi=1980, given="david")
    typed = NodeFacts(("b", "1"), national_id="88888888", birth_lo=1930, birth_hi=1930, given="david")
    other_given = NodeFacts(("b", "2"), national_id="88888888", birth_lo=1930, birth_hi=1930, given="susan")
    careful = FactChecker(given_compatible)
    careless = FactChecker(given_compatible, ids_veto=False, birth_years_veto=False)
    assert careful.pair(same, typed) == "national_id"
    assert careless.pair(same, typed) is None
    assert careless.pair(same, other_given) == "given_name"  # conflicting IDs no longer skip this check
    assert FactChecker(given_compatible, ids_veto=False).pair(same, typed) == "birth_year"
    result = cluster([same, typed], [Edge(0, 1, 0.999)], 0.5, checker=careless)
    assert result.labels[0] == result.labels[1]
    # Groups, too: a third record joins a group whose IDs and birth years differ from its own.
    third = NodeFacts(("c", "1"), national_id="55555555", birth_lo=1960, birth_hi=1960, given="david")
    result = cluster([same, typed, third], [Edge(0, 1, 0.999), Edge(1, 2, 0.998), Edge(0, 2, 0.997)], 0.5,
                     checker=careless)
    assert len(set(result.labels)) == 1


@pytest.fixture(scope="module")
def careless_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("careless")
    made = make_challenge("latin-careless", 400, seed=7, out_dir=base / "data")
    result = link(list(made.records), base / "out", link_only=True)
    return made, result, base / "out"


def test_a_carelessly_typed_list_is_linked_by_the_model_not_vetoed(careless_run):
    made, result, out = careless_run
    accuracy = pairwise_accuracy(out / "clusters.csv", made.truth, cross_source_only=True)
    assert not result.fact_noise["national_id"]["vetoes"] and not result.fact_noise["birth_year"]["vetoes"]
    # With both vetoes kept this set's recall is 0.874 (0.952 without them), at precision 1.0.
    assert accuracy.precision >= 0.98
    assert accuracy.recall >= 0.93, accuracy
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert run["fact_noise"] == model["training"]["fact_noise"] == result.fact_noise


def test_a_careful_list_keeps_the_vetoes(tmp_path):
    made = make_challenge("latin-classic", 400, seed=7, out_dir=tmp_path / "data")
    result = link(list(made.records), tmp_path / "out", link_only=True)
    assert result.fact_noise["national_id"]["vetoes"] and result.fact_noise["birth_year"]["vetoes"]


def test_new_records_are_matched_with_the_guards_of_the_run(careless_run, tmp_path):
    made, _result, run = careless_run
    out = tmp_path / "run"
    shutil.copytree(run, out)
    a_list = next(p for p in made.records if p.name.endswith("-a.csv"))
    with a_list.open(encoding="utf-8", newline="") as handle:
        record = next(r for r in csv.DictReader(handle) if r["national_id"] and r["birth_date"])
    # The same person once more, from a new list, with another ID altogether.
    retyped = {**record, "source": "new", "record_id": "n1",
               "national_id": str(99999999 - int(record["national_id"])).zfill(len(record["national_id"]))}
    path = tmp_path / "new.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(retyped))
        writer.writeheader()
        writer.writerow(retyped)
    link_new([path], out, tmp_path / "inc")
    with (tmp_path / "inc" / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["status"] == "existing"
    # The run's model says its IDs do not veto; a model from before the measurement keeps the veto.
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    del model["training"]["fact_noise"]
    (out / "model.json").write_text(json.dumps(model), encoding="utf-8")
    link_new([path], out, tmp_path / "inc-old")
    with (tmp_path / "inc-old" / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.DictReader(handle))["status"] == "new"
    assert fact_noise.FactNoise.from_json(None).vetoes("national_id")
