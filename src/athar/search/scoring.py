"""How well a record's names match a search query, from 0 (nothing in common) to 1.

A query is usually part of a name ("Mhd Hasan" for محمد أحمد الحسن), so three measures are blended:
- coverage (most of the score): every query part looks for its best partner among the record's name
  parts (each part used once); the average of those similarities. "Mhd Hasan" covers محمد أحمد
  الحسن fully. A query part the record has no room for (a four-part name against a list that
  writes only given and family name) counts half, not zero: the shorter record does not contradict it.
- `athar.names` name similarity between the query and the whole name: among records that cover the
  query, the one whose name *is* the query (محمد الحسن) ranks above the longer one.
- order: the parts matched in the query's order, and the query's ends on the name's ends. People
  type names given name first and family name last, so for "Mhd Hasan" محمد حسن ranks above حسن
  محمد (Hasan son of Muhammad), which stays in the list, and for "Jihad Al-Rami" the name whose
  family name is الرامي ranks above the one whose father is رامي. A name written family first, as
  registers write it, has its ends in place when the query's last part is its first; one that says
  so itself (its first part carries the article, its last does not: الأسامة محمود محمد), or whose
  source writes so by habit, is read that way only, so "Osama Al-Mohammad" does not take Al-Osama
  for Osama's given name.
Both compare canonical tokens (`athar.names.canonical_tokens`, ASCII) with `athar.names`'s own
similarity, so Arabic and Latin spellings meet, vowels count little (`kskin` / `keskin`), and two
different known names stay apart (محمد / محمود). Two floors raise it where a name outside the
dictionary meets its other script's spelling (`_with_skeleton_floor`): only vowels added, or the
same consonants. Two dictionary names that Latin lists write alike (Samer for سمير, Amir for
عامر) are close, not different, when the query or the name is written in Latin letters
(`LATIN_ALIKE_SIMILARITY`).

What it cannot do: tell two people with the same name apart. That is the linker's and, in the end,
a caseworker's job; a score here is about names only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from athar.names import canonical_tokens, compare_canonical, compare_canonical_many
from athar.names import lexicon as names_lexicon
from athar.names.arabic import is_arabic_char
from athar.names.parse import written_order
from athar.search.keys import skeleton

# Credit for a query part the record has no part for (the record is shorter than the query: a list
# that writes only given and family name cannot contradict the father's name it never gives).
# Half a match: the full name still ranks above the short one. Only for records of two parts or more,
# so a one-word record does not meet every long query.
ABSENT_PART_CREDIT = 0.5
COVERAGE_WEIGHT = 0.7
WHOLE_NAME_WEIGHT = 0.2
ORDER_WEIGHT = 0.1
# Two parts this similar are "the same part" for the order measure.
PART_MATCH = 0.8


# Two parts with one consonant skeleton of at least this many letters, one of them not a dictionary
# name, are this similar at least. An Arabic name outside the dictionary is romanised without its
# vowels, and the name engine's comparison can miss its Latin spelling entirely: طحون `thun` and
# Tahhon `tahun` (read as the digraph th), الدهني `dhni` and Al-Dahni `dahni` score 0; both are
# `thn` / `dhn`. Two dictionary names keep the engine's answer: محمد and محمود share `mhmd` and are
# different names. Three letters at least, so that المرعي `mri` does not become Omar (`mr`).
SKELETON_SIMILARITY = 0.85
MIN_SKELETON_LETTERS = 3


def _known(token: str) -> bool:
    return token in names_lexicon.get().freq


# Two dictionary names that Latin lists write alike: the same letters once e is read as i, o as u,
# y as i and a doubled letter as one (Samer is written for سمير and Samir for سامر; Amir for عامر,
# Salem / Salim, Rashed / Rashid, Hassan for حسن). Written in Arabic they are two names; a Latin
# spelling may mean either, so when the query or the name is in Latin letters the two parts are
# this similar: below an exact match, so that the name the spelling reads as first still ranks
# first, and above `PART_MATCH`, so that the parts count as matched for the order measure.
LATIN_ALIKE_SIMILARITY = 0.9
_LATIN_VOWELS = str.maketrans("eoy", "iui")


@lru_cache(maxsize=10_000)
def _written_alike(token: str) -> str:
    letters = token.translate(_LATIN_VOWELS)
    return "".join(ch for i, ch in enumerate(letters) if i == 0 or letters[i - 1] != ch)


def latin_alike(a: str, b: str) -> bool:
    """Whether two different dictionary names are written alike in Latin letters (`amer`, `amir`)."""
    return a != b and _known(a) and _known(b) and _written_alike(a) == _written_alike(b)


def _is_latin(text: str) -> bool:
    return not any(is_arabic_char(ch) for ch in text)


# Token pairs already compared (query part, name part): a search meets the same few hundred name
# parts again and again. Emptied when full, like the name engine's own caches.
_PARTS: dict[tuple[str, str], float] = {}
_PARTS_LIMIT = 200_000


# Two parts, one not a dictionary name, where the shorter one's letters all appear in the longer
# one, in order, with only short vowels added around and between them, are this similar at least.
# Arabic writes long vowels and leaves short ones out, so an unlisted Arabic name romanises to its
# Latin spelling less some vowels: الرشاد `rshad` / Al-Rashad `rashad`, النبال `nbal` / Al-Nabbal
# `nabal`, سميكي `smiki` / Soummeiki `sumayki`. Higher than a dictionary neighbour's similarity
# (Rashad / الراشد `rashed` 0.958), lower than an exact match. The linker has a looser form of the
# rule, with the consonant keys equal (`athar.linkage.comparisons`, "same consonants, across
# scripts"), where y, w and a final vowel may be skipped too. Three letters at least in the shorter
# part.
VOWELS_ADDED_SIMILARITY = 0.97
MIN_VOWELS_ADDED_LETTERS = 3
_SPELLING_DIGRAPHS = ("dh", "th", "kh", "gh", "sh")
# Letters either script may write for one sound, merged as the linker's spelling classes merge them.
_SPELLING_CLASS = str.maketrans("zqeopvgyw", "dkiubfkiu")
# Letters that may be a vowel Arabic did not write, as the Latin spelling writes them. Not y or w:
# they write a letter (Soummeiki's y is the ي of سميكي, which السماك `smak` lacks); nor the last
# letter: a name's final vowel is written in Arabic (the ي of سميكي, which السميك lacks).
_ADDED_VOWELS = frozenset("aeiou")


@lru_cache(maxsize=100_000)
def _spelled(token: str) -> tuple[str, tuple[bool, ...]]:
    """The token in spelling classes (one letter per sound, a doubled one once), and for each of
    its letters whether it may be an added vowel (`_ADDED_VOWELS`, as written before the classes
    merge y into i)."""
    letters: list[str] = []
    added: list[bool] = []
    i = 0
    while i < len(token):
        digraph = token[i:i + 2] in _SPELLING_DIGRAPHS
        letter, vowel = token[i].translate(_SPELLING_CLASS), not digraph and token[i] in _ADDED_VOWELS
        if letters and letters[-1] == letter:
            added[-1] = added[-1] and vowel  # Roubayi's `yi` is one ي
        else:
            letters.append(letter)
            added.append(vowel)
        i += 2 if digraph else 1
    if added:
        added[-1] = False
    return "".join(letters), tuple(added)


def _vowels_added(a: str, b: str) -> bool:
    """Whether the shorter of two canonical parts becomes the longer by adding only short vowels
    (after merging the letters of one sound): `rshad` → `rashad`, `smiki` → `sumayki`; not
    `rshad` → `rashed` (e is i), nor `smak` → `sumayki` (its y is a letter)."""
    (short, _), (long, added) = sorted((_spelled(a), _spelled(b)), key=lambda s: len(s[0]))
    if len(short) < MIN_VOWELS_ADDED_LETTERS or short == long:
        return False
    # fits[j]: the short part so far is spelled by long[:j], every letter of it not matched being an
    # added vowel (a subsequence test in which only vowels may be skipped).
    fits = [True] * (len(long) + 1)
    for j in range(1, len(long) + 1):
        fits[j] = fits[j - 1] and added[j - 1]
    for letter in short:
        before, fits[0] = fits[0], False
        for j in range(1, len(long) + 1):
            matched = before and long[j - 1] == letter
            before = fits[j]
            fits[j] = matched or (fits[j - 1] and added[j - 1])
    return fits[-1]


def _with_skeleton_floor(a: str, b: str, similarity: float) -> float:
    if similarity < VOWELS_ADDED_SIMILARITY and not (_known(a) and _known(b)):
        if _vowels_added(a, b):
            return VOWELS_ADDED_SIMILARITY
        consonants = skeleton(a)
        if similarity < SKELETON_SIMILARITY and len(consonants) >= MIN_SKELETON_LETTERS and consonants == skeleton(b):
            return SKELETON_SIMILARITY
    return similarity


def _remember(pairs: Sequence[tuple[str, str]], similarities: Iterable[float]) -> None:
    if len(_PARTS) + len(pairs) > _PARTS_LIMIT:
        _PARTS.clear()
    for (a, b), similarity in zip(pairs, similarities, strict=True):
        _PARTS[a, b] = _with_skeleton_floor(a, b, similarity)


def part_similarity(a: str, b: str) -> float:
    """Similarity of two canonical tokens: `athar.names`'s comparison of two one-part names, raised
    to `SKELETON_SIMILARITY` for an unlisted name with the other's consonant skeleton."""
    if a == b:
        return 1.0
    similarity = _PARTS.get((a, b))
    if similarity is None:
        _remember([(a, b)], [compare_canonical((a,), (b,))])
        similarity = _PARTS[a, b]
    return similarity


