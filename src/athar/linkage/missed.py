"""Why a run missed the true pairs it missed: never compared, scored low, or kept apart.

Every true pair (two records of one person, by the truth file) that the run's clusters do not
put together falls in exactly one of these, from the pair's own point of view:

- `never_compared`: no blocking rule pairs the two records (`blocking.RULES`);
- `scored_below_kept`: blocked and scored, but below the probability pairs.csv keeps (0.01);
- `below_threshold`: in pairs.csv, below the clustering threshold;
- `kept_apart`: at or above the threshold, yet the clustering guards kept the two apart.

A pair can also be missed because its two records sit in two fragments of the person that the
run could have joined through other records: `fragments_linkable` counts the missed pairs whose
two fragments are joined by at least one scored pair at or above the threshold (the guards or
the average-linkage support refused the merge), `fragments_scored` those joined only by pairs
below it. Diagnostics for the benchmark: it needs the truth and reads a run's output files."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# values, file paths, are quoted by doubling single quotes.

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from athar.linkage import blocking
from athar.linkage.benchmark import sql_quote


@dataclass(frozen=True)
class MissedPairs:
    true_pairs: int
    missed: int
    never_compared: int
    scored_below_kept: int
    below_threshold: int
    kept_apart: int
    fragments_linkable: int  # missed pairs whose fragments share a pair at or above the threshold
    fragments_scored: int  # ... whose fragments share only scored pairs below it

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def missed_pairs(run_dir: str | Path, truth_csv: str | Path, *, threshold: float,
                 link_only: bool = False) -> MissedPairs:
    """Classify the true pairs a run in `run_dir` (features.parquet, pairs.csv, clusters.csv)
    missed; with `link_only` only pairs across sources count, as in the benchmark."""
    run = Path(run_dir)
    con = duckdb.connect()
    try:
        con.execute(f"""CREATE TABLE f AS SELECT x.*, t.person_id, c.cluster_id
            FROM read_parquet('{sql_quote(run / "features.parquet")}') x
            JOIN read_csv('{sql_quote(truth_csv)}', all_varchar=true) t USING (source, record_id)
            JOIN read_csv('{sql_quote(run / "clusters.csv")}', all_varchar=true) c USING (source, record_id)
            WHERE t.person_id IS NOT NULL AND t.person_id <> ''""")
        across = " AND l.source <> r.source" if link_only else ""
        con.execute(f"""CREATE TABLE tp AS SELECT l.unique_id AS a, r.unique_id AS b,
                l.cluster_id = r.cluster_id AS found, l.cluster_id AS ca, r.cluster_id AS cb, l.person_id
            FROM f l JOIN f r ON l.person_id = r.person_id AND l.unique_id < r.unique_id{across}""")
        con.execute(f"""CREATE TABLE sp AS SELECT least(l.unique_id, r.unique_id) AS a,
                greatest(l.unique_id, r.unique_id) AS b, p.match_probability AS p
            FROM read_csv('{sql_quote(run / "pairs.csv")}', all_varchar=true) p
            JOIN f l ON l.source = p.source_l AND l.record_id = p.record_id_l
            JOIN f r ON r.source = p.source_r AND r.record_id = p.record_id_r""")
        con.execute("ALTER TABLE sp ALTER p TYPE DOUBLE")
        con.execute("CREATE TABLE miss AS SELECT tp.*, sp.p FROM tp LEFT JOIN sp USING (a, b) WHERE NOT found")
        # Blocked: any rule joins the two records (the rules are written on l. and r.).
        conditions = " OR ".join(f"({sql})" for sql in blocking.rules(link_only=link_only))
        con.execute(f"""CREATE TABLE blocked AS SELECT m.a, m.b FROM miss m
            JOIN f l ON l.unique_id = m.a JOIN f r ON r.unique_id = m.b
            WHERE m.p IS NULL AND ({conditions})""")
        # The best scored pair between the two fragments (clusters) of each missed pair's person.
        con.execute("""CREATE TABLE frag AS SELECT least(l.cluster_id, r.cluster_id) AS c1,
                greatest(l.cluster_id, r.cluster_id) AS c2, l.person_id, max(sp.p) AS best
            FROM sp JOIN f l ON l.unique_id = sp.a JOIN f r ON r.unique_id = sp.b
            WHERE l.person_id = r.person_id AND l.cluster_id <> r.cluster_id GROUP BY ALL""")
        row = con.execute(f"""SELECT
                (SELECT count(*) FROM tp), count(*),
                count(*) FILTER (WHERE p IS NULL AND (a, b) NOT IN (SELECT (a, b) FROM blocked)),
                count(*) FILTER (WHERE p IS NULL AND (a, b) IN (SELECT (a, b) FROM blocked)),
                count(*) FILTER (WHERE p < {threshold}),
                count(*) FILTER (WHERE p >= {threshold}),
                count(*) FILTER (WHERE fb >= {threshold}),
                count(*) FILTER (WHERE fb < {threshold})
            FROM (SELECT m.*, fr.best AS fb FROM miss m LEFT JOIN frag fr
                  ON fr.person_id = m.person_id AND fr.c1 = least(m.ca, m.cb) AND fr.c2 = greatest(m.ca, m.cb))
            """).fetchall()[0]
    finally:
        con.close()
    return MissedPairs(*(int(v or 0) for v in row))
