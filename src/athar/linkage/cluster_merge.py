"""The cluster-merge pass: join persons that clustering left split in two.

After clustering (and the person pass), one person can still be two clusters: the two halves'
records were never compared, because no blocking rule meets them (given and family name
swapped with no birth year to check, a national ID with one digit mistyped or two adjacent
digits transposed and a misread name besides), or their pairs scored below the threshold one
record at a time while the halves together say more (the mother's name in one record, the
birth year in another). This pass compares *clusters*, not records:

1. candidate pairs of clusters, each cluster holding a record that identifies a person (three
   name parts, an ID or a mother's name; thin records are the person pass's), from rules that
   do not depend on the order of the name parts or on an exact ID (`RULES`, `NAME_PAIR_RULES`):
   IDs of one length one typing error apart (Damerau distance 1), given and family name
   swapped, the same mother's name and birth year with two name parts in common in any columns;
2. every record pair between the two clusters that a rule finds is scored with the run's own
   trained model (its m and u, Splink's `predict_between`), once as written and once with one
   side's given and family names swapped;
3. the evidence is pooled per pair of clusters as the person pass pools it: per compared field
   the best weight any record pair gives (a record that lacks a field says nothing), summed in
   bits, plus the run's prior: the probability that the two clusters are one person;
4. a pair merges only when that probability is at least `MERGE_PROBABILITY` (the run's
   threshold when higher), the clustering's hard-fact guards accept *every* pair of records
   across the two clusters (IDs, birth years, sex, given names, parents; a reviewer's
   cannot-link; in a link-only run, no two records of one source), and each cluster is the
   other's single best partner. A cluster merges at most once per run: no chain of merges
   (A with B because of one record, B with C because of another) can build a family.

Every merge is written, with its evidence, to the run's `merges.csv` (`write_merges_file`).

What it cannot do: meet two halves that share no ID near-match, no swapped name pair and no
mother's name (a misread given name *and* a misread family name with nothing else in common);
pool a timeline (arrest before a sighting); the per-field maximum is optimistic for clusters
with many records, which `MERGE_PROBABILITY` is set high against."""

# ruff: noqa: S608 — SQL here is built from our own table and column names.

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import overload

import duckdb
import numpy as np
import pyarrow as pa

from athar.interchange import neutralise_cell
from athar.linkage.clustering import FactChecker, NodeFacts
from athar.linkage.engine import Engine
from athar.linkage.features import PART_COLUMN_SUFFIXES, TF_COLUMNS
from athar.linkage.person_scores import identifying_sql
from athar.linkage.variants import written_name

# Two clusters merge only when they are one person with at least this probability (pooled
# evidence plus the run's prior). High because pooling takes each field's best pair: on
# 100,000 synthetic records see docs/linkage.md for what it merged and how many were right.
MERGE_PROBABILITY = 0.99
# Birth years (intervals) at most this far apart to count as agreeing in a candidate rule.
BIRTH_NEAR = 1
# A cluster pair is scored on at most this many record pairs (a large cluster against
# another: its best pairs are what counts, and a few dozen find them).
MAX_PAIRS_PER_CLUSTER_PAIR = 50

RECORDS = "athar_merge_records"
SWAPPED = "athar_merge_swapped"
LABELS = "athar_merge_labels"
_calls = itertools.count(1)

_NEAR = (f"l.birth_lo IS NOT NULL AND r.birth_lo IS NOT NULL AND l.birth_lo <= r.birth_hi + {BIRTH_NEAR} "
         f"AND r.birth_lo <= l.birth_hi + {BIRTH_NEAR}")
