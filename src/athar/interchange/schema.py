"""Columns and vocabularies of the records CSV (shared/spec/interchange.md, section 1)."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    MISSING_REPORT = "missing_report"
    ARREST = "arrest"
    DETENTION_SIGHTING = "detention_sighting"
    TRANSFER = "transfer"
    TRIAL = "trial"
    RELEASE = "release"
    DEATH_CERTIFICATE = "death_certificate"
    DEATH_REPORT = "death_report"
    TESTIMONY = "testimony"
    OTHER = "other"


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


REQUIRED_COLUMNS: tuple[str, ...] = ("record_id", "source")

NAME_COLUMNS: tuple[str, ...] = (
    "full_name",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "mother_family_name",
)

COLUMNS: tuple[str, ...] = (
    *REQUIRED_COLUMNS,
    *NAME_COLUMNS,
    "sex",
    "birth_date",
    "age",
    "birth_place",
    "national_id",
    "governorate",
    "event_type",
    "event_date",
    "event_place",
)


# What sources write in the event_type column besides the interchange values, in Arabic and English.
# Matched after `fold` (alef forms, taa marbuta, case) with a leading article ال removed, so
# "الاعتقال", "اعتقال" and "إعتقال" are one word. Reviewed like code: add a word, add a test case.
EVENT_TYPE_WORDS: dict[EventType, tuple[str, ...]] = {
    EventType.MISSING_REPORT: ("missing", "missing report", "disappearance", "enforced disappearance",
                               "فقدان", "بلاغ فقدان", "مفقود", "اختفاء", "اختفاء قسري", "تغييب قسري"),
    EventType.ARREST: ("arrested", "detention", "detained", "اعتقال", "احتجاز", "توقيف", "اعتقل", "خطف"),
    EventType.DETENTION_SIGHTING: ("sighting", "seen in detention", "seen", "مشاهدة", "مشاهدة في الاحتجاز",
                                   "شوهد", "شوهد في المعتقل", "رؤية في المعتقل"),
    EventType.TRANSFER: ("transferred", "نقل", "تحويل"),
    EventType.TRIAL: ("court", "sentence", "محاكمة", "محكمة", "حكم"),
    EventType.RELEASE: ("released", "إفراج", "إطلاق سراح", "اخلاء سبيل", "خروج من المعتقل"),
    EventType.DEATH_CERTIFICATE: ("death cert", "شهادة وفاة", "وثيقة وفاة", "بيان وفاة"),
    EventType.DEATH_REPORT: ("death", "died", "killed", "وفاة", "خبر وفاة", "بلاغ وفاة", "نبأ وفاة", "مقتل",
                             "استشهاد"),
    EventType.TESTIMONY: ("witness statement", "شهادة", "إفادة", "شهادة شاهد"),
    EventType.OTHER: ("أخرى", "غير ذلك"),
}


# Header cells that lists commonly use for athar's fields, in Arabic and English: suggestions shown
# when a person maps a file's columns, never applied without them. Compared like header names
# (case, spaces, punctuation and Arabic letter forms ignored).
HEADER_SUGGESTIONS: dict[str, tuple[str, ...]] = {
    "record_id": ("id", "no", "number", "serial", "ref", "reference", "رقم", "الرقم", "الرقم التسلسلي",
                  "رقم تسلسلي", "تسلسل", "م"),
    "full_name": ("name", "full name", "fullname", "name of detainee", "detainee", "الاسم", "الاسم الكامل",
                  "الاسم الثلاثي", "اسم المعتقل", "الاسم والكنية"),
    "first_name": ("given name", "first", "forename", "الاسم الأول", "اسم الشخص"),
    "father_name": ("father", "father's name", "fathers name", "اسم الأب", "الأب"),
    "grandfather_name": ("grandfather", "اسم الجد", "الجد"),
    "family_name": ("surname", "last name", "family", "لقب", "الكنية", "النسبة", "العائلة", "اسم العائلة"),
    "mother_name": ("mother", "mother's name", "mothers name", "اسم الأم", "الأم", "اسم الام"),
    "mother_family_name": ("mother's family", "نسبة الأم", "كنية الأم"),
    "sex": ("gender", "الجنس"),
    "birth_date": ("dob", "date of birth", "birth", "born", "birthdate", "تاريخ الميلاد", "تاريخ الولادة",
                   "المواليد", "تولد", "التولد"),
    "age": ("العمر", "السن"),
    "birth_place": ("place of birth", "birthplace", "مكان الولادة", "محل الولادة", "مكان الميلاد", "القيد",
                    "محل ورقم القيد"),
    "national_id": ("national number", "national no", "id number", "الرقم الوطني", "رقم الهوية"),
    "governorate": ("province", "المحافظة"),
    "event_type": ("event", "type", "نوع الحدث", "الحدث", "الحالة"),
    "event_date": ("date", "date of arrest", "arrest date", "date of event", "تاريخ الاعتقال", "تاريخ الحدث",
                   "التاريخ", "تاريخ الاختفاء"),
    "event_place": ("place", "place of arrest", "location", "مكان الاعتقال", "مكان الحدث", "المكان",
                    "مكان الاحتجاز", "الفرع"),
}
