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

# Keys of the given and family name, with one more fact that agrees. The key pair alone would
# score every namesake (3.2 million pairs on 100,000 synthetic records, ~300 million on a
# million); each of these adds a field that namesakes rarely share.
GIVEN_FAMILY_KEYS = "l.given_key = r.given_key AND l.family_key = r.family_key"
# The governorate is shared by most namesakes of a region (282,000 pairs on 100,000 synthetic
# records, 24 million on 1,000,000 — most of that run's scoring time), and the true pairs only
# it finds are a two-part name ("Muhammad Shahin", no father) with no birth year to compare:
# 2,096 of its 2,285; with both birth years known (rule "birth near" covers those that agree)
# it found 189 true pairs among 114,000. So it is kept for exactly those records (3.0 million
# comparisons on 1,000,000 records).
TWO_PART_NO_BIRTH = ("(l.father IS NULL OR r.father IS NULL) AND "
                     "(l.birth_lo IS NULL OR r.birth_lo IS NULL)")

# A record that carries nothing but its name (a list of names, a testimony's "Ahmad al-Hasan"):
# no birth, no places, no dates, no mother, no ID, so no rule above can add a second fact. Its
# name keys are all there is to block on; the pair is scored and the model decides (two-part
# namesakes stay below the threshold by their term frequencies). Kept to pairs where one side
# is such a record, so namesakes who both have facts to compare are not all paired.
_NAME_ONLY = ("({s}.birth_lo IS NULL AND {s}.governorate_key IS NULL AND {s}.birth_place_key IS NULL AND "
              "{s}.event_place_key IS NULL AND {s}.arrest_year IS NULL AND {s}.mother IS NULL AND "
              "{s}.national_id IS NULL)")
NAME_ONLY_EITHER = f"({_NAME_ONLY.format(s='l')} OR {_NAME_ONLY.format(s='r')})"

