"""The analysts' dashboard: persons not records, small cells suppressed everywhere, no names, the
analyst role enforced and every view audited."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.factories import make_user
from tests.stats.conftest import NAME_MARK, PERSONS

from athar.audit.models import AuditEvent
from athar.stats.queries import person_tables
from athar.stats.suppression import Suppressed

KEYS = ("fate", "governorate", "facility", "arrest_year", "sex", "age_group", "source_overlap")


def test_it_counts_persons_not_records(registry: dict[str, Any]) -> None:
    tables = person_tables()
    assert registry["records"] > PERSONS
    assert tables["governorate"].rows == (("Homs", 90), ("Idlib", 30))
    assert tables["arrest_year"].rows == (("2012", 40), ("2013", 40), ("2014", 40))


def test_it_suppresses_cells_under_five_and_the_cell_that_would_give_one_away(registry: dict[str, Any]) -> None:
    # 116 men and 4 women: with the 120 persons known from any other table, showing 116 would tell 4
    # hidden cells are listed by name, not size: their order would tell which is larger
    assert person_tables()["sex"].rows == (("F", Suppressed.SMALL), ("M", Suppressed.WITHHELD))


def test_the_analyst_sees_the_dashboard_without_a_name(registry: dict[str, Any], sami_client: Client) -> None:
    response = sami_client.get(reverse("stats:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "أقل من 5" in page  # Arabic by default
    assert NAME_MARK not in page
    assert "families-0" not in page  # no record id either


def test_every_csv_and_chart_is_free_of_names_and_small_cells(registry: dict[str, Any],
                                                               sami_client: Client) -> None:
    for key in KEYS:
        response = sami_client.get(reverse("stats:table_csv", args=[key]))
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert NAME_MARK not in text
        counts = [row[1] for row in csv.reader(io.StringIO(text))][1:]
        assert all(c in ("<5", "withheld", "0") or int(c) >= 5 for c in counts), (key, counts)
        for fmt in ("png", "svg"):
            chart = sami_client.get(reverse("stats:chart", args=[key, fmt]))
            assert chart.status_code == 200
            assert NAME_MARK.encode() not in chart.content
    sex = sami_client.get(reverse("stats:table_csv", args=["sex"])).content.decode("utf-8-sig")
    assert sex.splitlines() == ["sex,persons", "F,<5", "M,withheld"]
    assert sami_client.get(reverse("stats:chart", args=["sex", "svg"]))["Content-Type"] == "image/svg+xml"


def test_a_role_without_aggregates_is_refused_and_the_refusal_audited(registry: dict[str, Any],
                                                                       client: Client) -> None:
    client.force_login(make_user("reem", "reviewer"))
    assert client.get(reverse("stats:dashboard")).status_code == 403
    assert client.get(reverse("stats:table_csv", args=["sex"])).status_code == 403
    assert AuditEvent.objects.filter(action="denied", actor_label="reem").count() == 2


def test_anonymous_visitors_are_sent_to_login(registry: dict[str, Any], client: Client) -> None:
    response = client.get(reverse("stats:table_csv", args=["sex"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_views_and_downloads_are_audited_by_table_key(registry: dict[str, Any], sami_client: Client) -> None:
    sami_client.get(reverse("stats:dashboard"))
    sami_client.get(reverse("stats:chart", args=["sex", "png"]))  # shown in the page: the page's row
    sami_client.get(reverse("stats:table_csv", args=["governorate"]))
    sami_client.get(reverse("stats:chart", args=["fate", "svg"]) + "?download=1")
    events = list(AuditEvent.objects.filter(actor_label="sami").exclude(action="login")
                  .values_list("action", "target_id", "details"))
    assert events == [("view", "dashboard", {}), ("export", "governorate", {"format": "csv"}),
                      ("export", "fate", {"format": "svg"})]


def test_an_unknown_table_is_not_found(registry: dict[str, Any], sami_client: Client) -> None:
    assert sami_client.get(reverse("stats:table_csv", args=["names"])).status_code == 404


def test_charts_speak_the_readers_language(registry: dict[str, Any], sami_client: Client) -> None:
    svg = sami_client.get(reverse("stats:chart", args=["sex", "svg"])).content.decode()
    for arabic in ("الأشخاص حسب الجنس", "أنثى", "ذكر", "محجوب"):  # title, F, M, the withheld mark
        assert f">{arabic}</text>" in svg, arabic
