"""`athar audit verify`: check the audit log's hash chain."""

from __future__ import annotations

import click

from athar.cli.django_setup import setup_django


@click.group("audit")
def command() -> None:
    """The audit log: who did what, when, from where (append-only, hash-chained)."""


@command.command("verify")
def verify() -> None:
    """Recompute the audit log's hash chain; exit 1 and name the first broken row if any row was
    changed, inserted or deleted."""
    setup_django()
    from athar.audit.verify import verify_chain

    report = verify_chain()
    if report.is_intact:
        click.echo(f"audit log intact: {report.checked} rows checked")
        return
    click.echo(f"athar: audit log broken at row {report.broken_at}: {report.reason} "
               f"({report.checked} rows checked before it)", err=True)
    raise SystemExit(1)