_KEYS = "list_filter([{s}.given_key, {s}.father_key, {s}.grandfather_key, {s}.family_key], lambda x: x IS NOT NULL)"
# (name, SQL on l./r. of two records of different clusters). Each is an equality DuckDB can
# hash-join on, narrowed by a second fact.
RULES: tuple[tuple[str, str], ...] = (
    ("ID one typing error apart, first half",
     "left(l.national_id, length(l.national_id) // 2) = left(r.national_id, length(r.national_id) // 2) "
     "AND length(l.national_id) = length(r.national_id) AND length(l.national_id) >= 6 "
     "AND damerau_levenshtein(l.national_id, r.national_id) <= 1"),
    ("ID one typing error apart, second half",
     "right(l.national_id, length(l.national_id) // 2) = right(r.national_id, length(r.national_id) // 2) "
     "AND length(l.national_id) = length(r.national_id) AND length(l.national_id) >= 6 "
     "AND damerau_levenshtein(l.national_id, r.national_id) <= 1"),
    # Given and family name swapped, with one more fact that agrees: the swap alone pairs
    # every Hasan Abbas with every Abbas Hasan (239,000 pairs on 100,000 synthetic records).
    ("given and family name swapped, same father",
     "l.given_key = r.family_key AND l.family_key = r.given_key AND l.father_key = r.father_key"),
    ("given and family name swapped, same mother",
     "l.given_key = r.family_key AND l.family_key = r.given_key AND l.mother_key = r.mother_key"),
    ("given and family name swapped, birth near",
     f"l.given_key = r.family_key AND l.family_key = r.given_key AND {_NEAR}"),
)
# Rules on `_NAME_PAIRS` (one row per record and pair of its name keys) rather than on the
# records. Name parts shifted or misread (a register that drops the father's name and moves the
# rest): the same mother and birth year, and two name parts in common in any column. Both name
# parts are equalities, so DuckDB hashes the join on all five: joined on the mother and birth
# year alone, with the name parts' list intersection as a filter, the namesakes of a common
# mother's name grow with the square of the records (870,000 record pairs tested for 27,000
# kept at 100,000 records; the rule cost 74 s at a million). The birth year is an equality too
# (with "near" it took 7 s on 100,000 records).
NAME_PAIR_RULES: tuple[tuple[str, str], ...] = (
    ("same mother and birth year, two name parts in common",
     "l.mother_key = r.mother_key AND l.birth_lo = r.birth_lo AND l.birth_hi = r.birth_hi "
     "AND l.part_1 = r.part_1 AND l.part_2 = r.part_2"),
)


@dataclass(frozen=True, slots=True)
class ClusterPair:
    """Pooled evidence that clusters `left` and `right` (labels, left < right) are one person."""

    left: int
    right: int
    bits: float  # summed best weight per field, without the prior
    probability: float
    fields: tuple[tuple[str, float], ...]  # (field, best weight) — what the explanation shows
    rules: tuple[str, ...]  # which candidate rules met the two clusters


@dataclass(frozen=True, slots=True)
class Merge:
    kept: int  # label the merged cluster keeps
    merged: int  # label that joined it
    pair: ClusterPair


@dataclass
class MergeResult:
    labels: list[int]
    merges: list[Merge] = field(default_factory=list)
    candidates: int = 0  # cluster pairs scored
    refused: dict[str, int] = field(default_factory=dict)


def _probability(bits: float, prior_weight: float) -> float:
    total = bits + prior_weight
    if total > 60:
        return 1.0
    if total < -60:
        return 0.0
    return float(1.0 / (1.0 + 2.0 ** (-total)))


