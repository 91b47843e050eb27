"""The API's front door: the OpenAPI schema, token authentication, one error envelope."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_schema_needs_authentication(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code in {401, 403}
    body = json.loads(response.content)
    assert set(body) == {"error"} and set(body["error"]) >= {"code", "message"}


def test_the_schema_is_served_to_a_token_holder(client: Client) -> None:
    token = Token.objects.create(user=make_user("rima", "caseworker"))
    response = client.get("/api/schema/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200
    assert json.loads(response.content)["openapi"].startswith("3.")


def test_an_api_client_is_not_sent_to_the_login_page(client: Client) -> None:
    response = client.get("/api/schema/", headers={"Authorization": "Token wrong"})
    assert response.status_code == 401
    assert json.loads(response.content)["error"]["code"] == "authentication_failed"


def test_a_missing_object_answers_not_found_in_the_envelope() -> None:
    from django.http import Http404

    from athar.web.api.errors import exception_handler

    response = exception_handler(Http404("no such person"), {})
    assert response is not None and response.status_code == 404
    assert response.data["error"]["code"] == "not_found"
