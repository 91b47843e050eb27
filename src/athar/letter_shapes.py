"""Arabic letters without their dots (rasm): the one table both the name engine and the gazetteer
use to recognise a word whose dots were misread (عمر / غمر, دير الزور / ذير الزور).

A module of its own, with no imports from the rest of athar, so that the gazetteer (which the
synthetic generator uses) does not pull in the name engine (which the generator must not use).
See `athar.names.rasm` for names, where the text is folded first."""

from __future__ import annotations

SHAPE_CLASSES: dict[str, str] = {
    "ب": "B", "ت": "B", "ث": "B", "ن": "B", "ي": "B", "ى": "B", "ئ": "B",
    "ج": "J", "ح": "J", "خ": "J",
    "د": "D", "ذ": "D",
    "ر": "R", "ز": "R",
    "س": "S", "ش": "S",
    "ص": "C", "ض": "C",
    "ط": "T", "ظ": "T",
    "ع": "E", "غ": "E",
    "ف": "F", "ق": "F",
    "ه": "H", "ة": "H",
    "ا": "A", "أ": "A", "إ": "A", "آ": "A", "ء": "A",
    "و": "W", "ؤ": "W",
    "ك": "K", "ل": "L", "م": "M",
}


def _arabic_block(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff"


def letter_shapes(text: str) -> str:
    """The dotless shape classes of the Arabic letters of `text`, spaces and marks dropped; ""
    when it holds a letter of another script (Latin has no dots to misread)."""
    out: list[str] = []
    for ch in text:
        shape = SHAPE_CLASSES.get(ch)
        if shape is not None:
            out.append(shape)
        elif ch.isalpha() and not _arabic_block(ch):
            return ""
    return "".join(out)
