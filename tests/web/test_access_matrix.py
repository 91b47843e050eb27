"""Every URL of the site × every role, anonymous included, found by walking the URL resolver (so
pages and API endpoints added by other apps are covered as soon as they are routed).

For every GET-able URL and every role:
- anonymous: a page sends to the login page, an API endpoint answers 401/403; never a name;
- an analyst (and an account with no role) never receives a name or a record id, on any URL;
- an ungranted caseworker never receives anything of a restricted source's record (its names, its
  record id, its history), on any URL, nor through a search by that name (page and API).
The pages and endpoints of persons, records, cases and search also get their exact status per role.

URL arguments are filled from the world built here, by argument name (and URL name where one name
means different things); a URL whose arguments cannot be filled is reported as a failure, so a new
URL is never skipped silently: add its argument to `_arguments`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from tests.factories import make_record, make_source, make_user

from athar.registry import cases
from athar.registry.models import Record, Sensitivity
from athar.registry.revisions import revise_record
from athar.registry.services import link_record

ROLES = ["anonymous", "administrator", "data_manager", "caseworker", "reviewer", "analyst", "no_role"]
SEALED = ("وسيم عبد الرحمن الكمال", "وسيم الكمال القديم", "SEALED-1")
NAMES = ("محمد أحمد الحسن", "Mohammad Ahmad Al-Hasan", "فاطمة خليل الزعبي", "محمود حسين العلي", "سامر",
         "FR-1", "CR-7")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# Not pages of data; what they answer is pinned elsewhere (tests/web/test_language.py, login tests).
NOT_DATA = {"logout", "set_language"}
# The family's request form needs no account and reveals nothing (tests/tracing pin that).
PUBLIC = {"login", "tracing:ask", "tracing:ask_thanks"}

_CASE_PAGE = {"administrator": 200, "data_manager": 403, "caseworker": 200, "reviewer": 403, "analyst": 403,
              "no_role": 403}
_READ_PAGE = {"administrator": 200, "data_manager": 200, "caseworker": 200, "reviewer": 200, "analyst": 403,
              "no_role": 403}
EXPECTED: dict[str, dict[str, int]] = {
    "web:person_list": _READ_PAGE,
    "web:person_detail": _READ_PAGE,
    "web:case_new": _CASE_PAGE,
    "web:case_edit": _CASE_PAGE,
    "web:case_event_new": _CASE_PAGE,
    "web:case_claim_new": _CASE_PAGE,
    "web:case_note_new": _CASE_PAGE,
    "web:case_document_new": _CASE_PAGE,
    # Case files are confidential, granted to caseworkers: others who may read records get "not found".
    "web:document": {**_READ_PAGE, "data_manager": 404, "reviewer": 404},
    "api:persons": _READ_PAGE,
    "api:person": _READ_PAGE,
    "api:record": _READ_PAGE,
    "api:search": {**{r: 405 for r in _READ_PAGE}, "analyst": 403, "no_role": 403},  # POST only
}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, list[str]]]:
    """(route, name, argument names) of every routed view."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(n for n in (namespace, pattern.name or "") if n)
            yield prefix + str(pattern.pattern), name, list(pattern.pattern.converters) or \
                re.findall(r"\(\?P<(\w+)>", str(pattern.pattern))


def _route_to_path(route: str, values: dict[str, str]) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
    return "/" + path.lstrip("^").rstrip("$").lstrip("/")


