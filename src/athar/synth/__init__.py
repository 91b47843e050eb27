"""Synthetic records with ground truth, for the demo, tests and benchmarks.

Families with Syrian name structure (siblings and father/son pairs are the hard cases), arrest
and detention timelines 2011–2024 in real facilities from the gazetteer, and six sources with
their own habits — Arabic family reports, English- and French-style NGO lists, a prison
register typed from photos, death certificates (some for people seen alive later) and
testimonies. Name lists and transliteration habits are the generator's own (see styles.py), not
athar.names: a generator built as the inverse of the matcher would flatter it.

One statistic is calibrated on a real list: how often two men share given and family name
(families.py: 22.5% of 11,962 synthetic men, 22.1% in a real Levantine list of that size).
What it cannot do: it does not reproduce the other statistics of any real list (frequencies are
plausible, not measured; cousins share all three of given, father's and family name less often
than in real clans), and its noise is the kinds listed in sources.py, not every kind."""

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
