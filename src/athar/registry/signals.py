"""Signals the registry sends for the apps above it, which it may not import (the layers).

`persons_resolved`: sent by `athar.registry.linking.link_registry` once a linker run's clusters are
applied (every `athar resolve`, and the demo's linking). Arguments: `run_id` (str) and `run_dir`
(Path: the run kept for matching, athar.registry.kept_run, with model.json, features.parquet,
clusters.csv). A receiver returns one line for the operator (counts and ids
only, never a name) or None; it must not raise for an expected failure (it reports it in its
line), because the persons are already resolved. athar.tracing listens: open tracing requests are
matched against the new persons."""

from __future__ import annotations

from django.dispatch import Signal

persons_resolved = Signal()