@pytest.fixture
def matrix_world(world: dict[str, Any], settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.DATA_DIR = tmp_path
    users = {role: make_user(role, None if role == "no_role" else role) for role in ROLES if role != "anonymous"}
    # A restricted source's record belongs to Muhammad: it must not leak through his page, the list,
    # search, the API or its history.
    sealed = make_source("sealed_testimonies", sensitivity=Sensitivity.RESTRICTED)
    record = make_record("SEALED-1", source=sealed, full_name="وسيم الكمال القديم", event_type="arrest",
                         event_date="2013")
    revise_record(record, values={"full_name": "وسيم عبد الرحمن الكمال"}, actor=None, reason="re-typed")
    link_record(record, world["muhammad"], actor=None)
    # A case (confidential, caseworkers) with a document, for the case pages.
    case = cases.open_case({"first_name": "سامر", "family_name": "الخطيب"}, actor=users["caseworker"])
    document = cases.add_document(case, data=PNG, file_name="scan.png", actor=users["caseworker"])
    return {"users": users, "sealed": record, "case": case, "document": document, **world}


def _arguments(name: str, w: dict[str, Any]) -> dict[str, str]:
    values = {"public_id": w["muhammad"].public_id, "record_id": w["case"].record_id,
              "pk": str(Record.objects.get(record_id="FR-1").pk),
              "user_id": str(w["users"]["caseworker"].pk), "source_id": str(w["sealed"].source_id)}
    # Arguments of other apps' URLs: values that route; what each answers is pinned in its own tests,
    # and here it is checked for leaks by every role.
    values.update({"token": "no-such-import", "job_id": "no-such-job", "key": "sex", "fmt": "svg" if name == "stats:chart" else "pdf",
                   "step_id": "1", "recipient": "icrc"})
    if name == "web:document":
        values["public_id"] = w["document"].public_id
    return values


def _client(role: str, w: dict[str, Any]) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(w["users"][role])
    return client


def test_every_url_by_every_role(matrix_world: dict[str, Any]) -> None:
    w = matrix_world
    routes = [(route, name, args) for route, name, args in _walk(get_resolver().url_patterns)
              if name not in NOT_DATA]
    assert {"web:person_list", "web:person_detail", "web:case_new", "api:persons", "api:record"} <= {
        n for _, n, _ in routes}
    clients = {role: _client(role, w) for role in ROLES}
    problems: list[str] = []
    for route, name, args in routes:
        values = _arguments(name, w)
        missing = [a for a in args if a not in values]
        if missing:
            problems.append(f"{name or route}: cannot fill {missing}")
            continue
        path = _route_to_path(route, values)
        for role in ROLES:
            response = clients[role].get(path)
            is_image = response.get("Content-Type", "").startswith("image/")
            body = "" if is_image else response.content.decode("utf-8", errors="replace")
            where = f"{role} GET {name or route}"
            if role == "anonymous" and name not in PUBLIC:
                if path.startswith("/api/"):
                    if response.status_code not in (401, 403):
                        problems.append(f"{where}: {response.status_code}")
                elif response.status_code != 302 or "/login/" not in response["Location"]:
                    problems.append(f"{where}: {response.status_code}, not sent to log in")
            if role in ("anonymous", "analyst", "no_role"):
                leaked = [n for n in NAMES if n in body]
                if leaked:
                    problems.append(f"{where}: shows {leaked}")
            if role != "administrator":
                leaked = [n for n in SEALED if n in body]
                if leaked:
                    problems.append(f"{where}: shows the restricted record's {leaked}")
            expected = EXPECTED.get(name, {}).get(role)
            if expected is not None and response.status_code != expected:
                problems.append(f"{where}: {response.status_code}, expected {expected}")
    assert problems == [], "\n".join(problems)


def test_an_ungranted_caseworker_cannot_find_a_restricted_record_by_searching(matrix_world: dict[str, Any]) -> None:
    client = _client("caseworker", matrix_world)
    client.post("/", {"q": "وسيم عبد الرحمن الكمال"})
    page = client.get("/").content.decode()
    api = client.post("/api/search/", {"query": "وسيم عبد الرحمن الكمال"}, content_type="application/json")
    sealed_pk = matrix_world["sealed"].pk
    for body in (page, api.content.decode()):
        assert "SEALED-1" not in body and "وسيم الكمال القديم" not in body
    assert all(r["id"] != sealed_pk for h in json.loads(api.content)["hits"] for r in h["records"])
    assert client.get(f"/api/records/{sealed_pk}/").status_code == 404


def test_the_administrator_sees_the_restricted_record_and_its_history(matrix_world: dict[str, Any]) -> None:
    client = _client("administrator", matrix_world)
    body = json.loads(client.get(f"/api/records/{matrix_world['sealed'].pk}/").content)
    assert body["history"][0]["changes"][0]["earlier"] == "وسيم الكمال القديم"
    page = client.get(f"/persons/{matrix_world['muhammad'].public_id}/").content.decode()
    assert "SEALED-1" in page  # the checks above would see it, were it there
