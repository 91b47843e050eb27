"""The API's one error shape: `{"error": {"code": "...", "message": "..."}}` with the HTTP status.
Clients branch on `code`; people read `message`. Messages never carry personal data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _code_of(exc: Exception) -> str:
    # Django's own exceptions, which REST framework answers as 404 and 403 without converting them.
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, PermissionDenied):
        return "permission_denied"
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            return codes
        if isinstance(codes, dict | list):
            return "invalid"
    return "error"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        message: Any = str(data["detail"])
        fields = None
    else:
        message = "The request has invalid fields." if response.status_code == status.HTTP_400_BAD_REQUEST \
            else "The request failed."
        fields = data
    envelope: dict[str, Any] = {"code": _code_of(exc), "message": message}
    if fields is not None:
        envelope["fields"] = fields
    response.data = {"error": envelope}
    return response
