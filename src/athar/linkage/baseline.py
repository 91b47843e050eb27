"""A plain Splink configuration, the yardstick athar's linker is measured against.

What a careful newcomer would write from Splink's documentation: names lower-cased and
compared with Jaro-Winkler as written (no Arabic normalisation, no transliteration — DuckDB's
byte-based functions on Arabic), a birth year, national ID and sex, two EM sessions, connected
components at the threshold. A full name with no parts is split on spaces into given, father,
grandfather and family. It is not a straw man: it blocks on the same kind of multi-column
name keys, never on a low-cardinality value alone.

`transliterate=True` gives it a fair chance across scripts: every name part goes through
`athar.names.romanise` first (the ASCII form athar itself compares), and the benchmark then
picks the threshold that scores best against the truth (`tune_threshold`) — a generous
yardstick, since no real run knows its truth.

What it cannot do (on purpose): weigh common names, stop chaining; without `transliterate`,
match across scripts."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# value, a file path, is quoted by doubling single quotes.

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from athar.interchange import RecordRow
from athar.linkage.features import birth_interval

log = logging.getLogger(__name__)


def _plain_parts(row: RecordRow, transliterate: bool = False) -> list[str | None]:
    parts = [row.first_name, row.father_name, row.grandfather_name, row.family_name]
    if not any(parts) and row.full_name:
        tokens = row.full_name.split()
        parts = [tokens[0] if tokens else None,
                 tokens[1] if len(tokens) > 2 else None,
                 tokens[2] if len(tokens) > 3 else None,
                 tokens[-1] if len(tokens) > 1 else None]
    if transliterate:
        from athar.names import romanise

        return [romanise(p) or None if p else None for p in parts]
    return [p.lower() if p else None for p in parts]


def baseline_link(rows: list[RecordRow], out_dir: str | Path, *, link_only: bool, threshold: float = 0.5,
                  transliterate: bool = False) -> int:
    """Link with the plain configuration; write clusters.csv and pairs.csv (source, record_id of
    both sides and match_probability); return the number of pairs scored."""
    import pyarrow as pa

    cols: dict[str, list[object]] = {c: [] for c in (
        "unique_id", "source", "record_id", "first_name", "father_name", "grandfather_name", "family_name",
        "birth_year", "national_id", "sex")}
    for i, row in enumerate(rows):
        g, f, gf, fam = _plain_parts(row, transliterate)
        cols["unique_id"].append(i)
        cols["source"].append(row.source)
        cols["record_id"].append(row.record_id)
        cols["first_name"].append(g)
        cols["father_name"].append(f)
        cols["grandfather_name"].append(gf)
        cols["family_name"].append(fam)
        cols["birth_year"].append(birth_interval(row)[1])
        cols["national_id"].append(row.national_id)
        cols["sex"].append(row.sex.value if row.sex else None)
    table = pa.table(cols)
    extra = " AND l.source <> r.source" if link_only else ""
    rules = [
        block_on("first_name", "family_name").get_blocking_rule("duckdb").blocking_rule_sql + extra,
        block_on("first_name", "father_name").get_blocking_rule("duckdb").blocking_rule_sql + extra,
        block_on("father_name", "family_name").get_blocking_rule("duckdb").blocking_rule_sql + extra,
        "l.national_id = r.national_id" + extra,
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("first_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("father_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("grandfather_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("family_name", [0.92, 0.8]),
            cl.CustomComparison(output_column_name="birth_year", comparison_levels=[
                cll.NullLevel("birth_year"), cll.ExactMatchLevel("birth_year"),
                cll.AbsoluteDifferenceLevel("birth_year", 1), cll.AbsoluteDifferenceLevel("birth_year", 3),
                cll.ElseLevel()]),
            cl.ExactMatch("national_id"),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=list[Any](rules),  # SQL strings: Splink's types say creators
        retain_matching_columns=False,
        additional_columns_to_retain=["source", "record_id"],
    )
    con = duckdb.connect()
    try:
        con.register("plain_arrow", table)
        con.execute("CREATE TABLE plain_records AS SELECT * FROM plain_arrow")
        db_api = DuckDBAPI(connection=con)
        sdf = db_api.register("plain_records", dataset_display_name="plain_records")
        linker = Linker(sdf, settings, log_level=None)
        training = linker.training
        n = len(rows)
        training.estimate_u_using_random_sampling(max_pairs=min(2e6, max(1.0, n * (n - 1) / 2)), seed=1)
        for rule in (block_on("first_name", "family_name"), block_on("father_name", "birth_year")):
            try:
                training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=2e6)
            except Exception as exc:  # noqa: BLE001
                log.info("baseline EM failed (%s)", type(exc).__name__)
        predictions = linker.inference.predict(threshold_match_probability=0.01, warning_mode="never")
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        target = str(out / "clusters.csv").replace("'", "''")
        con.execute(f"COPY (SELECT source, record_id, cast(cluster_id AS VARCHAR) AS cluster_id "
                    f"FROM {clusters.physical_name}) TO '{target}' (FORMAT csv, HEADER true)").fetchall()
        pairs = str(out / "pairs.csv").replace("'", "''")
        con.execute(f"COPY (SELECT source_l, record_id_l, source_r, record_id_r, match_probability "
                    f"FROM {predictions.physical_name}) TO '{pairs}' (FORMAT csv, HEADER true)").fetchall()
        counted = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()
        return int(counted[0][0]) if counted else 0
    finally:
        con.close()


THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def clusters_at(pairs_csv: Path, keys: list[tuple[str, str]], threshold: float) -> dict[tuple[str, str], int]:
    """Connected components of the pairs at or above `threshold` (what Splink's clustering does)."""
    import csv

    index = {k: i for i, k in enumerate(keys)}
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    with pairs_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if float(row["match_probability"]) >= threshold:
                a = index[(row["source_l"], row["record_id_l"])]
                b = index[(row["source_r"], row["record_id_r"])]
                parent[find(a)] = find(b)
    return {k: find(i) for k, i in index.items()}


def tune_threshold(out_dir: Path, truth_csv: Path, *, cross_source_only: bool) -> tuple[float, object]:
    """The threshold of THRESHOLDS whose clusters score the best F1 against the truth, and that
    accuracy; clusters.csv is rewritten at it."""
    import csv

    from athar.linkage.benchmark import pairwise_accuracy

    with (out_dir / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        keys = [(r["source"], r["record_id"]) for r in csv.DictReader(handle)]
    best: tuple[float, object, dict[tuple[str, str], int]] | None = None
    for threshold in THRESHOLDS:
        labels = clusters_at(out_dir / "pairs.csv", keys, threshold)
        trial = out_dir / "clusters-trial.csv"
        with trial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("source", "record_id", "cluster_id"))
            writer.writerows((s, r, c) for (s, r), c in labels.items())
        accuracy = pairwise_accuracy(trial, truth_csv, cross_source_only=cross_source_only)
        if best is None or accuracy.f1 > best[1].f1:  # type: ignore[attr-defined]
            best = (threshold, accuracy, labels)
        trial.unlink()
    if best is None:
        raise ValueError("no thresholds to try")
    with (out_dir / "clusters.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("source", "record_id", "cluster_id"))
        writer.writerows((s, r, c) for (s, r), c in best[2].items())
    return best[0], best[1]
