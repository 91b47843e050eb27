"""Feature preparation: records CSV rows → one flat, ASCII-keyed row per record for Splink.

Everything script-sensitive happens here, in Python, once per distinct value (names repeat a
lot, so every name function is cached): name parts are parsed and turned into canonical ASCII
forms with `athar.names`, so that DuckDB's fast native string functions (which measure bytes
and are wrong on Arabic) compare محمد and Mohammad as the same string; places become gazetteer
keys (Saydnaya = Sednaya = صيدنايا); birth dates and ages become a birth-year interval.

Name columns are not trusted: a whole name typed into `first_name` is parsed as a full name,
a family name shifted into `grandfather_name` is moved back, a missing part is taken from
`full_name` when that holds more, a source that writes full names family name first (a prison
register's habit) is detected from its own rows and parsed that way, and every token of the
person's own name is also kept as a bag (`name_tokens`) so a value typed into the wrong column
still counts as agreement.

What it cannot do: tell a family name typed into `first_name` from a rare given name, or
recover a name the romaniser does not know better than its letter-by-letter transliteration."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pyarrow as pa

from athar import gazetteer, names
from athar.interchange import DatePrecision, EventType, PartialDate, RecordRow
from athar.linkage import forked
from athar.names import lexicon as names_lexicon
from athar.names.parse import name_tokens
from athar.names.rasm import rasm
from athar.names.tokens import form_weight, hard_letters

NAME_PARTS: tuple[str, ...] = ("given", "father", "grandfather", "family")
# Parts that also get their dotless Arabic letter shapes (`athar.names.rasm`), for registers
# typed from photos: a misplaced dot (عمر / غمر) changes the romanised form, not the rasm.
RASM_PARTS: tuple[str, ...] = ("given", "father", "family")
# Lineage particles as the Arabic normaliser writes them (never a fragment of a split word).
_PARTICLES = frozenset({"بن", "ابن", "بنت"})
# Endings of a family name made from a place or a tribe (القطباوي, التركماني): split off by a
# misread register (الصقر اوي), they are no name of their own.
_NISBA_ENDINGS = frozenset({"اوي", "اني"})
# Honorifics that are also family names (normalised): kept as the family name at the head of a
# family-first name.
_HONORIFIC_FAMILIES = frozenset({"الشيخ", "السيد", "شيخ", "سيد"})
# Titles (canonical) that lead a name or a name part and are no part of it: شيخ, الحاج, Sheykh.
_TITLES = frozenset({"shaikh", "hajj"})
# The columns of one name part, by suffix (`given`, `given_w`, …): what moves with the part when a
# reading swaps two parts (a family name read as the father's, given and family swapped).
PART_COLUMN_SUFFIXES: tuple[str, ...] = ("", "_w", "_key", "_dict", "_consonants", "_form_weight", "_rasm")
# Columns with a term-frequency adjustment on their exact-match level (tf_<column>).
TF_COLUMNS: tuple[str, ...] = ("given", "father", "family", "mother", "event_place_key")

SCHEMA = pa.schema([
    ("unique_id", pa.int64()),
    ("source", pa.string()),
    ("record_id", pa.string()),
    ("given", pa.string()),
    ("father", pa.string()),
    ("grandfather", pa.string()),
    ("family", pa.string()),
    ("given_w", pa.float64()),
    ("father_w", pa.float64()),
    ("grandfather_w", pa.float64()),
    ("family_w", pa.float64()),
    ("given_key", pa.string()),
    ("father_key", pa.string()),
    ("grandfather_key", pa.string()),
    ("family_key", pa.string()),
    ("given_dict", pa.bool_()),
    ("father_dict", pa.bool_()),
    ("grandfather_dict", pa.bool_()),
    ("family_dict", pa.bool_()),
    *[(f"{p}_consonants", pa.int64()) for p in NAME_PARTS],
    *[(f"{p}_form_weight", pa.float64()) for p in NAME_PARTS],
    ("name_tokens", pa.list_(pa.string())),
    ("mother", pa.string()),
    ("mother_family", pa.string()),
    ("mother_w", pa.float64()),
    ("mother_key", pa.string()),
    ("mother_dict", pa.bool_()),
    ("mother_consonants", pa.int64()),
    ("mother_form_weight", pa.float64()),
    ("sex", pa.string()),
    ("birth_lo", pa.int32()),
    ("birth_hi", pa.int32()),
    ("birth_month", pa.string()),
    ("birth_day", pa.string()),
    ("birth_place_key", pa.string()),
    ("governorate_key", pa.string()),
    ("event_place_key", pa.string()),
    ("event_year", pa.int32()),
    ("arrest_date", pa.string()),
    ("arrest_year", pa.int32()),
    ("gf_skel", pa.string()),
    *[(f"{p}_rasm", pa.string()) for p in RASM_PARTS],
    ("national_id", pa.string()),
    *[(f"tf_{c}", pa.float64()) for c in TF_COLUMNS],
])

# Events whose date is the day the person was taken: every source that reports an arrest or a
# disappearance dates the same day (to its own precision), so these dates are comparable.
ARREST_EVENTS = frozenset({EventType.ARREST, EventType.MISSING_REPORT})
# Consonant skeleton of given + father written as one string: the same whether a misread
# register joined or split the words (محمد أسامة / محمداسامة). Shorter skeletons (ali + omar)
# would make huge blocks, so they give no key.
GF_SKEL_LEN = 7
_SKEL_DIGRAPHS = (("kh", "h"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "k"))
_SKEL_DROP = str.maketrans({c: None for c in "aeiouyw' -"} | {"q": "k", "z": "d", "x": "h", "g": "k"})

_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True, slots=True)
class NameParts:
    given: str | None
    father: str | None
    grandfather: str | None
    family: str | None
    tokens: tuple[str, ...]
    # The parts as written (given, father, grandfather, family) before romanising.
    written: tuple[str | None, ...] = (None, None, None, None)


@lru_cache(maxsize=400_000)
def canonical(text: str) -> str | None:
    """Canonical ASCII form of a name part (all its tokens, space-joined), or None. A title
    leading a part of two words or more is dropped in either script (Chaykh Moussa as شيخ موسى:
    musa; El-Chaikh Ali as الشيخ علي: ali), as `athar.names` drops the Arabic spellings."""
    tokens = names.canonical_tokens(text)
    if len(tokens) > 1 and tokens[0] in _TITLES:
        tokens = tokens[1:]
    return " ".join(tokens) or None


@lru_cache(maxsize=400_000)
def part_weight(part: str) -> float:
    """How informative a canonical name part is: the weight of its rarest token (1.0 when a
    token is not in the names dictionary)."""
    return max((names.token_weight(t) for t in part.split()), default=0.0)


@lru_cache(maxsize=400_000)
def in_dictionary(part: str) -> bool:
    """Whether every token of a canonical part is a dictionary name exactly as written: a
    misread `abdullla` is not (though `token_weight` rates it as common as `abdullah`), so the
    fuzzy levels may still join it to `abdullah`."""
    freq = names_lexicon.get().freq
    return all(t in freq for t in part.split())


@lru_cache(maxsize=400_000)
def part_key(part: str) -> str | None:
    """A coarse, typo-tolerant blocking key of a canonical name part."""
    keys = names.blocking_keys(part)
    return keys[0] if keys else None


def _known(word: str) -> bool:
    """Whether a written word is a dictionary name or a known family name."""
    canon = canonical(word)
    if not canon:
        return False
    lexicon = names_lexicon.get()
    return all(t in lexicon.freq or t in lexicon.family for t in canon.split())


def _is_fragment(word: str, previous: str) -> bool:
    """A piece of the previous word split off by a misread register (العطا ر, يونس ايا د): one
    or two letters that are not a lineage particle, or three letters that are no name while
    the two pieces together are one (الحور اني)."""
    if word in _PARTICLES:
        return False
    if len(word) <= 2 or word in _NISBA_ENDINGS:
        return True
    return len(word) == 3 and not _known(word) and _known(previous + word)


@lru_cache(maxsize=200_000)
def repair_words(text: str, *, family_head: bool = False) -> str:
    """An Arabic full name from a register typed from photos, repaired: the words a misreading
    split joined again (القلمو ني → القلموني, الز عبي → الزعبي, ما زن → مازن), two names it ran
    together split (جمالخليل → جمال خليل, see `_split_joined`), a word that is no name but has
    the letter shapes of exactly one dictionary name read as that name (غمر → عمر, `_redot`);
    other text unchanged. Only short pieces are joined (see `_is_fragment`): a split into two
    plausible words cannot be told from two names. What each repair gained was measured on
    synthetic registers (docs/benchmarks.md, history); it runs on family-first (register) sources only.
    `family_head`: the first word is a family name (a register entry), so it is read as another
    name only when that one is a listed family name (`_redot`)."""
    if names.detect_script(text) != "arabic":
        return text
    words = names.normalise_arabic(text).split()
    out: list[str] = []
    prefix = ""
    changed = False
    for i, word in enumerate(words):
        word, prefix = prefix + word, ""
        following = words[i + 1] if i + 1 < len(words) else ""
        if word.startswith("ال") and len(word) <= 3 and not _known(word):
            prefix = word  # the article with one letter: the start of the next word
            changed = True
            continue
        if (len(word) <= 2 and following and word not in _PARTICLES
                and not _known(word) and _known(word + following)):
            prefix = word  # the first piece of a word split in the middle (ما زن → مازن)
            changed = True
            continue
        if word.endswith("ا") and following.startswith("ل") and not following.startswith("ال") and (
                word == "ا" or word[:-1] == "عبد" or (_known(word[:-1]) and not _known(word))):
            # The article split after its alef (عبد ا لحميد, عبدا لحميد, محي ا لدين): the alef
            # starts the next word.
            if word != "ا":
                out.append(word[:-1])
            prefix = "ا"
            changed = True
            continue
        if out and _is_fragment(word, out[-1]):
            out[-1] += word
            changed = True
            continue
        abd = _misread_abd(word, following)
        if abd != word:
            out.append(abd)
            changed = True
            continue
        halves = _split_joined(word)
        if halves:
            out.extend(halves)
            changed = True
            continue
        redotted = _redot(word, family=family_head and not out)
        changed = changed or redotted != word
        out.append(redotted)
    if prefix:
        out.append(prefix)
    return " ".join(out) if changed else text


@lru_cache(maxsize=1)
def _names_by_shape() -> dict[str, str | None]:
    """Dotless letter shapes → the dictionary's Arabic spelling with them, None when two
    different names share the shapes."""
    out: dict[str, str | None] = {}
    owner: dict[str, str] = {}
    for spelling, canon in names_lexicon.get().arabic.items():
        shapes = rasm(spelling)
        if len(shapes) < 3:
            continue
        if shapes in owner and owner[shapes] != canon:
            out[shapes] = None
        elif shapes not in owner:
            owner[shapes], out[shapes] = canon, spelling
    return out


_ABU_SHAPES = rasm("ابو")
_ABD_SHAPES = rasm("عبد")


def _misread_abd(word: str, following: str) -> str:
    """عبد with a dot misread (عبذ الكريم, غبد الله, عثد الحميد, عيدالسلام), read as عبد: the word
    has its letter shapes and is followed (or, joined, continued) by a name with the article,
    as عبد always is in a compound name; joined, the compound must be a dictionary name
    (عيدالسلام → عبدالسلام, while عيد stays a name before any other word)."""
    if word == "عبد" or rasm(word[:3]) != _ABD_SHAPES:
        return word
    if len(word) == 3:
        return "عبد" if following.startswith("ال") and _known("عبد" + following) else word
    rest = word[3:]
    if rest.startswith("ال") and not _known(word) and _known("عبد" + rest):
        return "عبد" + rest
    return word


@lru_cache(maxsize=100_000)
def _redot(word: str, family: bool = False) -> str:
    """A word that is no name but has the letter shapes of exactly one dictionary name, read as
    that name: a register typed from a photo misplaced its dots (غمر → عمر, نرار → نزار).
    `family`: the word is a family name, read as another only when that one is a listed family
    name (الحريرث → الحريري): most family names are not in the dictionary, and one read as the
    given name of the same shapes (الحمال → الجمال, الخشاب → الحسان) no longer met its own
    spelling in a Latin list (Al-Hammal)."""
    if _known(word):
        return word
    if rasm(word) == _ABU_SHAPES:
        return "ابو"  # the kunya's أبو with its dot misread (اثو خليل, انو ثائر)
    if word.startswith("ابو") and len(word) > 5:
        return "ابو" + _redot(word[3:])  # a kunya, joined by the normaliser (ابو ابزاهيم)
    article = "ال" if word.startswith("ال") and len(word) > 4 else ""
    hit = _names_by_shape().get(rasm(word[len(article):]))
    if hit and family and canonical(article + hit) not in names_lexicon.get().family:
        return word
    if hit:
        return article + hit
    return word if family else _alef_restored(word)


def _alef_restored(word: str) -> str:
    """A word that is no name read as the one dictionary name it becomes with an alef put back
    inside it (إيد → إياد, مزن → مازن, ريض → رياض): a register typed from a photo drops an alef;
    the word itself when no name or more than one does."""
    if len(word) < 3:
        return word
    found = {word[:i] + "ا" + word[i:] for i in range(1, len(word))}
    known = [w for w in found if _known(w)]
    return known[0] if len(known) == 1 else word


def _split_joined(word: str) -> tuple[str, str] | None:
    """Two names a misreading ran together (جمالخليل → جمال خليل, الحسنمحمد → الحسن محمد): the
    word is no name, and exactly one split point leaves two dictionary names of three letters or
    more (not counting the article)."""
    if len(word) < 6 or _known(word):
        return None
    # The article belongs to the first name: المهدي is not الم + هدي.
    first = 5 if word.startswith("ال") else 3
    splits = [(word[:i], word[i:]) for i in range(first, len(word) - 2)
              if _known(word[:i]) and _known(word[i:])]
    return splits[0] if len(splits) == 1 else None


def _family_joined_to_given(word: str) -> tuple[str, str] | None:
    """(family, given) when a register's misreading ran its family name into the given name
    after it (الغنيمعلي → الغنيم علي, ابوسعيدمازن → ابوسعيد مازن, الرازقعبد → الرازق عبد): the
    word is no name, and it ends in a given name of three letters or more after a head of three
    letters or more (not counting the article or أبو). The longest such given name is taken
    (الخاضرمحمود → الخاضر محمود, not الخاضرم حمود). `_split_joined` does not find these: the head
    is a family name the dictionary does not list."""
    if len(word) < 6 or _known(word):
        return None
    start = next((a for a in ("ال", "ابو") if word.startswith(a)), "")
    given_names = names_lexicon.get().sex
    for i in range(len(start) + 3, len(word) - 2):
        tail = word[i:]
        canon = canonical(tail)
        if tail == "عبد" or (canon and all(t in given_names for t in canon.split())):
            return word[:i], tail
    return None


def _register_reading(text: str) -> str:
    """A family-first register entry with a family name run into the given name after it split
    again, when the entry is one word short (three names or fewer; `_family_joined_to_given`);
    text otherwise unchanged. Read as one family name, the given name moved the later parts one
    column: every name-part comparison disagreed (on 100,000 synthetic records such pairs scored
    below 0.01 and no blocking rule paired them)."""
    if names.detect_script(text) != "arabic":
        return text
    words = names.normalise_arabic(text).split()
    split = _family_joined_to_given(words[0]) if len(words) >= 2 else None
    if split is not None:
        head, tail = split
        rest = words[1:]
        if tail == "عبد":
            tail, rest = tail + rest[0], rest[1:]  # عبد and the next word are one name
        if len(rest) <= 2:
            return " ".join([head, tail, *rest])
    return text


def _honorific_family(text: str, titled_families: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(family, rest) when a family-first name starts with an honorific that is also a family
    name (الشيخ, السيد, or a title the same data write as a family name in their family-name
    column, `titled_families`: الشهيد): athar.names drops a leading honorific, but at the head of
    a family-first register entry it is the family name. When the honorific and the next word
    are a family name the data write in that column (الشيخ علي) and the entry has four words or
    more, the two are the family name (a register writes family, given and father's name at
    least; read as الشيخ + given name علي, every later part moved one column)."""
    words = names.normalise_arabic(text).split() if names.detect_script(text) == "arabic" else []
    if len(words) < 3 or (words[0] not in _HONORIFIC_FAMILIES and words[0] not in titled_families):
        return None
    if len(words) >= 4 and f"{words[0]} {words[1]}" in titled_families:
        return f"{words[0]} {words[1]}", " ".join(words[2:])
    return words[0], " ".join(words[1:])


