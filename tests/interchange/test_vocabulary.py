from __future__ import annotations

import pytest

from athar.interchange import EventType, Sex
from athar.interchange.vocabulary import read_event_type, read_sex


@pytest.mark.parametrize(("text", "expected"), [
    ("arrest", EventType.ARREST), ("Arrest", EventType.ARREST), ("اعتقال", EventType.ARREST),
    ("الاعتقال", EventType.ARREST), ("إعتقال", EventType.ARREST),
    ("death certificate", EventType.DEATH_CERTIFICATE), ("شهادة وفاة", EventType.DEATH_CERTIFICATE),
    ("وفاة", EventType.DEATH_REPORT), ("الإفراج", EventType.RELEASE), ("إطلاق سراح", EventType.RELEASE),
    ("مشاهدة", EventType.DETENTION_SIGHTING), ("Detention-Sighting", EventType.DETENTION_SIGHTING),
    ("نقل", EventType.TRANSFER), ("محاكمة", EventType.TRIAL), ("شهادة", EventType.TESTIMONY),
    ("اختفاء قسري", EventType.MISSING_REPORT), ("أخرى", EventType.OTHER),
])
def test_it_reads_event_types_in_english_and_arabic(text, expected):
    assert read_event_type(text) is expected


@pytest.mark.parametrize("text", ["kidnap", "اعتقالات كثيرة", ""])
def test_it_refuses_words_it_does_not_know(text):
    assert read_event_type(text) is None


def test_it_reads_sex_in_both_languages():
    assert [read_sex(t) for t in ("M", "ذكر", "f", "أنثى", "انثى", "x")] == [
        Sex.MALE, Sex.MALE, Sex.FEMALE, Sex.FEMALE, Sex.FEMALE, None]
