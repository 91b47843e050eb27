"""Import a records CSV (shared/spec/interchange.md, section 3) into the registry.

`import_records(path, *, default_source=None, source_kind="other", actor=None, progress=None)
-> ImportReport` is the one entry point (used by `athar import records`, `athar demo` and the web).

- Nothing is lost: a row with any problem goes to `QuarantinedRow` verbatim, with file, row, column
  and reason. Clean rows become `Record`s with their events and fate claims.
- Idempotent: a file whose SHA-256 was already imported adds nothing. In a new file (a corrected
  one), rows whose (source, record_id) is already in the registry are skipped and counted, so only
  the fixed rows come in; earlier quarantined rows with the same key are marked resolved. A skipped
  row whose content differs from the stored one is counted separately: it is not updated silently.
- The whole file is one transaction: an import that fails half-way leaves nothing behind.
- Raises `InputError` only when the file itself cannot be read (missing, not UTF-8, no header...).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from athar.errors import InputError
from athar.imports.models import QuarantinedRow
from athar.interchange import COLUMNS, NAME_COLUMNS, RecordRow, RowProblem, read_records
from athar.registry.models import ImportBatch, Record, Source, SourceKind
from athar.registry.services import BATCH_SIZE, add_records, get_or_create_sources, place_resolver

Progress = Callable[[int, int], None]  # (rows done so far, rows in the file)

# Longest value each column may hold in the database (PostgreSQL refuses longer ones; SQLite would
# keep them silently). A longer value is a problem of the row, not a reason to cut a name short.
_MAX_LENGTHS: dict[str, int] = {
    f.name: f.max_length
    for f in Record._meta.get_fields()
    if getattr(f, "max_length", None) and f.name not in {"sex", "event_type", "birth_date", "event_date"}
}
_MAX_LENGTHS["source"] = Source._meta.get_field("name").max_length or 100


@dataclass
class ImportReport:
    """Counts and quarantine locations of one import. No personal data: safe to print."""

    file_name: str
    sha256: str
    batch: ImportBatch | None = None
    already_imported: bool = False
    row_count: int = 0
    imported: int = 0
    skipped: int = 0
    skipped_changed: int = 0
    quarantined: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    sources_created: list[str] = field(default_factory=list)
    # Header cells that are not columns of the records format: kept verbatim, never interpreted.
    # A person should hear about them ("Full Name" is not `full_name`), not find out later.
    unknown_columns: list[str] = field(default_factory=list)
    has_name_column: bool = True

    def column_notes(self) -> list[str]:
        """Plain sentences about the header, for the person running the import."""
        notes = []
        if self.unknown_columns:
            described = []
            for column in self.unknown_columns:
                meant = _LOOKALIKES.get(_header_key(column))
                described.append(f"{column} (did you mean {meant}?)" if meant else column)
            notes.append("columns kept verbatim but not read as fields of the records format: "
                         + ", ".join(described))
        if not self.has_name_column:
            notes.append("no name column (" + ", ".join(NAME_COLUMNS[:5]) + "): "
                         "these records cannot be found by name")
        return notes


def _header_key(column: str) -> str:
    return "".join(ch for ch in column.casefold() if ch.isalnum())


_LOOKALIKES = {_header_key(c): c for c in COLUMNS}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_DATE_COLUMNS = frozenset({"birth_date", "event_date"})
_DATE_REASON = "not a valid date: expected YYYY, YYYY-MM or YYYY-MM-DD, a real month and day, year 1800-2100"


def _without_values(problem: RowProblem) -> RowProblem:
    """The reader's date reasons quote parts of the value ("day 30 out of range 1-28"); a birth date
    is personal data, so quarantine reasons name the rule instead. The raw row keeps the value."""
    if problem.column in _DATE_COLUMNS and any(ch.isdigit() for ch in problem.reason):
        return RowProblem(problem.file, problem.row, problem.column, _DATE_REASON)
    return problem


def _length_problems(row: RecordRow) -> list[RowProblem]:
    problems = []
    for column, limit in _MAX_LENGTHS.items():
        value = getattr(row, column, None)
        if isinstance(value, str) and len(value) > limit:
            problems.append(RowProblem(row.file, row.row, column, f"value longer than {limit} characters"))
    return problems


def _existing_raw(source_ids: dict[str, int], keys: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """Stored raw rows for the keys of this file that the registry already holds."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source_name, record_id in keys:
        if source_name in source_ids:
            by_source[source_name].append(record_id)
    found: dict[tuple[str, str], Any] = {}
    for source_name, record_ids in by_source.items():
        record_ids.sort()
        for start in range(0, len(record_ids), BATCH_SIZE):
            for record_id, raw in Record.objects.filter(
                    source_id=source_ids[source_name],
                    record_id__in=record_ids[start:start + BATCH_SIZE]).values_list("record_id", "raw"):
                found[(source_name, record_id)] = raw
    return found


