"""How much of a benchmark no linker can decide from the records' own facts.

A *thin* record names a person by two parts only — a given name and one more, with no father's
or grandfather's name, no mother and no national ID — as testimonies and short NGO lists do
("Ahmad al-Hasan, about 30, seen in Saydnaya"). A record *fits* a thin one when it has the same
given-name key, the thin record's second part as its family or father key, no conflicting sex,
and birth years at most a year apart or unknown. Its *support* counts the other facts the two
share: event place (within a year), arrest month, governorate, birth place. A thin record is
*ambiguous* when a record of a different person fits it with at least the support of the best
fitting record of its own person (or when only other persons' records fit).
Linking it is then a guess between namesakes, and athar does not guess: a false match tells a
family that their son was seen alive.

`ceiling()` counts those records and the true pairs that depend on them, and scores the run on
the rest: pairwise precision/recall/F1 over the records that are not ambiguous. Both numbers are
printed next to the plain accuracy, never instead of it.

`best_guess` is the most a linker could reach that *does* guess: perfect on every record that is
not ambiguous, and each ambiguous record placed with one of the persons that fit it best, picked
at random — for the ambiguous records where that pays (in expected pairs, chosen to maximise
F1). It is credited with every true pair between two ambiguous records of one person as well,
so it is an upper bound on the expected score of any linker that uses the same facts.

What neither credits: evidence beyond the record's own facts (a sighting in a prison where only
one of the namesakes was held); a linker that used it could place some ambiguous records, so
the ceiling is a measure of the data, not a bound on every method."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# values, file paths, are quoted by doubling single quotes.

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from athar.linkage.benchmark import Accuracy, accuracy_of_table, sql_quote


@dataclass(frozen=True)
class Ceiling:
    thin_records: int
    ambiguous_records: int
    true_pairs: int
    true_pairs_touching_ambiguous: int
    decidable: Accuracy  # the run scored on records that are not ambiguous
    best_guess: Accuracy  # expected score of a perfect linker that guesses where guessing pays

    @property
    def reachable_recall(self) -> float:
        """Recall left once every pair that depends on an ambiguous record is given up."""
        if not self.true_pairs:
            return 1.0
        return 1 - self.true_pairs_touching_ambiguous / self.true_pairs


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


def ceiling(features_parquet: str | Path, clusters_csv: str | Path, truth_csv: str | Path) -> Ceiling:
    """Ambiguous thin records of a run (features.parquet, clusters.csv) against its truth."""
    con = duckdb.connect()
    try:
        con.execute(f"""CREATE TABLE f AS SELECT x.*, t.person_id, c.cluster_id
            FROM read_parquet('{sql_quote(features_parquet)}') x
            JOIN read_csv('{sql_quote(truth_csv)}', all_varchar=true) t USING (source, record_id)
            JOIN read_csv('{sql_quote(clusters_csv)}', all_varchar=true) c USING (source, record_id)
            WHERE t.person_id IS NOT NULL AND t.person_id <> ''""")
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
        con.execute("CREATE TABLE j AS SELECT source, record_id, cluster_id, person_id FROM f "
                    "WHERE unique_id NOT IN (SELECT unique_id FROM amb)")
        decidable = accuracy_of_table(con, "j", cross_source_only=False)
        best_guess = _best_guess(con, true_pairs, clear_pairs)
    finally:
        con.close()
    return Ceiling(thin, ambiguous, true_pairs, true_pairs - clear_pairs, decidable, best_guess)


def _best_guess(con: duckdb.DuckDBPyConnection, true_pairs: int, clear_pairs: int) -> Accuracy:
    """Expected accuracy of the best guessing linker (see the module docstring), from the tables
    `f` (records with person_id) and `amb` (ambiguous records: own person, best-fitting persons)."""
    clear_size = dict(con.execute("SELECT person_id, count(*) FROM f WHERE unique_id NOT IN "
                                  "(SELECT unique_id FROM amb) GROUP BY person_id").fetchall())
    # Expected (true, false) pairs of placing each ambiguous record with a random best fit.
    gains: list[tuple[float, float]] = []
    for own, persons in con.execute("SELECT own, persons FROM amb").fetchall():
        fits = set(persons)
        right = clear_size.get(own, 0) if own in fits else 0
        wrong = sum(clear_size.get(p, 0) for p in fits if p != own)
        gains.append((right / len(fits), wrong / len(fits)))
    # Pairs of two ambiguous records of one person: credited as if always found.
    among = _scalar(con, "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM f "
                         "WHERE unique_id IN (SELECT unique_id FROM amb) GROUP BY person_id)")
    # F1 = 2 TP / (TP + FP + true pairs): the best set of guesses takes them by falling ratio of
    # expected true to false pairs, up to where the next one lowers F1.
    gains.sort(key=lambda g: g[0] / g[1] if g[1] else float("inf"), reverse=True)
    tp, fp = float(clear_pairs + among), 0.0
    best = (tp, fp)
    for right, wrong in gains:
        tp, fp = tp + right, fp + wrong
        if 2 * tp / (tp + fp + true_pairs) > 2 * best[0] / (best[0] + best[1] + true_pairs):
            best = (tp, fp)
    tp, fp = best
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(precision, recall, f1, true_pairs, round(tp + fp), round(tp))


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
