"""Charts drawn on the server with matplotlib (Agg backend: no display, no network, no JavaScript).

Limit: matplotlib does not join or reorder Arabic letters, so chart text is in English and category
values that are in Arabic script (a governorate as a source wrote it) are drawn as their position
number with the legend in the table beside the chart and in its CSV."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from athar.stats.queries import Table  # noqa: E402

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x0590 for ch in text)


def bar_chart(table: Table, title: str, fmt: str) -> bytes:
    """A horizontal bar chart of a table; suppressed cells drawn as an empty bar labelled "<5"."""
    labels = [k if _is_latin(k) else f"#{i}" for i, (k, _) in enumerate(table.rows, start=1)]
    values = [c or 0 for _, c in table.rows]
    figure = Figure(figsize=(7, max(2.0, 0.35 * len(labels) + 1)))
    axes = figure.add_subplot()
    bars = axes.barh(range(len(labels)), values, color="#3b6e8f")
    axes.set_yticks(range(len(labels)), labels)
    axes.invert_yaxis()
    axes.set_title(title)
    axes.set_xlabel("persons (linked clusters); cells under 5 suppressed")
    for bar, (_, count) in zip(bars, table.rows, strict=True):
        axes.annotate("<5" if count is None else f"{count:,}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                      xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