def pooled_cluster_scores(engine: Engine, labels: Sequence[int], *, link_only: bool,
                          accept: Callable[[int, int], bool] | None = None) -> list[ClusterPair]:
    """Score the candidate pairs of clusters of a run (`labels`: the cluster of each record,
    indexed by the feature table's `unique_id`) with the run's model. `accept(c1, c2)`: whether
    a candidate pair is worth scoring (the guards: a pair they refuse is never merged, and
    scoring it cost most of the pass's time); every record pair between two accepted
    clusters is scored (up to `MAX_PAIRS_PER_CLUSTER_PAIR`), not only those a rule met."""
    con = engine.con
    n = next(_calls)
    records, swapped, members = f"{RECORDS}_{n}", f"{SWAPPED}_{n}", f"{LABELS}_{n}"
    con.register("athar_merge_labels_arrow", pa.table({"unique_id": pa.array(range(len(labels)), pa.int64()),
                                                       "label": pa.array(labels, pa.int64())}))
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {members} AS SELECT * FROM athar_merge_labels_arrow").fetchall()
    finally:
        con.unregister("athar_merge_labels_arrow")
    identifying = identifying_sql("f")
    columns = [r[0] for r in con.execute(f"DESCRIBE {engine.table}").fetchall() if not r[0].startswith("tf_")]
    keep = ", ".join(f"f.{c}" for c in columns)
    con.execute(f"""CREATE OR REPLACE TABLE {records} AS SELECT {keep} FROM {engine.table} f
        JOIN {members} m USING (unique_id)
        WHERE m.label IN (SELECT m2.label FROM {members} m2 JOIN {engine.table} f USING (unique_id)
                          WHERE {identifying})""").fetchall()
    swap = {f"given{s}": f"family{s}" for s in PART_COLUMN_SUFFIXES}
    swap.update({v: k for k, v in swap.items()})
    swapped_select = ", ".join(f"{swap[c]} AS {c}" if c in swap and swap[c] in columns else c for c in columns)
    con.execute(f"CREATE OR REPLACE TABLE {swapped} AS SELECT {swapped_select} FROM {records} "
                "WHERE given_key IS NOT NULL AND family_key IS NOT NULL").fetchall()
    # Which rules meet which record pairs (of different clusters); each cluster pair keeps its
    # best-supported record pairs only.
    across = " AND l.source <> r.source" if link_only else ""
    # One statement per rule: inside one UNION ALL, DuckDB sometimes planned a rule's join as a
    # nested loop (30 s and 3 GB on 10,000 records instead of 0.1 s).
    found = f"athar_merge_rule_pairs_{n}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {found} (a BIGINT, b BIGINT, rule VARCHAR)").fetchall()
    for name, sql in RULES:
        con.execute(f"INSERT INTO {found} SELECT l.unique_id, r.unique_id, '{name}' FROM {records} l "
                    f"JOIN {records} r ON {sql} AND l.unique_id < r.unique_id{across}").fetchall()
    name_pairs = f"athar_merge_name_pairs_{n}"
    _name_pairs(con, records, name_pairs)
    for name, sql in NAME_PAIR_RULES:  # two records sharing three name parts meet three times: once kept
        con.execute(f"INSERT INTO {found} SELECT DISTINCT l.unique_id, r.unique_id, '{name}' FROM {name_pairs} l "
                    f"JOIN {name_pairs} r ON {sql} AND l.unique_id < r.unique_id{across}").fetchall()
    con.execute(f"DROP TABLE {name_pairs}").fetchall()
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_merge_met_{n} AS
        SELECT least(ml.label, mr.label) AS c1, greatest(ml.label, mr.label) AS c2,
               list(DISTINCT p.rule ORDER BY p.rule) AS rules
        FROM {found} p JOIN {members} ml ON ml.unique_id = p.a JOIN {members} mr ON mr.unique_id = p.b
        WHERE ml.label <> mr.label GROUP BY ALL""").fetchall()
    # The pairs as two columns, in order; the rules only of the pairs the guards accept (a
    # million records meet 1.26 million pairs for 41,000 accepted: their lists took 11 s to fetch).
    met_pairs = con.execute(f"SELECT c1, c2 FROM athar_merge_met_{n} ORDER BY c1, c2").fetchnumpy()
    wanted = [pair for pair in zip(np.asarray(met_pairs["c1"]).tolist(), np.asarray(met_pairs["c2"]).tolist(),
                                   strict=True) if accept is None or accept(*pair)]
    del met_pairs
    con.register("athar_merge_wanted_arrow", pa.table({"c1": pa.array([a for a, _b in wanted], pa.int64()),
                                                       "c2": pa.array([b for _a, b in wanted], pa.int64())}))
    try:
        met = {(int(c1), int(c2)): tuple(r) for c1, c2, r in con.execute(
            f"SELECT m.c1, m.c2, m.rules FROM athar_merge_met_{n} m JOIN athar_merge_wanted_arrow w USING (c1, c2)"
        ).fetchall()}
        con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_merge_found_{n} AS
            SELECT w.c1, w.c2, ml.unique_id AS a, mr.unique_id AS b FROM athar_merge_wanted_arrow w
            JOIN {members} ml ON ml.label = w.c1 JOIN {members} mr ON mr.label = w.c2
            QUALIFY row_number() OVER (PARTITION BY w.c1, w.c2 ORDER BY a, b) <= {MAX_PAIRS_PER_CLUSTER_PAIR}
            """).fetchall()
    finally:
        con.unregister("athar_merge_wanted_arrow")
    pairs = con.execute(f"SELECT count(*) FROM athar_merge_found_{n}").fetchall()[0][0]
    out: list[ClusterPair] = []
    if pairs:
        for column in TF_COLUMNS:
            engine.linker.table_management.compute_tf_table(column)
        # Each candidate record pair gets its own pair_id on both sides, so Splink's blocking is
        # one equality (the list itself) and either table may be on the left.
        con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_merge_ids_{n} AS
            SELECT row_number() OVER (ORDER BY a, b) AS merge_pair, a, b FROM athar_merge_found_{n}""").fetchall()
        con.execute(f"""CREATE OR REPLACE TABLE athar_merge_left_{n} AS SELECT i.merge_pair, t.* FROM
            athar_merge_ids_{n} i JOIN {records} t ON t.unique_id = i.a""").fetchall()
        con.execute(f"""CREATE OR REPLACE TABLE athar_merge_right_{n} AS SELECT i.merge_pair, t.* FROM
            athar_merge_ids_{n} i JOIN {records} t ON t.unique_id = i.b""").fetchall()
        con.execute(f"""CREATE OR REPLACE TABLE athar_merge_right_swapped_{n} AS SELECT i.merge_pair, t.* FROM
            athar_merge_ids_{n} i JOIN {swapped} t ON t.unique_id = i.b""").fetchall()
        left_sdf = engine.db_api.register(f"athar_merge_left_{n}", dataset_display_name=f"athar_merge_left_{n}")
        scored: list[tuple[int, int, bool, dict[str, float]]] = []
        for right_table, is_swapped in ((f"athar_merge_right_{n}", False), (f"athar_merge_right_swapped_{n}", True)):
            right_sdf = engine.db_api.register(right_table, dataset_display_name=right_table)
            df = engine.linker.inference.predict_between(left_sdf, right_sdf,
                                                         blocking_rules_to_generate_predictions=[
                                                             "l.merge_pair = r.merge_pair"],
                                                         warning_mode="never")
            scored += _field_weights(con, df.physical_name, members, is_swapped)
            df.drop_table_from_database_and_remove_from_cache()
        out = _pool(scored, met, engine.prior_weight)
    for table in (records, swapped, members, found, f"athar_merge_met_{n}", f"athar_merge_found_{n}", f"athar_merge_ids_{n}",
                  f"athar_merge_left_{n}", f"athar_merge_right_{n}", f"athar_merge_right_swapped_{n}"):
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()
    return out


def _name_pairs(con: duckdb.DuckDBPyConnection, records: str, out: str) -> None:
    """Table `out`: per record of `records` with a mother's name and a birth year, one row per
    pair of its distinct name keys (given, father, grandfather, family; `part_1` < `part_2`), for
    `NAME_PAIR_RULES`: two records share two name parts in any columns exactly when they share
    such a row."""
    parts = f"list_distinct({_KEYS.format(s='t')})"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {out} AS
        WITH part AS (SELECT t.unique_id, t.source, t.mother_key, t.birth_lo, t.birth_hi, unnest({parts}) AS part
                      FROM {records} t
                      WHERE t.mother_key IS NOT NULL AND t.birth_lo IS NOT NULL AND t.birth_hi IS NOT NULL)
        SELECT a.unique_id, a.source, a.mother_key, a.birth_lo, a.birth_hi, a.part AS part_1, b.part AS part_2
        FROM part a JOIN part b ON a.unique_id = b.unique_id AND a.part < b.part""").fetchall()


