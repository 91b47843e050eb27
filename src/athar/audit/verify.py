"""Checking the audit chain: every row's hash recomputed, every link to the previous row followed,
the sequence checked for gaps, and the chain head compared with the last row."""

from __future__ import annotations

from dataclasses import dataclass

from athar.audit.chain import GENESIS_HASH, event_hash
from athar.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None  # the sequence number where the chain first breaks
    reason: str = ""

    @property
    def is_intact(self) -> bool:
        return self.broken_at is None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the whole chain in sequence order. Detects an edited row (its hash no longer matches its
    fields), a deleted row (a gap in the sequence, or a next row whose previous hash points at
    nothing), an inserted row (a previous hash that does not match), and a deleted tail (the head
    says more rows were written than exist)."""
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    checked = 0
    last_seen = 0
    while True:
        rows = list(AuditEvent.objects.filter(sequence__gte=expected_sequence).order_by("sequence")[:batch_size])
        if not rows:
            break
        for row in rows:
            if row.sequence != expected_sequence:
                return ChainReport(checked, expected_sequence,
                                   f"row {expected_sequence} is missing (next row is {row.sequence})")
            if row.previous_hash != previous_hash:
                return ChainReport(checked, row.sequence,
                                   f"row {row.sequence} does not follow row {row.sequence - 1}")
            recomputed = event_hash(
                sequence=row.sequence, occurred_at=row.occurred_at, actor_id=row.actor_id,
                actor_label=row.actor_label, action=row.action, outcome=row.outcome,
                target_type=row.target_type, target_id=row.target_id, ip_address=row.ip_address,
                path=row.path, details=row.details, previous_hash=row.previous_hash)
            if recomputed != row.hash:
                return ChainReport(checked, row.sequence, f"row {row.sequence} was changed after it was written")
            previous_hash = row.hash
            expected_sequence += 1
            last_seen = row.sequence
            checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != last_seen:
        return ChainReport(checked, last_seen + 1,
                           f"the log ends at row {last_seen} but {head.last_sequence} rows were written")
    if head is not None and last_seen and head.last_hash != previous_hash:
        return ChainReport(checked, last_seen, f"row {last_seen} is not the last row that was written")
    return ChainReport(checked)
