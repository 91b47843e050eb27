"""Import a records file (CSV or .xlsx; shared/spec/interchange.md, section 3) into the registry.

`import_records(path, *, actor, ...) -> ImportReport` is the one entry point (used by `athar import
records`, `athar demo` and the web).

- Nothing is lost: a row with any problem goes to `QuarantinedRow` verbatim, with file, row, column
  and reason. Clean rows become `Record`s with their events and fate claims.
- Idempotent: a file whose SHA-256 was already imported adds nothing. In a new file (a corrected
  one), a row whose (source, record_id) is already in the registry is left alone when its verbatim
  row is unchanged, and updated when it differs: the record's previous state is kept as a
  `RecordRevision` (`athar.registry.revisions.revise_record`), never overwritten silently. Earlier
  quarantined rows with the key of an imported or updated row are marked resolved.
- A dry run does everything but keep it: the counts are those a real import would give.
- The whole file is one transaction (an import killed half-way leaves nothing behind), audited in
  the same transaction, and one import runs at a time (`athar.imports.locking`).
- Raises `InputError` only when the file itself cannot be read (missing, not text, no header...).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.errors import InputError
from athar.imports.locking import Waiting, import_lock
from athar.imports.models import ColumnMapping, QuarantinedRow
from athar.interchange import (
    NAME_COLUMNS,
    DateOrder,
    RecordRow,
    RowProblem,
    read_records,
    suggest_field,
)
from athar.registry.models import ImportBatch, Record, Source, SourceKind
from athar.registry.revisions import revise_record
from athar.registry.services import BATCH_SIZE, add_records, get_or_create_sources, place_resolver

Progress = Callable[[int, int], None]  # (rows done so far, rows in the file)

# Longest value each column may hold in the database (PostgreSQL refuses longer ones; SQLite would
# keep them silently). A longer value is a problem of the row, not a reason to cut a name short.
_MAX_LENGTHS: dict[str, int] = {
    f.name: f.max_length or 0
    for f in Record._meta.concrete_fields
    if f.max_length and f.name not in {"sex", "event_type", "birth_date", "event_date"}
}
_MAX_LENGTHS["source"] = Source._meta.get_field("name").max_length or 100
_TEXT_FIELDS = ("full_name", "first_name", "father_name", "grandfather_name", "family_name", "mother_name",
                "mother_family_name", "birth_place", "national_id", "governorate", "event_place")


@dataclass
class ImportReport:
    """Counts and quarantine locations of one import. No personal data: safe to print."""

    file_name: str
    sha256: str
    batch: ImportBatch | None = None
    already_imported: bool = False
    dry_run: bool = False
    row_count: int = 0
    imported: int = 0  # new records
    updated: int = 0  # records already present whose corrected row differs: revised, history kept
    skipped: int = 0  # records already present, row unchanged
    quarantined: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    sources_created: list[str] = field(default_factory=list)
    # Header cells that are not columns of the records format: kept verbatim, never interpreted.
    # A person should hear about them ("Name" is not `full_name`), not find out later.
    unknown_columns: list[str] = field(default_factory=list)
    has_name_column: bool = True
    # How the file was read ("UTF-16, separated by semicolons"; "Excel workbook, sheet 'List'").
    description: str = ""
    # Header cells read under another name (`Full Name` -> full_name), and where the mapping came from.
    renamed_columns: dict[str, str] = field(default_factory=dict)
    mapping_origin: str = ""  # "given", "saved for source NAME" or ""

    def summary(self) -> str:
        """The summary line of shared/spec/interchange.md section 3, extended (never reordered)."""
        return (f"imported {self.imported}, skipped as already present {self.skipped}, "
                f"quarantined {self.quarantined} (of {self.row_count} rows), updated {self.updated}")

    def column_notes(self) -> list[str]:
        """Plain sentences about the header, for the person running the import."""
        notes = []
        if self.description and self.description != "UTF-8, separated by commas":
            notes.append(f"read as {self.description}")
        if self.mapping_origin:
            notes.append(f"column mapping {self.mapping_origin}")
        if self.renamed_columns:
            notes.append("columns read as fields: " + ", ".join(
                f"{cell} -> {name}" for name, cell in self.renamed_columns.items()))
        if self.unknown_columns:
            described = []
            for column in self.unknown_columns:
                meant = suggest_field(column)
                described.append(f"{column} (maybe {meant}: see --mapping)" if meant else column)
            notes.append("columns kept verbatim but not read as fields of the records format: "
                         + ", ".join(described))
        if not self.has_name_column:
            notes.append("no name column (" + ", ".join(NAME_COLUMNS[:5]) + "): "
                         "these records cannot be found by name")
        return notes


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _length_problems(row: RecordRow) -> list[RowProblem]:
    problems = []
    for column, limit in _MAX_LENGTHS.items():
        value = getattr(row, column, None)
        if isinstance(value, str) and len(value) > limit:
            problems.append(RowProblem(row.file, row.row, column, f"value longer than {limit} characters"))
    return problems


def _existing(source_ids: dict[str, int], keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, Any]]:
    """(record pk, stored raw row) for the keys of this file that the registry already holds."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source_name, record_id in keys:
        if source_name in source_ids:
            by_source[source_name].append(record_id)
    found: dict[tuple[str, str], tuple[int, Any]] = {}
    for source_name, record_ids in by_source.items():
        record_ids.sort()
        for start in range(0, len(record_ids), BATCH_SIZE):
            for pk, record_id, raw in Record.objects.filter(
                    source_id=source_ids[source_name],
                    record_id__in=record_ids[start:start + BATCH_SIZE]).values_list("pk", "record_id", "raw"):
                found[(source_name, record_id)] = (pk, raw)
    return found


