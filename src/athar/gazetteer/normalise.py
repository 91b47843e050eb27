"""Place-name keys: the gazetteer's own small normaliser for Arabic and Latin place names.

It is local on purpose: the gazetteer's keys must not change when the person-name normaliser
(`athar.names`) is tuned, or every stored place key would silently drift.

Two keys per text:
- `exact_key`: script-aware folding that loses nothing a reader would call a different place —
  Arabic alef/hamza/ya/ta marbuta forms, diacritics and tatweel; Latin case, accents, apostrophes,
  hyphens and the article (al-, el-, and hyphen-joined sun-letter forms like ez-, ash-);
  Arabic-Indic digits become ASCII digits; the Arabic article ال is dropped from each word.
- `loose_key`: a consonant skeleton (Latin vowels, w/y after the first letter, word-final h;
  Arabic long vowels and final ه) without spaces, for spelling variants no alias lists.

What it cannot do: it does not transliterate between scripts (an Arabic text only meets Arabic
aliases), and it cannot tell that a glued article is one ("Albab" needs an alias)."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه", "ء": None,
    "ک": "ك", "ی": "ي", "ۀ": "ه", "ـ": None,
})
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06f0-\u06f9]")
# Apostrophes and ayn/hamza signs are dropped (Dar'a = Daraa); other punctuation separates words.
_LATIN_DROP = re.compile("['’‘`´ʿʾʼ]")
_SEPARATOR = re.compile(r"[^\w\u0600-\u06ff]+|_")
_LATIN_ARTICLES = frozenset({"al", "el"})
# Sun-letter forms of the article are only articles when written joined by a hyphen (Deir ez-Zor);
# standing alone they are ordinary words ("as", "at", "an").
_SUN_ARTICLE = re.compile(
    r"\b(?:a|e|u)(?:t|th|d|dh|r|z|s|sh|ch|n|l)-(?=\w)", re.IGNORECASE)
_ARTICLE_HYPHEN = re.compile(r"\b(?:al|el|il|ul)-(?=\w)", re.IGNORECASE)
_SPLIT_SCRIPT = re.compile(r"([\u0600-\u06ff]+)")


def fold_digits(text: str) -> str:
    """Arabic-Indic and extended Arabic-Indic digits as ASCII digits."""
    return text.translate(_DIGITS)


def _arabic_word(word: str) -> str:
    word = _ARABIC_MARKS.sub("", word).translate(_ARABIC_FOLD)
    if len(word) > 3 and word.startswith("ال"):
        word = word[2:]
    return word


def _latin_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _LATIN_DROP.sub("", text)
    text = _ARTICLE_HYPHEN.sub(" ", text)
    text = _SUN_ARTICLE.sub(" ", text)
    return [w for w in _SEPARATOR.split(text) if w and w not in _LATIN_ARTICLES]


def words(text: str) -> list[str]:
    """Normalised words of a text in any mix of scripts."""
    text = fold_digits(unicodedata.normalize("NFKC", text))
    out: list[str] = []
    for chunk in _SPLIT_SCRIPT.split(text):
        if not chunk:
            continue
        if _ARABIC_LETTER.match(chunk):
            word = _arabic_word(chunk)
            if word:
                out.append(word)
        else:
            out.extend(_latin_words(chunk))
    return out


def exact_key(text: str) -> str:
    return " ".join(words(text))


_LATIN_DIGRAPHS = (("ou", "u"), ("ch", "sh"), ("dj", "j"), ("ck", "k"), ("ph", "f"), ("q", "k"), ("c", "k"))
_LATIN_VOWEL_END_H = re.compile(r"(?<=[aeiou])h$")
_LATIN_INNER = re.compile(r"(?<=.)[aeiouwy]")
_ARABIC_INNER = re.compile("(?<=.)[اوي]")
_DOUBLE = re.compile(r"(.)\1+")


def loose_word(word: str) -> str:
    if word.isdigit():
        return word
    if _ARABIC_LETTER.match(word):
        word = _ARABIC_INNER.sub("", word)
        return word[:-1] if len(word) > 2 and word.endswith("ه") else word
    word = _LATIN_VOWEL_END_H.sub("", word)
    for a, b in _LATIN_DIGRAPHS:
        word = word.replace(a, b)
    if word[:1] in "aeiou":
        word = word[1:]
    return _DOUBLE.sub(r"\1", _LATIN_INNER.sub("", word))


def loose_key(text: str) -> str:
    return "".join(loose_word(w) for w in words(text))