@lru_cache(maxsize=100_000)
def titled_family(text: str) -> str | None:
    """The normalised family name of a family-name column that is a title (الشهيد, المرحوم) or
    starts with one of the titles that are family names (الشيخ علي), or None."""
    if names.detect_script(text) != "arabic":
        return None
    words = names.normalise_arabic(text).split()
    if len(words) == 1 and name_tokens(f"{words[0]} x")[0] == ("x",):
        return words[0]
    if len(words) != 2 or words[0] not in _HONORIFIC_FAMILIES:
        return None
    return " ".join(words)


def _inner_titles_dropped(text: str) -> str:
    """A family-first register entry without the titles inside it (القاصر شيخ موسى مالك):
    `athar.names` drops a title at the head of a name, so a given name typed into its column
    (شيخ موسى) or a family name (الشيخ علي) reads without it (`canonical`), while inside the entry
    the title was read as a part of its own and moved every later part one column (on 100,000
    synthetic records no blocking rule paired such records and every name-part comparison
    disagreed). The first word stays (`_honorific_family` reads it), and the last. Names written
    given name first keep their titles (docs/linkage.md, "Limits": dropping them there moved the
    person pass's learnt share and cost precision)."""
    words = text.split()
    kept = [w for i, w in enumerate(words) if i in (0, len(words) - 1) or canonical(w) not in _TITLES]
    return " ".join(kept) if len(kept) < len(words) else text


