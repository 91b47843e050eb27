"""Every field and level an explanation can show has Arabic wording."""

from __future__ import annotations

from athar.linkage import comparisons, wording
from athar.linkage.explain import FieldContribution, PairExplanation


def test_every_comparison_and_level_has_arabic_wording():
    for comparison in comparisons.all_comparisons():
        column = comparison["output_column_name"]
        assert column in wording.FIELDS_AR and column in wording.fields_en(), column
        for level in comparison["comparison_levels"]:
            assert level["label_for_charts"] in wording.LEVELS_AR, (column, level["label_for_charts"])


def test_two_levels_read_back_from_one_weight_are_worded_one_by_one():
    assert wording.level_name("same day|same year", "ar") == "اليوم نفسه | السنة نفسها"
    assert wording.level_name("same day|same year", "en") == "same day|same year"


def test_an_explanation_reads_in_arabic():
    explanation = PairExplanation(("a", "1"), ("b", "2"), 0.9, 3.2, -10.0,
                                  (FieldContribution("given", "dots misread", 6, 13.2, 0.0, "عمر", "غمر"),))
    lines = explanation.lines("ar")
    assert "احتمال التطابق" in lines[1]
    assert "الاسم" in lines[3] and "خطأ في قراءة النقاط" in lines[3] and "[عمر | غمر]" in lines[3]
    assert explanation.to_dict()["fields"][0]["level_ar"] == "خطأ في قراءة النقاط"
