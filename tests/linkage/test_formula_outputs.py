"""pairs.csv and clusters.csv of `athar link` are safe to open in a spreadsheet, and
athar reads its own outputs back with the original keys (--previous-clusters, --against, labels)."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from athar.cli import main
from athar.linkage.labels import read_labels

HEADER = ["source", "record_id", "full_name", "birth_date", "sex"]
ROWS = [HEADER,
        ["=evil", "=HYPERLINK(\"http://x\",\"click\")", "محمد أحمد الحسن", "1985", "M"],
        ["s2", "@SUM(1)", "Mohammad Ahmad Al-Hasan", "1985", "M"],
        ["s2", "-7", "Mohamad Ahmad Alhasan", "1985", "M"],
        ["s1", "2", "خالد عمر درويش", "1970", "M"]]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def _link(*args: str) -> None:
    result = CliRunner().invoke(main, ["link", *args])
    assert result.exit_code == 0, result.output


def test_no_cell_of_the_outputs_starts_a_formula(write_csv, tmp_path: Path) -> None:
    records = write_csv("records.csv", [*ROWS, ["s2", "9", "Khaled", "12/1970", "M"]])
    _link(str(records), "--out", str(tmp_path / "out"))
    pairs = _cells(tmp_path / "out" / "pairs.csv")
    clusters = _cells(tmp_path / "out" / "clusters.csv")
    assert pairs and len(clusters) == 5
    for row in pairs:
        assert not any(cell.startswith(TRIGGERS) for cell in row[:4] + row[6:])
    assert not any(cell.startswith(TRIGGERS) for row in clusters for cell in row)
    keys = {(s, r) for s, r, _ in clusters}
    assert ("'=evil", "'=HYPERLINK(\"http://x\",\"click\")") in keys
    assert ("s2", "'-7") in keys


def test_the_keys_come_back_intact_as_previous_clusters(write_csv, tmp_path: Path) -> None:
    records = write_csv("records.csv", ROWS)
    _link(str(records), "--out", str(tmp_path / "first"))
    _link(str(records), "--out", str(tmp_path / "second"), "--previous-clusters",
          str(tmp_path / "first" / "clusters.csv"))
    assert _cells(tmp_path / "first" / "clusters.csv") == _cells(tmp_path / "second" / "clusters.csv")


def test_new_records_attach_to_persons_of_a_run_with_neutralised_keys(write_csv, tmp_path: Path) -> None:
    _link(str(write_csv("records.csv", ROWS)), "--out", str(tmp_path / "run"))
    first = {(s, r): c for s, r, c in _cells(tmp_path / "run" / "clusters.csv")}
    new = write_csv("new.csv", [HEADER, ["s3", "+1", "محمد احمد الحسن", "1985", "M"]])
    _link(str(new), "--against", str(tmp_path / "run"), "--out", str(tmp_path / "inc"))
    [(source, record_id, cluster_id, status)] = _cells(tmp_path / "inc" / "clusters.csv")
    assert (source, record_id) == ("s3", "'+1")
    assert status == "existing"
    assert cluster_id == first[("'=evil", "'=HYPERLINK(\"http://x\",\"click\")")]


def test_labels_copied_from_pairs_csv_name_the_original_records(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("source_l,record_id_l,source_r,record_id_r,judgement\n"
                    "'=evil,'-7,s2,'@SUM(1),positive\n", encoding="utf-8")
    [label] = read_labels(path)
    assert (label.left, label.right) == (("=evil", "-7"), ("s2", "@SUM(1)"))