@lru_cache(maxsize=200_000)
def _parse_full(text: str, family_first: bool = False, titled_families: frozenset[str] = frozenset()) -> NameParts:
    if family_first:
        # Only in family-first (register) sources: in the Gaza lists, which are not, the
        # repairs also joined real two-letter names (مي) to the name before them.
        text = _inner_titles_dropped(_register_reading(repair_words(text, family_head=True)))
    head = _honorific_family(text, titled_families) if family_first else None
    if head is not None:
        family, rest = head
        rest_tokens = list(name_tokens(rest)[0]) + [None, None, None]
        written = (rest_tokens[0], rest_tokens[1], rest_tokens[2], family)
        tokens = [*(canonical(family) or "").split(), *names.canonical_tokens(rest)]
    else:
        parsed = names.parse_name(text, family_first=family_first)
        written = (parsed.given, parsed.father, parsed.grandfather, parsed.family)
        tokens = list(names.canonical_tokens(text))
    parts = [canonical(p) if p else None for p in written]
    return NameParts(*parts, tokens=tuple(tokens), written=written)


@lru_cache(maxsize=400_000)
def consonant_skeleton(text: str) -> str:
    """Consonants of a canonical ASCII string, spaces ignored, sound classes merged, doubles
    single (`muhammad usama` → `mhmdsm`, as `muhammadusama`)."""
    s = text.lower()
    for a, b in _SKEL_DIGRAPHS:
        s = s.replace(a, b)
    s = s.translate(_SKEL_DROP)
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def gf_skeleton(given: str | None, father: str | None) -> str | None:
    if not given:
        return None
    skel = consonant_skeleton(given + (father or ""))
    return skel[:GF_SKEL_LEN] if len(skel) >= GF_SKEL_LEN - 1 else None