# (name, SQL condition on l./r.) — order matters only for which rule is credited with a pair.
# Measured on 100,000 synthetic records (comparisons a rule alone adds / true pairs among them
# that end up in one cluster), rules dropped in the third round: the exact given + father +
# grandfather, father + grandfather + family and given + grandfather + family (87,000 / 39 —
# the key rules find the rest), birth place (26 / 0), and the two-part name whose second part
# meets the other's father, with birth years near (165,000 / 20). Earlier: the skeleton of
# given + father with birth years near (210,000 comparisons for 350 true pairs).
RULES: tuple[tuple[str, str], ...] = (
    ("national_id", "l.national_id = r.national_id"),
    ("given+father+family", "l.given = r.given AND l.father = r.father AND l.family = r.family"),
    ("keys given+father+family",
     "l.given_key = r.given_key AND l.father_key = r.father_key AND l.family_key = r.family_key"),
    # A register typed from a photo misplaces dots (عمر / غمر, نزار / نرار): the romanised parts
    # and their keys differ, the letter shapes do not. On 100,000 synthetic records: 398 pairs
    # no other rule finds, 290 of them true.
    ("rasm given+father+family",
     "l.given_rasm = r.given_rasm AND l.father_rasm = r.father_rasm AND l.family_rasm = r.family_rasm"),
    ("keys given+family, birth near", f"{GIVEN_FAMILY_KEYS} AND {BIRTH_NEAR}"),
    ("keys given+family, arrest month",
     f"{GIVEN_FAMILY_KEYS} AND left(l.arrest_date, 7) = left(r.arrest_date, 7) AND length(l.arrest_date) >= 7"),
    ("keys given+family, event place", f"{GIVEN_FAMILY_KEYS} AND l.event_place_key = r.event_place_key"),
    ("keys given+family, mother", f"{GIVEN_FAMILY_KEYS} AND l.mother_key = r.mother_key"),
    ("keys given+family, governorate, two-part name without birth year",
     f"{GIVEN_FAMILY_KEYS} AND l.governorate_key = r.governorate_key AND {TWO_PART_NO_BIRTH}"),
    # Misread registers: words joined or split (محمد أسامة / محمداسامة) change the parts but not
    # the consonants of given + father written as one string.
    # When both given names are dictionary names as written nothing was joined or split (and
    # the key rules find the pair): on 1,000,000 records 0.25 million comparisons, 10 million
    # without this.
    ("skeleton given+father, family, given not listed",
     "l.gf_skel = r.gf_skel AND l.family_key = r.family_key AND NOT coalesce(l.given_dict AND r.given_dict, false)"),
    # Two records with the same father and family but different given names are brothers
    # unless one given name is misread: only then (one side not a dictionary name as written)
    # does this rule pair them (382 of its 383 true pairs; 4,600 comparisons instead of 103,000
    # on 100,000 records, 11 million on 1,000,000).
    ("keys father+family, birth near, given misread",
     f"l.father_key = r.father_key AND l.family_key = r.family_key AND {BIRTH_NEAR} AND "
     "NOT coalesce(l.given_dict AND r.given_dict, false)"),
    # Cousins share given name (a grandfather's) and father's name; a misread family name
    # (mansur / mnsuz) stays close. Of the pairs only this rule finds on 100,000 records, family
    # names within Jaro-Winkler 0.75 of each other hold 265 of 376 true pairs and 1,700 of
    # 160,000 false ones (on 1,000,000 records: 0.29 million comparisons, 17 million without).
    ("keys given+father, birth near, family misread",
     f"l.given_key = r.given_key AND l.father_key = r.father_key AND {BIRTH_NEAR} AND "
     "NOT coalesce(l.family_dict AND r.family_dict, false) AND "
     "jaro_winkler_similarity(l.family, r.family) >= 0.75"),
    ("keys given+family, a record with nothing but its name", f"{GIVEN_FAMILY_KEYS} AND {NAME_ONLY_EITHER}"),
    # A name of one part on both sides (a list that writes "Barzani", or "Abu Ahmad"), nothing
    # else: weak evidence, scored so the model can weigh a rare one.
    ("key of a one-part name, records with nothing but their names",
     "l.given_key = r.given_key AND l.family IS NULL AND r.family IS NULL AND l.father IS NULL AND "
     f"r.father IS NULL AND {_NAME_ONLY.format(s='l')} AND {_NAME_ONLY.format(s='r')}"),
    # Lists that give a full birth date (and often an ID) but whose names carry typing errors:
    # a typo in the family name changes its key (washington / washintgon), one in the given
    # name too (gary / agry), and a mistyped ID no longer joins. The birth day is a
    # high-cardinality value (about 40 records a day on 1,000,000), and one name key must agree.
    ("birth day, given or family key",
     "l.birth_day = r.birth_day AND (l.given_key = r.given_key OR l.family_key = r.family_key)"),
    # A mistyped ID (one digit, or two swapped) keeps one of its halves: with a name key that
    # agrees, the pair is scored and the ID comparison's "one digit apart" level weighs it.
    # Halves of any length from 6 digits (a 7-digit social security number as well as an
    # 11-digit Syrian national number); a typo in the middle digit of an odd length leaves both.
    ("ID first half, given or family key",
     "left(l.national_id, length(l.national_id) // 2) = left(r.national_id, length(r.national_id) // 2) "
     "AND length(l.national_id) >= 6 AND (l.given_key = r.given_key OR l.family_key = r.family_key)"),
    ("ID second half, given or family key",
     "right(l.national_id, length(l.national_id) // 2) = right(r.national_id, length(r.national_id) // 2) "
     "AND length(l.national_id) >= 6 AND (l.given_key = r.given_key OR l.family_key = r.family_key)"),
    # Given and family name swapped (a form filled in family name first: "Smith John"), with
    # birth years near: without them, on 100,000 synthetic records, 240,000 comparisons
    # (a given name that is also a family name — Hasan, Abbas — pairs many namesakes).
    ("keys given/family swapped, birth near",
     f"l.given_key = r.family_key AND l.family_key = r.given_key AND {BIRTH_NEAR}"),
    # Father's and family name swapped (a list that writes the family name second), each
    # spelt its own way (Khalid Salih Masalma / Khalid Masalmeh Salih): by their keys (the
    # comparison's "swapped" level reads them the same way). On 100,000 synthetic records
    # (seed 1): 5,544 comparisons, 768 of them true pairs; the rule as written missed 138 true
    # pairs of records that identify a person, and with it 101 fewer were missed.
    ("keys given+father/family swapped",
     "l.given_key = r.given_key AND l.father_key = r.family_key AND l.family_key = r.father_key"),
    ("given+mother+father", "l.given = r.given AND l.mother = r.mother AND l.father = r.father"),
    # A compound given name (محمد وسيم, "Mhd Wasim") written in a first-name column on one side
    # and, in a full name on the other, read as given name + father (محمد بن وسيم): every name
    # part moves one column, so no rule above meets. One rule per direction (each an equality
    # DuckDB can hash-join on; an OR of the two would compare every pair), with the family key.
    ("compound given name = given + father, family key",
     "l.given = r.given || ' ' || r.father AND l.family_key = r.family_key"),
    ("given + father = compound given name, family key",
     "l.given || ' ' || l.father = r.given AND l.family_key = r.family_key"),
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
