"""Resolve a place name in any script or spelling to one gazetteer place — or to nothing.

Tiers, tried in order; the first tier that finds any candidate decides:
1. the exact key of the whole text against every name and alias;
2. a facility number (Branch 235, فرع ٢٣٥, 601) when the text's other words belong to that
   facility's names;
3. the loose (consonant-skeleton) key of the whole text, only when it has at least 3 letters;
4. the text without generic words ("prison", "سجن", "branch", "فرع", "governorate", "مدينة" ...),
   exact then loose. Stripping a word keeps its meaning as a restriction: "سجن X" can only
   resolve to a prison, "محافظة X" only to a governorate.

Several candidates resolve only when they lie on one parent chain — a governorate, its district
and its seat city sharing one name ("Homs"), or a town and the facility named after it
("Saydnaya") — and then to the most specific (the city; the prison). Pass `kinds` to ask for
another level. Candidates not on one chain (two places called Az-Zahraa) give None: never a guess.

Last, comma-separated parts ("Douma, Rif Dimashq", "Tadmor, Homs"): the first part names the
place, the others must name places enclosing it.

Arabic text that resolves to nothing is tried once more by its dotless letter shapes
(`athar.letter_shapes`): a register typed from a photo writes ذير الزور for دير الزور.

What it cannot do: places outside the seed list, villages with common names, and free text with
more than a place in it ("arrested in Douma, taken to Adra") resolve to None."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from athar.gazetteer.normalise import exact_key, loose_key, loose_word, words
from athar.gazetteer.places import Place, ancestors, get_place, load_places
from athar.letter_shapes import letter_shapes

_HINTS: dict[str, frozenset[str]] = {}
for _kinds, _words in (
    ({"prison"}, "prison prisons jail gaol سجن السجن معتقل"),
    ({"security_branch"}, "branch branche far فرع الفرع شعبة"),
    ({"hospital"}, "hospital hopital مشفى مستشفى المشفى"),
    ({"military_airport"}, "airport airbase aeroport مطار"),
    ({"court"}, "court tribunal محكمة"),
    ({"governorate"}, "governorate province gouvernorat muhafazat muhafaza mohafaza محافظة"),
    ({"city", "town"}, "city ville مدينة"),
    ({"town", "city"}, "town village بلدة قرية"),
    ({"district"}, "district mantiqa mintaqa منطقة"),
):
    for _word in _words.split():
        for _norm in words(_word):
            _HINTS[_norm] = frozenset(_kinds)
# Qualifiers that add nothing once the place is known ("central", "military", "of the").
_NEUTRAL_WORDS = ("central", "centrale", "military", "militaire", "of", "the", "in", "at", "de", "du", "la", "le",
                  "d", "مركزي", "عسكري", "في")
_NEUTRAL = frozenset(w for t in _NEUTRAL_WORDS for w in words(t))
_MIN_LOOSE = 3
_MIN_SHAPES = 4  # shorter shapes are shared by too many words to mean a place
_COMMAS = re.compile("[,،;؛]")
_GOVERNORATE = frozenset({"governorate"})
_DISTRICT = frozenset({"district"})


@cache
def _indexes() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    exact: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    numbers: dict[str, set[str]] = {}
    for place in load_places():
        for name in place.names:
            if key := exact_key(name):
                exact.setdefault(key, set()).add(place.id)
            if len(lkey := loose_key(name)) >= _MIN_LOOSE:
                loose.setdefault(lkey, set()).add(place.id)
        if place.number:
            numbers.setdefault(place.number, set()).add(place.id)
    return _frozen(exact), _frozen(loose), _frozen(numbers)


def _frozen(index: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    return {key: frozenset(ids) for key, ids in index.items()}


@cache
def _name_words(place_id: str) -> frozenset[str]:
    place = get_place(place_id)
    names = place.names if place else ()
    return frozenset(w for name in names for w in words(name))


def _kind(place_id: str) -> str | None:
    place = get_place(place_id)
    return place.kind if place else None


def _pick(candidates: Iterable[str], kinds: frozenset[str] | None) -> tuple[bool, Place | None]:
    """(found, place): found is False when no candidate is left to decide on."""
    ids = [c for c in candidates if kinds is None or _kind(c) in kinds]
    if not ids:
        return False, None
    if len(ids) == 1:
        return True, get_place(ids[0])
    deepest = max(ids, key=lambda i: len(ancestors(i)))
    line = set(ancestors(deepest)) | {deepest}
    if all(i in line for i in ids):
        return True, get_place(deepest)
    return True, None


def _lookup(key: str, lkey: str, kinds: frozenset[str] | None) -> tuple[bool, Place | None]:
    exact, loose, _ = _indexes()
    if key in exact:
        found, place = _pick(exact[key], kinds)
        if found:
            return found, place
    if len(lkey) >= _MIN_LOOSE and lkey in loose:
        return _pick(loose[lkey], kinds)
    return False, None


def _by_number(tokens: list[str], kinds: frozenset[str] | None) -> tuple[bool, Place | None]:
    digits = {t for t in tokens if t.isdigit()}
    if len(digits) != 1:
        return False, None
    ids = _indexes()[2].get(digits.pop(), frozenset())
    if len(ids) != 1:
        return False, None
    (place_id,) = ids
    rest = {t for t in tokens if not t.isdigit() and t not in _HINTS and t not in _NEUTRAL}
    if not rest <= _name_words(place_id):
        return False, None
    return _pick(ids, kinds)


@lru_cache(maxsize=65536)
def _resolve(text: str, kinds: frozenset[str] | None) -> Place | None:
    tokens = words(text)
    if not tokens:
        return None
    found, place = _lookup(" ".join(tokens), "".join(loose_word(t) for t in tokens), kinds)
    if found:
        return place
    found, place = _by_number(tokens, kinds)
    if found:
        return place
    kept = [t for t in tokens if t not in _HINTS and t not in _NEUTRAL]
    if not kept or len(kept) == len(tokens):
        return _resolve_parts(text, kinds)
    hinted: frozenset[str] | None = None
    for token in tokens:
        if token in _HINTS:
            hinted = _HINTS[token] if hinted is None else hinted | _HINTS[token]
    if hinted is not None:
        kinds = hinted if kinds is None else kinds & hinted
        if not kinds:
            return None
    found, place = _lookup(" ".join(kept), "".join(loose_word(t) for t in kept), kinds)
    return place if found else _resolve_parts(text, kinds)


def _resolve_parts(text: str, kinds: frozenset[str] | None) -> Place | None:
    """"Douma, Rif Dimashq": the first part names the place, each further part must name one of
    its enclosing places (at any level: "Tadmor, Homs" means Homs governorate). Else None."""
    parts = [p.strip() for p in _COMMAS.split(text) if p.strip()]
    if len(parts) < 2:
        return None
    place = _resolve(parts[0], kinds)
    if place is None:
        return None
    enclosing = {place.id, *ancestors(place.id)}
    for part in parts[1:]:
        readings = {_resolve(part, level) for level in (None, _GOVERNORATE, _DISTRICT)}
        if not any(r is not None and r.id in enclosing for r in readings):
            return None
    return place


@cache
def _shapes_index() -> dict[str, frozenset[str]]:
    """Dotless letter shapes of every Arabic name and alias → place ids."""
    index: dict[str, set[str]] = {}
    for place in load_places():
        for name in place.names:
            if (shapes := letter_shapes(name)) and len(shapes) >= _MIN_SHAPES:
                index.setdefault(shapes, set()).add(place.id)
    return {k: frozenset(v) for k, v in index.items()}


@lru_cache(maxsize=65536)
def _resolve_misdotted(text: str, kinds: frozenset[str] | None) -> Place | None:
    """Arabic text whose dots were misread (ذير الزور, حرشتا): the place whose name has the same
    letter shapes, when the shapes point to one place (or one parent chain)."""
    if any(ch.isdigit() for ch in text):
        return None  # a number names a facility; when it and the name disagree, no guess
    shapes = letter_shapes(text)
    if len(shapes) < _MIN_SHAPES:
        return None
    found, place = _pick(_shapes_index().get(shapes, frozenset()), kinds)
    return place if found else None


def resolve_place(text: str | None, *, kinds: Iterable[str] | None = None) -> Place | None:
    """The one place `text` names, or None when unknown or ambiguous. `kinds` restricts the
    answer to those kinds (e.g. {"governorate"} for a governorate column). Arabic text that
    names no place by its letters is tried once more by its letter shapes without dots."""
    if not text or not text.strip():
        return None
    wanted = frozenset(kinds) if kinds is not None else None
    return _resolve(text.strip(), wanted) or _resolve_misdotted(text.strip(), wanted)


def place_key(text: str | None) -> str:
    """Key for comparing places in linkage: the place id when resolved, else the normalised
    text (so two spellings of an unknown village still meet when they normalise alike)."""
    if not text:
        return ""
    place = resolve_place(text)
    return place.id if place else exact_key(text)
