"""Newly imported records against the registry's persons: matched, uncertain or new.

After an import, each new record of the batch (one not yet on a person) is scored against every
record of the last linkage run with the linker's incremental path (`athar.linkage.
IncrementalMatcher`, the one tracing uses to match a family's request), with that run's model:
- matched: the linker attaches it to an existing person's cluster and its best pair with that
  person's records is at or above the top of the review band. It is linked to the person (a
  linker link, like `athar resolve` makes: a later run may move it, a human link is never made);
- uncertain: it has a pair with a registry record in the review band, or the linker attaches it
  below the band's top. Those pairs go to the review queue; the record stays on no person;
- new: nothing in the registry comes near; the next `athar resolve` gives it a person.

Limits: it needs the run the last `athar resolve` kept for matching (athar.registry.kept_run);
before the registry's first resolve nothing is classified and the report says so. Records already on a person, and corrected rows (updates of existing records),
are not classified. Two new records of one file about one person are both "new" here: the next
resolve puts them together."""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from athar.audit.models import Action
from athar.audit.services import record_event
from athar.errors import AtharError
from athar.interchange import read_records, restore_cell
from athar.linkage import IncrementalMatcher
from athar.registry.kept_run import latest_run_dir, run_id_of
from athar.registry.linking import export_records_csv, registry_compare
from athar.registry.models import Event, FateClaim, LinkMethod, Person, PersonRecordLink, Record
from athar.registry.services import refresh_display_names
from athar.review.models import CandidateKind, CandidatePair
from athar.review.queue import DEFAULT_BAND, Key, ScoredPair, read_scored_pairs, record_index

NO_RUN = "no_linkage_run"
RUN_UNUSABLE = "linkage_run_unusable"


@dataclass
class IncomingReport:
    """Counts only (safe to print, log and show)."""

    classified: bool
    new: int = 0
    matched: int = 0
    uncertain: int = 0
    queued_pairs: int = 0
    run_id: str = ""
    reason: str = ""  # NO_RUN or RUN_UNUSABLE when not classified

    def as_dict(self) -> dict[str, Any]:
        return {"classified": self.classified, "new": self.new, "matched": self.matched,
                "uncertain": self.uncertain, "queued_pairs": self.queued_pairs, "run_id": self.run_id,
                "reason": self.reason}


def _write_rows(records: list[Record], path: Path) -> None:
    """The new records as a records CSV, with the extra columns the registry's runs compare."""
    export_records_csv(path, records=Record.objects.filter(pk__in=[r.pk for r in records]),
                       compare=registry_compare())


def _new_keys_status(clusters_csv: Path) -> dict[Key, str]:
    with clusters_csv.open(encoding="utf-8", newline="") as handle:
        return {(restore_cell(r["source"]), restore_cell(r["record_id"])): r["status"]
                for r in csv.DictReader(handle)}


def _attach(record: Record, person_id: int, *, probability: float, run_id: str) -> None:
    now = timezone.now()
    PersonRecordLink.objects.filter(record_id=record.pk, ended_at__isnull=True).update(ended_at=now)
    PersonRecordLink.objects.create(record_id=record.pk, person_id=person_id, method=LinkMethod.LINKER,
                                    match_probability=probability, run_id=run_id)
    Record.objects.filter(pk=record.pk).update(person_id=person_id)
    Event.objects.filter(record_id=record.pk).update(person_id=person_id)
    FateClaim.objects.filter(record_id=record.pk).update(person_id=person_id)


def _enqueue(pairs: list[tuple[int, int, ScoredPair]], run_id: str) -> int:
    existing = {(p.left_id, p.right_id): p for p in CandidatePair.objects.filter(
        left_id__in=[min(a, b) for a, b, _ in pairs])}
    created = 0
    for a, b, pair in pairs:
        left, right = sorted((a, b))
        found = existing.get((left, right))
        if found is not None:
            continue  # already queued (and maybe judged): the judgement stands
        CandidatePair.objects.create(left_id=left, right_id=right, kind=CandidateKind.BAND, run_id=run_id,
                                     match_probability=pair.probability, match_weight=pair.weight,
                                     explanation=pair.explanation)
        created += 1
    return created


def classify_batch(batch_id: int, *, actor: Any = None, band: tuple[float, float] = DEFAULT_BAND,
                   threshold: float = 0.5, report: Callable[[str], None] | None = None) -> IncomingReport:
    """Classify the new records of import batch `batch_id` (module docstring) and write the result:
    links for the matched, review pairs for the uncertain. Audited (counts only). The caller has
    checked that `actor` may import."""
    low, high = band
    records = list(Record.objects.filter(import_batch_id=batch_id, person__isnull=True).select_related("source"))
    run_dir = latest_run_dir()
    if not records:
        return IncomingReport(classified=True, run_id=run_id_of(run_dir) if run_dir else "")
    if run_dir is None:
        return IncomingReport(classified=False, new=len(records), reason=NO_RUN)
    run_id = run_id_of(run_dir)
    work_parent = Path(settings.DATA_DIR) / "imports" / "work"
    work_parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix="athar-incoming-", dir=work_parent))  # 0700: holds names
    try:
        _write_rows(records, work / "new.csv")
        rows = read_records(work / "new.csv").rows
        if report:
            report("matching")
        try:
            with IncrementalMatcher(run_dir) as matcher:
                matcher.match(rows, work / "out", threshold=threshold)
        except AtharError:
            return IncomingReport(classified=False, new=len(records), run_id=run_id, reason=RUN_UNUSABLE)
        status = _new_keys_status(work / "out" / "clusters.csv")
        scored = read_scored_pairs(work / "out" / "pairs.csv", low)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    new_keys = {(r.source.name, r.record_id): r for r in records}
    partners: dict[Key, list[tuple[Key, ScoredPair]]] = defaultdict(list)
    for pair in scored:
        for mine, other in ((pair.left, pair.right), (pair.right, pair.left)):
            if mine in new_keys and other not in new_keys:
                partners[mine].append((other, pair))
    index = record_index({other for found in partners.values() for other, _ in found})
    result = IncomingReport(classified=True, run_id=run_id)
    touched: set[int] = set()
    to_queue: list[tuple[int, int, ScoredPair]] = []
    with transaction.atomic():
        for key, record in sorted(new_keys.items()):
            known = [(index[other], pair) for other, pair in partners.get(key, []) if other in index]
            on_person = [(person, pair) for (_pk, person), pair in known if person is not None]
            best = max(on_person, key=lambda found: found[1].probability, default=None)
            if status.get(key) == "existing" and best is not None and best[1].probability >= high:
                _attach(record, best[0], probability=best[1].probability, run_id=run_id)
                touched.add(best[0])
                result.matched += 1
            elif any(low <= pair.probability < high for _, pair in known) or status.get(key) == "existing":
                to_queue += [(record.pk, pk, pair) for (pk, _person), pair in known if pair.probability < high]
                result.uncertain += 1
            else:
                result.new += 1
        result.queued_pairs = _enqueue(to_queue, run_id)
        if touched:
            Person.objects.filter(pk__in=touched).update(retired_at=None, merged_into=None)
            refresh_display_names(touched)
        record_event(actor=actor, action=Action.IMPORT, target_type="import_batch", target_id=batch_id,
                     details={"classified": result.as_dict()})
    return result


def classify_for_job(batch_id: int, actor: Any, report: Callable[[str], None]) -> dict[str, Any]:
    """`classify_batch` as an import job's after-import step (athar.imports.jobs)."""
    return classify_batch(batch_id, actor=actor, report=report).as_dict()

