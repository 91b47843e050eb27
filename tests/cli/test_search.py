"""`athar search` (shared/spec/interchange.md, section 4): the CSV contract, cross-script search,
`--limit` counting persons, JSON and table output."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from tests.factories import make_record, make_source

from athar.cli import main
from athar.registry.services import apply_clusters

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> None:
    family, witnesses, ngo = make_source("family_reports"), make_source("witnesses"), make_source("ngo_list")
    make_record("FR-1", source=family, full_name="محمد أحمد الحسن")
    make_record("W-3", source=witnesses, full_name="Mohammad Ahmad Al-Hasan")
    make_record("FR-2", source=family, full_name="محمد الحسن")
    make_record("NL-4", source=ngo, full_name="Mhd Hassan")
    make_record("FR-5", source=family, full_name="فاطمة خليل الزعبي")
    apply_clusters([("family_reports", "FR-1", "a"), ("witnesses", "W-3", "a"), ("family_reports", "FR-2", "b"),
                    ("family_reports", "FR-5", "c")], run_id="test")


def _search(*args: str) -> str:
    result = CliRunner().invoke(main, ["search", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _csv(*args: str) -> list[dict[str, str]]:
    text = _search(*args, "--format", "csv")
    assert text.splitlines()[0] == "rank,score,person_id,source,record_id"
    return list(csv.DictReader(io.StringIO(text)))


def test_it_writes_one_csv_row_per_matching_record(registry: None) -> None:
    rows = _csv("Mhd Hasan")
    assert sorted((r["source"], r["record_id"]) for r in rows) == [
        ("family_reports", "FR-1"), ("family_reports", "FR-2"), ("ngo_list", "NL-4"), ("witnesses", "W-3")]


def test_it_gives_records_of_one_person_the_same_rank_and_person_id(registry: None) -> None:
    rows = _csv("Mhd Hasan")
    by_record = {r["record_id"]: r for r in rows}
    assert by_record["FR-1"]["rank"] == by_record["W-3"]["rank"]
    assert by_record["FR-1"]["person_id"] == by_record["W-3"]["person_id"] != ""
    assert by_record["FR-1"]["person_id"].startswith("P-")
    assert by_record["FR-2"]["rank"] != by_record["FR-1"]["rank"]


def test_it_ranks_from_one_with_the_best_person_first(registry: None) -> None:
    rows = _csv("محمد الحسن")
    ranks = [int(r["rank"]) for r in rows]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    assert sorted(set(ranks)) == list(range(1, max(ranks) + 1))
    assert rows[0]["record_id"] == "FR-2"  # the exact name
    scores = [float(r["score"]) for r in rows]
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_it_leaves_person_id_empty_for_a_record_not_yet_in_a_person(registry: None) -> None:
    rows = _csv("Mhd Hasan")
    assert next(r for r in rows if r["record_id"] == "NL-4")["person_id"] == ""


def test_it_counts_persons_not_records_against_the_limit(registry: None) -> None:
    rows = _csv("Mhd Hasan", "--limit", "1")
    assert {r["rank"] for r in rows} == {"1"}
    assert len(rows) >= 1
    two = _csv("Mhd Hasan", "--limit", "2")
    assert {r["rank"] for r in two} == {"1", "2"}
    assert len({r["person_id"] for r in two if r["person_id"]} | {r["record_id"] for r in two if not r["person_id"]}) == 2


def test_it_finds_latin_records_from_an_arabic_query(registry: None) -> None:
    rows = _csv("فاطمة الزعبي")
    assert [r["record_id"] for r in rows] == ["FR-5"]
    rows = _csv("محمد الحسن")
    assert {"W-3", "NL-4"} <= {r["record_id"] for r in rows}


def test_it_writes_only_the_header_when_nothing_matches(registry: None) -> None:
    assert _search("Zbigniew Brzezinski", "--format", "csv") == "rank,score,person_id,source,record_id\n"


def test_it_writes_json_grouped_by_person(registry: None) -> None:
    data = json.loads(_search("Mhd Hasan", "--format", "json"))
    assert [p["rank"] for p in data["persons"]] == list(range(1, len(data["persons"]) + 1))
    first_person = next(p for p in data["persons"] if any(r["record_id"] == "FR-1" for r in p["records"]))
    assert {r["record_id"] for r in first_person["records"]} == {"FR-1", "W-3"}
    assert data["truncated"] is False


def test_it_prints_a_table_with_names_as_written(registry: None) -> None:
    text = _search("Mhd Hasan")
    assert text.splitlines()[0].split()[:5] == ["rank", "score", "person", "source", "record"]
    assert "محمد أحمد الحسن" in text and "(no person yet)" in text


def test_it_refuses_an_empty_query(registry: None) -> None:
    result = CliRunner().invoke(main, ["search", "  "])
    assert result.exit_code != 0
    assert "empty" in result.output


def test_csv_cells_never_start_a_formula(db: None) -> None:
    source = make_source("=HYPERLINK(\"http://x\",\"y\")")
    make_record("@SUM(1)", source=source, full_name="محمد الحسن")
    make_record("-3", source=make_source("+list"), full_name="محمد الحسن")
    rows = _csv("محمد")
    assert {(r["source"], r["record_id"]) for r in rows} == {
        ("'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(1)"), ("'+list", "'-3")}


def test_the_table_never_prints_control_sequences_from_the_data(db: None) -> None:
    make_record("R-1", source=make_source("ngo\x1b]0;pwned\x07\x1b[2J"), full_name="محمد\u202e الحسن\r")
    output = _search("محمد")
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output and "\r" not in output
    assert "ngo\\x1b]0;pwned\\x07\\x1b[2J" in output
