"""Score thin units against candidate persons with the run's model, evidence pooled per person
(the Splink side of `person_pass`; see there for the method).

The records of the thin units and of the persons are put in two DuckDB tables; Splink's
`predict_between` scores unit × person-record pairs found by two equi-join rules (given-name
key plus the family key, or plus the father key), which also require sex and birth years not
to contradict, so namesakes the guards would refuse anyway are never scored. The thin records
are scored a second time read as "given son of father" (the second part moved to the father's
columns, the family unknown). Per (unit, person, reading) each compared field keeps its best
weight over the pairs that compared it (a record that lacks the field says nothing: its null
level must not hide another record's contradiction — an arrest in 2016 against one in 2013);
the sum is the pooled evidence in bits. A thin record that fits more than
`MAX_CANDIDATE_PERSONS` persons is scored against the best-supported of them only
(`_pick_common`), so the scoring stays linear in the records however common a name grows (the
ranking before it weighs every namesake by a few facts, and grows faster).

Persons whose second part is one letter off (`_pick_near`), persons whose register ran their
family name into the given name the record has (`_pick_joined`), persons the record names by
their father's name first when few fit that reading (`_pick_reordered`), and, for a record whose
name finds fewer persons than its review queue holds, persons found without the given name or by
splitting a run-together second part (`_pick_wider`), are scored too.

What it cannot do: find a person whose given-name key differs from the unit's when the unit's
name already fits `REVIEW_CANDIDATES` persons, or whose second part is more than one letter off
(on 100,000 synthetic records, seed 1, 36 of 1,722 unattached thin records whose person has a
fuller record); the ranking of a common name's namesakes before scoring counts agreeing facts,
so the true person of a record that shares none with it may not be among those scored (11)."""

# ruff: noqa: S608 — SQL here is built from our own table and column names.

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from athar.linkage.clustering import BIRTH_YEAR_TOLERANCE
from athar.linkage.engine import Engine
from athar.linkage.features import PART_COLUMN_SUFFIXES, TF_COLUMNS
from athar.linkage.person_pass import REVIEW_CANDIDATES, Entries
from athar.linkage.sql_functions import NAME_SIMILARITY

UNITS = "athar_thin_units"
UNITS_AS_FATHER = "athar_thin_units_father"
PERSONS = "athar_person_records"
MEMBERS = "athar_pass_members"
SCORES = "athar_pass_scores"
_calls = itertools.count(1)
# Namesakes scored per thin record and reading; a record that fits more is scored against the
# best-supported of them only (`_pick_common`).
MAX_CANDIDATE_PERSONS = 100
# The person's label on the persons' records, and on the rows of a common name's picked
# persons: those rows are scored against that person only.
PICK = "athar_pick"
_COMMON = "_common"
_NEAR = "_near"
_WIDER = "_wider"
# Persons scored per thin record whose second part they fit one letter apart only: such a fit
# is weaker evidence, and a short common key has many neighbours (100 per record scored 251,000
# pairs at 100,000 records, twice what the exact fits cost).
MAX_NEAR_PERSONS = 10
# A thin record whose name's one-letter neighbours (the same given-name key, a second part one
# letter off) hold more persons' records than this is not looked up one letter apart
# (`_pick_near`): each of them would be weighed, and a common name's neighbourhood grows with the
# population, so the look-up grew with the square of the records (at a million records the
# neighbourhoods are ten times those of 100,000). On 100,000 synthetic records, seed 1, the cap
# left out 744 of 7,800 records looked up, and 443,000 of the 899,000 (record, person) fits
# ranked, but none of the 30 true persons the look-up kept among the best `MAX_NEAR_PERSONS`
# (with 500: 2 of them; 200: 8): in a crowd the facts that rank the neighbours seldom pick
# the right one.
MAX_NEAR_RECORDS = 1000
_PICK_SLOTS = 128  # > MAX_CANDIDATE_PERSONS
# A thin record read with its father's name first is looked up only when the reading fits this
# many persons or fewer (`_pick_reordered`).
MAX_REORDERED_PERSONS = 3


def _record_id(column: str) -> str:
    """The record's own id of a row's id (see `_pick_common`)."""
    return f"(CASE WHEN {column} < 0 THEN (-{column} - 1) // {_PICK_SLOTS} ELSE {column} END)"


def identifying_sql(alias: str = "") -> str:
    """A record that identifies a person: three name parts, a national ID or a mother's name
    (the definition the benchmark uses, `difficulty.py`)."""
    p = f"{alias}." if alias else ""
    return (f"(({p}father IS NOT NULL AND {p}given_key IS NOT NULL AND {p}family_key IS NOT NULL) "
            f"OR {p}national_id IS NOT NULL OR {p}mother IS NOT NULL)")


