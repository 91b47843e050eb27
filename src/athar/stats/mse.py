"""Multiple systems estimation from the registry: capture histories of linked persons, the lists
being groups of sources the analyst chooses (athar.estimation does the statistics).

Linkage uncertainty: `threshold` re-reads the registry as a stricter linker would, approximately —
a record that the linker put in its person with a match probability below the threshold counts as a
person of its own (human judgements always stand). It does not re-run the linker, so it can only
split, never join; comparing the estimate at two thresholds shows how much the total depends on
linkage decisions."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from athar.errors import InputError
from athar.estimation import MAX_LISTS, MIN_LISTS, CaptureHistories
from athar.interchange import PartialDate
from athar.registry.choices import LinkMethod
from athar.registry.models import PersonRecordLink, Source


def read_lists_by_source(path: str | Path) -> dict[str, list[str]]:
    """A CSV `list,source` (one row per source; a list may hold several sources) → list → sources."""
    name = str(path)
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    if not rows:
        raise InputError("the file is empty; expected a header row list,source", file=name)
    header = [h.strip() for h in rows[0]]
    for column in ("list", "source"):
        if column not in header:
            raise InputError("missing column", file=name, row=1, column=column)
    at_list, at_source = header.index("list"), header.index("source")
    lists: dict[str, list[str]] = defaultdict(list)
    seen: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        cells = values + [""] * (len(header) - len(values))
        list_name, source = cells[at_list].strip(), cells[at_source].strip()
        if not list_name:
            raise InputError("empty list name", file=name, row=number, column="list")
        if not source:
            raise InputError("empty source", file=name, row=number, column="source")
        if source in seen:
            raise InputError(f"source already in a list on row {seen[source]}", file=name, row=number,
                             column="source")
        seen[source] = number
        lists[list_name].append(source)
    if not MIN_LISTS <= len(lists) <= MAX_LISTS:
        raise InputError(f"needs {MIN_LISTS} to {MAX_LISTS} lists, found {len(lists)}", file=name)
    known = set(Source.objects.filter(name__in=list(seen)).values_list("name", flat=True))
    for source, number in seen.items():
        if source not in known:
            raise InputError("no such source in the registry", file=name, row=number, column="source")
    return dict(lists)


REGISTRY_STRATA = ("governorate", "arrest_year")


Progress = Callable[[str, int, int], None]  # (stage, done, total): a command's progress bar
PROGRESS_EVERY = 10_000


def _units(lists_by_source: dict[str, list[str]], threshold: float | None, progress: Progress | None = None
           ) -> dict[tuple[str, int], dict[str, Any]]:
    """Persons (or records split off by the threshold) with the lists they are on and the values
    they could be stratified by."""
    list_names = tuple(lists_by_source)
    list_of_source = {source: i for i, name in enumerate(list_names) for source in lists_by_source[name]}
    source_ids = dict(Source.objects.filter(name__in=list(list_of_source)).values_list("id", "name"))
    links = (PersonRecordLink.objects
             .filter(ended_at__isnull=True, record__source_id__in=list(source_ids),
                     person__retired_at__isnull=True, person__merged_into__isnull=True)
             .values_list("person_id", "record_id", "record__source_id", "method", "match_probability",
                          "record__governorate", "record__event_type", "record__event_date")
             .order_by())
    units: dict[tuple[str, int], dict[str, Any]] = defaultdict(
        lambda: {"lists": set(), "governorate": [], "arrest_year": []})
    total = links.count() if progress is not None else 0
    for done, (person_id, record_id, source_id, method, probability, governorate, event_type, event_date) in \
            enumerate(links.iterator(chunk_size=5000), start=1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress("reading the registry's records", done, total)
        split_off = (threshold is not None and method != LinkMethod.HUMAN and probability is not None
                     and probability < threshold)
        unit = units[("record", record_id) if split_off else ("person", person_id)]
        unit["lists"].add(list_of_source[source_ids[source_id]])
        unit["governorate"].append(governorate.strip())
        if event_type == "arrest" and event_date is not None:
            unit["arrest_year"].append(str(cast(PartialDate, event_date).year))  # the field's value type
    return units


def _stratum_of(values: list[str]) -> str:
    counted = Counter(v for v in values if v)
    if not counted:
        return "unknown"
    best = max(counted.values())
    return min(v for v, c in counted.items() if c == best)


def registry_histories(lists_by_source: dict[str, list[str]], *, threshold: float | None = None,
                       progress: Progress | None = None) -> CaptureHistories:
    """Capture histories of the registry's active persons over the given lists. Persons with no
    record in any listed source are not part of the population and are not counted."""
    list_names = tuple(lists_by_source)
    rows = [tuple(1 if i in unit["lists"] else 0 for i in range(len(list_names)))
            for unit in _units(lists_by_source, threshold, progress).values()]
    return CaptureHistories.from_rows(list_names, rows)


def registry_strata(lists_by_source: dict[str, list[str]], stratum: str, *, threshold: float | None = None,
                    progress: Progress | None = None) -> dict[str, CaptureHistories]:
    """The same histories, per stratum: a person's governorate (as most of their records write it)
    or year of arrest (the earliest one recorded); "unknown" when their records give none."""
    if stratum not in REGISTRY_STRATA:
        raise InputError(f"cannot stratify the registry by {stratum!r}; choose one of {', '.join(REGISTRY_STRATA)}")
    list_names = tuple(lists_by_source)
    rows: dict[str, list[tuple[int, ...]]] = defaultdict(list)
    for unit in _units(lists_by_source, threshold, progress).values():
        values = unit[stratum]
        label = (min(values) if values else "unknown") if stratum == "arrest_year" else _stratum_of(values)
        rows[label].append(tuple(1 if i in unit["lists"] else 0 for i in range(len(list_names))))
    return {label: CaptureHistories.from_rows(list_names, r) for label, r in rows.items()}
