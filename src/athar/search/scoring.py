"""How well a record's names match a search query, from 0 (nothing in common) to 1.

A query is usually part of a name ("Mhd Hasan" for محمد أحمد الحسن), so three measures are blended:
- coverage (most of the score): every query part looks for its best partner among the record's name
  parts (each part used once); the average of those similarities. "Mhd Hasan" covers محمد أحمد
  الحسن fully. A query part the record has no room for (a four-part name against a list that
  writes only given and family name) counts half, not zero: the shorter record does not contradict it.
- `athar.names` name similarity between the query and the whole name: among records that cover the
  query, the one whose name *is* the query (محمد الحسن) ranks above the longer one.
- order: the parts matched in the query's order, the first query part on the given name. People
  type names given name first, so for "Mhd Hasan" محمد حسن ranks above حسن محمد (Hasan son of
  Muhammad), which stays in the list: registers write the family name first.
Both compare canonical tokens (`athar.names.canonical_tokens`, ASCII) with `athar.names`'s own
similarity, so Arabic and Latin spellings meet, vowels count little (`kskin` / `keskin`), and two
different known names stay apart (محمد / محمود).

What it cannot do: tell two people with the same name apart. That is the linker's and, in the end,
a caseworker's job; a score here is about names only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from athar.names import canonical_tokens, compare_canonical
from athar.names import lexicon as names_lexicon
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


@lru_cache(maxsize=200_000)
def part_similarity(a: str, b: str) -> float:
    """Similarity of two canonical tokens: `athar.names`'s comparison of two one-part names, raised
    to `SKELETON_SIMILARITY` for an unlisted name with the other's consonant skeleton."""
    if a == b:
        return 1.0
    similarity = compare_canonical((a,), (b,))
    if similarity < SKELETON_SIMILARITY and not (_known(a) and _known(b)):
        consonants = skeleton(a)
        if len(consonants) >= MIN_SKELETON_LETTERS and consonants == skeleton(b):
            return SKELETON_SIMILARITY
    return similarity


Alignment = list[tuple[int, int, float]]  # (query part, name part, similarity)


def align(query_parts: Sequence[str], name_parts: Sequence[str]) -> Alignment:
    """Pair each query part with a name part, best pairs first, each part used once (ties go to the
    earlier parts)."""
    pairs = sorted(((part_similarity(q, n), i, j) for i, q in enumerate(query_parts)
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


def coverage(query_parts: Sequence[str], name_parts: Sequence[str]) -> float:
    """Average, over the query parts, of the similarity to their partner name part."""
    if not query_parts or not name_parts:
        return 0.0
    return sum(s for _, _, s in align(query_parts, name_parts)) / len(query_parts)


def order_agreement(alignment: Alignment) -> float:
    """Half for matched parts in the query's order, half for the first query part on the given name."""
    matched = sorted((i, j) for i, j, s in alignment if s >= PART_MATCH)
    if not matched:
        return 0.0
    in_order = all(a[1] < b[1] for a, b in zip(matched, matched[1:], strict=False))
    on_given = matched[0] == (0, 0)
    return 0.5 * in_order + 0.5 * on_given


def _whole_names(names: Iterable[str]) -> list[str]:
    """The record's full name and, separately, its parts joined in Syrian order."""
    names = list(names)
    full, parts = (names[0] if names else ""), " ".join(n for n in names[1:] if n)
    return [n for n in (full, parts) if n]


def score_names(query: str, names: Sequence[str]) -> float:
    """Score a record given as [full_name, first, father, grandfather, family] (empty strings allowed)."""
    query_parts = canonical_tokens(query)
    best = 0.0
    for name in _whole_names(names):
        name_parts = canonical_tokens(name)
        if not query_parts or not name_parts:
            continue
        alignment = align(query_parts, name_parts)
        matched = sum(s for _, _, s in alignment)
        if matched == 0.0:
            continue
        absent = len(query_parts) - len(name_parts) if len(name_parts) >= 2 else 0
        covered = (matched + ABSENT_PART_CREDIT * max(absent, 0)) / len(query_parts)
        whole = compare_canonical(query_parts, name_parts)
        order = order_agreement(alignment)
        best = max(best, COVERAGE_WEIGHT * covered + WHOLE_NAME_WEIGHT * whole + ORDER_WEIGHT * order)
    return best