def _quarantine(rows: Sequence[tuple[RecordRow, list[RowProblem]]], batch: ImportBatch, file_name: str) -> None:
    QuarantinedRow.objects.bulk_create([
        QuarantinedRow(
            batch=batch, file_name=file_name, row_number=row.row,
            column=(problems[0].column or "")[:100], reason=problems[0].reason[:500],
            problems=[{"column": p.column, "reason": p.reason} for p in problems],
            raw=dict(row.raw), source_name=row.source[:100], record_id=row.record_id[:200])
        for row, problems in rows
    ], batch_size=BATCH_SIZE)


def _field_values(row: RecordRow) -> dict[str, Any]:
    """A clean row's parsed fields as the record stores them (for `revise_record`)."""
    values: dict[str, Any] = {name: getattr(row, name) or "" for name in _TEXT_FIELDS}
    values.update(sex=row.sex.value if row.sex else "", birth_date=row.birth_date, age=row.age,
                  event_type=row.event_type.value if row.event_type else "", event_date=row.event_date)
    return values


class _DryRun(Exception):  # noqa: N818 - control flow, never escapes this module
    """Raised inside the import's transaction to roll a dry run back."""


def saved_mapping(source_name: str | None) -> dict[str, str] | None:
    if not source_name:
        return None
    saved = ColumnMapping.objects.filter(source_name=source_name).first()
    return dict(saved.mapping) if saved else None