def _quarantine(rows: Sequence[tuple[RecordRow, list[RowProblem]]], batch: ImportBatch, file_name: str) -> None:
    QuarantinedRow.objects.bulk_create([
        QuarantinedRow(
            batch=batch, file_name=file_name, row_number=row.row,
            column=problems[0].column or "", reason=problems[0].reason[:500],
            problems=[{"column": p.column, "reason": p.reason} for p in problems],
            raw=dict(row.raw), source_name=row.source[:100], record_id=row.record_id[:200])
        for row, problems in rows
    ], batch_size=BATCH_SIZE)


def import_records(path: str | Path, *, default_source: str | None = None,
                   source_kind: str = SourceKind.OTHER, actor: Any = None,
                   progress: Progress | None = None) -> ImportReport:
    """Import one records CSV. `default_source` is the source of rows whose `source` cell is empty
    (required when the column is absent); new sources are created with `source_kind`. `progress`, if
    given, is called as `progress(done, total)` while rows are processed. Raises InputError when the file itself
    cannot be read; every row problem ends in the report and in quarantine instead."""
    path = Path(path)
    result = read_records(path, default_source=default_source)
    try:
        sha256 = file_sha256(path)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", file=str(path)) from None
    report = ImportReport(file_name=path.name, sha256=sha256, row_count=len(result.rows),
                          unknown_columns=[c for c in result.columns if c not in COLUMNS
                                           and any(row.raw.get(c) for row in result.rows)],
                          has_name_column=any(c in NAME_COLUMNS for c in result.columns))
    previous = ImportBatch.objects.filter(sha256=sha256).first()
    if previous is not None:
        report.batch, report.already_imported, report.skipped = previous, True, len(result.rows)
        if progress:
            progress(len(result.rows), len(result.rows))
        return report
    _import_rows(result.rows, report, default_source=default_source, source_kind=source_kind,
                 actor=actor, progress=progress)
    return report


@transaction.atomic
def _import_rows(rows: list[RecordRow], report: ImportReport, *, default_source: str | None,
                 source_kind: str, actor: Any, progress: Progress | None) -> None:
    batch = ImportBatch.objects.create(file_name=report.file_name, sha256=report.sha256,
                                       default_source=default_source or "", row_count=len(rows),
                                       imported_by=actor)
    report.batch = batch
    checked = [(row, [_without_values(p) for p in row.problems] + _length_problems(row)) for row in rows]
    candidate_keys = {row.key for row, problems in checked if not problems}
    existing_names = set(Source.objects.filter(name__in={s for s, _ in candidate_keys})
                         .values_list("name", flat=True))
    report.sources_created = sorted({s for s, _ in candidate_keys} - existing_names)
    sources = get_or_create_sources({s for s, _ in candidate_keys}, kind=source_kind, actor=actor)
    stored = _existing_raw({n: s.pk for n, s in sources.items()}, candidate_keys)

    clean: list[RecordRow] = []
    bad: list[tuple[RecordRow, list[RowProblem]]] = []
    first_row_of: dict[tuple[str, str], int] = {}
    for row, problems in checked:
        if not problems and row.key in stored:
            report.skipped += 1
            if stored[row.key] != row.raw:
                report.skipped_changed += 1
            continue
        if not problems and row.key in first_row_of:
            problems = [RowProblem(row.file, row.row, "record_id",
                                   f"duplicate key (source, record_id): already in row {first_row_of[row.key]}")]
        if problems:
            bad.append((row, problems))
            report.problems.extend(problems)
            continue
        first_row_of[row.key] = row.row
        clean.append(row)

    resolver = place_resolver()
    done = len(rows) - len(clean)  # skipped and quarantined rows cost nothing more
    for start in range(0, len(clean), BATCH_SIZE * 5):
        chunk = clean[start:start + BATCH_SIZE * 5]
        add_records(chunk, sources=sources, batch=batch, resolver=resolver)
        done += len(chunk)
        if progress:
            progress(done, len(rows))
    _quarantine(bad, batch, report.file_name)
    report.imported, report.quarantined = len(clean), len(bad)
    _resolve_quarantine([row.key for row in clean], batch)
    batch.imported_count, batch.skipped_count, batch.quarantined_count = (
        report.imported, report.skipped, report.quarantined)
    batch.save(update_fields=["imported_count", "skipped_count", "quarantined_count"])


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
