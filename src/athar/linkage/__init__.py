"""athar.linkage: find the records that describe the same person, across lists and scripts, and
explain every match (Splink 5 + DuckDB, pure Python, no Django).

- `link(paths, out_dir, ...)` → pairs.csv, clusters.csv, model.json, features.parquet (spec §2),
  run.duckdb for large runs (what incremental linking opens), candidates.csv (the review queue
  of the person-level second pass, `person_pass`, which places two-part-name records against
  whole persons).
- `link` also runs the cluster-merge pass (`cluster_merge`): one person split in two clusters
  (IDs one typing error apart, given and family name swapped) is merged, each merge in merges.csv.
- `link_new` / `IncrementalMatcher`: new records against an earlier run (new × existing, new × new),
  scored with the run's model compiled to SQL once (`incremental_sql`, stored as scoring.json).
- `explain_pair`, `explain_records` → `PairExplanation` (per-field weights that add up).
- `Judgement`, `Label`: review decisions (cannot-links, must-links, m estimation).
- `save_model` / `load_model`: versioned model JSON.

What it cannot do: see docs/linkage.md ("Limits") — two-part names with nothing else in common
are placed only when one person is clearly best, so among many namesakes they go to review; a misread given name that happens to be another dictionary
name keeps two records apart; clusters are never split after the fact.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from athar.linkage.explain import FieldContribution, PairExplanation
    from athar.linkage.explain_pair import explain_pair, explain_records
    from athar.linkage.incremental import IncrementalMatcher, IncrementalResult, link_new
    from athar.linkage.labels import Judgement, Label, read_labels, write_labels
    from athar.linkage.model_store import StoredModel, load_model, save_model
    from athar.linkage.pipeline import LinkResult, Progress, link

# Each name is imported from its module when first used, not with the package: importing
# `athar.linkage.incremental` (one new record against a run, `athar link --against`) would
# otherwise load the whole linker, Splink with it (a quarter of a second of a one-second command).
# `explain_pair` is also its module's name: once that module is imported, the package attribute
# is the module; import the function from `athar.linkage.explain_pair`.
_HOMES = {
    "FieldContribution": "explain", "PairExplanation": "explain",
    "explain_pair": "explain_pair", "explain_records": "explain_pair",
    "IncrementalMatcher": "incremental", "IncrementalResult": "incremental", "link_new": "incremental",
    "Judgement": "labels", "Label": "labels", "read_labels": "labels", "write_labels": "labels",
    "StoredModel": "model_store", "load_model": "model_store", "save_model": "model_store",
    "LinkResult": "pipeline", "Progress": "pipeline", "link": "pipeline",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"athar.linkage.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "FieldContribution",
    "IncrementalMatcher",
    "IncrementalResult",
    "Judgement",
    "Label",
    "LinkResult",
    "PairExplanation",
    "Progress",
    "StoredModel",
    "explain_pair",
    "explain_records",
    "link",
    "link_new",
    "load_model",
    "read_labels",
    "save_model",
    "write_labels",
]
