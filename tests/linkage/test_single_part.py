"""Records named by one part only: review candidates for every one that has a fit in another
list, a link only when the two are each the other's only fit (`athar.linkage.single_part`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from athar.linkage import person_pass, single_part
from athar.linkage.clustering import FactChecker, NodeFacts
from athar.linkage.variants import given_compatible

# Ten identified persons: eight in both lists, one in list a only, one in list b only.
_BACKGROUND = [("a", True), ("b", True)] * 8 + [("a", True), ("b", True)]
_BACKGROUND_LABELS = [i // 2 for i in range(16)] + [8, 9]


def _world(parts: Sequence[tuple[str, str, str | None]]) -> tuple[list[int], list[str | None], list[str], list[bool], list[NodeFacts]]:
    """The background persons, then one record alone per (source, key, sex) of `parts`."""
    labels = list(_BACKGROUND_LABELS)
    keys: list[str | None] = [None] * len(labels)
    sources = [s for s, _ in _BACKGROUND]
    identifying = [i for _, i in _BACKGROUND]
    nodes = [NodeFacts((s, f"bg{i}"), given="x") for i, s in enumerate(sources)]
    for n, (source, key, sex) in enumerate(parts):
        labels.append(100 + n)
        keys.append(key)
        sources.append(source)
        identifying.append(False)
        nodes.append(NodeFacts((source, f"r{n}"), given=key, sex=sex))
    return labels, keys, sources, identifying, nodes


def _run(parts: Sequence[tuple[str, str, str | None]]) -> tuple[single_part.SinglePartResult, list[NodeFacts]]:
    labels, keys, sources, identifying, nodes = _world(parts)
    compatible = person_pass.guard(nodes, FactChecker(given_compatible), one_per_source=True)
    return single_part.pair_single_parts(labels, {i: k for i, k in enumerate(keys) if k is not None},
                                         lambda i: sources[i], coverage_of=lambda: _coverage(labels, sources, identifying),
                                         compatible=compatible, attach_probability=0.5), nodes


def _coverage(labels: list[int], sources: list[str], identifying: list[bool]) -> dict[tuple[str, str], float]:
    names = sorted(set(sources))
    return single_part.coverage(np.array(labels), np.array([names.index(s) for s in sources]), names,
                                np.array(identifying))


def test_coverage_is_learnt_from_the_identified_persons():
    rho = _coverage(_BACKGROUND_LABELS, [s for s, _ in _BACKGROUND], [True] * 18)
    # 9 persons hold a record of a, 8 of them one of b too: (8 + 1) / (9 + 2).
    assert rho[("a", "b")] == pytest.approx(9 / 11)
    assert rho[("b", "a")] == pytest.approx(9 / 11)
    # A cluster with no identifying record says nothing; a third list no identified person is in
    # gets (0 + 1) / (n + 2).
    more = _coverage([*_BACKGROUND_LABELS, 50, 50, 60], [*(s for s, _ in _BACKGROUND), "a", "b", "c"],
                     [True] * 18 + [False, False, False])
    assert more[("a", "b")] == pytest.approx(9 / 11) and more[("a", "c")] == pytest.approx(1 / 11)
    assert more[("c", "a")] == pytest.approx(1 / 2)


def test_each_the_others_only_fit_is_linked():
    result, _nodes = _run([("a", "g:grw", None), ("b", "g:grw", None)])
    first, second = 18, 19
    assert result.labels[first] == result.labels[second] == 100
    assert result.attached_units == {101}
    (cand,) = result.candidates[101]
    assert cand.person == 100 and cand.probability == pytest.approx(9 / 11)
    assert 100 not in result.candidates  # it holds the record that joined it
    assert result.summary()["attached"] == 1


def test_two_of_one_list_fitting_one_of_the_other_go_to_review_not_a_coin_toss():
    result, _nodes = _run([("a", "g:mhmd", None), ("a", "g:mhmd", None), ("b", "g:mhmd", None)])
    assert result.labels[18:] == [100, 101, 102]
    assert not result.attached_units
    half = (9 / 11) / 2
    assert [(c.person, round(c.probability, 4)) for c in result.candidates[102]] == [(100, round(half, 4)),
                                                                                     (101, round(half, 4))]
    assert [c.person for c in result.candidates[100]] == [102]
    assert result.candidates[100][0].probability == pytest.approx(half)


def test_the_guards_keep_a_record_out_of_the_fits():
    # A woman and a man with the same one-part name: no candidate of each other; the man is the
    # only fit of the other man, so the two men are linked.
    result, _nodes = _run([("a", "g:nur", "F"), ("a", "g:nur", "M"), ("b", "g:nur", "M")])
    assert 100 not in result.candidates
    assert result.labels[19] == result.labels[20]
    assert result.attached_units == {102}


def test_a_record_with_no_fit_gets_no_candidate_and_no_record_of_one_list_links_within_it():
    result, _nodes = _run([("a", "g:grw", None), ("a", "g:grw", None), ("b", "g:srkis", None)])
    assert result.candidates == {}
    assert result.records == 3 and result.labels[18:] == [100, 101, 102]


def test_a_common_part_counts_every_record_as_a_competitor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(single_part, "MAX_BLOCK_PAIRS", 3)
    result, _nodes = _run([("a", "g:mhmd", None)] * 2 + [("b", "g:mhmd", None)] * 3)
    # Each of a's two records against b's three: P = min(ρ / 3, ρ / 2) = ρ / 3.
    assert [round(c.probability, 4) for c in result.candidates[100]] == [round(9 / 11 / 3, 4)] * 3


@pytest.fixture(scope="module")
def challenge(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    from athar.bench import make_challenge
    from athar.linkage.pipeline import link

    base = tmp_path_factory.mktemp("single-part")
    made = make_challenge("single-part", 500, seed=3, out_dir=base / "data")
    link(list(made.records), base / "out", link_only=True)
    return base / "out", made.truth, list(made.records)


def test_the_one_part_records_of_two_lists_get_candidates_and_clear_links(challenge: tuple[Path, Path, list[Path]]) -> None:
    out, truth_csv, records = challenge
    one_part = set()
    for path in records:
        with path.open(encoding="utf-8", newline="") as handle:
            one_part |= {(r["source"], r["record_id"]) for r in csv.DictReader(handle) if " " not in r["full_name"]}
    with truth_csv.open(encoding="utf-8", newline="") as handle:
        person = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    with (out / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        cluster = {(r["source"], r["record_id"]): r["cluster_id"] for r in csv.DictReader(handle)}
    with (out / "candidates.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r["source"], r["record_id"]) in one_part]
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))["person_pass"]["single_part"]
    assert summary["records"] > 50 and summary["with_candidates"] > 0.5 * summary["records"]
    assert 0.6 < summary["coverage"]["list_a→list_b"] < 0.95
    members: dict[str, set[str]] = {}
    for key, c in cluster.items():
        members.setdefault(c, set()).add(person[key])
    attached = [r for r in rows if r["decision"] == "attached"]
    assert len(attached) >= 10
    # A clear link sits in its person, and is right nearly always.
    right = sum(members[r["cluster_id"]] == {person[(r["source"], r["record_id"])]} for r in attached)
    assert all(cluster[(r["source"], r["record_id"])] == r["cluster_id"] for r in attached)
    assert right >= 0.9 * len(attached)
    # Records left alone whose mate is in the other list: nearly all have it among their candidates.
    listed: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        listed.setdefault((r["source"], r["record_id"]), set()).add(r["cluster_id"])
    alone = [k for k in listed if not any(r["decision"] == "attached" for r in rows
                                          if (r["source"], r["record_id"]) == k)]
    with_mate = [k for k in alone if any(p == person[k] and o[0] != k[0] for o, p in person.items())]
    found = [k for k in with_mate if any(person[k] in members[c] for c in listed[k])]
    assert with_mate and len(found) >= 0.9 * len(with_mate)


def test_the_benchmark_counts_one_part_records_linked_and_covered(challenge: tuple[Path, Path, list[Path]]) -> None:
    from athar.cli.bench_linkage import _one_part_note
    from athar.linkage.difficulty import one_part_coverage

    out, truth_csv, _records = challenge
    found = one_part_coverage(out / "features.parquet", out / "clusters.csv", out / "candidates.csv", truth_csv)
    assert found.with_mate == found.linked + found.left
    assert found.linked >= 20 and found.linked_wrongly <= 0.1 * found.linked
    assert found.covered >= 0.9 * found.left
    note = _one_part_note("single-part", out, truth_csv)
    assert note is not None and f"{found.covered} of them with it among their review candidates" in note
    # Without the review queue nothing is covered; without a run there is nothing to say.
    assert one_part_coverage(out / "features.parquet", out / "clusters.csv", out / "none.csv",
                             truth_csv).covered == 0
    assert _one_part_note("single-part", out / "missing", truth_csv) is None
