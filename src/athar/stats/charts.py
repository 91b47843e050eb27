"""Charts drawn on the server with matplotlib (Agg backend: no display, no network, no JavaScript).

Arabic: matplotlib 3.11 lays text out with libraqm, which joins Arabic letters and orders mixed
Arabic and Latin text (a governorate as a source wrote it, "حلب 2013"), so categories and titles are
drawn as they are, in the reader's language. The font is DejaVu Sans, which matplotlib ships and
which has the Arabic letters, so a PNG looks the same on every server. An SVG keeps its text as
text (`svg.fonttype: none`): the browser that opens it joins the letters with its own fonts, and the
text stays searchable and selectable."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from athar.stats.queries import Table  # noqa: E402
from athar.stats.suppression import Suppressed  # noqa: E402

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
FONT = "DejaVu Sans"
STYLE: dict[str, Any] = {"font.family": [FONT], "svg.fonttype": "none", "svg.hashsalt": "athar"}


def bar_chart(table: Table, title: str, fmt: str, *, labels: Sequence[str] | None = None,
              axis_label: str = "persons (linked clusters); cells under 5 suppressed",
              withheld_mark: str = Suppressed.WITHHELD.value) -> bytes:
    """A horizontal bar chart of a table (`labels`: the categories as the reader should see them,
    default the table's own). Suppressed cells are drawn as an empty bar marked "<5" or withheld."""
    names = list(labels) if labels is not None else [k for k, _ in table.rows]
    values = [c if isinstance(c, int) else 0 for _, c in table.rows]
    marks = ["<5" if c is Suppressed.SMALL else withheld_mark if c is Suppressed.WITHHELD else f"{c:,}"
             for _, c in table.rows]
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]  # rc keys are typed as literals
        figure = Figure(figsize=(7, max(2.0, 0.35 * len(names) + 1)))
        axes = figure.add_subplot()
        bars = axes.barh(range(len(names)), values, color="#3b6e8f")
        axes.set_yticks(range(len(names)), names)
        axes.invert_yaxis()
        axes.set_title(title)
        axes.set_xlabel(axis_label)
        for bar, mark in zip(bars, marks, strict=True):
            axes.annotate(mark, (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                          xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
