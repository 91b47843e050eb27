"""`athar trace match` (shared/spec/interchange.md §6): the CSV contract, --top, --out, nothing
written to the registry; `athar trace rematch`."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from tests.tracing.conftest import cast, linked_registry  # noqa: F401 — fixtures

from athar.audit.models import AuditEvent
from athar.cli import main
from athar.registry.models import Person, PersonRecordLink, Record
from athar.tracing.models import TracingRequest

pytestmark = pytest.mark.django_db
HEADER = ["request_id", "rank", "person_id", "source", "record_id", "match_probability"]


@pytest.fixture
def requests_csv(write_csv):
    return write_csv("requests.csv", [
        ["record_id", "source", "first_name", "father_name", "grandfather_name", "family_name", "mother_name",
         "sex", "event_type", "event_date", "event_place"],
        ["REQ-1", "family_requests", "محمد", "أحمد", "خليل", "الحسن", "فاطمة", "M", "missing_report", "2013-04",
         "حرستا"],
        ["REQ-2", "family_requests", "سامر", "خالد", "حسن", "إبراهيم", "مريم", "M", "missing_report", "2015-02",
         "اللاذقية"],
        # A request that reuses a registry source and id is still a request, not that record.
        ["N-1", "ngo_list", "Yasser", "Omar", "Salim", "Al-Shami", "Rana", "M", "", "2012-06", "Saydnaya"],
    ])


def _rows(text: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    assert lines[0].split(",") == HEADER
    return list(csv.DictReader(io.StringIO(text)))


def test_it_writes_ranked_candidates_per_request_and_nothing_to_the_registry(linked_registry, requests_csv):  # noqa: F811
    before = (Record.objects.count(), Person.objects.count(), PersonRecordLink.objects.count(),
              TracingRequest.objects.count())
    result = CliRunner(mix_stderr=False).invoke(main, ["trace", "match", str(requests_csv)])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    brother = [r for r in rows if r["request_id"] == "REQ-1"]
    assert brother[0]["rank"] == "1"
    assert brother[0]["person_id"] == linked_registry["brother"].public_id
    assert (brother[0]["source"], brother[0]["record_id"]) == ("ngo_list", "N-1")
    assert float(brother[0]["match_probability"]) >= 0.9
    assert [int(r["rank"]) for r in brother] == list(range(1, len(brother) + 1))
    assert len({r["person_id"] for r in brother}) == len(brother)  # one row per candidate person
    yasser = [r for r in rows if r["request_id"] == "N-1"]
    assert yasser[0]["person_id"] == linked_registry["yasser"].public_id
    assert all(float(r["match_probability"]) < 0.9 for r in rows if r["request_id"] == "REQ-2")
    after = (Record.objects.count(), Person.objects.count(), PersonRecordLink.objects.count(),
             TracingRequest.objects.count())
    assert before == after
    search = AuditEvent.objects.get(action="search", target_type="tracing_batch")
    assert search.details == {"requests": 3, "with_candidates": search.details["with_candidates"], "top": 5}
    assert search.details["with_candidates"] >= 2


def test_top_counts_candidate_persons_and_out_writes_a_file(linked_registry, requests_csv, tmp_path):  # noqa: F811
    out = tmp_path / "candidates.csv"
    result = CliRunner(mix_stderr=False).invoke(main, ["trace", "match", str(requests_csv), "--top", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out.read_text(encoding="utf-8"))
    assert {r["rank"] for r in rows} == {"1"}
    assert len(rows) == len({r["request_id"] for r in rows})


def test_without_a_resolved_registry_it_fails_in_one_line(db, settings, tmp_path, requests_csv):
    settings.DATA_DIR = tmp_path / "empty"
    result = CliRunner(mix_stderr=False).invoke(main, ["trace", "match", str(requests_csv)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "athar: error: the registry has not been linked yet: run `athar resolve` first"]


def test_a_repeated_request_id_is_an_error_naming_the_row(linked_registry, write_csv):  # noqa: F811
    path = write_csv("dup.csv", [["record_id", "source", "first_name"], ["R", "f", "محمد"], ["R", "f", "علي"]])
    result = CliRunner(mix_stderr=False).invoke(main, ["trace", "match", str(path)])
    assert result.exit_code == 2
    assert "row 3" in result.stderr and "record_id" in result.stderr and "محمد" not in result.stderr


def test_rematch_prints_counts_only(linked_registry, cast):  # noqa: F811
    result = CliRunner(mix_stderr=False).invoke(main, ["trace", "rematch"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("0 open requests matched")
    assert not AuditEvent.objects.filter(action="match").exists()
