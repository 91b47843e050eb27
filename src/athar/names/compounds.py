"""Joining the words of compound names and attaching the article, for both scripts.

عبد الرحمن → عبدالرحمن, ابو زيد → ابوزيد, نور الدين → نورالدين, نصر الله → نصرالله, ال حسن → الحسن;
abd al rahman → abdalrahman, abdel rahman → abdelrahman, al hasan / el-hasan → alhasan,
ar rifai → alrifai, nour eddine → noureddine, abou zeid → abouzeid, nasr allah → nasrallah.

Limits: a standalone `abd`/`abu` at the end of a name is left alone (nothing to join), and a
compound written without any separator is recognised later, in `romanise`, by its shape.
"""

from __future__ import annotations

AR_PREFIXES = frozenset({"عبد", "ابو", "ابي", "ابا"})
AR_SUFFIXES = frozenset({"الدين", "الله", "الاسلام"})
AR_ARTICLES = frozenset({"ال"})

# Not "abdulla": that is Abdullah written without its h, a whole name (Abdulla Al-Jami).
LATIN_PREFIXES = frozenset({"abd", "abdel", "abdul", "abdal", "abdol", "abdil", "abdu", "abdoul", "abdool",
                            "abu", "abou", "abo", "aboo"})
LATIN_ARTICLES = frozenset({"al", "el", "ul", "il", "ol"})
# Sun-letter assimilation: ar-rifai, as-sayyed, ash-shami, ad-dour, an-nahhas, at-tal, az-zein.
LATIN_SUN_ARTICLES = frozenset({"ar", "as", "ash", "ad", "an", "at", "az", "ath", "adh",
                                "er", "es", "esh", "ed", "en", "et", "ez", "ud", "ur", "us", "ush", "un",
                                "ut", "uz"})
LATIN_SUFFIXES = frozenset({"aldin", "eldin", "uldin", "addin", "eddin", "uddin", "iddin", "ddin",
                            "aldine", "eldine", "eddine", "uddine", "addine", "aldeen", "eldeen", "uddeen",
                            "eddeen", "addeen", "din", "dine", "deen", "allah", "ullah", "illah", "alla",
                            "ulla", "lah", "alden", "elden", "edden", "udden", "ouddin", "ouddine", "ooddin",
                            "ouddeen", "ooddeen"})


def _article_for(word: str, nxt: str) -> bool:
    if word in LATIN_ARTICLES:
        return True
    if word in LATIN_SUN_ARTICLES:
        cons = word[1:]
        return nxt.startswith(cons) and len(nxt) > len(cons) + 1
    return False


def join_compounds(words: list[str]) -> list[str]:
    """Join article + word, prefix + word and word + suffix, in that order."""
    if len(words) < 2:
        return words
    arabic = any("\u0600" <= ch <= "\u06ff" for ch in words[0])
    # 1. the article
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if i + 1 < len(words):
            nxt = words[i + 1]
            if arabic and w in AR_ARTICLES:
                out.append("ال" + nxt)
                i += 2
                continue
            if not arabic and _article_for(w, nxt):
                out.append("al" + nxt)
                i += 2
                continue
        out.append(w)
        i += 1
    words = out
    # 2. prefixes (abd/abu) join the next word; 3. suffixes (al-din, allah) join the previous one
    prefixes = AR_PREFIXES if arabic else LATIN_PREFIXES
    suffixes = AR_SUFFIXES if arabic else LATIN_SUFFIXES
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in prefixes and i + 1 < len(words):
            out.append(w + words[i + 1])
            i += 2
            continue
        if w in suffixes and out and out[-1] not in prefixes:
            out[-1] = out[-1] + w
            i += 1
            continue
        out.append(w)
        i += 1
    return out
