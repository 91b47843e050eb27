"""Romanisation of names to one canonical ASCII form, for comparison and blocking.

A token is looked up in the name dictionary first (`lexicon`): the Arabic spelling and every
attested Latin spelling of a listed name give the same canonical form (محمد, Mohammed, Mhd,
Muhamad → `muhammad`; محمود, Mahmoud → `mahmud`). Compounds are rebuilt from their parts
(عبد + X → `abdul` + X, X + الدين → X + `aldin`, X + الله → X + `allah`, أبو X → `abu` + X) and the
article is dropped (الحسن, Al-Hassan, el Hasan → `hasan`).

Unlisted tokens fall back to rules. Arabic: a letter-by-letter transliteration in which only the
long vowels (ا و ي) become vowels, because short vowels are not written; ع becomes `a` before a
consonant and disappears elsewhere; ة/ه at the end becomes `a`. The short vowel is supplied only
where its absence would be misread: after a first letter followed by ح/ه (الدهني `dahni`, where
"dhni" read as ذ), between two same letters (ممنوع `mamnu`, not folded into one m), and before a
final ح after a consonant in words of four letters or more (فالح `faleh`, met by Falih and Faleh).
Latin: `latin.latin_key`; the compound prefixes and suffixes are matched with ou/oo → u and
ee → i folded (Abdool, Alaouddin).

Limits (be clear about them): Arabic romanisation is lossy. Short vowels are unknown, so an
unlisted Arabic name and its Latin spelling meet only approximately (كسكين → `kskin`,
Keskin → `keskin`); `compare.token_similarity` is built to tolerate exactly that difference. ى and
ي are merged by normalisation, so a final alef maqsura reads as `i`. Dialect spellings (Egyptian g
for ج) only meet when the dictionary lists them.
"""

from __future__ import annotations

from functools import lru_cache

from athar.names import lexicon
from athar.names.arabic import is_arabic_char
from athar.names.latin import latin_key
from athar.names.parse import name_tokens

_AR = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}
_AR_VOWEL_LETTERS = frozenset("اوي")
# Letters written "h", and the single letters that would make another letter with it: s + h
# reads as ش, k + h as خ, d + h as ذ, t + h as ث (the comparison folds each digraph into one
# sound class, so the h would vanish: الدهني "dhni" read as "dni" against Al-Dahni).
_AR_H = frozenset("حه")
_BEFORE_H = frozenset({"s", "k", "d", "t"})
_AR_SILENT = frozenset("ءع")
_LATIN_VOWELS = frozenset("aeiou")


def _ar_translit(word: str, *, short_vowels: bool = True) -> str:
    """Letter-by-letter romanisation of an unlisted Arabic word. `short_vowels=False`: the
    written letters only (for `corruption`, which counts letters), without the short vowels this
    function otherwise supplies where their absence would be misread; there a vowel goes
    between س/ك and ح/ه wherever they stand, so that the pair does not fold into ش/خ."""
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "ا":
            out.append("a")
        elif ch == "و":
            out.append("w" if i == 0 or nxt in ("ا", "ي") or (i > 0 and word[i - 1] == "ا") else "u")
        elif ch == "ي":
            out.append("y" if i == 0 or nxt in ("ا", "و") else "i")
        elif ch == "ع":
            if nxt and nxt not in _AR_VOWEL_LETTERS and nxt not in _AR_SILENT:
                out.append("a")
        elif ch == "ء" or (ch == "ت" and nxt == "ش"):
            # تش writes the "ch" of a European name (ريتشارد Richard): Latin keys read ch as sh.
            continue
        elif ch == "ه" and i == n - 1 and i > 0 and word[i - 1] not in _AR_VOWEL_LETTERS:
            out.append("a")
        elif short_vowels and ch == "ح" and i == n - 1 and n >= 4 and word[i - 1] not in _AR_VOWEL_LETTERS:
            # A final ح after a consonant, in a word of four letters or more, has a short vowel
            # before it (فالح Falih/Faleh, رابح Rabih, مصلح Musleh): written "e", which meets a
            # Latin list's i, e and a alike, where a bare "falh" met none of them (the
            # comparison reads a final -ih/-eh as its vowel). Not in three-letter words, which
            # are as often without it (صبح Subh, فتح Fath) as with it (فرح Farah).
            out.append("eh")
        else:
            out.append(_AR.get(ch, ch if ch.isascii() else ""))
            if nxt in _AR_H and out[-1] in _BEFORE_H and (i == 0 if short_vowels else out[-1] in "sk"):
                # A word never starts with two consonants: the first letter has a short vowel,
                # which Arabic does not write. Before ح/ه it goes in, or س + ه would read as ش
                # (السهلي "shli" against a Latin list's "Sahli"), ك + ه as خ, د + ه as ذ
                # (الدهني "dhni" against "Dahni"). Inside a word the pair usually has no vowel
                # between (مكحول, المدهون, فتحي), and Latin lists write it as the digraph
                # (Makhoul, Madhoun, Fathi): left as it is.
                out.append("a")
            elif short_vowels and nxt == ch and ch in _AR:
                # The same consonant letter twice has a vowel between (a doubled consonant is
                # one letter with shadda): ممنوع "mamnu", or the comparison's doubles folding
                # would leave "mnu" against a Latin list's "Mamnou".
                out.append("a")
    s = "".join(out)
    deduped: list[str] = []
    for ch in s:
        if deduped and deduped[-1] == ch and ch in _LATIN_VOWELS:
            continue
        deduped.append(ch)
    return "".join(deduped)