def _compatible(link_only: bool) -> str:
    return ("(l.sex IS NULL OR r.sex IS NULL OR l.sex = r.sex) AND (l.birth_lo IS NULL OR r.birth_lo IS NULL OR "
            f"(l.birth_lo <= r.birth_hi + {BIRTH_YEAR_TOLERANCE} AND r.birth_lo <= l.birth_hi + {BIRTH_YEAR_TOLERANCE}))"
            + (" AND l.source <> r.source" if link_only else ""))


def rules(*, link_only: bool, picked: bool = False) -> list[str]:
    ok = _compatible(link_only)
    # A common name's rows are scored against their picked person only: that equality leads,
    # so the join hashes on it (behind the name keys it cost 18 s instead of 2 at 100,000).
    pick = f"l.{PICK} = r.{PICK} AND " if picked else ""
    return [f"{pick}l.given_key = r.given_key AND l.family_key = r.family_key AND {ok}",
            f"{pick}l.given_key = r.given_key AND l.father_key = r.father_key AND {ok}"]


def _father_reading(columns: Sequence[str]) -> str:
    """SELECT list of the units table with the family name read as the father's name."""
    moved = {f"father{s}": f"family{s}" for s in PART_COLUMN_SUFFIXES}
    emptied = {f"family{s}" for s in PART_COLUMN_SUFFIXES}
    out = []
    for c in columns:
        if c in moved and moved[c] in columns:
            out.append(f"{moved[c]} AS {c}")
        elif c in emptied:
            out.append(f"NULL AS {c}")
        else:
            out.append(c)
    return ", ".join(out)


