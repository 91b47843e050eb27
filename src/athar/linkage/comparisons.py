"""The Splink comparisons of athar's model, written for Syrian records.

All comparisons run on the ASCII features of `features.py`, so DuckDB's native (byte-based)
Jaro-Winkler is correct here: محمد and Mohammad arrive as the same canonical string, and
محمد vs محمود arrive as two different ones.

- Name parts (given, father, grandfather, family): exact, then fuzzy levels split by token
  rarity, then "same consonants", then "dots misread" (both written in Arabic with the same
  dotless letter shapes, `athar.names.rasm`: a register's عمر read as غمر), then for the given
  name "found elsewhere in the other record's name" (values typed into the wrong column). Given,
  father and family carry a term-frequency adjustment on every agreeing level, fuzzy ones
  included: "muhammad" agreeing, or nearly agreeing, says less than a rare name doing so. Fuzzy
  levels never join two different dictionary names: محمد/محمود are "different", not "close".
- Birth: same day; same year (month consistent); overlapping intervals (from ages); within two
  years of an age (ages are rough); within one year; within three years; else.
- Places: same birth place (gazetteer key), same governorate, else; event place with a TF
  adjustment (many were held in the same prison), stronger when the two events are at most a
  year apart (seen in Saydnaya in 2013 twice).
- Arrest: the date of the arrest or disappearance (same day, month, year; within a year).
- Mother: given and family name, given name exact or fuzzy.
- National ID: same, one digit apart (mistyped, or two adjacent digits swapped), different. Sex: same or different.

What it cannot do: weigh correlated fields (a family name and a governorate often go
together) other than as independent evidence — that is Splink's Fellegi-Sunter assumption."""

from __future__ import annotations

from typing import Any

from athar.linkage.features import RASM_PARTS
from athar.linkage.sql_functions import NAME_SIMILARITY
from athar.names.tokens import HARD_LETTER_COST

FUZZY_STRONG = 0.92
FUZZY_WEAK = 0.85
# `athar.names.token_weight`: 0.4 the commonest names, 0.65 common, 0.85 listed, 1.0 not in the
# dictionary. A part is "rare" for the fuzzy levels from RARE_WEIGHT up. Two different
# dictionary names are different names however close they look (محمد/محمود, حسن/حسين), so fuzzy
# levels need at least one side that is not a dictionary name as written (`<part>_dict`).
RARE_WEIGHT = 0.8
# m = u of a level that must weigh nothing (see `name_part`'s count_swap).
SWAP_NEUTRAL = 0.001


def _similarity(column: str, threshold: float) -> str:
    """SQL: the name engine's similarity of the two parts is `threshold` or more. Its bound from
    the letters (`athar.names.tokens.similarity_bound`, on the `<part>_consonants` and
    `<part>_form_weight` columns) goes first: DuckDB computes it natively and it rules out most
    pairs (random pairs, namesakes of other names), so the name engine is asked about the rest."""
    apart = (f"greatest(bit_count({column}_consonants_l & ~{column}_consonants_r), "
             f"bit_count({column}_consonants_r & ~{column}_consonants_l))")
    bound = (f"1.0 - {HARD_LETTER_COST} * {apart} / "
             f"greatest({column}_form_weight_l, {column}_form_weight_r, 1.0)")
    # The bound holds exactly; the margin covers floating point's last digit only.
    return (f"{bound} >= {threshold - 1e-9:.9f} AND "
            f"{NAME_SIMILARITY}({column}_l, {column}_r) >= {threshold}")


def _null(column: str) -> dict[str, Any]:
    return {"sql_condition": f"{column}_l IS NULL OR {column}_r IS NULL", "label_for_charts": "unknown",
            "is_null_level": True}


def _exact(column: str, *, tf: bool, label: str = "exact") -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": f"{column}_l = {column}_r", "label_for_charts": label}
    if tf:
        level.update(tf_adjustment_column=column, tf_adjustment_weight=1.0)
    return level


def _not_both_listed(column: str) -> str:
    return f"NOT ({column}_dict_l AND {column}_dict_r)"


