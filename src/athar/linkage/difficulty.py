"""How hard a benchmark is, and how a run did on the records that identify a person.

A *thin* record names a person by two parts only — a given name and one more, with no father's
or grandfather's name, no mother and no national ID — as testimonies and short NGO lists do
("Ahmad al-Hasan, about 30, seen in Saydnaya"). A record *fits* a thin one when it has the same
given-name key, the thin record's second part as its family or father key, no conflicting sex,
and birth years at most a year apart or unknown. Its *support* counts the other facts the two
share: event place (within a year), arrest month, governorate, birth place. A thin record is
*namesake-ambiguous* when a record of a different person fits it with at least the support of
the best fitting record of its own person (or when only other persons' records fit).

`difficulty()` counts those records and the true pairs that touch them: a statistic of the
data, not a bound on any linker. Evidence pooled over a person's other records (a timeline, a
prison, the father's name in a fuller record) places many of them; the counts only say how
often a record's own facts do not.

`identifying_accuracy()` scores a run on the records that identify a person (three name parts,
a national ID or a mother's name): recall over the true pairs between two of them, precision
over every predicted pair that touches one of them — so a thin record merged into the wrong
person counts against it, never drops out. `thin_attachment()` says how many thin records
whose person has an identifying record were attached to one, and how many correctly."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# values, file paths, are quoted by doubling single quotes.

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from athar.linkage.benchmark import Accuracy, sql_quote


@dataclass(frozen=True)
class Difficulty:
    thin_records: int
    ambiguous_records: int  # namesake-ambiguous thin records (see the module docstring)
    true_pairs: int
    true_pairs_touching_ambiguous: int


@dataclass(frozen=True)
class ThinAttachment:
    eligible: int  # thin records whose person also has an identifying record
    attached: int  # of those, placed in a cluster with an identifying record
    correct: int  # ... whose identifying records are all of their own person

    @property
    def attached_share(self) -> float:
        return self.attached / self.eligible if self.eligible else 1.0

    @property
    def correct_share(self) -> float:
        return self.correct / self.attached if self.attached else 1.0


_THIN_CONDITIONS = ("father IS NULL", "grandfather IS NULL", "mother IS NULL", "national_id IS NULL",
                    "given_key IS NOT NULL", "family_key IS NOT NULL")


def _thin(alias: str) -> str:
    return " AND ".join(f"{alias}.{condition}" for condition in _THIN_CONDITIONS)


# The name condition is written as two equi-joins (family or father), so DuckDB hashes instead of
# comparing every pair with one given name.
_NAME_JOINS = ("t.given_key = o.given_key AND t.family_key = o.family_key",
               "t.given_key = o.given_key AND t.family_key = o.father_key")
_FITS = ("(t.sex IS NULL OR o.sex IS NULL OR t.sex = o.sex) "
         "AND (t.birth_lo IS NULL OR o.birth_lo IS NULL OR "
         "(t.birth_lo <= o.birth_hi + 1 AND o.birth_lo <= t.birth_hi + 1)) "
         "AND t.unique_id <> o.unique_id")
# Facts beyond the name that a record may share with a fitting one: each agreeing fact counts one.
_SUPPORT = ("(coalesce(t.event_place_key = o.event_place_key AND abs(t.event_year - o.event_year) <= 1, false))::int"
            " + (coalesce(left(t.arrest_date, 7) = left(o.arrest_date, 7) AND length(t.arrest_date) >= 7, false))::int"
            " + (coalesce(t.governorate_key = o.governorate_key, false))::int"
            " + (coalesce(t.birth_place_key = o.birth_place_key, false))::int")


def _load(con: duckdb.DuckDBPyConnection, features_parquet: str | Path, clusters_csv: str | Path,
          truth_csv: str | Path) -> None:
    """Table `f`: the features of every record with truth, its person and its cluster."""
    con.execute(f"""CREATE TABLE f AS SELECT x.*, t.person_id, c.cluster_id,
            (x.father IS NOT NULL AND x.given_key IS NOT NULL AND x.family_key IS NOT NULL)
                OR x.national_id IS NOT NULL OR x.mother IS NOT NULL AS identifying
        FROM read_parquet('{sql_quote(features_parquet)}') x
        JOIN read_csv('{sql_quote(truth_csv)}', all_varchar=true) t USING (source, record_id)
        JOIN read_csv('{sql_quote(clusters_csv)}', all_varchar=true) c USING (source, record_id)
        WHERE t.person_id IS NOT NULL AND t.person_id <> ''""")


def difficulty(features_parquet: str | Path, clusters_csv: str | Path, truth_csv: str | Path) -> Difficulty:
    """Namesake-ambiguous thin records of a run's data (features.parquet) against its truth."""
    con = duckdb.connect()
    try:
        _load(con, features_parquet, clusters_csv, truth_csv)
        # Per thin record and fitting person: the best support of that person's records; a
        # record is ambiguous when a person other than its own fits it best (or ties).
        fitting = " UNION ALL ".join(
            f"SELECT t.unique_id, t.person_id AS own, o.person_id AS person, {_SUPPORT} AS support "
            f"FROM f t JOIN f o ON {join} AND {_FITS} WHERE {_thin('t')}" for join in _NAME_JOINS)
        con.execute(f"CREATE TABLE fit AS SELECT unique_id, own, person, max(support) AS support "
                    f"FROM ({fitting}) GROUP BY ALL")
        con.execute("""CREATE TABLE best AS SELECT unique_id, any_value(own) AS own, list(person) AS persons
            FROM fit WHERE (unique_id, support) IN (SELECT unique_id, max(support) FROM fit GROUP BY unique_id)
            GROUP BY unique_id""")
        con.execute("CREATE TABLE amb AS SELECT unique_id, own, persons FROM best "
                    "WHERE len(list_filter(persons, lambda p: p <> own)) > 0")
        thin = _scalar(con, f"SELECT count(*) FROM f WHERE {_thin('f')}")
        ambiguous = _scalar(con, "SELECT count(*) FROM amb")
        true_pairs = _scalar(con, "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM "
                                  "(SELECT count(*) AS n FROM f GROUP BY person_id)")
        clear = ("SELECT count(*) AS n FROM f WHERE unique_id NOT IN (SELECT unique_id FROM amb) "
                 "GROUP BY person_id")
        clear_pairs = _scalar(con, f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM ({clear})")
    finally:
        con.close()
    return Difficulty(thin, ambiguous, true_pairs, true_pairs - clear_pairs)


def identifying_accuracy(features_parquet: str | Path, clusters_csv: str | Path, truth_csv: str | Path) -> Accuracy:
    """Pairwise accuracy on the records that identify a person, false merges included (see
    the module docstring)."""
    con = duckdb.connect()
    try:
        _load(con, features_parquet, clusters_csv, truth_csv)

        def pairs(group: str, where: str) -> int:
            return _scalar(con, f"""SELECT coalesce(sum(n * (n - 1) / 2 - (n - k) * (n - k - 1) / 2), 0) FROM
                (SELECT count(*) AS n, count(*) FILTER (WHERE identifying) AS k FROM f {where} GROUP BY {group})""")

        # Pairs with at least one identifying record: all pairs of a group minus those of its
        # non-identifying records. Recall counts pairs of two identifying records only.
        truth = _scalar(con, "SELECT coalesce(sum(k * (k - 1) / 2), 0) FROM (SELECT count(*) AS k FROM f "
                             "WHERE identifying GROUP BY person_id)")
        found = _scalar(con, "SELECT coalesce(sum(k * (k - 1) / 2), 0) FROM (SELECT count(*) AS k FROM f "
                             "WHERE identifying GROUP BY person_id, cluster_id)")
        predicted = pairs("cluster_id", "")
        correct = pairs("cluster_id, person_id", "")
    finally:
        con.close()
    precision = correct / predicted if predicted else 1.0
    recall = found / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(precision, recall, f1, truth, predicted, correct)


def thin_attachment(features_parquet: str | Path, clusters_csv: str | Path, truth_csv: str | Path) -> ThinAttachment:
    """Thin records whose person has an identifying record: attached to one, and correctly."""
    con = duckdb.connect()
    try:
        _load(con, features_parquet, clusters_csv, truth_csv)
        row = con.execute(f"""
            WITH thin AS (SELECT unique_id, person_id, cluster_id FROM f WHERE {_thin('f')}),
                 eligible AS (SELECT * FROM thin WHERE person_id IN (SELECT person_id FROM f WHERE identifying)),
                 placed AS (SELECT e.unique_id, count(i.unique_id) AS n,
                                   count(*) FILTER (WHERE i.person_id <> e.person_id) AS wrong
                            FROM eligible e LEFT JOIN f i ON i.cluster_id = e.cluster_id AND i.identifying
                            GROUP BY e.unique_id)
            SELECT count(*), count(*) FILTER (WHERE n > 0), count(*) FILTER (WHERE n > 0 AND wrong = 0)
            FROM placed""").fetchall()
    finally:
        con.close()
    eligible, attached, correct = (int(v or 0) for v in row[0])
    return ThinAttachment(eligible, attached, correct)


@dataclass(frozen=True)
class ReviewCoverage:
    left: int  # thin records whose person has an identifying record, not attached to one
    covered: int  # of those, whose person is among their review candidates (candidates.csv)

    @property
    def share(self) -> float:
        return self.covered / self.left if self.left else 1.0


def _load_review_candidates(con: duckdb.DuckDBPyConnection, candidates_csv: str | Path) -> None:
    """Table `cand`: each record's review candidates (none when there is no candidates.csv)."""
    if Path(candidates_csv).is_file():
        con.execute(f"CREATE TABLE cand AS SELECT source, record_id, cluster_id AS candidate FROM "
                    f"read_csv('{sql_quote(candidates_csv)}', all_varchar=true) WHERE decision = 'review'")
    else:
        con.execute("CREATE TABLE cand (source VARCHAR, record_id VARCHAR, candidate VARCHAR)")


def review_coverage(features_parquet: str | Path, clusters_csv: str | Path, candidates_csv: str | Path,
                    truth_csv: str | Path) -> ReviewCoverage:
    """Thin records left unattached although their person has an identifying record: how many
    have that person among the review candidates of the person pass (no candidates.csv: none)."""
    con = duckdb.connect()
    try:
        _load(con, features_parquet, clusters_csv, truth_csv)
        _load_review_candidates(con, candidates_csv)
        row = con.execute(f"""
            WITH left_alone AS (SELECT t.unique_id, t.source, t.record_id, t.person_id FROM f t WHERE {_thin('t')}
                    AND t.person_id IN (SELECT person_id FROM f WHERE identifying)
                    AND NOT EXISTS (SELECT 1 FROM f i WHERE i.cluster_id = t.cluster_id AND i.identifying)),
                 covered AS (SELECT DISTINCT l.unique_id FROM left_alone l JOIN cand c USING (source, record_id)
                    JOIN f p ON p.cluster_id = c.candidate AND p.person_id = l.person_id)
            SELECT (SELECT count(*) FROM left_alone), (SELECT count(*) FROM covered)""").fetchall()
    finally:
        con.close()
    left, covered = (int(v or 0) for v in row[0])
    return ReviewCoverage(left, covered)


@dataclass(frozen=True)
class OnePartCoverage:
    with_mate: int  # records named by one part whose person has a record in another source
    linked: int  # of those, in one cluster with such a record
    linked_wrongly: int  # records named by one part in a cluster with another person's record
    left: int  # with a mate, not linked to it
    covered: int  # of those left, whose mate's cluster is among their review candidates


def one_part_coverage(features_parquet: str | Path, clusters_csv: str | Path, candidates_csv: str | Path,
                      truth_csv: str | Path) -> OnePartCoverage:
    """Records named by one part (a given or a family name alone, nothing that identifies; the
    definition of `single_part`): linked to their person's record in another source, or left
    alone with it among their review candidates (candidates.csv)."""
    con = duckdb.connect()
    try:
        _load(con, features_parquet, clusters_csv, truth_csv)
        _load_review_candidates(con, candidates_csv)
        row = con.execute("""
            WITH one AS (SELECT * FROM f WHERE NOT identifying AND father_key IS NULL AND grandfather_key IS NULL
                                           AND (given_key IS NULL) <> (family_key IS NULL)),
                 mated AS (SELECT o.unique_id, o.source, o.record_id, bool_or(m.cluster_id = o.cluster_id) AS linked
                           FROM one o JOIN f m ON m.person_id = o.person_id AND m.source <> o.source
                           GROUP BY ALL),
                 covered AS (SELECT DISTINCT l.unique_id FROM mated l JOIN cand c USING (source, record_id)
                             JOIN f p ON p.cluster_id = c.candidate AND p.source <> l.source
                             AND p.person_id = (SELECT person_id FROM f WHERE unique_id = l.unique_id)
                             WHERE NOT l.linked)
            SELECT (SELECT count(*) FROM mated), (SELECT count(*) FROM mated WHERE linked),
                   (SELECT count(DISTINCT o.unique_id) FROM one o JOIN f x ON x.cluster_id = o.cluster_id
                    AND x.person_id <> o.person_id),
                   (SELECT count(*) FROM mated WHERE NOT linked), (SELECT count(*) FROM covered)""").fetchall()
    finally:
        con.close()
    with_mate, linked, wrong, left, covered = (int(v or 0) for v in row[0])
    return OnePartCoverage(with_mate, linked, wrong, left, covered)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
