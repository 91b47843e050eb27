"""Every URL of the project × every role, anonymous included (issues 10 and 11).

The URL resolver is walked, so a URL nobody declared in ACCESS below fails the test: whoever adds a
page or an endpoint says here who may reach it. For each role the test then checks:

- anonymous: the login page (web) or 401/403 (API), except the declared public pages;
- a role without the capability: 403; with it: the statuses declared (200 for a page);
- the analyst: no name of the world in any response body (aggregates only);
- Rima, a caseworker not granted the restricted source: none of its names or record ids in any
  response body, and every URL taking a person answers 404 (or 403) for the person known only
  from it; her searches for those names find nothing.

Path parameters are filled with the ids of a small world (persons, sources, export requests);
URLs whose objects this world does not build (UN communications, import uploads) are reached with
an id that does not exist: the capability check must still come first (403, never 404, for a role
without it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.factories import make_cast, make_record, make_source

from athar.accounts.permissions import has_capability
from athar.accounts.roles import Capability
from athar.exports import services as exports
from athar.registry.models import Person, Sensitivity
from athar.registry.services import link_record
from athar.stats.views import TITLES

PUBLIC = "public"  # reachable without logging in
LOGGED_IN = "logged_in"  # any logged-in user, whatever the role
MISSING = 999_999  # an id no object of the world has

POSTED = frozenset({200, 302, 400, 404, 409})  # a POST with an empty form: refused input or done


@dataclass(frozen=True)
class Access:
    need: Capability | str
    method: str = "GET"
    ok: frozenset[int] = frozenset({200})  # statuses for a role that holds `need`
    args: dict[str, str] = field(default_factory=dict)  # path parameter → key of the world's ids
    by_user: dict[str, frozenset[int]] = field(default_factory=dict)  # per-object exceptions


V = Capability
ACCESS: dict[str, Access] = {
    "login": Access(PUBLIC),
    "logout": Access(LOGGED_IN, "POST", frozenset({302})),
    "set_language": Access(PUBLIC, "POST", frozenset({302})),
    "web:person_list": Access(V.VIEW_RECORDS),
    "web:person_detail": Access(V.VIEW_RECORDS),
    "web:case_new": Access(V.EDIT_CASES),
    # The world holds no case file: a case URL reaches its 404 after the capability check.
    "web:case_edit": Access(V.EDIT_CASES, ok=frozenset({404})),
    "web:case_event_new": Access(V.EDIT_CASES, ok=frozenset({404})),
    "web:case_claim_new": Access(V.EDIT_CASES, ok=frozenset({404})),
    "web:case_note_new": Access(V.EDIT_CASES, ok=frozenset({404})),
    "web:case_document_new": Access(V.EDIT_CASES, ok=frozenset({404})),
    "web:document": Access(V.VIEW_RECORDS, ok=frozenset({404})),
    "review:index": Access(V.REVIEW_MATCHES),
    "review:item": Access(V.REVIEW_MATCHES, ok=frozenset({404})),
    "review:decide": Access(V.REVIEW_MATCHES, "POST", POSTED),
    "review:undo": Access(V.REVIEW_MATCHES, "POST", POSTED),
    "tracing:ask": Access(PUBLIC),  # the public form a family fills in
    "tracing:ask_thanks": Access(PUBLIC, ok=frozenset({200, 302})),
    "tracing:index": Access(V.MANAGE_TRACING),
    "tracing:new": Access(V.MANAGE_TRACING),
    "tracing:read_notification": Access(V.MANAGE_TRACING, "POST", POSTED),
    # The world holds no tracing request: its pages answer 404 after the capability check.
    "tracing:detail": Access(V.MANAGE_TRACING, ok=frozenset({404})),
    "tracing:requester": Access(V.MANAGE_TRACING, ok=frozenset({404})),
    "tracing:photo": Access(V.MANAGE_TRACING, ok=frozenset({404})),
    "tracing:inform": Access(V.MANAGE_TRACING, ok=frozenset({404})),
    "tracing:status": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:match": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:take": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:unlink": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:verify": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:reject": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:add_consent": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:withdraw": Access(V.MANAGE_TRACING, "POST", POSTED),
    "tracing:share": Access(V.MANAGE_TRACING, "POST", POSTED, args={"recipient": "icrc"}),
    "accounts:two_factor": Access(LOGGED_IN, ok=frozenset({200, 302})),
    "accounts:recovery_codes": Access(LOGGED_IN, ok=frozenset({200, 302})),
    "accounts:api_token": Access(LOGGED_IN, ok=frozenset({200, 302})),
    "administration:users": Access(V.MANAGE_USERS),
    "administration:user_change": Access(V.MANAGE_USERS, "POST", POSTED),
    "administration:sources": Access(V.MANAGE_SOURCES),
    "administration:source": Access(V.MANAGE_SOURCES),
    "administration:audit": Access(V.VIEW_AUDIT),
    "administration:audit_verify": Access(V.VIEW_AUDIT, "POST", POSTED),
    "imports:start": Access(V.IMPORT_RECORDS),
    "imports:review": Access(V.IMPORT_RECORDS, ok=frozenset({404, 302})),  # no upload in this world
    "imports:job": Access(V.IMPORT_RECORDS, ok=frozenset({404})),  # no job in this world
    "stats:dashboard": Access(V.VIEW_AGGREGATES),
    "stats:estimate": Access(V.VIEW_AGGREGATES),
    "stats:table_csv": Access(V.VIEW_AGGREGATES),
    "stats:chart": Access(V.VIEW_AGGREGATES, args={"fmt": "png"}),
    "un:due": Access(V.MANAGE_SUBMISSIONS),
    "un:case": Access(V.MANAGE_SUBMISSIONS),
    "un:case_edit": Access(V.MANAGE_SUBMISSIONS),
    "un:fill": Access(V.MANAGE_SUBMISSIONS, "POST", POSTED),
    "un:step_add": Access(V.MANAGE_SUBMISSIONS, "POST", POSTED),
    "un:step_withdraw": Access(V.MANAGE_SUBMISSIONS, "POST", POSTED),
    "un:generate": Access(V.MANAGE_SUBMISSIONS, "POST", POSTED),
    "un:communication": Access(V.MANAGE_SUBMISSIONS, ok=frozenset({404})),
    "un:mark_sent": Access(V.MANAGE_SUBMISSIONS, "POST", POSTED),
    "un:communication_file": Access(V.MANAGE_SUBMISSIONS, ok=frozenset({404}), args={"fmt": "pdf"}),
    "un:submission": Access(V.MANAGE_SUBMISSIONS, ok=frozenset({404})),
    "un:letter_file": Access(V.MANAGE_SUBMISSIONS, ok=frozenset({404})),
    "exports:index": Access(V.EXPORT_RECORDS),
    "exports:request": Access(V.EXPORT_RECORDS),
    "exports:approvals": Access(V.APPROVE_EXPORTS),
    "exports:detail": Access(V.EXPORT_RECORDS, args={"pk": "approved_export"}),
    "exports:approve": Access(V.APPROVE_EXPORTS, "POST", frozenset({302}), args={"pk": "pending_export"}),
    "exports:refuse": Access(V.APPROVE_EXPORTS, "POST", frozenset({302}), args={"pk": "pending_export"}),
    # Only the requester (Rima) downloads; to everyone else the file does not exist.
    "exports:download": Access(V.EXPORT_RECORDS, args={"pk": "approved_export"}, ok=frozenset({404}),
                               by_user={"rima": frozenset({200})}),
    "api:schema": Access(LOGGED_IN),
    "api:persons": Access(V.VIEW_RECORDS),
    "api:person": Access(V.VIEW_RECORDS),
    "api:search": Access(V.VIEW_RECORDS, "POST", frozenset({400})),  # an empty query is refused
    # The restricted record: only the administrator (who sees every source) gets it.
    "api:record": Access(V.VIEW_RECORDS, args={"pk": "restricted_record"}, ok=frozenset({404}),
                         by_user={"yusuf": frozenset({200})}),
    "api:imports": Access(V.IMPORT_RECORDS, "POST", frozenset({400, 415})),  # no file posted
    "api:import-job": Access(V.IMPORT_RECORDS, ok=frozenset({404})),
    "api:review_pairs": Access(V.REVIEW_MATCHES),
    "api:review_pair": Access(V.REVIEW_MATCHES, ok=frozenset({404})),
    "api:review_decide": Access(V.REVIEW_MATCHES, "POST", POSTED),
    "api:review_undo": Access(V.REVIEW_MATCHES, "POST", POSTED),
    "api:un-readiness": Access(V.MANAGE_SUBMISSIONS),
    "api:un-submission": Access(V.MANAGE_SUBMISSIONS, ok=frozenset({404})),
    "api:un-due": Access(V.MANAGE_SUBMISSIONS),
    "api:exports-list": Access(V.EXPORT_RECORDS),
    "api:exports-approvals": Access(V.APPROVE_EXPORTS),
    "api:exports-detail": Access(V.EXPORT_RECORDS, args={"pk": "approved_export"}),
    "api:exports-approve": Access(V.APPROVE_EXPORTS, "POST", frozenset({200, 409}), args={"pk": "pending_export"}),
    "api:exports-refuse": Access(V.APPROVE_EXPORTS, "POST", frozenset({200, 409}), args={"pk": "pending_export"}),
    "api:exports-file": Access(V.EXPORT_RECORDS, args={"pk": "approved_export"}, ok=frozenset({404}),
                               by_user={"rima": frozenset({200})}),
    "api:tracing-requests": Access(V.MANAGE_TRACING),
    # The world holds no tracing request: past the capability check, 404.
    "api:tracing-request": Access(V.MANAGE_TRACING, ok=frozenset({404})),
    "api:tracing-requester": Access(V.MANAGE_TRACING, ok=frozenset({404})),
    "api:tracing-status": Access(V.MANAGE_TRACING, "POST", POSTED),
    "api:tracing-match": Access(V.MANAGE_TRACING, "POST", POSTED),
    "api:tracing-verify": Access(V.MANAGE_TRACING, "POST", POSTED),
    "api:tracing-reject": Access(V.MANAGE_TRACING, "POST", POSTED),
    "api:tracing-inform": Access(V.MANAGE_TRACING, "POST", POSTED),
}

# Every name the world holds, in both scripts: none may reach the analyst.
OPEN_NAMES = ("سليم حسن الخطيب", "Salim Hasan al-Khatib")
# Names and record ids only in the restricted source: none may reach Rima, who was not granted it.
RESTRICTED_NAMES = ("نادر سامي الحموي", "Nader Sami al-Hamawi", "ليلى الحموي")
RESTRICTED_RECORD_IDS = ("RSTR-71", "RSTR-72")
ROLES = ("anonymous", "yusuf", "omar", "rima", "reem", "sami")


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.extend(_walk(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            found.append((f"{namespace}{pattern.name}" if pattern.name else "", pattern))
    return found


def all_url_names() -> list[str]:
    names = [name for name, _ in _walk(get_resolver().url_patterns)]
    assert "" not in names, "every URL needs a name so that its access can be declared"
    return names


def build_world() -> dict[str, Any]:
    cast = make_cast()
    open_source = make_source("matrix_open", sensitivity=Sensitivity.INTERNAL)
    restricted = make_source("matrix_restricted", sensitivity=Sensitivity.RESTRICTED)
    salim = Person.objects.create()
    link_record(make_record("OPEN-1", source=open_source, full_name=OPEN_NAMES[0], event_type="arrest",
                            event_date="2013-05"), salim, actor=None)
    link_record(make_record("OPEN-2", source=open_source, full_name=OPEN_NAMES[1]), salim, actor=None)
    # Salim is also named in the restricted source (under his mother's name): Rima must not see it.
    link_record(make_record("RSTR-72", source=restricted, full_name=OPEN_NAMES[0], mother_name=RESTRICTED_NAMES[2]),
                salim, actor=None)
    nader = Person.objects.create()  # known only from the restricted source
    hidden_record = make_record("RSTR-71", source=restricted, full_name=RESTRICTED_NAMES[0])
    link_record(hidden_record, nader, actor=None)
    make_record("RSTR-73", source=restricted, full_name=RESTRICTED_NAMES[1])  # not linked to anyone
    pending = exports.request_export(scope="source", source=open_source, file_format="csv", recipient="internal",
                                     purpose="matrix", actor=cast["rima"])
    approved = exports.request_export(scope="persons", person_ids=[salim.public_id], file_format="csv",
                                      recipient="internal", purpose="matrix", actor=cast["rima"])
    exports.approve_export(approved, actor=cast["omar"])
    return {
        "cast": cast,
        "ids": {"public_id": salim.public_id, "user_id": str(cast["rima"].pk), "source_id": str(open_source.pk),
                "key": next(iter(TITLES)), "token": "no-such-upload", "job_id": "no-such-job", "pk": str(MISSING), "step_id": str(MISSING),
                "fmt": "csv", "pending_export": str(pending.pk), "approved_export": str(approved.pk),
                "restricted_record": str(hidden_record.pk), "record_id": "no-such-case"},
        "hidden_person": nader.public_id,
    }


def _url(name: str, pattern: URLPattern, access: Access, ids: dict[str, str], **override: str) -> str:
    kwargs = {}
    for parameter in pattern.pattern.regex.groupindex:
        key = access.args.get(parameter, parameter)
        kwargs[parameter] = override.get(parameter, ids.get(key, key))
    return reverse(name, kwargs=kwargs)


def _expected(role: str, user: Any, name: str, access: Access) -> frozenset[int] | str:
    if access.need == PUBLIC:
        return access.ok
    if user is None:
        return frozenset({401, 403}) if name.startswith("api:") else "login"
    if access.need == LOGGED_IN or has_capability(user, Capability(access.need)):
        return access.by_user.get(role, access.ok)
    return frozenset({403})


def _fetch(client: Client, method: str, url: str) -> Any:
    return client.post(url) if method == "POST" else client.get(url)


def test_every_url_has_a_declared_access() -> None:
    names = all_url_names()
    undeclared = sorted(set(names) - set(ACCESS))
    assert not undeclared, f"declare who may reach these URLs in ACCESS: {undeclared}"
    stale = sorted(set(ACCESS) - set(names))
    assert not stale, f"ACCESS names URLs that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_declared(client: Client, db: None, role: str) -> None:
    world = build_world()
    user = None if role == "anonymous" else world["cast"][role]
    if user is not None:
        client.force_login(user)
    wrong = []
    bodies: list[tuple[str, str]] = []
    for name, pattern in _walk(get_resolver().url_patterns):
        access = ACCESS[name]
        url = _url(name, pattern, access, world["ids"])
        response = _fetch(client, access.method, url)
        expected = _expected(role, user, name, access)
        if expected == "login":
            if response.status_code != 302 or not response["Location"].startswith(reverse("login")):
                wrong.append(f"{access.method} {name}: {response.status_code}, expected the login page")
        elif response.status_code not in expected:
            wrong.append(f"{access.method} {name}: {response.status_code}, expected {sorted(expected)}")
        if not getattr(response, "streaming", False):
            bodies.append((name, response.content.decode("utf-8", errors="replace")))
        if name == "logout" and user is not None:
            client.force_login(user)  # the walk goes on as the same user
    assert not wrong, "\n".join(wrong)
    if role in ("anonymous", "sami"):
        leaks = [(n, w) for n, body in bodies for w in (*OPEN_NAMES, *RESTRICTED_NAMES) if w in body]
        assert not leaks, f"names reached {role}: {leaks}"


def test_an_analyst_gets_no_name_from_search_either(client: Client, db: None) -> None:
    world = build_world()
    client.force_login(world["cast"]["sami"])
    for query in (*OPEN_NAMES, "Salim"):
        response = client.post(reverse("web:person_list"), {"q": query})
        assert response.status_code == 403
    body = client.get(reverse("stats:dashboard")).content.decode()
    assert not [w for w in (*OPEN_NAMES, *RESTRICTED_NAMES) if w in body]


def test_a_restricted_source_is_invisible_to_an_ungranted_caseworker_everywhere(client: Client, db: None) -> None:
    world = build_world()
    rima = world["cast"]["rima"]
    client.force_login(rima)
    bodies: list[tuple[str, str]] = []
    wrong = []
    for name, pattern in _walk(get_resolver().url_patterns):
        access = ACCESS[name]
        if name == "logout":
            continue
        response = _fetch(client, access.method, _url(name, pattern, access, world["ids"]))
        if not getattr(response, "streaming", False):
            bodies.append((name, response.content.decode("utf-8", errors="replace")))
        if "public_id" in pattern.pattern.regex.groupindex:
            # The same URL for the person known only from the restricted source.
            hidden = _fetch(client, access.method,
                            _url(name, pattern, access, world["ids"], public_id=world["hidden_person"]))
            allowed = access.need == LOGGED_IN or has_capability(rima, Capability(access.need))
            if hidden.status_code != (404 if allowed else 403):
                wrong.append(f"{name}: {hidden.status_code} for the hidden person")
            bodies.append((f"{name} (hidden)", hidden.content.decode("utf-8", errors="replace")))
    # Searches, in both scripts, for names only the restricted source holds.
    for query in RESTRICTED_NAMES:
        client.post(reverse("web:person_list"), {"q": query})
        results = client.get(reverse("web:person_list")).content.decode()
        assert world["hidden_person"] not in results
        # The page repeats her own query (search box, "matches for ..."): that is not a leak.
        bodies.append((f"search {query}", results.replace(query, "")))
    # The approved export of Salim (built from what Rima may see) holds his open records only.
    download = client.get(reverse("exports:download", args=[world["ids"]["approved_export"]]))
    assert download.status_code == 200
    bodies.append(("export file", download.content.decode("utf-8-sig")))
    assert "OPEN-1" in bodies[-1][1] and "OPEN-2" in bodies[-1][1]
    assert not wrong, "\n".join(wrong)
    leaks = [(n, w) for n, body in bodies for w in (*RESTRICTED_NAMES, *RESTRICTED_RECORD_IDS, "RSTR-73")
             if w in body]
    assert not leaks, f"the restricted source reached Rima through: {leaks}"
    # ... while a granted administrator sees them (the test can fail).
    client.force_login(world["cast"]["yusuf"])
    page = client.get(reverse("web:person_detail", args=[world["ids"]["public_id"]])).content.decode()
    assert "RSTR-72" in page
