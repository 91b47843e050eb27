"""A long tail of family names, derived from Arabic roots, behind the curated list in names.tsv.

Why: with the curated 113 family names alone, 69% of 12,000 synthetic men shared their given
and family name with somebody else; among the 11,962 men aged 15 or more in the Gaza Ministry of
Health list of 2024-08-08 (real Levantine names) 22% do, spread over 2,582 family names
(docs/benchmarks.md, "synthetic family names"). Real registries hold thousands of family names,
most of them rare. This module builds them the way many are formed: a trade or trait pattern of a
three-letter root (نجّار, حامد, حميدان, حمداوي…), often with the article; and ال + a man's given
name (الخالد, الياسين). Each gets a plain base romanisation that the habits of
`athar.synth.styles` then vary, like the curated names.

Weights fall off with rank (a Zipf-like tail), scaled so that the derived names together carry
`TAIL_SHARE` of all family names."""

from __future__ import annotations

from collections.abc import Iterable

# (Arabic radicals, Latin consonants): sound roots common in names and trades.
_ROOTS: tuple[tuple[str, tuple[str, str, str]], ...] = tuple(
    (arabic, tuple(latin.split("-")))  # type: ignore[misc]
    for arabic, latin in (
        ("كتب", "k-t-b"), ("حمد", "h-m-d"), ("سلم", "s-l-m"), ("نصر", "n-s-r"), ("جمل", "j-m-l"),
        ("كرم", "k-r-m"), ("شرف", "sh-r-f"), ("فضل", "f-d-l"), ("قدر", "q-d-r"), ("سعد", "s--d"),
        ("رشد", "r-sh-d"), ("حكم", "h-k-m"), ("صبر", "s-b-r"), ("شكر", "sh-k-r"), ("خطب", "kh-t-b"),
        ("زرع", "z-r-"), ("طحن", "t-h-n"), ("دبغ", "d-b-gh"), ("صبغ", "s-b-gh"), ("عطر", "-t-r"),
        ("بسط", "b-s-t"), ("حمل", "h-m-l"), ("سكر", "s-k-r"), ("قطن", "q-t-n"), ("صرف", "s-r-f"),
        ("فرح", "f-r-h"), ("جبر", "j-b-r"), ("نعم", "n--m"), ("علم", "-l-m"), ("حلم", "h-l-m"),
        ("رحم", "r-h-m"), ("كمل", "k-m-l"), ("فرج", "f-r-j"), ("سلط", "s-l-t"), ("شمس", "sh-m-s"),
        ("قمر", "q-m-r"), ("برق", "b-r-q"), ("نجم", "n-j-m"), ("زهر", "z-h-r"), ("بكر", "b-k-r"),
        ("طلب", "t-l-b"), ("خلف", "kh-l-f"), ("صقر", "s-q-r"), ("نمر", "n-m-r"), ("ذهب", "dh-h-b"),
        ("فهد", "f-h-d"), ("قبض", "q-b-d"), ("سمك", "s-m-k"), ("حطب", "h-t-b"), ("خبز", "kh-b-z"),
        ("لحم", "l-h-m"), ("فحم", "f-h-m"), ("حجر", "h-j-r"), ("نقش", "n-q-sh"), ("رسم", "r-s-m"),
        ("حرب", "h-r-b"), ("شهد", "sh-h-d"), ("قرن", "q-r-n"), ("جرد", "j-r-d"), ("حصر", "h-s-r"),
        ("غزل", "gh-z-l"), ("نسج", "n-s-j"), ("خرط", "kh-r-t"), ("سبك", "s-b-k"), ("صنع", "s-n-"),
        ("فتح", "f-t-h"), ("كسب", "k-s-b"), ("رزق", "r-z-q"), ("شبل", "sh-b-l"),
        ("دهن", "d-h-n"), ("طرش", "t-r-sh"), ("كحل", "k-h-l"), ("نشر", "n-sh-r"), ("بزر", "b-z-r"),
        ("حلب", "h-l-b"), ("عسل", "-s-l"), ("قصب", "q-s-b"), ("سرج", "s-r-j"),
        ("لبن", "l-b-n"), ("جلد", "j-l-d"), ("خضر", "kh-d-r"), ("سمن", "s-m-n"), ("بدر", "b-d-r"),
        ("شرع", "sh-r-"), ("جرب", "j-r-b"), ("غنم", "gh-n-m"), ("ركب", "r-k-b"), ("فرس", "f-r-s"),
        ("كعك", "k--k"), ("قلع", "q-l-"), ("طبخ", "t-b-kh"), ("عجن", "-j-n"), ("خشب", "kh-sh-b"),
        ("درس", "d-r-s"), ("حفظ", "h-f-z"), ("سند", "s-n-d"), ("قطب", "q-t-b"), ("نبل", "n-b-l"),
        ("شعر", "sh--r"), ("بحر", "b-h-r"), ("جبل", "j-b-l"), ("سهل", "s-h-l"), ("ربح", "r-b-h"),
        ("غلب", "gh-l-b"), ("حرث", "h-r-th"), ("فلح", "f-l-h"), ("بذر", "b-dh-r"), ("قطف", "q-t-f"),
        ("حصد", "h-s-d"), ("طرب", "t-r-b"), ("عزم", "-z-m"), ("حزم", "h-z-m"), ("صلح", "s-l-h"),
        ("نفع", "n-f-"), ("رفع", "r-f-"), ("جمع", "j-m-"), ("سمع", "s-m-"), ("طبع", "t-b-"),
        ("قطع", "q-t-"), ("منع", "m-n-"), ("شجع", "sh-j-"), ("لمع", "l-m-"), ("ربع", "r-b-"),
        ("حسب", "h-s-b"), ("نسب", "n-s-b"), ("ختم", "kh-t-m"), ("رقم", "r-q-m"), ("نظم", "n-z-m"),
        ("قسم", "q-s-m"), ("سرد", "s-r-d"), ("برد", "b-r-d"), ("جند", "j-n-d"), ("حمر", "h-m-r"),
        ("صفر", "s-f-r"), ("زرق", "z-r-q"), ("سمر", "s-m-r"), ("شقر", "sh-q-r"), ("دهم", "d-h-m"),
        ("قصر", "q-s-r"), ("كبر", "k-b-r"), ("صغر", "s-gh-r"), ("حضر", "h-d-r"), ("غرب", "gh-r-b"),
        ("شرق", "sh-r-q"), ("جنب", "j-n-b"), ("قبل", "q-b-l"), ("دبس", "d-b-s"), ("كرز", "k-r-z"),
        ("تمر", "t-m-r"), ("بصل", "b-s-l"), ("جزر", "j-z-r"), ("قرع", "q-r-"),
        ("نحل", "n-h-l"), ("ثلج", "th-l-j"), ("مطر", "m-t-r"), ("رمل", "r-m-l"), ("سلق", "s-l-q"),
        ("طرف", "t-r-f"), ("ظرف", "z-r-f"), ("شطر", "sh-t-r"), ("مهر", "m-h-r"), ("بلط", "b-l-t"),
        ("عرب", "-r-b"), ("عقل", "-q-l"), ("فخر", "f-kh-r"), ("نذر", "n-dh-r"), ("رصد", "r-s-d"),
    )
)

