"""Blocking keys: short ASCII strings that the Arabic and Latin forms of a name share.

Each key is built from the consonant skeleton of romanised parts (vowels dropped, sound classes
merged: ص/س → s, ط/ت/ث → t, ض/د/ذ/ظ → d, ق/ك → k, ح/ه/خ → h), so محمد احمد الحسن and Mohammed
Ahmed el-Hassan produce the same keys. Several keys per name make blocking tolerant of one wrong
or missing part: given+family, given+father, father+family, and given+grandfather.

Limits: a name whose parts are all misspelt in their consonants shares no key with its other
forms; very common combinations (muhammad + ahmad) make large blocks, so the linker should
count comparisons per key before using them.
"""

from __future__ import annotations

from functools import lru_cache

from athar.names.compare import comparison_form
from athar.names.romanise import canonical_tokens

_SKELETON = str.maketrans({"a": None, "e": None, "i": None, "u": None, "y": None, "w": None, "'": None,
                           "$": "s", "z": "d", "x": "h", "g": "k", "j": "j"})


@lru_cache(maxsize=500_000)
def skeleton(canonical: str) -> str:
    """Consonant skeleton of a canonical token, at most 5 characters (`muhammad` → `mhmd`)."""
    s = comparison_form(canonical).translate(_SKELETON)
    return s[:5] if s else canonical[:2]


def blocking_keys(text: str) -> list[str]:
    """Blocking keys of a full name in any script (ASCII, `g:`/`f:` etc. prefixed by the parts used).

    >>> blocking_keys("محمد احمد الحسن")[0] == blocking_keys("Mohammed Ahmed el-Hassan")[0]
    True
    """
    return list(_blocking_keys(text))


@lru_cache(maxsize=500_000)
def _blocking_keys(text: str) -> tuple[str, ...]:
    toks = canonical_tokens(text)
    if not toks:
        return ()
    sk = [skeleton(t) for t in toks]
    keys: list[str] = []
    if len(sk) == 1:
        return (f"g:{sk[0]}",)
    given, family = sk[0], sk[-1]
    keys.append(f"gf:{given}:{family}")
    if len(sk) >= 3:
        keys.append(f"gp:{given}:{sk[1]}")
        keys.append(f"pf:{sk[1]}:{family}")
    if len(sk) >= 4:
        keys.append(f"gg:{given}:{sk[2]}")
    # family written first on the other side
    keys.append(f"fg:{family}:{given}" if family < given else f"gf2:{given}:{family}")
    return tuple(dict.fromkeys(keys))
