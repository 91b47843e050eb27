from __future__ import annotations

from athar.names import blocking_keys


def test_it_gives_arabic_and_latin_forms_a_shared_key() -> None:
    ar = set(blocking_keys("محمد أحمد الحسن"))
    for latin in ("Mhd Ahmad Al-Hasan", "Mohammed Ahmed el-Hassan", "Muhammad Ahmed Alhasan"):
        assert ar & set(blocking_keys(latin))


def test_it_shares_a_key_for_unlisted_names_across_scripts() -> None:
    assert set(blocking_keys("رائد زياد كسكين")) & set(blocking_keys("Raed Ziad Keskin"))


def test_it_makes_short_ascii_keys() -> None:
    keys = blocking_keys("عبد الرحمن محمود علي الحمصي")
    assert keys and all(k.isascii() and len(k) <= 20 for k in keys)
    assert len(keys) == len(set(keys))
    assert blocking_keys("") == []


def test_it_survives_one_wrong_part() -> None:
    a = set(blocking_keys("محمد أحمد علي الحسن"))
    assert a & set(blocking_keys("محمد احمد علي الحسين"))  # family differs: given+father still shared
    assert a & set(blocking_keys("محمود احمد علي الحسن"))  # given differs: father+family still shared