def _fuzzy(column: str, threshold: float) -> str:
    # Two dictionary names first: the name engine caps them far below any fuzzy level anyway
    # (محمد / محمود), and the test is a column look-up, not a call into Python.
    return f"{_not_both_listed(column)} AND {_similarity(column, threshold)}"


def _spelling_class(value: str) -> str:
    """SQL: a canonical form with the letters either script may write for one sound merged
    (dh/d, th/t, kh/k, gh/g, sh/s, z/d, q/k, e/i, o/u, p/b, v/f, y/i, w/u)."""
    for digraph in ("dh", "th", "kh", "gh", "sh"):
        value = f"replace({value}, '{digraph}', '{digraph[0]}')"
    return f"translate({value}, 'zqeopvgyw', 'dkiubfkiu')"


def _arabic_within_latin(column: str) -> str:
    """SQL: the Arabic side's romanised letters appear in the Latin side's, in order, with only
    vowels around and between them (Arabic writes long vowels, Latin writes all vowels)."""
    def inside(arabic: str, latin: str) -> str:
        pattern = f"'[aiu]*' || regexp_replace({_spelling_class(arabic)}, '(.)', '\\1[aiu]*', 'g')"
        return f"regexp_full_match({_spelling_class(latin)}, {pattern})"
    return (f"CASE WHEN {column}_rasm_l IS NOT NULL THEN {inside(f'{column}_l', f'{column}_r')} "
            f"ELSE {inside(f'{column}_r', f'{column}_l')} END")


def name_part(column: str, *, tf: bool, swapped: bool = False, swaps_with: str | None = None,
              count_swap: bool = True) -> dict[str, Any]:
    rare = f"least({column}_w_l, {column}_w_r) >= {RARE_WEIGHT}"
    levels: list[dict[str, Any]] = [_null(column), _exact(column, tf=tf)]
    if column in RASM_PARTS:
        # One side written in Arabic, the other in Latin letters, with the same consonants:
        # Arabic writes no short vowels, so an unlisted name romanises without them (الجلاد →
        # jlad) while a Latin list writes them (al-Jallad → jalad). Fuzzy similarity of the two
        # strings says "similar" at best; the consonants say "the same name".
        # The key alone merges too much (حسون `hsun` and Hasan share `hsn`): the Arabic side's
        # letters, long vowels included, must all be in the Latin spelling, in order, with only
        # vowels between them (`jlad` in `jalad`, not `jlid` in `jalad`).
        levels.append({"sql_condition": (f"{column}_key_l = {column}_key_r AND "
                                         f"({column}_rasm_l IS NULL) <> ({column}_rasm_r IS NULL) AND "
                                         f"{_not_both_listed(column)} AND {_arabic_within_latin(column)}"),
                       "label_for_charts": "same consonants, across scripts"})
    levels += [
        {"sql_condition": f"{_fuzzy(column, FUZZY_STRONG)} AND {rare}", "label_for_charts": "close, rare name"},
        {"sql_condition": _fuzzy(column, FUZZY_STRONG), "label_for_charts": "close, common name"},
        {"sql_condition": _fuzzy(column, FUZZY_WEAK), "label_for_charts": "similar"},
        {"sql_condition": f"{column}_key_l = {column}_key_r AND {_not_both_listed(column)}",
         "label_for_charts": "same consonants"},
    ]
    if column in RASM_PARTS:
        # A side in Latin letters, one vowel apart with the same consonants: "Samer" may be سمير
        # in a dialect's vowels, so two dictionary names are not simply different here (they are
        # when both are written in Arabic). `variants.latin_vowel_variant` is the same test for the guards.
        levels.append({"sql_condition": (f"{column}_key_l = {column}_key_r AND levenshtein({column}_l, {column}_r) <= 1 "
                                         f"AND ({column}_rasm_l IS NULL OR {column}_rasm_r IS NULL)"),
                       "label_for_charts": "one vowel apart, in Latin letters"})
        # Both written in Arabic with the same letter shapes: a dot misread (عمر / غمر).
        levels.append({"sql_condition": f"{column}_rasm_l = {column}_rasm_r", "label_for_charts": "dots misread"})
    if tf:
        # Splink's TF adjustment on a non-exact level: log2(u of the exact level / the commoner
        # of the two values' frequencies), so a near-miss on محمد counts less than one on a rare
        # name (measured on synthetic data when it was added: recall up, precision barely down).
        # Not on "same consonants, across scripts": its two values are written differently
        # (jlad / jalad), each rare in its own script, so the commoner of the two still looks
        # rare and the level weighed up to 10 bits (on 100,000 synthetic records it was in 334
        # of 810 false pairs).
        for level in levels[2:]:
            if level["label_for_charts"] != "same consonants, across scripts":
                level.update(tf_adjustment_column=column, tf_adjustment_weight=1.0)
    if column == "given":
        # A register that ran given and father together (محمدجميل) or split a compound: the
        # consonants of given + father written as one string still agree.
        levels.append({"sql_condition": "gf_skel_l = gf_skel_r", "label_for_charts": "joined or split"})
    if swaps_with:
        # As written or by their keys: a list that puts the family name second spells it its
        # own way too (Salih Masalma / Masalmeh Salih).
        swap: dict[str, Any] = {
            "sql_condition": (f"({column}_l = {swaps_with}_r AND {swaps_with}_l = {column}_r) OR "
                              f"({column}_key_l = {swaps_with}_key_r AND {swaps_with}_key_l = {column}_key_r)"),
            "label_for_charts": f"swapped with {swaps_with}"}
        if not count_swap:
            # The other column's comparison has the same level, true exactly when this one is:
            # one swap is one piece of evidence, so it is weighed there only (this level is
            # fixed at weight 0: m = u). Counted twice, it gave two records with the same given
            # name and a swapped father/family +12 bits — as many false links as true ones on
            # 1,000,000 synthetic records.
            swap.update(m_probability=SWAP_NEUTRAL, u_probability=SWAP_NEUTRAL,
                        fix_m_probability=True, fix_u_probability=True)
        levels.append(swap)
    if swapped:
        levels.append({
            "sql_condition": (f"list_contains(name_tokens_r, {column}_l) OR "
                              f"list_contains(name_tokens_l, {column}_r)"),
            "label_for_charts": "in another name column"})
    levels.append({"sql_condition": "ELSE", "label_for_charts": "different"})
    return {"output_column_name": column, "comparison_levels": levels,
            "comparison_description": f"{column} name"}