class YearsApart(Mapping[tuple[int, int], int]):
    """(unit, person) → the year of the unit's earliest event that is not an arrest minus the
    person's year (`person_year`: its earliest arrest, or its earliest event), for every unit and
    person both dated (absent otherwise). Computed from the two years when asked, not stored per
    pair: a million-record run weighs millions of pairs."""

    def __init__(self, unit_event: Mapping[int, int], person_year: Mapping[int, int]) -> None:
        self._unit_event, self._person_year = unit_event, person_year

    def __contains__(self, key: object) -> bool:
        return (isinstance(key, tuple) and len(key) == 2 and key[0] in self._unit_event
                and key[1] in self._person_year)

    def __getitem__(self, key: tuple[int, int]) -> int:
        if key not in self:
            raise KeyError(key)
        return int(self._unit_event[key[0]]) - int(self._person_year[key[1]])

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return ((unit, person) for unit in self._unit_event for person in self._person_year)

    def __len__(self) -> int:
        return len(self._unit_event) * len(self._person_year)

    def between(self, units: np.ndarray, persons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each (unit, person) of the two arrays: whether both are dated, and the years
        apart (0 where not): the mapping for millions of pairs at once."""
        def years_of(ids: np.ndarray, year: Mapping[int, int]) -> tuple[np.ndarray, np.ndarray]:
            distinct, inverse = np.unique(ids, return_inverse=True)
            dated = np.array([int(i) in year for i in distinct.tolist()], dtype=bool)
            values = np.array([int(year.get(int(i), 0)) for i in distinct.tolist()], dtype=np.int64)
            return dated[inverse], values[inverse]

        unit_dated, unit_year = years_of(units, self._unit_event)
        person_dated, person_year = years_of(persons, self._person_year)
        known = unit_dated & person_dated
        return known, np.where(known, unit_year - person_year, 0)


def pooled_scores(engine: Engine, labels: Sequence[int], *, link_only: bool) -> tuple[
        Entries, list[int], int, dict[int, int], YearsApart, YearsApart]:
    """(readings, thin unit labels, number of persons, unit → candidate persons left unscored,
    and two `YearsApart` for `person_pass.with_timeline_evidence`: from the person's earliest
    arrest, and from the person's earliest event for persons none of whose records dates an
    arrest). `readings`: (unit, person) → the best pooled score (bits) of the name read as
    written and of it read as "given son of father", -inf for a reading with no score, in the
    order the pairs were first scored (the `person_pass._readings` of every table's scores, taken
    in DuckDB: a million-record run scores millions of pairs, too many to hold in Python one by
    one). `labels`: the cluster label of each record, indexed by the feature table's `unique_id`."""
    con = engine.con
    # Splink refuses a second registration of one table name on a connection: each call names
    # its tables afresh.
    n = next(_calls)
    units_table, father_table, persons_table = f"{UNITS}_{n}", f"{UNITS_AS_FATHER}_{n}", f"{PERSONS}_{n}"
    con.register("athar_pass_labels", pa.table({"unique_id": pa.array(range(len(labels)), pa.int64()),
                                                "label": pa.array(labels, pa.int64())}))
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {MEMBERS} AS
            SELECT l.unique_id, l.label, {identifying_sql('f')} AS identifying,
                   f.given_key IS NOT NULL AND (f.family_key IS NOT NULL OR f.father_key IS NOT NULL) AS named
            FROM athar_pass_labels l JOIN {engine.table} f USING (unique_id)""").fetchall()
    finally:
        con.unregister("athar_pass_labels")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_clusters AS SELECT label, bool_or(identifying) AS identifying
        FROM {MEMBERS} GROUP BY label""").fetchall()
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_side AS SELECT m.unique_id, m.label, c.identifying AS person
        FROM {MEMBERS} m JOIN athar_pass_clusters c USING (label)""").fetchall()
    # Splink's predict_between joins its own term-frequency tables (it cannot use precomputed
    # tf_* columns): the copies leave them out, and the lookup tables are made once here.
    keep = ", ".join(f"f.{c}" for c in (r[0] for r in con.execute(f"DESCRIBE {engine.table}").fetchall())
                     if not c.startswith("tf_"))
    for column in TF_COLUMNS:
        engine.linker.table_management.compute_tf_table(column)
    con.execute(f"""CREATE OR REPLACE TABLE {units_table} AS SELECT {keep}, NULL::BIGINT AS {PICK} FROM {engine.table} f
        JOIN {MEMBERS} m USING (unique_id) JOIN athar_pass_clusters c USING (label)
        WHERE NOT c.identifying AND m.named""").fetchall()
    con.execute(f"""CREATE OR REPLACE TABLE {persons_table} AS SELECT {keep}, m.label AS {PICK} FROM {engine.table} f
        JOIN {MEMBERS} m USING (unique_id) JOIN athar_pass_clusters c USING (label) WHERE c.identifying""").fetchall()
    columns = [r[0] for r in con.execute(f"DESCRIBE {units_table}").fetchall()]
    # The timeline: a unit's events other than an arrest (a sighting, a register entry, a death),
    # a person's arrests (or disappearances), by year.
    unit_event = dict(con.execute(f"""SELECT m.label, min(u.event_year) FROM {units_table} u JOIN {MEMBERS} m
        USING (unique_id) WHERE u.arrest_date IS NULL AND u.event_year IS NOT NULL GROUP BY 1""").fetchall())
    person_arrest = dict(con.execute(f"""SELECT {PICK}, min(arrest_year) FROM {persons_table}
        WHERE arrest_year IS NOT NULL GROUP BY 1""").fetchall())
    # A person no record of which dates an arrest: the year of its earliest event (a register
    # entry, a sighting, a death), weighed apart (`person_pass.with_timeline_evidence`, `kind`).
    person_first = dict(con.execute(f"""SELECT {PICK}, min(event_year) FROM {persons_table}
        GROUP BY 1 HAVING count(arrest_year) = 0 AND min(event_year) IS NOT NULL""").fetchall())
    con.execute(f"CREATE OR REPLACE TABLE {father_table} AS SELECT {_father_reading(columns)} FROM {units_table} "
                "WHERE family_key IS NOT NULL AND father IS NULL").fetchall()
    units = [int(r[0]) for r in con.execute(
        f"SELECT DISTINCT m.label FROM {units_table} u JOIN {MEMBERS} m USING (unique_id) ORDER BY 1").fetchall()]
    n_persons = int(con.execute("SELECT count(*) FROM athar_pass_clusters WHERE identifying").fetchall()[0][0])
    con.execute("CREATE OR REPLACE TEMP TABLE athar_pass_fits (unique_id BIGINT, person BIGINT, kept BOOLEAN)"
                ).fetchall()
    picked: list[tuple[str, bool]] = []
    for table, father in ((units_table, False), (father_table, True)):
        common = _pick_common(con, table, persons_table, link_only)
        picked += [(table, father)] + ([(common, father)] if common else [])
    near = _pick_near(con, units_table, persons_table, link_only)
    if near:
        picked.append((near, False))
    for table, father in ((units_table, False), (father_table, True)):
        wider = _pick_wider(con, table, persons_table, link_only)
        if wider:
            picked.append((wider, father))
    joined = _pick_joined(con, units_table, persons_table, link_only)
    if joined:
        picked.append((joined, False))
    reordered = _pick_reordered(con, units_table, persons_table, link_only)
    if reordered:
        picked.append((reordered, False))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {SCORES} (scored INTEGER, unit BIGINT, person BIGINT, "
                "father BOOLEAN, bits DOUBLE)").fetchall()
    persons_sdf = engine.db_api.register(persons_table, dataset_display_name=persons_table)
    for scored, (table, father) in enumerate(picked):
        if not con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]:
            continue
        units_sdf = engine.db_api.register(table, dataset_display_name=table)
        blocking: list[Any]
        if table.endswith(_NEAR):
            blocking = [f"l.{PICK} = r.{PICK} AND l.given_key = r.given_key AND {_compatible(link_only)}"]
        elif table.endswith(_WIDER):  # every record of the picked person: the names were not the key
            blocking = [f"l.{PICK} = r.{PICK} AND {_compatible(link_only)}"]
        else:
            blocking = list(rules(link_only=link_only, picked=table.endswith(_COMMON)))
        df = engine.linker.inference.predict_between(units_sdf, persons_sdf,
                                                     blocking_rules_to_generate_predictions=blocking,
                                                     warning_mode="never")
        _pool(engine, df.physical_name, father, scored)
        df.drop_table_from_database_and_remove_from_cache()
    # Per unit, the persons that fitted a record of it minus those kept for one: one row per
    # (unit, person) first, then plain counts (two distinct counts over the fits' tens of millions
    # of rows took 10 s at a million records).
    omitted = {int(u): int(k) for u, k in con.execute(f"""
        SELECT label, count(*) - count(*) FILTER (WHERE kept) FROM (
            SELECT m.label, a.person, bool_or(a.kept) AS kept
            FROM athar_pass_fits a JOIN {MEMBERS} m USING (unique_id) GROUP BY 1, 2)
        GROUP BY 1 HAVING count(*) > count(*) FILTER (WHERE kept)""").fetchall()}
    for table, _father in picked:
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()
    for table in (persons_table, MEMBERS, "athar_pass_clusters", "athar_pass_side", "athar_pass_fits"):
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()
    readings = _readings(con)
    return (readings, units, n_persons, omitted, YearsApart(unit_event, person_arrest),
            YearsApart(unit_event, person_first))


def _readings(con: Any) -> Entries:
    """Per (unit, person) the best score of each reading, ordered as the pairs were first
    scored (by table, then unit and person): the order in which `person_pass` sums a unit's
    candidates, so the floating-point sums are those of scoring table by table. As arrays (a
    million-record run has millions of pairs)."""
    found = con.execute(f"""SELECT unit, person,
            coalesce(max(bits) FILTER (WHERE NOT father), '-inf'::DOUBLE) AS as_family,
            coalesce(max(bits) FILTER (WHERE father), '-inf'::DOUBLE) AS as_father
        FROM {SCORES} GROUP BY unit, person ORDER BY min(scored), unit, person""").fetchnumpy()
    con.execute(f"DROP TABLE {SCORES}").fetchall()
    return Entries(np.asarray(found["unit"], dtype=np.int64), np.asarray(found["person"], dtype=np.int64),
                   np.asarray(found["as_family"], dtype=np.float64), np.asarray(found["as_father"], dtype=np.float64))


# Facts beyond the name by which the namesakes of a common two-part name are ranked before
# scoring (`_pick_common`): each agreeing fact counts one. An event's year within one of the
# other's counts with or without its place: a detainee is sighted mostly within a year or two of
# the arrest (`person_pass.with_timeline_evidence` learns how much that weighs, from the units
# this ranking did not pick for: it would bias the rate among namesakes). On 100,000 synthetic
# records, seed 1, the place-and-year term alone left 38 thin records' persons among the
# namesakes not scored; with the year alone too, 11.
_SUPPORT = ("(coalesce(l.event_place_key = r.event_place_key AND abs(l.event_year - r.event_year) <= 1, false))::int"
            " + (coalesce(abs(l.event_year - r.event_year) <= 1, false))::int"
            " + (coalesce(left(l.arrest_date, 7) = left(r.arrest_date, 7) AND length(l.arrest_date) >= 7, false))::int"
            " + (coalesce(l.governorate_key = r.governorate_key, false))::int"
            " + (coalesce(l.birth_place_key = r.birth_place_key, false))::int"
            " + (coalesce(l.birth_lo <= r.birth_hi AND r.birth_lo <= l.birth_hi, false))::int")
_GAP = (f"coalesce(greatest(l.birth_lo - r.birth_hi, r.birth_lo - l.birth_hi, 0), {BIRTH_YEAR_TOLERANCE})")
# How a look-up ranks the persons it finds for a record (fits grouped per record and person): the
# most supporting facts, then the smallest birth gap, then found the most often.
_RANK = ("row_number() OVER (PARTITION BY unique_id ORDER BY max(support) DESC, min(gap), count(*) DESC, person)"
         " AS rank")


def _pick_common(con: Any, table: str, persons: str, link_only: bool) -> str | None:
    """Move the records of `table` that fit more than MAX_CANDIDATE_PERSONS persons into a table
    of their own, one row per record and kept person (column `PICK`): the persons whose records
    share most facts beyond the name (place and year of an event, the year alone, arrest month, governorate,
    birth place, birth year), then the nearest birth year, then the most records. Scoring every
    namesake of a common name grows with the square of the set (255,000 pairs on 100,000
    synthetic records, about 25 million at a million); this keeps it linear, and the persons
    not scored still weigh against the best (`person_pass._posteriors`). Records every fitting
    person of is noted in `athar_pass_fits` (kept or not). Returns the new table, or None."""
    # "Found the most often" counts the distinct (support, gap) of a record and person's fits
    # (the two rules' fits were a UNION, which kept one of each): as bits of one integer, an
    # aggregate per group, not a distinct over every fit (tens of millions at a million records).
    # The rules' `_compatible` keeps the gap within 0..BIRTH_YEAR_TOLERANCE, and support is 0..6.
    fits = " UNION ALL ".join(
        f"SELECT l.unique_id, r.{PICK} AS person, {_SUPPORT} AS support, {_GAP} AS gap FROM {table} l "
        f"JOIN {persons} r ON {rule}" for rule in rules(link_only=link_only))
    found = f"bit_count(bit_or(1::BIGINT << (support * {BIRTH_YEAR_TOLERANCE + 1} + gap)))"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_ranked AS
        SELECT unique_id, person,
               row_number() OVER (PARTITION BY unique_id ORDER BY max(support) DESC, min(gap), {found} DESC, person)
               AS rank,
               count(*) OVER (PARTITION BY unique_id) AS n
        FROM ({fits}) GROUP BY unique_id, person""").fetchall()
    con.execute(f"""INSERT INTO athar_pass_fits SELECT unique_id, person, rank <= {MAX_CANDIDATE_PERSONS}
        FROM athar_pass_ranked""").fetchall()
    common = _copy_per_person(con, table, f"{table}{_COMMON}",
                              f"k.n > {MAX_CANDIDATE_PERSONS} AND k.rank <= {MAX_CANDIDATE_PERSONS}")
    con.execute(f"""DELETE FROM {table} WHERE unique_id IN (SELECT unique_id FROM athar_pass_ranked
        WHERE n > {MAX_CANDIDATE_PERSONS})""").fetchall()
    con.execute("DROP TABLE athar_pass_ranked").fetchall()
    return common


