"""The structured JSON copy: the payload itself, UTF-8, Arabic unescaped, keys sorted (stable bytes)."""

from __future__ import annotations

import json
from typing import Any


def render_json(payload: dict[str, Any]) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
