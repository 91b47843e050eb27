"""Charts show Arabic categories and titles as Arabic: joined letters in the PNG (matplotlib lays
text out with libraqm), text the browser shapes in the SVG."""

from __future__ import annotations

import io
import re

import numpy as np
from matplotlib.image import imread

from athar.stats.charts import bar_chart
from athar.stats.queries import Table
from athar.stats.suppression import Suppressed

ALEPPO = "حلب"
ROWS = ((ALEPPO, 64), ("ريف دمشق", 30), ("Homs", 12), ("إدلب", Suppressed.WITHHELD), ("دير الزور", Suppressed.SMALL))


def _pixels(label: str) -> np.ndarray:
    return imread(io.BytesIO(bar_chart(Table("governorate", ((label, 64),)), "", "png")), format="png")


def test_the_svg_keeps_arabic_categories_and_title_as_text():
    svg = bar_chart(Table("governorate", ROWS), "الأشخاص حسب المحافظة", "svg", withheld_mark="محجوب").decode()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for expected in (ALEPPO, "ريف دمشق", "Homs", "إدلب", "دير الزور", "الأشخاص حسب المحافظة", "محجوب", "&lt;5", "64"):
        assert expected in texts, expected
    assert not any(t.startswith("#") for t in texts)  # no more position numbers standing in for names


def test_the_png_joins_arabic_letters():
    # The same letters kept apart by zero-width non-joiners are drawn in their separate forms, wider;
    # a chart that did not shape Arabic would draw both alike.
    joined, apart = _pixels(ALEPPO), _pixels("\u200c".join(ALEPPO))
    assert joined.shape == apart.shape
    assert not np.array_equal(joined, apart)
    ink = [int((image[..., :3].mean(axis=2) < 0.5)[:, :80].sum()) for image in (joined, apart)]
    assert ink[0] != ink[1]


def test_the_same_table_draws_the_same_svg():
    table = Table("governorate", ROWS)
    assert bar_chart(table, "t", "svg") == bar_chart(table, "t", "svg")
