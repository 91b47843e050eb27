"""A registry of a handful of records (the docs' sample) still links the records that are one person:
the shipped model stands in for training, the prior is re-estimated on the input, and blocking
brings the pair to be scored at all."""

from __future__ import annotations

import csv
from pathlib import Path

from athar.interchange import DateOrder, declared_date_order
from athar.linkage.pipeline import link

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "records-sample.csv"


def _clusters(out: Path) -> dict[str, str]:
    with (out / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(handle)}


def test_the_samples_arabic_and_latin_forms_of_one_person_link(tmp_path: Path) -> None:
    with declared_date_order(DateOrder("dmy")):
        result = link([SAMPLE], tmp_path)
    assert result.training["model"].startswith("default")
    clusters = _clusters(tmp_path)
    # محمد وسيم عبد الرحمن الكمال (a family report) and Mhd Wasim / Abdulrahman / Al-Kamal (an NGO
    # list): same mother, birth year, arrest month and place.
    assert clusters["FR-1"] == clusters["NGO-7"]
    # and the other people of the sample stay apart from them
    assert clusters["FR-2"] != clusters["FR-1"]
    assert clusters["NGO-9"] != clusters["FR-1"]
    assert clusters["S-3"] != clusters["FR-1"]
