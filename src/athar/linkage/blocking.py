"""Blocking rules: which pairs of records are scored at all.

Every rule joins on canonical ASCII name parts (or the national ID), so an Arabic record and
its Latin transliteration land in the same block. Each rule combines several name parts, or a
name part with something else: a birth year or a governorate alone is a low-cardinality value
that makes blocks of thousands of records (see shared/docs/linkage-notes.md). Recall across
typos comes from the union of rules, each tolerating a different part being wrong, and from
the coarse `*_key` columns (`athar.names.blocking_keys`), which absorb spelling variants.

What it cannot do: find a pair that differs in most name parts at once and shares no ID (a
record with only a given name and a birth year has no block to fall into)."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# value, a file path, is quoted by doubling single quotes.

from __future__ import annotations

import duckdb

# Birth years known on both sides and at most a year apart: keeps the broad rule (given and
# family name only) from scoring every namesake. DuckDB joins on the equalities and filters as it
# goes, so the filter bounds the pairs, not the join keys. Measured on 1,000,000 synthetic
# records: the broad rule alone would give 158 million pairs with birth years 3 apart or
# unknown (56 million of them with no birth year on either side — pairs whose two-part names could
# never reach a match on a set that size), 12.7 million with this filter.
BIRTH_NEAR = "l.birth_lo <= r.birth_hi + 1 AND r.birth_lo <= l.birth_hi + 1"

# (name, SQL condition on l./r.) — order matters only for which rule is credited with a pair.
# Keys of the given and family name, with one more fact that agrees. The key pair alone would
# score every namesake (3.2 million pairs on 100,000 synthetic records, ~300 million on a
# million); each of these adds a field that namesakes rarely share. Counted on 100,000 synthetic
# records (comparisons / true pairs no other rule finds): arrest month 29k / 1.5k, birth place
# 30k / 1.2k, event place 53k / 0.5k, mother 45k / 0.4k, governorate 282k / 4.5k. (Skeleton of
# given + father with birth years near was dropped: 210k comparisons for 350 true pairs.)
GIVEN_FAMILY_KEYS = "l.given_key = r.given_key AND l.family_key = r.family_key"

# (name, SQL condition on l./r.) — order matters only for which rule is credited with a pair.
RULES: tuple[tuple[str, str], ...] = (
    ("national_id", "l.national_id = r.national_id"),
    ("given+father+family", "l.given = r.given AND l.father = r.father AND l.family = r.family"),
    ("given+father+grandfather",
     "l.given = r.given AND l.father = r.father AND l.grandfather = r.grandfather"),
    ("father+grandfather+family",
     "l.father = r.father AND l.grandfather = r.grandfather AND l.family = r.family"),
    ("given+grandfather+family",
     "l.given = r.given AND l.grandfather = r.grandfather AND l.family = r.family"),
    ("keys given+father+family",
     "l.given_key = r.given_key AND l.father_key = r.father_key AND l.family_key = r.family_key"),
    ("keys given+family, birth near", f"{GIVEN_FAMILY_KEYS} AND {BIRTH_NEAR}"),
    ("keys given+family, arrest month",
     f"{GIVEN_FAMILY_KEYS} AND left(l.arrest_date, 7) = left(r.arrest_date, 7) AND length(l.arrest_date) >= 7"),
    ("keys given+family, event place", f"{GIVEN_FAMILY_KEYS} AND l.event_place_key = r.event_place_key"),
    ("keys given+family, birth place", f"{GIVEN_FAMILY_KEYS} AND l.birth_place_key = r.birth_place_key"),
    ("keys given+family, mother", f"{GIVEN_FAMILY_KEYS} AND l.mother_key = r.mother_key"),
    ("keys given+family, governorate", f"{GIVEN_FAMILY_KEYS} AND l.governorate_key = r.governorate_key"),
    # Misread registers: words joined or split (محمد أسامة / محمداسامة) change the parts but not
    # the consonants of given + father written as one string.
    ("skeleton given+father, family", "l.gf_skel = r.gf_skel AND l.family_key = r.family_key"),
    ("keys father+family, birth near",
     f"l.father_key = r.father_key AND l.family_key = r.family_key AND {BIRTH_NEAR}"),
    ("keys given+father, birth near",
     f"l.given_key = r.given_key AND l.father_key = r.father_key AND {BIRTH_NEAR}"),
    # A two-part name whose second part is the father's name (a witness's "Muhammad, son of
    # Sulaiman" written "Muhammad Sulaiman"): its family meets the other record's father.
    ("keys given+family~father, birth near",
     f"l.given_key = r.given_key AND l.family_key = r.father_key AND {BIRTH_NEAR}"),
    ("keys given+father~family, birth near",
     f"l.given_key = r.given_key AND l.father_key = r.family_key AND {BIRTH_NEAR}"),
    ("given+father/family swapped", "l.given = r.given AND l.father = r.family AND l.family = r.father"),
    ("given+mother+father", "l.given = r.given AND l.mother = r.mother AND l.father = r.father"),
)


def rules(*, link_only: bool) -> list[str]:
    extra = " AND l.source <> r.source" if link_only else ""
    return [sql + extra for _name, sql in RULES]


def count_comparisons(con: duckdb.DuckDBPyConnection, table: str, *, link_only: bool) -> list[tuple[str, int]]:
    """Pairs each rule generates on its own (before de-duplication across rules), counted by
    running its join without materialising it: use it before predicting on new data."""
    out: list[tuple[str, int]] = []
    for (name, _sql), sql in zip(RULES, rules(link_only=link_only), strict=True):
        row = con.execute(f"SELECT count(*) FROM {table} l JOIN {table} r ON {sql} "
                          "WHERE l.unique_id < r.unique_id").fetchall()
        out.append((name, int(row[0][0]) if row else 0))
    return out