def _copy_per_person(con: Any, table: str, out: str, keep: str) -> str | None:
    """Table `out`: the rows of `table` copied once per person `athar_pass_ranked` ranks for
    them (alias `k`) where `keep` holds, each copy carrying its person in `PICK`, so that it is
    scored against that person only. Each row needs an id of its own (Splink joins its blocked
    pairs back to the rows by id): the copies get negative ids from which `_pool` reads the
    record's (`_record_id`). Returns `out`, or None (and no table) when nothing was kept."""
    renamed = {PICK: f"k.person AS {PICK}", "unique_id": f"-(u.unique_id * {_PICK_SLOTS} + k.rank) - 1 AS unique_id"}
    columns = ", ".join(renamed.get(c, f"u.{c}") for c in (r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()))
    con.execute(f"""CREATE OR REPLACE TABLE {out} AS SELECT {columns} FROM {table} u
        JOIN athar_pass_ranked k USING (unique_id) WHERE {keep}""").fetchall()
    if not con.execute(f"SELECT count(*) FROM {out}").fetchall()[0][0]:
        con.execute(f"DROP TABLE {out}").fetchall()
        return None
    return out


def _variants(key: str) -> str:
    """SQL: a key (`prefix:body`) and, when its body has three letters or more, its one-letter
    deletions: two keys one letter apart (a letter changed, added or dropped) share one of them,
    and no variant is shorter than two letters — a two-letter key (دهني → dn against دهيني → dhn)
    meets its three-letter neighbours, never another two-letter key through one shared letter."""
    body = f"split_part({key}, ':', 2)"
    deletions = f"CASE WHEN length({body}) >= 3 THEN length({body}) ELSE 0 END"
    return (f"list_transform(range(0, {deletions} + 1), lambda i: CASE WHEN i = 0 THEN {key} ELSE "
            f"split_part({key}, ':', 1) || ':' || left({body}, i - 1) || substr({body}, i + 1) END)")


