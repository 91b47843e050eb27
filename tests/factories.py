"""A small named world for app tests, built by plain functions (no JSON fixtures).

The cast follows docs/users.md: Hala's brother (arrested 2013, death certificate 2019, seen in
Saydnaya 2021) is the standard case of conflicting fate claims."""

from __future__ import annotations

from typing import Any

from athar.interchange import PartialDate
from athar.registry.models import Record, Source
from athar.registry.services import derive_events_and_claims


def make_source(name: str = "family_reports_2024", **fields: Any) -> Source:
    source, _ = Source.objects.get_or_create(name=name, defaults=fields)
    return source


def make_record(record_id: str, *, source: Source | None = None, event_type: str = "",
                event_date: str | None = None, event_place: str = "", derive: bool = True,
                **fields: Any) -> Record:
    """A record with its raw row built from the given fields, and (unless derive=False) its event and
    fate claim derived as an import would."""
    source = source or make_source()
    raw = {"record_id": record_id, "source": source.name, "event_type": event_type,
           "event_date": event_date or "", "event_place": event_place,
           **{k: str(v) for k, v in fields.items()}}
    record = Record.objects.create(
        source=source, record_id=record_id, raw=raw, event_type=event_type,
        event_date=PartialDate.parse(event_date) if event_date else None, event_place=event_place, **fields)
    if derive:
        derive_events_and_claims(record)
    return record


def make_hala_brother_records(source_prefix: str = "") -> list[Record]:
    """Three records of one man from three sources: arrest, death certificate, sighting."""
    return [
        make_record("FR-1", source=make_source(f"{source_prefix}family_reports"), event_type="arrest",
                    event_date="2013-04", event_place="checkpoint", full_name="محمد أحمد الحسن"),
        make_record("DC-7", source=make_source(f"{source_prefix}death_certificates"),
                    event_type="death_certificate", event_date="2019-02-11",
                    full_name="Mohammad Ahmad Al-Hasan"),
        make_record("T-3", source=make_source(f"{source_prefix}testimonies"), event_type="detention_sighting",
                    event_date="2021", event_place="Saydnaya", full_name="محمد الحسن"),
    ]


# --- the cast of users, one per role (docs/users.md) --------------------------------------------

CAST_PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str | None, *, password: str = CAST_PASSWORD, **fields: Any) -> Any:
    """An active user with `role` (None: an account with no role, which may do nothing)."""
    from django.contrib.auth import get_user_model

    from athar.accounts.models import Account

    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    if role is not None:
        Account.objects.create(user=user, role=role)
    return user


def make_cast() -> dict[str, Any]:
    """Yusuf the administrator, Omar the data manager, Rima the caseworker, Reem the reviewer, Sami
    the analyst, and Nour, a caseworker of another team (for grants)."""
    return {
        "yusuf": make_user("yusuf", "administrator"),
        "omar": make_user("omar", "data_manager"),
        "rima": make_user("rima", "caseworker"),
        "reem": make_user("reem", "reviewer"),
        "sami": make_user("sami", "analyst"),
        "nour": make_user("nour", "caseworker"),
    }
