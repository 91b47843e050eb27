"""The words of an explanation in Arabic: what each compared field is called and what each level
of agreement says, for `athar explain --lang ar` and for the web UI's review screen.

The English labels are the keys (`comparisons.py` writes them into the Splink settings as
`label_for_charts`, and they are what pairs.csv shows); `tests/linkage/test_wording.py` fails when
a comparison or a level has no Arabic wording here. Pure Python: the linkage tier does not use
Django's translation catalogue."""

from __future__ import annotations

from functools import cache

from athar.linkage import comparisons

# Output column of each Splink comparison → its name in Arabic (in English: `fields_en()`).
FIELDS_AR: dict[str, str] = {
    "given": "الاسم",
    "father": "اسم الأب",
    "grandfather": "اسم الجد",
    "family": "اسم العائلة",
    "mother": "اسم الأم",
    "birth": "الولادة أو العمر",
    "place": "مكان الولادة والمحافظة",
    "event_place_key": "مكان الحدث",
    "arrest_date": "تاريخ الاعتقال أو الفقدان",
    "national_id": "الرقم الوطني",
    "sex": "الجنس",
}

# Level label (English, as in comparisons.py) → Arabic.
LEVELS_AR: dict[str, str] = {
    "unknown": "غير معروف",
    "exact": "مطابق",
    "close, rare name": "متقارب، اسم نادر",
    "close, common name": "متقارب، اسم شائع",
    "similar": "متشابه",
    "same consonants": "الحروف الساكنة نفسها",
    "same consonants, across scripts": "الحروف الساكنة نفسها، بين العربية واللاتينية",
    "one vowel apart, in Latin letters": "يختلف بحرف علة واحد، بالحروف اللاتينية",
    "dots misread": "خطأ في قراءة النقاط",
    "joined or split": "موصول أو مفصول",
    "in another name column": "في خانة اسم أخرى",
    "swapped with family": "مبدَّل مع اسم العائلة",
    "swapped with father": "مبدَّل مع اسم الأب",
    "different": "مختلف",
    "same name and family": "الاسم والعائلة نفسهما",
    "same given name": "الاسم نفسه",
    "close": "متقارب",
    "same day": "اليوم نفسه",
    "same year": "السنة نفسها",
    "consistent ages": "أعمار متوافقة",
    "within 2 years of an age": "ضمن سنتين من عمر مذكور",
    "within 1 year": "ضمن سنة واحدة",
    "within 3 years": "ضمن ثلاث سنوات",
    "same birth place": "مكان الولادة نفسه",
    "same governorate": "المحافظة نفسها",
    "same, within a year": "المكان نفسه، ضمن سنة",
    "same": "متطابق",
    "same month": "الشهر نفسه",
    "same year, other month": "السنة نفسها، شهر آخر",
    "within a year": "ضمن سنة",
    "one digit apart": "يختلف برقم واحد",
}

# Words around the numbers of an explanation ("tf": the part of a weight due to how common the
# value is — names and places alike, so not "name frequency").
TERMS: dict[str, dict[str, str]] = {
    "en": {"prior": "prior", "total": "total", "match probability": "match probability",
           "match weight": "match weight", "tf": "how common",
           "values as compared": "(values as the model compared them, in canonical Latin letters: the run's "
                                 "input files have moved or changed since)"},
    "ar": {"prior": "الاحتمال المسبق", "total": "المجموع", "match probability": "احتمال التطابق",
           "match weight": "وزن التطابق", "tf": "مدى الشيوع",
           "values as compared": "(القيم كما قارنها النموذج، بالحروف اللاتينية الموحّدة: ملفات المدخلات "
                                 "نُقلت أو تغيّرت منذ التشغيل)"},
}


# Written after an age given instead of a birth date (`27 (age)`), and what it says in Arabic.
AGE_MARK = " (age)"
AGE_MARK_AR = " (العمر)"


def value_text(value: str, lang: str = "en") -> str:
    """A compared value as shown: only the age mark is words, the rest is the source's own."""
    if lang == "ar" and value.endswith(AGE_MARK):
        return value[: -len(AGE_MARK)] + AGE_MARK_AR
    return value


@cache
def fields_en() -> dict[str, str]:
    """Output column of each comparison → its name in English: the comparison's own description."""
    return {c["output_column_name"]: c["comparison_description"] for c in comparisons.all_comparisons()}


def field_name(comparison: str, lang: str = "en") -> str:
    """What a compared field is called; the column name when there is no wording for it."""
    table = FIELDS_AR if lang == "ar" else fields_en()
    return table.get(comparison, comparison)


def level_name(level: str, lang: str = "en") -> str:
    """What a level of agreement says; `a|b` (two levels read back from one weight) word by word."""
    if lang != "ar":
        return level
    return " | ".join(LEVELS_AR.get(part, part) for part in level.split("|"))


def term(word: str, lang: str = "en") -> str:
    return TERMS.get(lang, TERMS["en"]).get(word, word)
