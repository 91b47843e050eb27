"""Trained linkage models as versioned JSON files, so a model is trained once and reused
(incremental linking, explanations, the registry).

The file wraps Splink's own settings JSON (comparisons, blocking rules, m and u probabilities)
with what athar needs to use it safely later: a format name and version, the feature version
the comparisons were written for, and a short training record. A model written for other
features is refused rather than silently mis-scoring.

What it cannot do: migrate a model across feature versions; retrain instead."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from athar import __version__
from athar.errors import InputError

FORMAT = "athar-linkage-model"
FORMAT_VERSION = 1
# Bumped whenever features.py or comparisons.py change what a column means.
FEATURES_VERSION = 4


@dataclass
class StoredModel:
    splink_settings: dict[str, Any]
    training: dict[str, Any] = field(default_factory=dict)
    features_version: int = FEATURES_VERSION
    created: str = ""
    athar_version: str = __version__

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "features_version": self.features_version,
            "athar_version": self.athar_version,
            "created": self.created or datetime.now(UTC).isoformat(timespec="seconds"),
            "training": self.training,
            "splink_settings": self.splink_settings,
        }


def save_model(model: StoredModel, path: str | Path) -> Path:
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # never leave a half-written model behind
    return path


def load_model(path: str | Path) -> StoredModel:
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("model file not found", file=name) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError("not a JSON model file", file=name) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"not an athar linkage model (expected format {FORMAT!r})", file=name)
    if data.get("format_version") != FORMAT_VERSION:
        raise InputError(f"model format version {data.get('format_version')} is not supported "
                         f"(this athar reads version {FORMAT_VERSION})", file=name)
    if data.get("features_version") != FEATURES_VERSION:
        raise InputError(f"this model (or earlier run) was made by another version of athar (features version "
                         f"{data.get('features_version')}; this athar computes version {FEATURES_VERSION}): retrain "
                         "it by linking the lists again with `athar link`, without --model or --against", file=name)
    return StoredModel(splink_settings=data["splink_settings"], training=data.get("training", {}),
                       features_version=data["features_version"], created=data.get("created", ""),
                       athar_version=data.get("athar_version", ""))
