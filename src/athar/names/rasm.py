"""Letter shapes without their dots (rasm): what a register typed from a photo still gets right.

Arabic tells many letters apart only by dots: ب ت ث ن ي, ج ح خ, د ذ, ر ز, س ش, ص ض, ط ظ, ع غ,
ف ق. A typist reading a faded photo, or OCR, misplaces dots (عمر → غمر, نزار → نرار, عبدالعزيز →
عتدالعزيز); romanised, the two spellings share few letters (umar / ghmr), so the canonical forms
and their consonant keys disagree. Their rasm agrees. `rasm()` maps each letter to its dotless
shape class and drops spaces (a misread register also joins and splits words: يحيي أحمد /
يحييأحمد have one rasm).

Limits: the rasm is coarse by design — بكر and نكر share it, as do سعد and شعد — so it is
evidence only where the letters otherwise agree (a linker level of its own, after the exact and
fuzzy levels, with its weight learned from the data), never a name. Latin text has no rasm
(returns ""); ه and ة are one class (as the normaliser already folds them), and so are the long
vowels with hamza carriers (ا أ إ آ, و ؤ, ي ى ئ)."""

from __future__ import annotations

from functools import lru_cache

from athar.letter_shapes import letter_shapes
from athar.names.arabic import fold_arabic


@lru_cache(maxsize=200_000)
def rasm(text: str) -> str:
    """The dotless letter shapes of an Arabic name or name part, spaces dropped; "" when the
    text holds no Arabic letter or any Latin one.

    >>> rasm("عمر") == rasm("غمر") and rasm("عبد العزيز") == rasm("عتدالعزيز")
    True
    """
    return letter_shapes(fold_arabic(text))