def compare_parts(pairs: Iterable[tuple[str, str]]) -> None:
    """Compare the token pairs not met before in one vectorised batch (the same floats as one by
    one), so that `part_similarity` then finds them: a search's candidates bring a thousand new
    pairs at once when a query's names are new to the process."""
    new = [(a, b) for a, b in dict.fromkeys(pairs) if a != b and (a, b) not in _PARTS]
    if new:
        _remember(new, compare_canonical_many([((a,), (b,)) for a, b in new]))


Alignment = list[tuple[int, int, float]]  # (query part, name part, similarity)


def _similarity(q: str, n: str, latin: bool) -> float:
    similarity = part_similarity(q, n)
    if latin and similarity < LATIN_ALIKE_SIMILARITY and latin_alike(q, n):
        return LATIN_ALIKE_SIMILARITY
    return similarity


def align(query_parts: Sequence[str], name_parts: Sequence[str], latin: bool = False) -> Alignment:
    """Pair each query part with a name part, best pairs first, each part used once (ties go to the
    earlier parts). `latin`: the query or the name is written in Latin letters (`latin_alike`)."""
    pairs = sorted(((_similarity(q, n, latin), i, j) for i, q in enumerate(query_parts)
                    for j, n in enumerate(name_parts)), key=lambda p: (-p[0], p[1], p[2]))
    used_q: set[int] = set()
    used_n: set[int] = set()
    alignment: Alignment = []
    for similarity, i, j in pairs:
        if i in used_q or j in used_n:
            continue
        used_q.add(i)
        used_n.add(j)
        alignment.append((i, j, similarity))
    return alignment