def _gap() -> str:
    return "greatest(birth_lo_l - birth_hi_r, birth_lo_r - birth_hi_l)"


def birth() -> dict[str, Any]:
    month_ok = "(birth_month_l IS NULL OR birth_month_r IS NULL OR birth_month_l = birth_month_r)"
    return {"output_column_name": "birth", "comparison_description": "birth date or age",
            "comparison_levels": [
                {"sql_condition": "birth_lo_l IS NULL OR birth_lo_r IS NULL", "label_for_charts": "unknown",
                 "is_null_level": True},
                {"sql_condition": "birth_day_l = birth_day_r", "label_for_charts": "same day"},
                {"sql_condition": ("birth_lo_l = birth_hi_l AND birth_lo_r = birth_hi_r AND "
                                   f"birth_lo_l = birth_lo_r AND {month_ok}"),
                 "label_for_charts": "same year"},
                {"sql_condition": f"{_gap()} <= 0 AND {month_ok}", "label_for_charts": "consistent ages"},
                # An age is a rough fact ("about 30", and a year off for a birthday not yet
                # reached): a year or two off counts for itself, apart from two birth years
                # a year apart, which usually means two people. EM weighs each per data set.
                {"sql_condition": f"{_gap()} <= 2 AND (birth_hi_l > birth_lo_l OR birth_hi_r > birth_lo_r)",
                 "label_for_charts": "within 2 years of an age"},
                {"sql_condition": f"{_gap()} <= 1", "label_for_charts": "within 1 year"},
                {"sql_condition": f"{_gap()} <= 3", "label_for_charts": "within 3 years"},
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ]}