def save_mapping(source_names: Sequence[str], mapping: Mapping[str, str], *, actor: Any) -> None:
    """Keep `mapping` as the column mapping of each source, for its next import. Audited."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    for name in source_names:
        ColumnMapping.objects.update_or_create(source_name=name, defaults={"mapping": dict(mapping),
                                                                            "updated_by": user})
        record_event(actor=actor, action=Action.EDIT, target_type="column_mapping", target_id=name[:100],
                     details={"columns": len(mapping)})


def import_records(path: str | Path, *, default_source: str | None = None,
                   source_kind: str = SourceKind.OTHER, actor: Any = None,
                   progress: Progress | None = None, date_order: DateOrder | None = None,
                   encoding: str | None = None, delimiter: str | None = None,
                   mapping: Mapping[str, str] | None = None, sheet: str | None = None,
                   dry_run: bool = False, on_wait: Waiting | None = None,
                   display_name: str | None = None) -> ImportReport:
    """Import one records file. `default_source` is the source of rows whose `source` cell is empty
    (required when the column is absent); new sources are created with `source_kind`. `date_order`,
    `encoding`, `delimiter`, `sheet` are passed to the reader. `mapping` maps the file's columns to
    fields and is saved for the sources it was used for; without one, the mapping saved for
    `default_source` is used. `progress(done, total)` is called while rows are written; `on_wait()`
    once if another import holds the lock. `display_name` is the file name to record (the browser's
    upload name rather than a temporary path). Raises InputError when the file itself cannot be
    read, CapabilityDenied when `actor` may not import; every row problem ends in the report and in
    quarantine instead."""
    check_capability(actor, Capability.IMPORT_RECORDS, target_type="import")
    path = Path(path)
    origin = "given" if mapping is not None else ""
    if mapping is None and (mapping := saved_mapping(default_source)) is not None:
        origin = f"saved for source {default_source}"
    result = read_records(path, default_source=default_source, date_order=date_order, encoding=encoding,
                          delimiter=delimiter, mapping=mapping, sheet=sheet)
    try:
        sha256 = file_sha256(path)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", file=str(path)) from None
    report = ImportReport(
        file_name=(display_name or path.name)[:255], sha256=sha256, row_count=len(result.rows),
        dry_run=dry_run, description=result.description, mapping_origin=origin,
        unknown_columns=[c for c in result.unmapped_columns if any(row.raw.get(c) for row in result.rows)],
        has_name_column=any(c in result.fields for c in NAME_COLUMNS),
        renamed_columns={f: c for f, c in result.fields.items() if c != f})
    try:
        with import_lock(on_wait), transaction.atomic():
            previous = ImportBatch.objects.filter(sha256=sha256).first()
            if previous is not None:
                report.batch, report.already_imported, report.skipped = previous, True, len(result.rows)
            else:
                _import_rows(result.rows, report, default_source=default_source, source_kind=source_kind,
                             actor=actor, progress=progress)
                if mapping is not None and origin == "given":
                    used = sorted({row.source for row in result.rows if row.source})
                    save_mapping(used, mapping, actor=actor)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.batch = report.batch if report.already_imported else None
    if progress:
        progress(len(result.rows), len(result.rows))
    return report


def _import_rows(rows: list[RecordRow], report: ImportReport, *, default_source: str | None,
                 source_kind: str, actor: Any, progress: Progress | None) -> None:
    """Write one file's rows. Runs inside import_records' transaction, holding the import lock."""
    batch = ImportBatch.objects.create(file_name=report.file_name, sha256=report.sha256,
                                       default_source=default_source or "", row_count=len(rows),
                                       imported_by=actor if getattr(actor, "is_authenticated", False) else None)
    report.batch = batch
    checked = [(row, list(row.problems) + _length_problems(row)) for row in rows]
    candidate_keys = {row.key for row, problems in checked if not problems}
    existing_names = set(Source.objects.filter(name__in={s for s, _ in candidate_keys})
                         .values_list("name", flat=True))
    report.sources_created = sorted({s for s, _ in candidate_keys} - existing_names)
    sources = get_or_create_sources({s for s, _ in candidate_keys}, kind=source_kind, actor=actor)
    stored = _existing({n: s.pk for n, s in sources.items()}, candidate_keys)

    clean: list[RecordRow] = []
    changed: list[tuple[int, RecordRow]] = []
    bad: list[tuple[RecordRow, list[RowProblem]]] = []
    first_row_of: dict[tuple[str, str], int] = {}
    for row, problems in checked:
        if not problems and row.key in first_row_of:
            problems = [RowProblem(row.file, row.row, "record_id",
                                   f"duplicate key (source, record_id): already in row {first_row_of[row.key]}")]
        if problems:
            bad.append((row, problems))
            report.problems.extend(problems)
            continue
        first_row_of[row.key] = row.row
        if row.key in stored:
            pk, raw = stored[row.key]
            if raw == row.raw:
                report.skipped += 1
            else:
                changed.append((pk, row))
            continue
        clean.append(row)

    resolver = place_resolver()
    done = report.skipped + len(bad)  # unchanged and quarantined rows cost nothing more
    for start in range(0, len(clean), BATCH_SIZE * 5):
        chunk = clean[start:start + BATCH_SIZE * 5]
        add_records(chunk, sources=sources, batch=batch, resolver=resolver)
        done += len(chunk)
        if progress:
            progress(done, len(rows))
    if not report.dry_run:
        records = Record.objects.in_bulk([pk for pk, _ in changed])
        for pk, row in changed:
            revise_record(records[pk], values=_field_values(row), raw=row.raw, actor=actor,
                          reason="corrected row re-imported", batch=batch)
            done += 1
            if progress and done % 500 == 0:
                progress(done, len(rows))
    _quarantine(bad, batch, report.file_name)
    report.imported, report.updated, report.quarantined = len(clean), len(changed), len(bad)
    _resolve_quarantine([row.key for row in clean] + [row.key for _, row in changed], batch)
    batch.imported_count, batch.skipped_count, batch.quarantined_count = (
        report.imported, report.skipped, report.quarantined)
    batch.save(update_fields=["imported_count", "skipped_count", "quarantined_count"])
    record_event(actor=actor, action=Action.IMPORT, target_type="import_batch", target_id=batch.pk,
                 details={"rows": report.row_count, "imported": report.imported, "updated": report.updated,
                          "skipped": report.skipped, "quarantined": report.quarantined,
                          "sha256": report.sha256, "sources_created": len(report.sources_created)})


def _resolve_quarantine(keys: list[tuple[str, str]], batch: ImportBatch) -> None:
    """Mark earlier quarantined rows resolved when a corrected row with their key came in."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source_name, record_id in keys:
        by_source[source_name].append(record_id)
    pending = set(QuarantinedRow.objects.filter(resolved_by_batch__isnull=True)
                  .exclude(batch=batch).values_list("source_name", flat=True).distinct())
    for source_name in pending & by_source.keys():
        record_ids = by_source[source_name]
        for start in range(0, len(record_ids), BATCH_SIZE):
            QuarantinedRow.objects.filter(
                resolved_by_batch__isnull=True, source_name=source_name,
                record_id__in=record_ids[start:start + BATCH_SIZE]).exclude(batch=batch).update(
                resolved_by_batch=batch)