def _fits_of(table: str) -> str:
    """SQL: the rows of `athar_pass_fits` of the records in `table`, for a look-up of those records
    to leave out the persons found before. Read whole, the fits of every common name's record (a
    hundred persons or more each, tens of millions of rows at a million records) were hashed
    again by each look-up; the records a look-up reads are fewer."""
    return f"(SELECT unique_id, person, kept FROM athar_pass_fits WHERE unique_id IN (SELECT unique_id FROM {table}))"


def _rank_new_fits(con: Any, table: str, before: str, joins: str, link_only: bool) -> None:
    """`athar_pass_ranked`: the persons (`r`) that `joins` finds for the records (`l`), compatible
    and not found before, ranked per record by support, then gap, then how often found; the best
    `MAX_NEAR_PERSONS` of each are kept in `athar_pass_fits`. `before`: CTEs `joins` reads, each
    followed by a comma."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_ranked AS
        WITH {before}
             fits AS (SELECT l.unique_id, r.{PICK} AS person, {_SUPPORT} AS support, {_GAP} AS gap
                      {joins}
                      WHERE {_compatible(link_only)}
                      AND NOT EXISTS (SELECT 1 FROM {_fits_of(table)} x WHERE x.unique_id = l.unique_id
                                      AND x.person = r.{PICK}))
        SELECT unique_id, person, {_RANK}
        FROM fits GROUP BY unique_id, person""").fetchall()
    con.execute(f"""INSERT INTO athar_pass_fits SELECT unique_id, person, rank <= {MAX_NEAR_PERSONS}
        FROM athar_pass_ranked""").fetchall()


