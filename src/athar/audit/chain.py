"""The hash of an audit row: SHA-256 over a canonical JSON of its fields and the previous hash.
Pure: shared by the writer and the verifier so that both compute exactly the same thing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def event_hash(*, sequence: int, occurred_at: datetime, actor_id: int | None, actor_label: str,
               action: str, outcome: str, target_type: str, target_id: str, ip_address: str | None,
               path: str, details: Mapping[str, Any], previous_hash: str) -> str:
    payload = {
        "sequence": sequence,
        # Microseconds and UTC offset included; databases keep microseconds for DateTimeField.
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "outcome": outcome,
        "target_type": target_type,
        "target_id": target_id,
        "ip_address": ip_address,
        "path": path,
        "details": details,
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
