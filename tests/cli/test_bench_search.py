"""`athar bench search`: why a cross-script query missed, and result files that never overwrite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from tests.factories import make_record, make_source

from athar.bench.results import free_stem
from athar.cli.bench_search import _explain_miss, _markdown, _miss_summary
from athar.registry.models import Record
from athar.search.engine import MIN_SCORE


@pytest.mark.django_db
def test_it_tells_a_miss_behind_namesakes_from_one_the_engine_never_retrieved(monkeypatch: pytest.MonkeyPatch) -> None:
    from athar.search import engine

    source = make_source("family_reports")
    truth = {}
    for n in range(11):  # eleven records of ten other men named exactly محمد الفهد (N-9 and N-10: one man)
        make_record(f"N-{n}", source=source, full_name="محمد الفهد")
        truth[("family_reports", f"N-{n}")] = f"other-{min(n, 9)}"
    make_record("T-1", source=source, full_name="محمد عمر خالد الفهد")
    truth[("family_reports", "T-1")] = "target"
    make_record("Z-1", source=source, full_name="زياد الحلبي")
    truth[("family_reports", "Z-1")] = "zyad"
    records = Record.objects.all()

    behind = _explain_miss("Mohammad Fahd", "target", records, truth)
    assert behind["reason"] == "ranked below 10"
    assert (behind["above"], behind["tied"], behind["namesakes_at_or_above"]) == (11, 0, 11)
    assert behind["namesake_persons_at_or_above"] == 10
    weak = _explain_miss("Ziad Tarabishi", "zyad", records, truth)  # retrieved by Ziad, but not Tarabishi
    assert weak["reason"] == "scored under the minimum"
    assert 0 < weak["score"] < MIN_SCORE
    # The other way round: a four-part query, two-part records that it holds whole.
    short = _explain_miss("محمد عمر خالد الفهد", "other-0", records, truth)
    assert short["reason"] == "ranked below 10"
    # T-1 holds the whole query (above), the ten other محمد الفهد are held whole by it (tied).
    assert (short["above"], short["tied"], short["namesakes_at_or_above"]) == (1, 10, 11)
    assert short["namesake_persons_at_or_above"] == 10  # the target and other-1 … other-9
    monkeypatch.setattr(engine, "MAX_CANDIDATES", 5)  # the eleven namesakes fill the candidates
    assert _explain_miss("Mohammad Fahd", "target", records, truth) == {"reason": "not retrieved"}


def test_it_sums_up_the_misses() -> None:
    misses = [{"reason": "not retrieved"}, {"reason": "scored under the minimum", "score": 0.5},
              {"reason": "ranked below 10", "score": 0.8, "above": 12, "tied": 0, "namesakes_at_or_above": 12,
               "namesake_persons_at_or_above": 9},
              {"reason": "ranked below 10", "score": 0.8, "above": 3, "tied": 9, "namesakes_at_or_above": 4,
               "namesake_persons_at_or_above": 4}]
    assert _miss_summary(misses) == {"misses": 4, "not_retrieved": 1, "scored_under_minimum": 1, "ranked_below_10": 2,
                                     "ranked_below_10_behind_10_namesakes": 1,
                                     "ranked_below_10_behind_10_namesake_persons": 0}


def test_a_second_run_of_the_day_gets_its_own_file_name(tmp_path: Path) -> None:
    stem = "search-2026-12-07-1000"
    assert free_stem(tmp_path, stem) == stem
    (tmp_path / f"{stem}.json").write_text("{}")
    assert free_stem(tmp_path, stem) == f"{stem}-2"
    (tmp_path / f"{stem}-2.md").write_text("")
    assert free_stem(tmp_path, stem) == f"{stem}-3"


@pytest.mark.django_db
def test_a_linked_run_ranks_the_persons_athar_s_linker_made(settings: Any, tmp_path: Path) -> None:
    from athar.cli.bench_search import _run

    settings.DATA_DIR = tmp_path
    result = _run(1000, 10, 7, tmp_path, linked=True)
    records = Record.objects.count()
    assert result["linked"] and not Record.objects.filter(person=None).exists()
    # The linker's persons, not one per record and not the truth: its accuracy is measured beside.
    assert records == result["records"] and 0 < result["persons"] < records
    accuracy = result["linking_accuracy"]
    assert 0.8 < accuracy["f1"] <= 1 and 0 < accuracy["precision"] <= 1
    assert "link_s" in result["build_seconds"]
    assert not (tmp_path / "linkage" / "persons.csv").exists()
    assert result["cross_script_quality"]["latin_to_arabic"]["queries"] == 10
    markdown = _markdown({**result, "date": "2026-12-07", "seed": 7, "machine": "test"}, "athar bench search")
    assert "persons by athar's linker" in markdown and "precision" in markdown
    # The same registry is never measured as if its records stood alone.
    with pytest.raises(click.UsageError, match="linked registry"):
        _run(1000, 10, 7, tmp_path, linked=False)
