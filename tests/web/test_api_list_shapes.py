"""Every list endpoint of the API answers in the shape its OpenAPI schema declares: a paginated
envelope (count, next, previous, results) where the schema says so, a bare array where it says
that, and rows that conform to the declared item. Called for real, as an administrator, on the
permission matrix's world (so that each list holds rows)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from tests.web.test_permission_matrix import build_world

pytestmark = pytest.mark.django_db
PAGINATED = {"count", "next", "previous", "results"}


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _list_operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(path, resolved 200 schema) of every GET without path parameters that answers a list."""
    found = []
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        content = get["responses"].get("200", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        schema = _resolve(content["schema"], spec)
        properties = schema.get("properties", {})
        if schema.get("type") == "array" or properties.get("results", {}).get("type") == "array":
            found.append((path, schema))
    return found


def _check_item(row: dict[str, Any], item_schema: dict[str, Any], spec: dict[str, Any], where: str) -> None:
    item = _resolve(item_schema, spec)
    assert isinstance(row, dict), where
    declared = set(item.get("properties", {}))
    assert set(item.get("required", [])) <= set(row), f"{where}: required fields missing"
    assert set(row) <= declared, f"{where}: fields the schema does not declare: {sorted(set(row) - declared)}"


def test_every_list_endpoint_answers_in_its_declared_shape(client: Client) -> None:
    world = build_world()
    token = Token.objects.create(user=world["cast"]["yusuf"]).key
    headers = {"Authorization": f"Token {token}"}
    spec = json.loads(client.get("/api/schema/", headers=headers).content)
    operations = _list_operations(spec)
    paths = {path for path, _ in operations}
    assert {"/api/persons/", "/api/review/pairs/", "/api/exports/", "/api/un/due/"} <= paths, paths
    for path, schema in operations:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        body = json.loads(response.content)
        if schema.get("type") == "array":
            assert isinstance(body, list), f"{path}: declared an array, answered {type(body).__name__}"
            rows, item = body, schema["items"]
        else:
            properties = schema["properties"]
            assert isinstance(body, dict) and set(body) <= set(properties), f"{path}: {sorted(body)}"
            if set(properties) >= PAGINATED:
                assert set(body) == PAGINATED, f"{path}: declared paginated, answered {sorted(body)}"
            rows, item = body["results"], properties["results"]["items"]
        for row in rows:
            _check_item(row, item, spec, path)


def test_the_person_list_is_declared_as_the_paginated_envelope_it_answers_with(client: Client) -> None:
    world = build_world()
    token = Token.objects.create(user=world["cast"]["yusuf"]).key
    headers = {"Authorization": f"Token {token}"}
    spec = json.loads(client.get("/api/schema/", headers=headers).content)
    schema = _resolve(spec["paths"]["/api/persons/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
                      spec)
    assert schema["type"] == "object" and set(schema["properties"]) >= PAGINATED
    body = json.loads(client.get("/api/persons/", headers=headers).content)
    assert body["count"] == 2 and len(body["results"]) == 2 and body["results"][0]["id"].startswith("P")


def test_the_schema_is_generated_without_a_warning(tmp_path: Any) -> None:
    """drf-spectacular's warnings mark a wrong schema (two components of one name, an endpoint it
    could not describe): the schema must come without any."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/persons/" in (tmp_path / "schema.yaml").read_text(encoding="utf-8")