def _pick_near(con: Any, table: str, persons: str, link_only: bool) -> str | None:
    """The persons a thin record's second part fits only one letter apart (دهني / دهيني, Tahnan /
    Tanan: a spelling or a misread letter), with the same given-name key, as their family or
    father key: a table of one row per record and such person (column `PICK`), at most
    MAX_NEAR_PERSONS per record, ranked as `_pick_common` ranks (the rest still weigh against
    the best, `person_pass._posteriors`). Persons the record fits
    exactly are not repeated. A record whose neighbours hold more than `MAX_NEAR_RECORDS`
    persons' records is not looked up. Returns the new table, or None."""
    # Keys first, records after: joined record by record through their variants, a common
    # name's thin records met its persons' records once per shared variant (up to six for one
    # pair of keys), 680 million rows at a million records, growing with the square of the
    # records. Keys the same on both sides are left out: a person one of whose records the
    # record fits exactly is in `athar_pass_fits` already, or that very pair is refused by
    # `_compatible` (a thin record has no father's name, so its family-name key equal to a
    # person's father key is an exact fit of its father reading).
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_near_keys AS
        WITH l AS (SELECT DISTINCT given_key, family_key AS k FROM {table}
                   WHERE length(split_part(family_key, ':', 2)) >= 2),
             r AS (SELECT given_key, k, count(DISTINCT unique_id) AS records FROM (
                       SELECT unique_id, given_key, family_key AS k FROM {persons}
                       UNION ALL SELECT unique_id, given_key, father_key FROM {persons})
                   WHERE length(split_part(k, ':', 2)) >= 2 GROUP BY ALL),
             lv AS (SELECT given_key, k, unnest({_variants('k')}) AS v FROM l),
             rv AS (SELECT given_key, k, records, unnest({_variants('k')}) AS v FROM r),
             near AS (SELECT DISTINCT lv.given_key, lv.k AS l_key, rv.k AS r_key, rv.records FROM lv JOIN rv
                      ON lv.given_key = rv.given_key AND lv.v = rv.v AND lv.k <> rv.k)
        SELECT given_key, l_key, r_key FROM near
        QUALIFY sum(records) OVER (PARTITION BY given_key, l_key) <= {MAX_NEAR_RECORDS}""").fetchall()
    pairs = " UNION ".join(
        f"SELECT l.unique_id AS lid, r.unique_id AS rid FROM athar_pass_near_keys k "
        f"JOIN {table} l ON l.given_key = k.given_key AND l.family_key = k.l_key "
        f"JOIN {persons} r ON r.given_key = k.given_key AND r.{part}_key = k.r_key"
        for part in ("family", "father"))
    _rank_new_fits(con, table, f"pairs AS ({pairs}),",
                   f"FROM pairs JOIN {table} l ON l.unique_id = pairs.lid JOIN {persons} r ON r.unique_id = pairs.rid",
                   link_only)
    near = _copy_per_person(con, table, f"{table}{_NEAR}", f"k.rank <= {MAX_NEAR_PERSONS}")
    for temp in ("athar_pass_ranked", "athar_pass_near_keys"):
        con.execute(f"DROP TABLE {temp}").fetchall()
    return near


def _pick_wider(con: Any, table: str, persons: str, link_only: bool) -> str | None:
    """The persons a thin record may name although its name's keys did not find them, for a
    record whose name fits fewer persons than the review queue holds (`REVIEW_CANDIDATES`, the
    exact and one-letter-off fits of `_pick_common` and `_pick_near` counted): its given name
    misread beyond one letter (ثائر read سائر), so only its second part agrees — as the
    person's family name, or as the father's in `table`'s father reading; or, in a register that
    writes family names first, the family name run together with the given or the father's
    name (كيك ياسر typed كيكياسر: the record reads "يوسف كيكياسر", the person ياسر يوسف كيك),
    found by splitting the second part's key in two at every letter (the head the person's
    family key, the tail the start of the other part's key: keys keep five letters, so a joined
    word's key ends early). At most the room left in
    the record's review queue, the closest given names first (the name engine's similarity; a split name, whose
    parts all agree, before them), then as `_pick_common` ranks. Their scores are the run's
    model on every record of the person, so a misread name weighs as the model weighs it: they
    rank below the fits of the name, and a unit with none still gets its likeliest persons for
    review instead of none. Picks are noted in `athar_pass_fits`. Returns the new table, or None."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_room AS
        SELECT u.unique_id, {REVIEW_CANDIDATES} - coalesce(any_value(x.n), 0) AS room FROM {table} u
        LEFT JOIN (SELECT unique_id, count(DISTINCT person) FILTER (WHERE kept) AS n FROM {_fits_of(table)} GROUP BY 1) x
        USING (unique_id) GROUP BY u.unique_id
        HAVING coalesce(any_value(x.n), 0) < {REVIEW_CANDIDATES}""").fetchall()
    ok = _compatible(link_only)
    fits = (f"SELECT l.unique_id, r.{PICK} AS person, coalesce({NAME_SIMILARITY}(l.given, r.given), 0.0) "
            f"AS closeness, {_SUPPORT} AS support, {_GAP} AS gap FROM {table} l "
            f"JOIN athar_pass_room USING (unique_id) JOIN {persons} r ON l.{{part}}_key = r.{{part}}_key AND {ok}")
    split = (f"SELECT l.unique_id, r.{PICK} AS person, 2.0 AS closeness, {_SUPPORT} AS support, {_GAP} AS gap "
             f"FROM athar_pass_split s JOIN {table} l USING (unique_id) JOIN {persons} r ON r.family_key = s.head "
             f"AND ((starts_with(split_part(r.given_key, ':', 2), s.tail) AND l.given_key = r.father_key) "
             f"OR (starts_with(split_part(r.father_key, ':', 2), s.tail) AND l.given_key = r.given_key)) AND {ok}")
    # A key drops a word's final h (صالح → sl, فلاح → fl), which the run-together word keeps
    # inside (صالحاياد → slhd, فلاحخالد → flhhl): a tail that starts with h is tried without it too
    # (on 100,000 synthetic records, seed 1, the 3 thin records with no candidate at all).
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_split AS
        WITH cuts AS (SELECT unique_id, pre || ':' || left(body, i) AS head, substr(body, i + 1) AS tail FROM (
            SELECT unique_id, split_part(family_key, ':', 1) AS pre, split_part(family_key, ':', 2) AS body,
                   unnest(range(2, length(split_part(family_key, ':', 2)))) AS i
            FROM {table} JOIN athar_pass_room USING (unique_id)
            WHERE length(split_part(family_key, ':', 2)) >= 4))
        SELECT * FROM cuts UNION ALL
        SELECT unique_id, head, substr(tail, 2) FROM cuts WHERE starts_with(tail, 'h') AND length(tail) >= 2""").fetchall()
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_ranked AS
        WITH fits AS ({fits.format(part='family')} UNION ALL {fits.format(part='father')} UNION ALL {split})
        SELECT f.unique_id, f.person, any_value(m.room) AS room, row_number() OVER (PARTITION BY f.unique_id
                   ORDER BY max(closeness) DESC, max(support) DESC, min(gap), count(*) DESC, f.person) AS rank
        FROM fits f JOIN athar_pass_room m USING (unique_id)
        WHERE NOT EXISTS (SELECT 1 FROM {_fits_of(table)} x WHERE x.unique_id = f.unique_id AND x.person = f.person)
        GROUP BY f.unique_id, f.person""").fetchall()
    con.execute("INSERT INTO athar_pass_fits SELECT unique_id, person, true FROM athar_pass_ranked "
                "WHERE rank <= room").fetchall()
    wider = _copy_per_person(con, table, f"{table}{_WIDER}", "k.rank <= k.room")
    for temp in ("athar_pass_ranked", "athar_pass_room", "athar_pass_split"):
        con.execute(f"DROP TABLE {temp}").fetchall()
    return wider


def _pick_joined(con: Any, table: str, persons: str, link_only: bool) -> str | None:
    """The persons whose own family name a register ran together with the given name the thin
    record has (حمامي محمد typed حماميمحمد: the person's record reads "مأمون حماميمحمد", the
    thin record "محمد حمامي"): their family key is the record's family key continued by its
    given name's (keys keep five letters; with the h a key drops at a word's end kept inside).
    At most MAX_NEAR_PERSONS per record, ranked as `_pick_common` ranks, whatever the room in
    its queue: a run-together key is rare, so the fits are few. Scored against every record of
    the person, as `_pick_wider`'s. Returns the new table, or None."""
    joined = ("split_part(family_key, ':', 1) || ':' || left(split_part(family_key, ':', 2) || {h} || "
              "split_part(given_key, ':', 2), 5)")
    # The record's joined keys first, so that the persons are found by an equi-join.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_joined AS
        SELECT DISTINCT unique_id, unnest([{joined.format(h="''")}, {joined.format(h="'h'")}]) AS joined FROM {table}
        WHERE length(split_part(family_key, ':', 2)) < 5 AND given_key IS NOT NULL""").fetchall()
    _rank_new_fits(con, table, "", f"FROM athar_pass_joined j JOIN {table} l USING (unique_id) "
                   f"JOIN {persons} r ON r.family_key = j.joined", link_only)
    out = _copy_per_person(con, table, f"{table}_joined{_WIDER}", f"k.rank <= {MAX_NEAR_PERSONS}")
    for temp in ("athar_pass_ranked", "athar_pass_joined"):
        con.execute(f"DROP TABLE {temp}").fetchall()
    return out


def _pick_reordered(con: Any, table: str, persons: str, link_only: bool) -> str | None:
    """The persons a thin record names by their father's name first: "father given" (زهير سامر
    for سامر زهير مرحوم: the order swapped) or "father family" (موسى قمر for the person whose own
    given name is missing or a title read as one, الشيخ موسى قمر). Only for a record that such a
    reading fits `MAX_REORDERED_PERSONS` persons or fewer, whatever the room in its queue: a
    reading shared by many persons says little (a common name's swapped reading fits hundreds —
    472,000 record pairs at 100,000 synthetic records — for the true person of 29 records), a
    rare one is worth a reviewer's look. Scored against every record of the person, as
    `_pick_wider`'s. Returns the new table, or None."""
    fits = " UNION ALL ".join(
        f"SELECT l.unique_id, r.{PICK} AS person, {_SUPPORT} AS support, {_GAP} AS gap FROM {table} l "
        f"JOIN {persons} r ON l.given_key = r.father_key AND l.family_key = r.{part}_key WHERE {_compatible(link_only)}"
        for part in ("given", "family"))
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_ranked AS
        SELECT unique_id, person, {_RANK},
               count(*) OVER (PARTITION BY unique_id) AS n
        FROM ({fits}) f
        WHERE NOT EXISTS (SELECT 1 FROM {_fits_of(table)} x WHERE x.unique_id = f.unique_id AND x.person = f.person)
        GROUP BY unique_id, person""").fetchall()
    con.execute(f"""DELETE FROM athar_pass_ranked WHERE n > {MAX_REORDERED_PERSONS}""").fetchall()
    con.execute("INSERT INTO athar_pass_fits SELECT unique_id, person, true FROM athar_pass_ranked").fetchall()
    out = _copy_per_person(con, table, f"{table}_reordered{_WIDER}", "true")
    con.execute("DROP TABLE athar_pass_ranked").fetchall()
    return out


def _pool(engine: Engine, predictions: str, father: bool, scored: int) -> None:
    """Each (unit, person)'s pooled score of one table's predictions, added to `SCORES`
    (`scored`: the table's place in the order of scoring)."""
    con = engine.con
    columns = [r[0] for r in con.execute(f"DESCRIBE {predictions}").fetchall()]
    fields = [c[3:] for c in columns if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]
    terms = ", ".join(f"coalesce(mw_{f}, 0)" + (f" + coalesce(mw_tf_adj_{f}, 0)" if f"mw_tf_adj_{f}" in columns
                                                 else "") + f" AS w_{f}" for f in fields)
    # Which side is the unit's record: predict_between may put either table on the left.
    con.execute(f"""INSERT INTO {SCORES}
        WITH p AS (SELECT {_record_id('unique_id_l')} AS unique_id_l, {_record_id('unique_id_r')} AS unique_id_r,
                          {terms} FROM {predictions}),
             o AS (SELECT CASE WHEN ml.person THEN mr.label ELSE ml.label END AS unit,
                          CASE WHEN ml.person THEN ml.label ELSE mr.label END AS person, p.*
                   FROM p JOIN athar_pass_side ml ON ml.unique_id = p.unique_id_l
                          JOIN athar_pass_side mr ON mr.unique_id = p.unique_id_r)
        SELECT {scored}, unit, person, {str(father).lower()},
               {' + '.join(f'coalesce(max(nullif(w_{f}, 0)), 0)' for f in fields)} AS bits
        FROM o GROUP BY unit, person""").fetchall()