def _field_weights(con: duckdb.DuckDBPyConnection, predictions: str, members: str,
                   swapped: bool) -> list[tuple[int, int, bool, dict[str, float]]]:
    """(cluster, cluster, swapped reading, field → best non-zero weight) per cluster pair, pooled
    in DuckDB (a Python loop over the field weights of every record pair took 30 s on
    100,000 synthetic records). A field no record pair compared (all zero) is left out."""
    columns = [r[0] for r in con.execute(f"DESCRIBE {predictions}").fetchall()]
    fields = [c[3:] for c in columns if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]
    if not fields:
        return []
    weights = ", ".join(f"coalesce(mw_{f}, 0)" + (f" + coalesce(mw_tf_adj_{f}, 0)" if f"mw_tf_adj_{f}" in columns
                                                   else "") + f" AS w_{f}" for f in fields)
    best = ", ".join(f"coalesce(max(nullif(w_{f}, 0)), 0)" for f in fields)
    rows = con.execute(f"""
        WITH p AS (SELECT unique_id_l, unique_id_r, {weights} FROM {predictions})
        SELECT least(ml.label, mr.label) AS c1, greatest(ml.label, mr.label) AS c2, {best}
        FROM p JOIN {members} ml ON ml.unique_id = p.unique_id_l JOIN {members} mr ON mr.unique_id = p.unique_id_r
        WHERE ml.label <> mr.label GROUP BY ALL""").fetchall()
    return [(int(row[0]), int(row[1]), swapped, {f: float(w) for f, w in zip(fields, row[2:], strict=True) if w})
            for row in rows]


