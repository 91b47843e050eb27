"""Feature keys that make misread and misfiled names meet: joined/split words, dictionary flags,
arrest dates only from arrest reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from athar.interchange import RecordRow
from athar.linkage import features


def test_joined_and_split_given_and_father_share_a_skeleton():
    split = features.gf_skeleton("muhammad", "usama")
    assert split is not None
    assert features.gf_skeleton("muhammadusama", None) == split
    assert features.gf_skeleton("muhammad usama", None) == split


def test_a_short_given_name_alone_gives_no_skeleton_key():
    # "ali" alone would put every Ali with the same family name in one block.
    assert features.gf_skeleton("ali", None) is None
    assert features.gf_skeleton(None, "ahmad") is None


def test_a_misreading_is_not_a_dictionary_name():
    assert features.in_dictionary("abdullah")
    assert not features.in_dictionary("abdullla")


def _register_cases() -> list[list[str]]:
    text = (Path(__file__).parent / "data" / "register_names.tsv").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("case", _register_cases(), ids=lambda c: c[0])
def test_it_reads_misread_register_names(case):
    text, family_first, *expected = case
    parts = features.name_parts(RecordRow(file="t.csv", row=2, raw={}, source="s", record_id="1", full_name=text), family_first=family_first == "1")
    assert [parts.given, parts.father, parts.grandfather, parts.family] == [e or None for e in expected]


def test_arabic_name_parts_keep_their_letter_shapes_for_misread_dots():
    def rasm_columns(**names: str) -> dict[str, object]:
        row = RecordRow(file="t.csv", row=2, raw={}, source="s", record_id="1", **names)
        table = features.build_features([row]).to_pylist()[0]
        return {p: table[f"{p}_rasm"] for p in features.RASM_PARTS}

    written = rasm_columns(full_name="نزار عمر اللاحم")
    misread = rasm_columns(first_name="نرار", father_name="غمر", family_name="اللاحم")
    assert written == misread and all(written.values())
    assert rasm_columns(full_name="Nizar Umar al-Lahham") == dict.fromkeys(features.RASM_PARTS)


def test_a_registers_misread_mothers_name_is_repaired_like_the_persons_own():
    def row(n: int, mother: str) -> RecordRow:
        return RecordRow(file="t.csv", row=n, raw={}, source="register", record_id=str(n),
                         full_name="الحسن محمد أحمد علي", mother_name=mother)

    rows = [row(n, "قاطمة" if n == 2 else "خديجة") for n in range(2, 32)]  # enough rows to detect the habit
    table = features.build_features(rows).to_pylist()
    assert table[0]["mother"] == features.canonical("فاطمة")
    other = RecordRow(file="t.csv", row=2, raw={}, source="family", record_id="1", full_name="محمد أحمد الحسن",
                      mother_name="قاطمة")
    assert features.build_features([other]).to_pylist()[0]["mother"] != features.canonical("فاطمة")