def place() -> dict[str, Any]:
    comparable = ("(birth_place_key_l IS NOT NULL AND birth_place_key_r IS NOT NULL) OR "
                  "(governorate_key_l IS NOT NULL AND governorate_key_r IS NOT NULL)")
    return {"output_column_name": "place", "comparison_description": "birth place and governorate",
            "comparison_levels": [
                {"sql_condition": f"NOT ({comparable})", "label_for_charts": "unknown", "is_null_level": True},
                {"sql_condition": "birth_place_key_l = birth_place_key_r", "label_for_charts": "same birth place"},
                {"sql_condition": "governorate_key_l = governorate_key_r", "label_for_charts": "same governorate"},
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ]}


def event_place() -> dict[str, Any]:
    near = "abs(event_year_l - event_year_r) <= 1"
    same_near = _exact("event_place_key", tf=True, label="same, within a year")
    same_near["sql_condition"] += f" AND {near}"
    return {"output_column_name": "event_place_key", "comparison_description": "event place",
            "comparison_levels": [
                _null("event_place_key"),
                same_near,
                _exact("event_place_key", tf=True, label="same"),
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ]}


def arrest_date() -> dict[str, Any]:
    """The date of the arrest or disappearance, when both records report one: families and
    NGOs date the day a person was taken to the day or month, and a namesake was rarely taken
    the same month. Other events (a sighting, a transfer) are not compared here."""
    both_month = "length(arrest_date_l) >= 7 AND length(arrest_date_r) >= 7"
    return {"output_column_name": "arrest_date", "comparison_description": "date of arrest or disappearance",
            "comparison_levels": [
                {"sql_condition": "arrest_year_l IS NULL OR arrest_year_r IS NULL", "label_for_charts": "unknown",
                 "is_null_level": True},
                {"sql_condition": "length(arrest_date_l) = 10 AND arrest_date_l = arrest_date_r",
                 "label_for_charts": "same day"},
                {"sql_condition": f"{both_month} AND left(arrest_date_l, 7) = left(arrest_date_r, 7)",
                 "label_for_charts": "same month"},
                {"sql_condition": f"arrest_year_l = arrest_year_r AND NOT ({both_month})",
                 "label_for_charts": "same year"},
                {"sql_condition": "arrest_year_l = arrest_year_r", "label_for_charts": "same year, other month"},
                {"sql_condition": "abs(arrest_year_l - arrest_year_r) <= 1", "label_for_charts": "within a year"},
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ]}


def mother() -> dict[str, Any]:
    return {"output_column_name": "mother", "comparison_description": "mother's name",
            "comparison_levels": [
                _null("mother"),
                {"sql_condition": "mother_l = mother_r AND mother_family_l = mother_family_r",
                 "label_for_charts": "same name and family"},
                _exact("mother", tf=True, label="same given name"),
                {"sql_condition": _fuzzy("mother", FUZZY_STRONG), "label_for_charts": "close"},
                {"sql_condition": f"mother_key_l = mother_key_r AND {_not_both_listed('mother')}",
                 "label_for_charts": "same consonants"},
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ]}


def national_id() -> dict[str, Any]:
    return {"output_column_name": "national_id", "comparison_description": "national ID",
            "comparison_levels": [
                _null("national_id"),
                _exact("national_id", tf=False, label="same"),
                # One digit mistyped, or two adjacent digits swapped (12345 / 12435).
                {"sql_condition": ("length(national_id_l) = length(national_id_r) AND "
                                   "damerau_levenshtein(national_id_l, national_id_r) <= 1"),
                 "label_for_charts": "one digit apart"},
                {"sql_condition": "ELSE", "label_for_charts": "different"},
            ]}


def sex() -> dict[str, Any]:
    return {"output_column_name": "sex", "comparison_description": "sex",
            "comparison_levels": [_null("sex"), _exact("sex", tf=False, label="same"),
                                  {"sql_condition": "ELSE", "label_for_charts": "different"}]}


def all_comparisons() -> list[dict[str, Any]]:
    return [
        name_part("given", tf=True, swapped=True),
        name_part("father", tf=True, swaps_with="family", count_swap=False),
        name_part("grandfather", tf=False),
        name_part("family", tf=True, swaps_with="father", swapped=True),
        mother(),
        birth(),
        place(),
        event_place(),
        arrest_date(),
        national_id(),
        sex(),
    ]