def _pool(scored: Iterable[tuple[int, int, bool, dict[str, float]]],
          rules: Mapping[tuple[int, int], tuple[str, ...]], prior_weight: float) -> list[ClusterPair]:
    """Per cluster pair the better of its two readings (as written, given and family swapped):
    the sum of each field's best weight (`_field_weights`)."""
    chosen: dict[tuple[int, int], dict[str, float]] = {}
    for a, b, _swapped, fields in scored:
        current = chosen.get((a, b))
        if current is None or sum(fields.values()) > sum(current.values()):
            chosen[(a, b)] = fields
    out = []
    for (a, b), fields in sorted(chosen.items()):
        bits = sum(fields.values())
        out.append(ClusterPair(a, b, bits, _probability(bits, prior_weight),
                               tuple(sorted(((f, round(w, 3)) for f, w in fields.items()), key=lambda x: -x[1])),
                               rules.get((a, b), ())))
    return out


def guard(nodes: Sequence[NodeFacts], checker: FactChecker, *, one_per_source: bool = False,
          cannot_link: Iterable[tuple[int, int]] = (),
          swapped: Sequence[NodeFacts] | None = None) -> Callable[[Sequence[int], Sequence[int]], str | None]:
    """None when every record of one cluster may be the same person as every record of the
    other (`FactChecker.pair`, a reviewer's cannot-link, one record per source in link-only
    runs), else the first reason found. `swapped`: each record's facts with its family name
    in place of its given name; a pair whose given names conflict is accepted when the two
    are swapped both ways round (the swap this pass looks for), all other facts still checked."""
    forbidden = {(min(a, b), max(a, b)) for a, b in cannot_link}

    def pair(i: int, j: int) -> str | None:
        reason = checker.pair(nodes[i], nodes[j])
        if reason == "given_name" and swapped is not None and _swap_of(i, j, swapped):
            return checker.pair(swapped[i], nodes[j])  # every other fact, on the swapped reading
        return reason

    def _swap_of(i: int, j: int, swapped: Sequence[NodeFacts]) -> bool:
        """Both ways round: i's given name is j's family name and i's family name j's given
        name. One way only is not a swap (twins Salim and Firas Farus: Firas ~ Farus)."""
        gi, fi, gj, fj = nodes[i].given, swapped[i].given, nodes[j].given, swapped[j].given
        return bool(gi and fi and gj and fj and checker.givens(gi, fj) and checker.givens(fi, gj))

    def compatible(left: Sequence[int], right: Sequence[int]) -> str | None:
        if one_per_source and {nodes[i].key[0] for i in left} & {nodes[j].key[0] for j in right}:
            return "one_per_source"
        for i in left:
            for j in right:
                if (min(i, j), max(i, j)) in forbidden:
                    return "cannot_link"
                reason = pair(i, j)
                if reason:
                    return reason
        return None

    return compatible


class SwappedFacts(Sequence[NodeFacts]):
    """`nodes` with each record's family name (as written: `variants.written_name`) as its given
    name, for the guard's swapped reading. Each made when the guard first asks for it: the guard
    reads few records, and a million copies took seconds and hundreds of megabytes."""

    def __init__(self, nodes: Sequence[NodeFacts], family: Sequence[str | None], rasm: Sequence[str | None]) -> None:
        self._nodes, self._family, self._rasm = nodes, family, rasm
        self._made: dict[int, NodeFacts] = {}

    def __len__(self) -> int:
        return len(self._nodes)

    @overload
    def __getitem__(self, i: int) -> NodeFacts: ...

    @overload
    def __getitem__(self, i: slice) -> list[NodeFacts]: ...

    def __getitem__(self, i: int | slice) -> NodeFacts | list[NodeFacts]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        node = self._made.get(i)
        if node is None:
            node = self._made[i] = replace(self._nodes[i], given=written_name(self._family[i], self._rasm[i]))
        return node


def swapped_facts(engine: Engine, nodes: Sequence[NodeFacts]) -> SwappedFacts:
    """`nodes` with each record's family name as its given name (`SwappedFacts`)."""
    columns = engine.con.sql(f"SELECT family, family_rasm FROM {engine.table} ORDER BY unique_id").to_arrow_table()
    return SwappedFacts(nodes, columns.column("family").to_pylist(), columns.column("family_rasm").to_pylist())


