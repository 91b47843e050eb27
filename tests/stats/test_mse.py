"""Multiple systems estimation from the registry's linked persons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.stats.conftest import HISTORIES, PERSONS

from athar.cli import main
from athar.errors import InputError
from athar.stats.mse import read_lists_by_source, registry_histories

LISTS = {"A": ["families"], "B": ["ngo"], "C": ["register"]}


def _lists_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lists.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_histories_count_persons_by_the_lists_their_records_are_on(registry: dict[str, Any]) -> None:
    histories = registry_histories(LISTS)
    assert histories.observed == PERSONS
    expected = {h: sum(1 for k in range(PERSONS) if HISTORIES[k % 7] == h) for h in HISTORIES}
    assert dict(histories.counts) == expected


def test_a_stricter_threshold_splits_weakly_linked_records_off(registry: dict[str, Any]) -> None:
    strict = registry_histories(LISTS, threshold=0.9)
    # Even persons with a register record and another source lose the register record to a person of
    # its own: one more "person" each.
    split = sum(1 for k in range(0, PERSONS, 2) if HISTORIES[k % 7][2] and sum(HISTORIES[k % 7]) > 1)
    assert strict.observed == PERSONS + split
    assert registry_histories(LISTS, threshold=0.5).observed == PERSONS


def test_sources_grouped_into_one_list_count_a_person_once(registry: dict[str, Any]) -> None:
    histories = registry_histories({"A": ["families", "ngo"], "B": ["register"], "C": []})
    assert histories.observed == PERSONS
    assert histories.list_total(0) == sum(1 for k in range(PERSONS) if any(HISTORIES[k % 7][:2]))


def test_the_lists_file_is_checked_row_by_row(registry: dict[str, Any], tmp_path: Path) -> None:
    path = _lists_file(tmp_path, "list,source\nA,families\nB,ngo\nC,families\n")
    with pytest.raises(InputError, match=r"row 4, column source: source already in a list on row 2"):
        read_lists_by_source(path)
    path = _lists_file(tmp_path, "list,source\nA,families\nB,ngo\nC,nowhere\n")
    with pytest.raises(InputError, match=r"row 4, column source: no such source in the registry"):
        read_lists_by_source(path)
    path = _lists_file(tmp_path, "list,source\nA,families\nB,ngo\n")
    with pytest.raises(InputError, match="needs 3 to 6 lists, found 2"):
        read_lists_by_source(path)


def test_the_command_estimates_from_the_registry(registry: dict[str, Any], tmp_path: Path) -> None:
    path = _lists_file(tmp_path, "list,source\nA,families\nB,ngo\nC,register\n")
    result = CliRunner(mix_stderr=False).invoke(main, ["stats", "mse", "--from-registry", "--lists-by-source",
                                                       str(path), "--format", "json", "--threshold", "0.9"])
    assert result.exit_code == 0, result.stderr
    # The report is stdout alone; the progress bar went to stderr.
    out = json.loads(result.stdout)
    assert "reading the registry's records" in result.stderr
    assert out["observed"] > PERSONS
    assert out["threshold"] == 0.9
    assert out["lower"] <= out["estimate"] <= out["upper"]


def test_the_command_refuses_a_file_together_with_the_registry(tmp_path: Path) -> None:
    result = CliRunner(mix_stderr=False).invoke(main, ["stats", "mse", "x.csv", "--from-registry"])
    assert result.exit_code == 2
    assert result.stderr.startswith("athar: error: --from-registry takes no HISTORIES file")


def test_the_estimate_page_shows_both_thresholds_side_by_side(registry: dict[str, Any], sami_client) -> None:
    from django.urls import reverse

    from athar.audit.models import AuditEvent

    page = sami_client.get(reverse("stats:estimate"))
    assert page.status_code == 200
    data = {"source_0": "A", "source_1": "B", "source_2": "C", "strict_threshold": "0.9", "criterion": "aic"}
    response = sami_client.post(reverse("stats:estimate"), data)
    assert response.status_code == 200
    rows = response.context["results"]
    assert [r["threshold"] for r in rows] == [None, 0.9]
    assert rows[0]["result"].observed == PERSONS
    assert rows[1]["result"].observed > PERSONS
    assert "زيدان" not in response.content.decode()
    assert AuditEvent.objects.filter(actor_label="sami", target_id="mse").count() == 1


def test_the_estimate_page_needs_three_lists(registry: dict[str, Any], sami_client) -> None:
    from django.urls import reverse

    response = sami_client.post(reverse("stats:estimate"), {"source_0": "A", "source_1": "B",
                                                            "strict_threshold": "0.9", "criterion": "aic"})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert response.context["form"].non_field_errors()


def test_the_registry_can_be_stratified_by_governorate_and_year_of_arrest(registry: dict[str, Any]) -> None:
    from athar.stats.mse import registry_strata

    by_place = registry_strata(LISTS, "governorate")
    assert {k: v.observed for k, v in by_place.items()} == {"Homs": 90, "Idlib": 30}
    by_year = registry_strata(LISTS, "arrest_year")
    assert {k: v.observed for k, v in by_year.items()} == {"2012": 40, "2013": 40, "2014": 40}
    with pytest.raises(InputError, match="cannot stratify the registry by 'name'"):
        registry_strata(LISTS, "name")


def test_the_command_stratifies_the_registry(registry: dict[str, Any], tmp_path: Path) -> None:
    path = _lists_file(tmp_path, "list,source\nA,families\nB,ngo\nC,register\n")
    result = CliRunner(mix_stderr=False).invoke(main, ["stats", "mse", "--from-registry", "--lists-by-source",
                                                       str(path), "--stratum", "governorate", "--format", "json",
                                                       "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = json.loads(result.stdout)
    assert [(s["stratum"], s["observed"]) for s in out["strata"]] == [("Homs", 90), ("Idlib", 30)]


def test_the_estimate_page_stratifies(registry: dict[str, Any], sami_client) -> None:
    from django.urls import reverse

    data = {"source_0": "A", "source_1": "B", "source_2": "C", "strict_threshold": "0.9", "criterion": "aic",
            "stratum": "governorate"}
    response = sami_client.post(reverse("stats:estimate"), data)
    rows = response.context["results"]
    assert [s.label for s in rows[0]["result"].strata] == ["Homs", "Idlib"]
    assert "Idlib" in response.content.decode()


def test_the_estimate_page_suppresses_small_strata_and_the_pooled_stratum_that_holds_one(
        registry: dict[str, Any], sami_client) -> None:
    from django.urls import reverse

    from athar.registry.models import Record

    # Three Homs persons move to Raqqa: a stratum of 3, pooled into Idlib (30) for the estimate.
    Record.objects.filter(record_id__in=[f"{s}-{k}" for s in ("families", "ngo", "register") for k in (0, 1, 2)]
                          ).update(governorate="Raqqa")
    data = {"source_0": "A", "source_1": "B", "source_2": "C", "strict_threshold": "0.9", "criterion": "aic",
            "stratum": "governorate"}
    response = sami_client.post(reverse("stats:estimate"), data, HTTP_ACCEPT_LANGUAGE="en")
    as_linked, strict = response.context["results"]
    assert [s.observed for s in as_linked["result"].strata] == [87, 33]  # computed, but 33 is never shown
    for row in (as_linked, strict):
        assert [s.label for s in row["result"].strata] == ["Homs", "pooled: Idlib + Raqqa"]
        homs, pooled = row["strata"]
        assert (homs["observed"], homs["shown"]) == (row["result"].strata[0].observed, True)
        # Shown, 33 minus the dashboard's Idlib (30) would give Raqqa's 3 away.
        assert (pooled["observed"], pooled["shown"]) == ("withheld (5 or more)", False)
        assert row["observed"] == row["result"].observed
    page = response.content.decode()
    assert "<td>33</td>" not in page
    assert page.count("withheld with the count") == 2
    pooled_estimate = response.context["results"][0]["result"].strata[1]
    assert f"{pooled_estimate.estimate:.0f}</td>" not in page


def test_a_total_under_five_is_suppressed_with_its_estimate() -> None:
    from athar.estimation import estimate_total
    from athar.estimation.histories import CaptureHistories
    from athar.stats.views import _published_rows

    histories = CaptureHistories.from_rows("ABC", [(1, 1, 0), (1, 0, 1), (0, 1, 1), (1, 0, 0)])
    shown = _published_rows(estimate_total(histories, average=False), {"": histories.observed})
    assert (shown["shown"], shown["strata"]) == (False, [])
    assert shown["observed"] != 4