def _ar_token(t: str) -> str:
    lex = lexicon.get().arabic
    hit = lex.get(t)
    if hit:
        return hit
    core = t
    if t.startswith("ال") and len(t) > 3:
        core = t[2:]
        hit = lex.get(core)
        if hit:
            return hit
    if core.startswith("عبد") and len(core) >= 5:
        rest = core[3:]
        # The article's alef lost after عبد (عبدلله, عبدلرحمن: a register's spelling): the
        # listed name it belongs to, not "abdul" + لله read letter by letter (`lala`).
        whole = lex.get("عبدا" + rest) if rest.startswith("ل") else None
        return whole or "abdul" + _ar_token(rest)
    if core.startswith("ابو") and len(core) >= 5:
        return "abu" + _ar_token(core[3:])
    if core.endswith("الدين") and len(core) >= 7:
        return _ar_token(core[:-5]) + "aldin"
    if core.endswith("الله") and len(core) >= 6:
        return _ar_token(core[:-4]) + "allah"
    return _ar_translit(core)


_ABD = ("abdul", "abdel", "abdal", "abdol", "abdil", "abdu", "abde", "abda", "abd")
# Matched on the word with ou/oo → u and ee → i folded first (Abdoul, Alaouddin, Nooruddeen).
# -den: the i of din written e (Nur al-Den, Nuredden), as Latin lists write Samir "Samer".
_DIN = ("aldine", "eldine", "eddine", "uddine", "addine", "aldin", "eldin", "uldin", "addin", "eddin", "uddin",
        "iddin", "alden", "elden", "edden", "udden", "edin", "udin", "adin", "uden")
_ALLAH = ("allah", "ullah", "illah", "alla", "ulla")
_ABU = ("abou", "abu", "abo")


def _lat_token(t: str) -> str:
    lex = lexicon.get().latin
    hit = lex.get(latin_key(t))
    if hit:
        return hit
    t = t.replace("oo", "u").replace("ou", "u").replace("ee", "i")
    for s in _DIN:
        # A listed name that starts like the article (Ala, Alaa) + al-din, before the article is
        # stripped: alaaldine is Ala al-Din, not al + aldine.
        if t[:2] in ("al", "el") and t.endswith(s) and len(t) - len(s) >= 3 and lex.get(latin_key(t[: -len(s)])):
            return _lat_token(t[: -len(s)]) + "aldin"
    core = t
    if t[:2] in ("al", "el") and len(t) >= 5:
        core = t[2:]
        hit = lex.get(latin_key(core))
        if hit:
            return hit
    for p in _ABD:
        if core.startswith(p) and len(core) - len(p) >= 3:
            rest = core[len(p):]
            if rest[0] == rest[1]:  # assimilated article: abdurrahman, abdessalam
                rest = rest[1:]
            return "abdul" + _lat_token(rest)
    for p in _ABU:
        if core.startswith(p) and len(core) - len(p) >= 3:
            return "abu" + _lat_token(core[len(p):])
    for s in _DIN:
        if core.endswith(s) and len(core) - len(s) >= 3:
            return _lat_token(core[: -len(s)]) + "aldin"
    for s in _ALLAH:
        if core.endswith(s) and len(core) - len(s) >= 3:
            return _lat_token(core[: -len(s)]) + "allah"
    return latin_key(core)


@lru_cache(maxsize=500_000)
def romanise_token(token: str) -> str:
    """Canonical ASCII form of one normalised token (output of `parse.name_tokens`)."""
    if not token:
        return ""
    if any(is_arabic_char(ch) for ch in token):
        return _ar_token(token)
    return _lat_token(token)


@lru_cache(maxsize=500_000)
def canonical_tokens(text: str) -> tuple[str, ...]:
    """Romanised parts of a full name in written order: compounds one token, honorifics and
    particles dropped, the article removed.

    >>> canonical_tokens("Mhd Ahmad Al-Hasan") == canonical_tokens("محمد أحمد الحسن")
    True
    """
    tokens, _ = name_tokens(text)
    out = tuple(r for r in (romanise_token(t) for t in tokens) if r)
    return out


@lru_cache(maxsize=500_000)
def romanise(text: str) -> str:
    """Canonical ASCII form of a name token or full name: tokens space-separated, compounds joined.

    The Arabic form and the usual Latin spellings of a listed name give the same string; an
    unlisted name gives a close string (see the module docstring for what is lost).
    """
    return " ".join(canonical_tokens(text))
