"""Synthetic records with ground truth, for the demo, tests and benchmarks.

Families with Syrian name structure (siblings and father/son pairs are the hard cases), arrest
and detention timelines 2011–2024 in real facilities from the gazetteer, and six sources with
their own habits — Arabic family reports, English- and French-style NGO lists, a prison
register typed from photos, death certificates (some for people seen alive later) and
testimonies. Name lists and transliteration habits are the generator's own (see styles.py), not
athar.names: a generator built as the inverse of the matcher would flatter it.

What it cannot do: it does not reproduce the statistics of any real list (frequencies are
plausible, not measured), and its noise is the kinds listed in sources.py, not every kind."""

from athar.synth.generate import (
    FAMILY_COLUMNS,
    TRUTH_COLUMNS,
    SynthRecord,
    SynthResult,
    generate,
    iter_records,
)
from athar.synth.sources import INVALID_DATE_RATE, SOURCES

__all__ = [
    "FAMILY_COLUMNS",
    "INVALID_DATE_RATE",
    "SOURCES",
    "TRUTH_COLUMNS",
    "SynthRecord",
    "SynthResult",
    "generate",
    "iter_records",
]
