"""Typing-from-photos noise for Arabic text, as a prison register transcribed from images shows it.

Errors a reader of a blurred page makes: letters that differ only by their dots (ب ت ث ن ي,
ج ح خ, د ذ, ر ز, س ش, ص ض, ط ظ, ع غ, ف ق), ة read as ه, an alef dropped, a word split in two or
two words run together. Each call changes at most one thing, so the rate stays controllable."""

from __future__ import annotations

import random

_DOT_GROUPS = ("بتثني", "جحخ", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق")
_CONFUSABLE: dict[str, str] = {}
for _group in _DOT_GROUPS:
    for _letter in _group:
        _CONFUSABLE[_letter] = _group.replace(_letter, "")


def ocr_noise(text: str, rng: random.Random) -> str:
    """`text` with one reading error (or unchanged when nothing applies)."""
    roll = rng.random()
    if roll < 0.5:
        spots = [i for i, c in enumerate(text) if c in _CONFUSABLE]
        if spots:
            i = rng.choice(spots)
            return text[:i] + rng.choice(_CONFUSABLE[text[i]]) + text[i + 1:]
    elif roll < 0.62:
        if "ة" in text:
            return text.replace("ة", "ه", 1)
    elif roll < 0.75:
        spots = [i for i, c in enumerate(text) if c == "ا" and 0 < i < len(text) - 1]
        if spots:
            i = rng.choice(spots)
            return text[:i] + text[i + 1:]
    elif roll < 0.88:
        spots = [i for i, c in enumerate(text) if c == " "]
        if spots:
            i = rng.choice(spots)
            return text[:i] + text[i + 1:]
    else:
        # Split after a letter that does not join to the left (ا د ذ ر ز و), as a gap reads.
        spots = [i for i, c in enumerate(text[:-1]) if c in "ادذرزو" and text[i + 1] != " " and i > 0]
        if spots:
            i = rng.choice(spots)
            return text[:i + 1] + " " + text[i + 1:]
    return text
