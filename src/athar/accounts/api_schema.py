"""Pieces of the API's schema shared by the apps (below the web layer, which owns the handler that
writes them: athar.web.api.errors). One component per shape: drf-spectacular refuses two of one name."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer[Any]):
    """The API's one error envelope: {"error": {"code", "message", "fields"?}}."""

    error = inline_serializer("ErrorBody", fields={
        "code": serializers.CharField(), "message": serializers.CharField(),
        "fields": serializers.DictField(required=False)})