def decide(pairs: Iterable[ClusterPair], labels: Sequence[int], *, members: Mapping[int, Sequence[int]],
           compatible: Callable[[Sequence[int], Sequence[int]], str | None],
           merge_probability: float = MERGE_PROBABILITY) -> MergeResult:
    """Merge each pair of clusters that is clearly one person, the guards hold and each is the
    other's best partner (by probability, then bits); a cluster merges at most once."""
    pairs = list(pairs)
    refused: dict[str, int] = defaultdict(int)
    ok: list[ClusterPair] = []
    for pair in pairs:
        if pair.probability < merge_probability:
            continue
        reason = compatible(members[pair.left], members[pair.right])
        if reason is None:
            ok.append(pair)
        else:
            refused[reason] += 1

    def rank(p: ClusterPair) -> tuple[float, float, int, int]:
        return (p.probability, p.bits, -p.left, -p.right)

    # Each cluster's best partner among all scored candidates, below the bar or not: a rival
    # almost as likely makes the choice a reviewer's, not the pass's.
    partner: dict[int, ClusterPair] = {}
    for pair in pairs:
        for side in (pair.left, pair.right):
            if side not in partner or rank(pair) > rank(partner[side]):
                partner[side] = pair
    new_labels = list(labels)
    merges: list[Merge] = []
    used: set[int] = set()
    for pair in sorted(ok, key=rank, reverse=True):
        if partner[pair.left] is not pair or partner[pair.right] is not pair:
            refused["not_best_partner"] += 1
            continue
        if pair.left in used or pair.right in used:
            refused["already_merged"] += 1
            continue
        kept, merged = (pair.left, pair.right) if len(members[pair.left]) >= len(members[pair.right]) else (
            pair.right, pair.left)
        for i in members[merged]:
            new_labels[i] = kept
        used.update((pair.left, pair.right))
        merges.append(Merge(kept, merged, pair))
    return MergeResult(new_labels, merges, len(pairs), dict(refused))


def merge_clusters(engine: Engine, nodes: Sequence[NodeFacts], labels: Sequence[int], *, threshold: float,
                   link_only: bool, checker: FactChecker,
                   cannot_link: Sequence[tuple[int, int]] = ()) -> MergeResult:
    """The whole pass on a run's clusters (`labels`, indexed like `nodes` and the feature table)."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        members[label].append(i)
    compatible = guard(nodes, checker, one_per_source=link_only, cannot_link=cannot_link,
                       swapped=swapped_facts(engine, nodes))
    refused: dict[str, int] = defaultdict(int)

    def accept(left: int, right: int) -> bool:
        reason = compatible(members[left], members[right])
        if reason:
            refused[reason] += 1
        return reason is None

    pairs = pooled_cluster_scores(engine, labels, link_only=link_only, accept=accept)
    result = decide(pairs, labels, members=members, compatible=compatible,
                    merge_probability=max(threshold, MERGE_PROBABILITY))
    for reason, count in refused.items():
        result.refused[reason] = result.refused.get(reason, 0) + count
    return result


MERGES_COLUMNS = ("source", "record_id", "cluster_id", "merged_from", "probability", "bits", "rules", "evidence")


def write_merges_file(path: Path, keys: Sequence[tuple[str, str]], ids: Sequence[str], before: Sequence[int],
                      result: MergeResult) -> None:
    """`merges.csv`: one row per record of a cluster that the pass merged into another —
    `source,record_id,cluster_id` (the final cluster), `merged_from` (the record's cluster
    before, named by its smallest key's record, `SOURCE:RECORD_ID`), the pooled probability and
    bits, the candidate rules that met the two, and the evidence (`field:weight` in bits, best
    first). Ids and weights only, no names. No file when nothing merged; one left by an earlier
    run is removed."""
    if not result.merges:
        path.unlink(missing_ok=True)
        return
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(before):
        members[label].append(i)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MERGES_COLUMNS)
        for merge in result.merges:
            evidence = " ".join(f"{name}:{weight:+.2f}" for name, weight in merge.pair.fields)
            for label in (merge.kept, merge.merged):
                first = min(keys[i] for i in members[label])
                for i in sorted(members[label], key=lambda i: keys[i]):
                    writer.writerow((neutralise_cell(keys[i][0]), neutralise_cell(keys[i][1]),
                                     neutralise_cell(ids[i]), neutralise_cell(f"{first[0]}:{first[1]}"),
                                     round(merge.pair.probability, 6), round(merge.pair.bits, 3),
                                     "; ".join(merge.pair.rules), evidence))


def summary(result: MergeResult) -> dict[str, object]:
    """What run.json records of the pass."""
    return {"candidate_pairs": result.candidates, "merged": len(result.merges),
            "refused": dict(sorted(result.refused.items()))}