def _count_tokens(text: str | None) -> int:
    return len(text.split()) if text else 0


# Full names of 3+ parts a source needs before its habit (family name first or not) is decided
# for all its rows. Five rows whose first part carries the article while the last does not are
# not a given-name-first list.
MIN_ROWS_FOR_HABIT = 5
HABIT_SAMPLE_ROWS = 2000  # a sample per source is enough to see its habit
MIN_TITLED_ROWS = 2  # rows that write a titled family name before entries are read by it


def _looks_like_family(token: str) -> bool:
    """A written name token that is a family name rather than a given name: it carries the
    article (الحسن, al-Hasan) or the dictionary lists it as a family name only."""
    folded = token.strip().lower()
    if folded.startswith(("ال", "al-", "el-", "al ", "el ")):
        return True
    canon = canonical(token)
    if not canon:
        return False
    lexicon = names_lexicon.get()
    return canon in lexicon.family and canon not in lexicon.sex


def _full_name_only(row: RecordRow) -> str | None:
    if row.full_name and not any((row.first_name, row.father_name, row.grandfather_name, row.family_name)):
        return row.full_name
    return None


def _capitalised(token: str) -> bool:
    """A Latin name part written all in capitals (`KHALIL`, `AL-HASAN`): the family name, in the
    habit of forms, passports and many NGO lists, when the other parts are not."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isascii() and c.isupper() for c in letters)


def _name_ends(row: RecordRow) -> tuple[bool, bool] | None:
    """(first part looks like a family name, last part does) for a full-name-only row of 3+ parts."""
    full = _full_name_only(row)
    tokens = full.split() if full else []
    if len(tokens) < 3:
        return None
    return _looks_like_family(tokens[0]), _looks_like_family(tokens[-1])


def _capitals_say(row: RecordRow) -> bool | None:
    """Whether the row's capitals put its family name first (True) or last (False); None when they
    say nothing (no part in capitals, every part in capitals, or both ends)."""
    full = _full_name_only(row)
    tokens = full.split() if full else []
    if len(tokens) < 2:
        return None
    first, last = _capitalised(tokens[0]), _capitalised(tokens[-1])
    if first == last or all(_capitalised(t) for t in tokens):
        return None
    return first


@dataclass(frozen=True)
class NameOrder:
    """Which full names are written family name first (a register's habit: `العلي محمود علي أحمد`).

    A source's habit is decided on its own rows: in its full names of three parts or more, the
    first part looks like a family name clearly more often than the last. A source with too few
    such rows to show a habit (a small file; the few new records of an incremental run, unless
    the earlier run knew the source: `decided_by`) is read row by row: a row whose first part
    looks like a family name and whose last part does not is read family name first. Taking such
    sources as given-name-first, as athar did below 20 rows, split the register's persons of
    small files (pairwise F1 0.73–0.83 on 30–60-record files, docs/linkage.md).

    A Latin name with one end in capitals and the other not (`KHALIL Mohammad Ahmad`, `Mohammad
    Ahmad KHALIL`) says its own order, whatever its source's habit; such rows also count towards
    their source's habit."""

    family_first_sources: frozenset[str]
    given_first_sources: frozenset[str]
    # Family names that are a title (الشهيد) or two words led by one (الشيخ علي), as the rows
    # write them in their family-name column: how a family-first register entry that starts
    # with them is read (`_honorific_family`).
    titled_families: frozenset[str] = frozenset()

    @classmethod
    def of(cls, rows: Sequence[RecordRow]) -> NameOrder:
        first: Counter[str] = Counter()
        last: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        titled: Counter[str] = Counter()
        for row in rows:
            if row.family_name:
                family = titled_family(row.family_name)
                if family:
                    titled[family] += 1
            if seen[row.source] >= HABIT_SAMPLE_ROWS:
                continue
            ends = _name_ends(row)
            if ends is None:
                continue
            capitals = _capitals_say(row)
            if capitals is not None:
                ends = (capitals, not capitals)
            seen[row.source] += 1
            first[row.source] += ends[0]
            last[row.source] += ends[1]
        decided = {s for s, n in seen.items() if n >= MIN_ROWS_FOR_HABIT}
        family_first = frozenset(s for s in decided if first[s] > 2 * last[s] + 0.1 * seen[s])
        # Two rows at least: one title typed into the family-name column by mistake does not
        # make every register entry that starts with it a family name.
        return cls(family_first, frozenset(decided) - family_first,
                   frozenset(t for t, n in titled.items() if n >= MIN_TITLED_ROWS))

    def as_json(self) -> dict[str, list[str]]:
        """What a run stores in its model, so that its incremental runs read new rows of a source
        as the run read its rows (`decided_by`): source names, and the titled family names (no
        person's name: a family name alone, as the names dictionary lists thousands)."""
        return {"family_first": sorted(self.family_first_sources), "given_first": sorted(self.given_first_sources),
                "titled_families": sorted(self.titled_families)}

    def decided_by(self, earlier: Mapping[str, Sequence[str]]) -> NameOrder:
        """This order, where every source the earlier run (`as_json`) had decided keeps that
        habit: one new register record is read as the register's thousands were."""
        earlier_first = frozenset(earlier.get("family_first", ()))
        earlier_given = frozenset(earlier.get("given_first", ()))
        known = earlier_first | earlier_given
        return NameOrder((self.family_first_sources - known) | earlier_first,
                         (self.given_first_sources - known) | earlier_given,
                         self.titled_families | frozenset(earlier.get("titled_families", ())))

    def family_first(self, row: RecordRow) -> bool:
        capitals = _capitals_say(row)
        if capitals is not None:
            return capitals  # the row's own mark (KHALIL Mohammad Ahmad) outweighs its source's habit
        if row.source in self.family_first_sources:
            return True
        if row.source in self.given_first_sources:
            return False
        ends = _name_ends(row)
        return ends is not None and ends[0] and not ends[1]


def name_parts(row: RecordRow, *, family_first: bool = False,
               titled_families: frozenset[str] = frozenset()) -> NameParts:
    """The person's own name as canonical parts, robust to values in the wrong column.
    `family_first`: this row's source writes full names family name first."""
    structured = [row.first_name, row.father_name, row.grandfather_name, row.family_name]
    full = row.full_name
    if row.first_name and not any(structured[1:]) and _count_tokens(row.first_name) >= 3:
        # A whole name typed into first_name.
        full = f"{row.first_name} {full}" if full and full != row.first_name else row.first_name
        structured = [None, None, None, None]
    if structured[3] is None and structured[2] and structured[0]:
        # The family name shifted one column left into grandfather_name.
        structured[2], structured[3] = None, structured[2]
    parsed = _parse_full(full, family_first and not any(structured), titled_families) if full else None
    parts: list[str | None] = [canonical(v) if v else None for v in structured]
    written: list[str | None] = list(structured)
    if parsed is not None:
        from_full = [parsed.given, parsed.father, parsed.grandfather, parsed.family]
        written = [w if p else f for w, p, f in zip(written, parts, parsed.written, strict=True)]
        parts = [p if p else f for p, f in zip(parts, from_full, strict=True)]
    tokens: list[str] = list(parsed.tokens) if parsed else []
    for p in parts:
        if p:
            tokens.extend(p.split())
    return NameParts(*parts, tokens=tuple(sorted(set(tokens))), written=tuple(written))


@lru_cache(maxsize=100_000)
def _mother(text: str) -> tuple[str | None, str | None]:
    """Mother's given name and, when her full name was written, her family name."""
    if _count_tokens(text) >= 2:
        parsed = names.parse_name(text)
        given = canonical(parsed.given) if parsed.given else None
        family = canonical(parsed.family) if parsed.family else None
        return given or canonical(text), family
    return canonical(text), None


@lru_cache(maxsize=100_000)
def _place_key(text: str) -> str | None:
    return gazetteer.place_key(text) or None


@lru_cache(maxsize=100_000)
def _governorate_of_place(text: str) -> str | None:
    place = gazetteer.resolve_place(text)
    if place is None:
        return None
    gov = gazetteer.governorate_of(place.id)
    return getattr(gov, "id", gov) if gov is not None else None


@lru_cache(maxsize=10_000)
def _governorate_key(text: str) -> str | None:
    return _governorate_of_place(text) or _place_key(text)


def national_id_key(text: str | None) -> str | None:
    """Digits only (Eastern Arabic digits too); None when nothing usable remains."""
    if not text:
        return None
    return _national_id_key(text)


@lru_cache(maxsize=100_000)
def _national_id_key(text: str) -> str | None:
    digits = "".join(ch for ch in text.translate(_EASTERN_DIGITS) if ch.isdigit())
    return digits if len(digits) >= 5 else None


def birth_interval(row: RecordRow) -> tuple[int | None, int | None]:
    """Years the person can have been born in: the birth year, or event year − age (−1)."""
    if row.birth_date is not None:
        return row.birth_date.year, row.birth_date.year
    if row.age is not None and row.event_date is not None:
        hi = row.event_date.year - row.age
        return hi - 1, hi
    return None, None


# The name-derived columns of one record, in SCHEMA order.
_NAME_COLUMNS: tuple[str, ...] = (
    *NAME_PARTS, *(f"{p}_w" for p in NAME_PARTS), *(f"{p}_key" for p in NAME_PARTS),
    *(f"{p}_dict" for p in NAME_PARTS), *(f"{p}_consonants" for p in NAME_PARTS),
    *(f"{p}_form_weight" for p in NAME_PARTS), "name_tokens", "gf_skel", *(f"{p}_rasm" for p in RASM_PARTS))
_RASM_INDEX: tuple[int, ...] = tuple(NAME_PARTS.index(p) for p in RASM_PARTS)
_MOTHER_COLUMNS: tuple[str, ...] = ("mother", "mother_family", "mother_w", "mother_key", "mother_dict",
                                     "mother_consonants", "mother_form_weight")
_BIRTH_COLUMNS: tuple[str, ...] = ("birth_lo", "birth_hi", "birth_month", "birth_day")


def _derived_columns(key: tuple[object, ...], row: RecordRow,
                     titled_families: frozenset[str] = frozenset()) -> tuple[object, ...]:
    """The name or mother columns of a distinct input `key` (see `_build_features`), from `row`,
    the first row with that input."""
    if key[0] == "name":
        return _name_columns(row, bool(key[-1]), titled_families)
    mother = repair_words(row.mother_name) if key[-1] and row.mother_name else row.mother_name
    return _mother_columns(mother, row.mother_family_name)


def _name_columns(row: RecordRow, family_first: bool,
                  titled_families: frozenset[str] = frozenset()) -> tuple[object, ...]:
    parts = name_parts(row, family_first=family_first, titled_families=titled_families)
    values = (parts.given, parts.father, parts.grandfather, parts.family)
    return (*values,
            *(part_weight(v) if v else None for v in values),
            *(part_key(v) if v else None for v in values),
            *(in_dictionary(v) if v else None for v in values),
            *(hard_letters(v) if v else None for v in values),
            *(form_weight(v) if v else None for v in values),
            list(parts.tokens) or None,
            gf_skeleton(parts.given, parts.father),
            *(part_rasm(parts.written[i]) if values[i] else None for i in _RASM_INDEX))


@lru_cache(maxsize=400_000)
def part_rasm(written: str | None) -> str | None:
    """Dotless letter shapes of a name part as written in Arabic; None for Latin or no part."""
    return rasm(written) or None if written else None


def _mother_columns(mother_name: str | None, mother_family_name: str | None) -> tuple[object, ...]:
    mother, mother_family = _mother(mother_name) if mother_name else (None, None)
    if mother_family_name:
        mother_family = canonical(mother_family_name)
    return (mother, mother_family, part_weight(mother) if mother else None,
            part_key(mother) if mother else None, in_dictionary(mother) if mother else None,
            hard_letters(mother) if mother else None, form_weight(mother) if mother else None)


def _birth_columns(row: RecordRow) -> tuple[object, ...]:
    lo, hi = birth_interval(row)
    bd = row.birth_date
    return (lo, hi, bd.isoformat()[:7] if bd and bd.precision != DatePrecision.YEAR else None,
            bd.isoformat() if bd and bd.precision == DatePrecision.DAY else None)


def _governorate_column(governorate: str | None, birth_place: str | None) -> str | None:
    gov = _governorate_key(governorate) if governorate else None
    if gov is None and birth_place:
        gov = _governorate_of_place(birth_place)
    return gov


def build_features(rows: Sequence[RecordRow], *, first_id: int = 0,
                   tf_reference: dict[str, dict[str, float]] | None = None,
                   name_order: NameOrder | None = None, tf_pseudo_records: int = 0) -> pa.Table:
    """One feature row per record, `unique_id` numbering them from `first_id` in input order;
    see `_build_features`. `name_order`: which names are family name first (default: decided
    on these rows). `tf_pseudo_records`: see `term_frequencies` (for records too few to count
    their own name frequencies)."""
    return pa.table(feature_columns(rows, first_id=first_id, tf_reference=tf_reference, name_order=name_order,
                                    tf_pseudo_records=tf_pseudo_records), schema=SCHEMA)


def feature_columns(rows: Sequence[RecordRow], *, first_id: int = 0,
                    tf_reference: dict[str, dict[str, float]] | None = None,
                    name_order: NameOrder | None = None, tf_pseudo_records: int = 0) -> dict[str, list[object]]:
    """`build_features`' columns as Python lists, in SCHEMA order: for a caller that hands them
    to DuckDB itself (pyarrow's conversion of Python lists imports pandas, a quarter of a
    second of a one-record `athar link --against`)."""
    # Building millions of small tuples while a million records are alive makes Python's cyclic
    # garbage collector walk them all over and over (1.4 of 4.3 s on 100,000 records); nothing
    # built here forms a cycle, so it is paused meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_features(rows, first_id, tf_reference, name_order or NameOrder.of(rows), tf_pseudo_records)
    finally:
        if was_enabled:
            gc.enable()


def _build_features(rows: Sequence[RecordRow], first_id: int, tf_reference: dict[str, dict[str, float]] | None,
                    name_order: NameOrder, tf_pseudo_records: int = 0) -> dict[str, list[object]]:
    """One feature row per record, `unique_id` numbering them from `first_id` in input order.

    Term frequencies (`tf_*`) are computed from these rows, or looked up in `tf_reference`
    (column → value → frequency, from the set these rows will be linked against).

    Built column by column: every group of derived columns is computed once per distinct tuple
    of the input values it depends on (names repeat, and so do dates and places), and each row
    is then one dictionary look-up per group."""
    cols: dict[str, list[object]] = {
        "unique_id": list(range(first_id, first_id + len(rows))),
        "source": [r.source for r in rows],
        "record_id": [r.record_id for r in rows],
    }

    # The person's and the mother's names are the slowest columns: each is computed once per
    # distinct input (on two cores, half of them in a forked child), then looked up per row.
    name_inputs: dict[tuple[object, ...], int] = {}
    mother_inputs: dict[tuple[object, ...], int] = {}
    name_keys: list[tuple[object, ...]] = []
    mother_keys: list[tuple[object, ...]] = []
    for i, row in enumerate(rows):
        family_first = name_order.family_first(row)
        key = ("name", row.first_name, row.father_name, row.grandfather_name, row.family_name, row.full_name,
               family_first)
        name_inputs.setdefault(key, i)
        name_keys.append(key)
        # A register's mother's name has the same misreadings as the person's own.
        mkey = ("mother", row.mother_name, row.mother_family_name, family_first and bool(row.mother_name))
        mother_inputs.setdefault(mkey, i)
        mother_keys.append(mkey)
    distinct = [*name_inputs.items(), *mother_inputs.items()]
    values = dict(zip((k for k, _ in distinct),
                      forked.spread_map(lambda item: _derived_columns(item[0], rows[item[1]],
                                                                       name_order.titled_families), distinct),
                      strict=True))
    _spread(cols, _NAME_COLUMNS, [values[k] for k in name_keys], len(rows))
    _spread(cols, _MOTHER_COLUMNS, [values[k] for k in mother_keys], len(rows))

    cols["sex"] = [r.sex.value if r.sex else None for r in rows]
    birth_cache: dict[tuple[object, ...], tuple[object, ...]] = {}
    birth_rows = []
    for row in rows:
        bkey = (row.birth_date, row.age, row.event_date.year if row.event_date else None)
        bhit = birth_cache.get(bkey)
        if bhit is None:
            bhit = birth_cache[bkey] = _birth_columns(row)
        birth_rows.append(bhit)
    _spread(cols, _BIRTH_COLUMNS, birth_rows, len(rows))

    cols["birth_place_key"] = [_place_key(r.birth_place) if r.birth_place else None for r in rows]
    cols["governorate_key"] = [_governorate_column(r.governorate, r.birth_place)
                               if r.governorate or r.birth_place else None for r in rows]
    cols["event_place_key"] = [_place_key(r.event_place) if r.event_place else None for r in rows]
    cols["event_year"] = [r.event_date.year if r.event_date else None for r in rows]
    arrests = [r.event_date if r.event_type in ARREST_EVENTS else None for r in rows]
    cols["arrest_date"] = [_isoformat(a) if a else None for a in arrests]
    cols["arrest_year"] = [a.year if a else None for a in arrests]
    cols["national_id"] = [national_id_key(r.national_id) if r.national_id else None for r in rows]
    for column in TF_COLUMNS:
        values = cols[column]
        table = (tf_reference.get(column, {}) if tf_reference is not None
                 else term_frequencies(values, column=column, pseudo_records=tf_pseudo_records))
        floor = min(table.values(), default=1.0)
        cols[f"tf_{column}"] = [None if v is None else table.get(v, floor) for v in values]  # type: ignore[call-overload]
    return {f.name: cols[f.name] for f in SCHEMA}


def _spread(cols: dict[str, list[object]], names_: Sequence[str], rows: list[tuple[object, ...]], n: int) -> None:
    """Column lists from per-row tuples (one tuple per row, in `names_` order)."""
    if n == 0:
        for name in names_:
            cols[name] = []
        return
    for name, values in zip(names_, zip(*rows, strict=True), strict=True):
        cols[name] = list(values)


@lru_cache(maxsize=100_000)
def _isoformat(date: PartialDate) -> str:
    return date.isoformat()


# Share of a population holding a name part of each rarity class (`part_weight`): the frequency
# a name part is expected to have before a file says otherwise. The commonest names (محمد, أحمد)
# are held by a few percent of men; an unlisted name by a handful in ten thousand.
_FREQUENCY_BY_WEIGHT = ((0.45, 0.05), (0.7, 0.015), (0.9, 0.004))
_FREQUENCY_UNLISTED = 0.0005
# A place of detention or of an event: one of some fifty that a list names.
_PLACE_FREQUENCY = 0.02
NAME_TF_COLUMNS: tuple[str, ...] = ("given", "father", "family", "mother")


def expected_frequency(column: str, value: str) -> float:
    """How common `value` is expected to be in `column` before any file is counted: a name part
    by its rarity class in the names dictionary, a place as one of some fifty."""
    if column not in NAME_TF_COLUMNS:
        return _PLACE_FREQUENCY
    weight = part_weight(value)
    return next((tf for top, tf in _FREQUENCY_BY_WEIGHT if weight <= top), _FREQUENCY_UNLISTED)


def term_frequencies(values: Sequence[object], *, column: str | None = None,
                     pseudo_records: int = 0) -> dict[str, float]:
    """Each value's share of `values`. With `pseudo_records`, as if that many more records had
    been drawn at the expected frequencies (`expected_frequency` of `column`): two records
    compared on their own (`explain_pair.explain_records`) cannot count how common a name is
    (each name is held by everybody, so agreeing on it would count against the match), so their
    counts are blended with what is known. `athar link` does not use it, even on small files:
    see docs/linkage.md, "Limits", for why it was backed out there."""
    counts = Counter(v for v in values if v is not None)
    total = sum(counts.values())
    if not total:
        return {}
    if pseudo_records <= 0 or column is None:
        return {str(k): c / total for k, c in counts.items()}
    return {str(k): (c + pseudo_records * expected_frequency(column, str(k))) / (total + pseudo_records)
            for k, c in counts.items()}


def tf_reference_from(table: pa.Table) -> dict[str, dict[str, float]]:
    """The term-frequency lookup a feature table was built with (for linking new rows to it)."""
    out: dict[str, dict[str, float]] = {}
    for column in TF_COLUMNS:
        pairs = zip(table.column(column).to_pylist(), table.column(f"tf_{column}").to_pylist(), strict=True)
        out[column] = {v: tf for v, tf in pairs if v is not None}
    return out


def clear_caches() -> None:
    """Free the name caches (a long-lived process linking many batches may want this)."""
    for fn in (canonical, consonant_skeleton, part_weight, in_dictionary, part_key, part_rasm, _parse_full, _mother,
               titled_family,
               _place_key, _governorate_of_place, _governorate_key, _isoformat, _national_id_key):
        fn.cache_clear()