def coverage(query_parts: Sequence[str], name_parts: Sequence[str], latin: bool = False) -> float:
    """Average, over the query parts, of the similarity to their partner name part."""
    if not query_parts or not name_parts:
        return 0.0
    return sum(s for _, _, s in align(query_parts, name_parts, latin)) / len(query_parts)


def _ends(pairs: set[tuple[int, int]], last_query: int, last_name: int) -> float:
    """How well the query's ends sit on the name's given and family name, read either way: given
    first (first part on the given name, last on the family name) or family first, as registers
    write (last query part on the name's first part, first query part on its second)."""
    if last_query == 0:
        return float((0, 0) in pairs)
    given_first = 0.5 * ((0, 0) in pairs) + 0.5 * ((last_query, last_name) in pairs)
    family_first = 0.5 * ((last_query, 0) in pairs) + 0.5 * ((0, 1) in pairs)
    return max(given_first, family_first)


def order_agreement(alignment: Alignment, query_length: int, name_length: int) -> float:
    """Half for matched parts in the query's order, half for where the query's ends sit (`_ends`).
    A query typed "given family" (Jihad Al-Rami) then ranks the name whose family name is Al-Rami
    (جهاد إسماعيل عبد الرحمن الرامي) above the one whose father is Rami (جهاد رامي محمد); a list
    that writes given and family name only meets a four-part query on its last part the same way."""
    matched = sorted((i, j) for i, j, s in alignment if s >= PART_MATCH)
    if not matched:
        return 0.0
    in_order = all(a[1] < b[1] for a, b in zip(matched, matched[1:], strict=False))
    return 0.5 * in_order + 0.5 * _ends(set(matched), query_length - 1, name_length - 1)


Reading = tuple[tuple[str, ...], bool]  # a name's canonical parts, and whether it is written in Latin letters