# (Arabic template, Latin template, takes the article): 1 2 3 are the radicals.
_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    ("12ا3", "1a22a3", True),      # فعّال: النجار, الحداد
    ("1ا23", "1a2i3", True),       # فاعل: الحامد
    ("12ي3", "1a2i3", True),       # فعيل: الحميد
    ("123ان", "1a23an", False),    # فعلان: حمدان
    ("123اوي", "1a23awi", True),   # فعلاوي: الحمداوي
    ("12و3", "1a22u3", False),     # فعّول: حمّود, قدّور
    ("م12و3", "ma12u3", True),     # مفعول: المحمود
    ("123ي", "1a23i", True),       # فعلي نسبة: الحمدي
    ("12ي3ي", "1u2ay3i", False),   # فعيلي: الحميدي
)


def _latin(template: str, radicals: tuple[str, str, str]) -> str:
    out = []
    for ch in template:
        if ch in "123":
            letter = radicals[int(ch) - 1]
            out.append(letter)
        else:
            out.append(ch)
    text = "".join(out)
    # A doubled digraph is written once (Kashshab → Kashab reads wrong, but "shsh" reads worse).
    for digraph in ("sh", "kh", "gh", "dh", "th"):
        text = text.replace(digraph + digraph, digraph)
    return text.capitalize()


def _arabic(template: str, radicals: str) -> str:
    return "".join(radicals[int(ch) - 1] if ch in "123" else ch for ch in template)


def derived_family_names(given_names: Iterable[tuple[str, str]], exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(Arabic, base Latin) of the derived family names, most common first, without repeats and
    without the Arabic names in `exclude` (the curated list). `given_names` are (Arabic, Latin)
    men's given names, turned into ال + name."""
    seen: set[str] = set(exclude)
    out: list[tuple[str, str]] = []

    def add(arabic: str, latin: str) -> None:
        if arabic not in seen:
            seen.add(arabic)
            out.append((arabic, latin))

    given = [(arabic, latin) for arabic, latin in given_names if " " not in arabic and " " not in latin]
    for arabic, latin in given:
        add("ال" + arabic, "al-" + latin)
    for arabic, latin in given:
        add("أبو " + arabic, "Abu " + latin)  # kunya family names: أبو زيد, أبو علي
    # Pattern by pattern across roots, so frequent ranks mix roots rather than one root's forms.
    for arabic_template, latin_template, article in _PATTERNS:
        for radicals, latin_radicals in _ROOTS:
            arabic = _arabic(arabic_template, radicals)
            latin = _latin(latin_template, latin_radicals)
            if article:
                arabic, latin = "ال" + arabic, "al-" + latin
            add(arabic, latin)
    return out


TAIL_SHARE = 0.8
ZIPF_EXPONENT = 0.8
ZIPF_OFFSET = 30


def tail_weights(count: int, head_total: float) -> list[float]:
    """Weights for `count` derived names so that they carry TAIL_SHARE of the whole list."""
    raw = [(rank + ZIPF_OFFSET) ** -ZIPF_EXPONENT for rank in range(count)]
    scale = head_total * TAIL_SHARE / (1 - TAIL_SHARE) / sum(raw)
    return [w * scale for w in raw]
