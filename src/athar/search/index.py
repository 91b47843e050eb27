"""Keep the name-key index (`NameKey`) in step with the registry's records.

Incremental: records not indexed yet, or indexed by another version of the key function (see
`keys.fingerprint`), are (re)indexed in batches; the rest is left alone. Records are immutable once
imported (they are the verbatim source rows), so nothing else can make an entry stale. A record
deleted from the registry takes its keys with it (foreign keys cascade).

Nobody has to remember to call this: `engine.search_persons` refreshes first. `athar init` (run after
every upgrade) and `athar demo` call it, so that a search does not pay for re-keying every record
after an upgrade that changed the keys; after a large import, `athar init` does the same."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction
from django.db.models import QuerySet

from athar.registry.models import Record
from athar.search.keys import INDEXED_FIELDS, fingerprint, record_keys
from athar.search.models import IndexedRecord, NameKey

BATCH_SIZE = 1000
Progress = Callable[[int, int], None]


def stale_records() -> QuerySet[Record]:
    current = IndexedRecord.objects.filter(fingerprint=fingerprint()).values("record_id")
    return Record.objects.exclude(pk__in=current)


def pending_count() -> int:
    """How many records the index lacks or holds with an outdated key function.

    No join: an `IndexedRecord` is keyed by its record and deleted with it, so the records lacking
    an entry are the difference of two counts (of primary keys), and the outdated entries are found
    through the fingerprint's index (none, except after an upgrade of the name engine). This runs
    before every search, so it must stay cheap on a million records."""
    # Two ranges rather than "not equal", which the database answers by reading every entry.
    current = fingerprint()
    outdated = (IndexedRecord.objects.filter(fingerprint__lt=current).count()
                + IndexedRecord.objects.filter(fingerprint__gt=current).count())
    return Record.objects.count() - IndexedRecord.objects.count() + outdated


def _index_batch(record_ids: Sequence[int]) -> None:
    with transaction.atomic():
        NameKey.objects.filter(record_id__in=record_ids).delete()
        IndexedRecord.objects.filter(record_id__in=record_ids).delete()
        keys: list[NameKey] = []
        for row in Record.objects.filter(pk__in=record_ids).values("pk", *INDEXED_FIELDS):
            keys.extend(NameKey(record_id=row["pk"], key=key) for key in record_keys(row))
        # ignore_conflicts: two processes refreshing at once must not fail each other's search.
        NameKey.objects.bulk_create(keys, batch_size=BATCH_SIZE, ignore_conflicts=True)
        IndexedRecord.objects.bulk_create(
            [IndexedRecord(record_id=pk, fingerprint=fingerprint()) for pk in record_ids],
            batch_size=BATCH_SIZE, ignore_conflicts=True)


def refresh_index(*, progress: Progress | None = None) -> int:
    """Index every record that needs it; return how many were indexed."""
    if pending_count() == 0:
        return 0
    ids = list(stale_records().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        _index_batch(ids[start:start + BATCH_SIZE])
        if progress:
            progress(min(start + BATCH_SIZE, len(ids)), len(ids))
    return len(ids)


def rebuild_index() -> int:
    """Drop the whole index and build it again (after restoring a backup, or to reclaim space)."""
    with transaction.atomic():
        NameKey.objects.all().delete()
        IndexedRecord.objects.all().delete()
    return refresh_index()