def _readings(names: Sequence[str], family_first_habit: bool = False) -> list[Reading]:
    """The canonical parts of the record's full name and, separately, of its parts joined, each in
    Syrian order (given name first), each with whether it is written in Latin letters. A full name written family name first has its first part moved
    to the end: one that says so itself (`written_order`: الأسامة محمود محمد, Mahmoud son of
    Muhammad of the Al-Osama family), or one from a source whose habit it is
    (`family_first_habit`) that does not say the reverse. Read as it stands, الأسامة محمود محمد
    would put Osama as the given name and Muhammad as the family name: exactly what "Osama
    Al-Mohammad" asks for."""
    full, joined = (names[0] if names else ""), " ".join(n for n in names[1:] if n)
    readings = []
    if full:
        parts = canonical_tokens(full)
        order = written_order(full)
        if len(parts) >= 2 and (order == "family" or (family_first_habit and order is None)):
            parts = (*parts[1:], parts[0])
        readings.append((parts, _is_latin(full)))
    if joined:
        readings.append((canonical_tokens(joined), _is_latin(joined)))
    return [(parts, latin) for parts, latin in readings if parts]


Terms = tuple[float, float]  # (coverage term, order term) of one of a record's whole names


def _terms(query_parts: tuple[str, ...], name_parts: tuple[str, ...], latin: bool) -> Terms | None:
    """The coverage and order terms of the score (all but the whole-name term); None when no query
    part meets the name at all (that name does not count). `latin` as in `align`."""
    alignment = align(query_parts, name_parts, latin)
    matched = sum(s for _, _, s in alignment)
    if matched == 0.0:
        return None
    absent = len(query_parts) - len(name_parts) if len(name_parts) >= 2 else 0
    covered = (matched + ABSENT_PART_CREDIT * max(absent, 0)) / len(query_parts)
    return COVERAGE_WEIGHT * covered, ORDER_WEIGHT * order_agreement(alignment, len(query_parts), len(name_parts))


def _blend(terms: Terms, whole: float) -> float:
    # One expression, evaluated in one order, so that a score is the same float however it was
    # computed (the ranking breaks ties on scores). Non-decreasing in `whole`: with whole = 1 it
    # bounds the score from above.
    return terms[0] + WHOLE_NAME_WEIGHT * whole + terms[1]


def score_many(query: str, records: Sequence[Sequence[str]], *, floor: float = 0.0,
               family_first: Sequence[bool] | None = None) -> list[float]:
    """`score_names` of each record, in order, for one query; the whole-name comparisons of all
    records are made in one vectorised batch (`athar.names.compare_canonical_many`, the same floats
    as one by one). With `floor`, a record that cannot reach it even with a perfect whole-name
    similarity scores 0 without that comparison (a caller that drops scores below the floor loses
    nothing): most of a search's candidates share only a common name with the query.
    `family_first`: per record, whether its source writes full names family name first by habit
    (see `_readings`)."""
    query_parts = canonical_tokens(query)
    query_latin = _is_latin(query)
    best = [0.0] * len(records)
    if not query_parts:
        return best
    # Many written names are one canonical name (Mohammad Ahmad, Mohamed Ahmed, محمد أحمد): each
    # canonical name's terms and whole-name similarity are computed once.
    terms_of: dict[Reading, Terms | None] = {}
    pending: list[tuple[int, Terms, tuple[str, ...]]] = []
    habits = family_first if family_first is not None else [False] * len(records)
    parts_of = [_readings(names, habit) for names, habit in zip(records, habits, strict=True)]
    compare_parts((q, n) for names in parts_of for parts, _ in names for n in parts for q in query_parts)
    for k, names in enumerate(parts_of):
        for name_parts, name_latin in names:
            reading = (name_parts, query_latin or name_latin)
            if reading in terms_of:
                terms = terms_of[reading]
            else:
                terms = terms_of[reading] = _terms(query_parts, *reading)
            if terms is None or _blend(terms, 1.0) < floor:
                continue
            pending.append((k, terms, name_parts))
    distinct = list(dict.fromkeys(name_parts for _, _, name_parts in pending))
    whole_of = dict(zip(distinct, compare_canonical_many([(query_parts, parts) for parts in distinct]), strict=True))
    for k, terms, name_parts in pending:
        best[k] = max(best[k], _blend(terms, whole_of[name_parts]))
    return best


def score_names(query: str, names: Sequence[str]) -> float:
    """Score a record given as [full_name, first, father, grandfather, family] (empty strings allowed)."""
    return score_many(query, [names])[0]
