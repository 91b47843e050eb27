"""Which sources, records and persons a user may read. Every view, API endpoint and export that
shows record-level data filters through these functions; nothing filters by hiding links.

The rules, by a source's sensitivity (`Source.sensitivity`), for a user with `VIEW_RECORDS`:
- public, internal: readable;
- confidential: readable with an active grant to the user or to the user's role;
- restricted: readable only with an active grant to the user by name.
Administrators read every source. A user without `VIEW_RECORDS` (an analyst) reads none. `None` as
the user means the command line, which has the operator's full rights.

A person is visible when at least one of its records is; what is shown of the person must then be
built from the visible records only (`visible_person_records`), or a restricted record's name would
leak through the person's display name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from athar.accounts.permissions import has_capability, role_of
from athar.accounts.roles import Capability, Role
from athar.registry.choices import Sensitivity
from athar.registry.models import Person, Record, Source, SourceGrant

# Persons per query when names are read for many (SQLite's limit on query parameters).
_CHUNK = 5000


def _is_unrestricted(user: Any) -> bool:
    return user is None or role_of(user) == Role.ADMINISTRATOR


def visible_sources(user: Any) -> QuerySet[Source]:
    if _is_unrestricted(user):
        return Source.objects.all()
    if not has_capability(user, Capability.VIEW_RECORDS):
        return Source.objects.none()
    role = role_of(user)
    active = SourceGrant.objects.filter(source=OuterRef("pk"), revoked_at__isnull=True)
    by_user = Exists(active.filter(user=user))
    by_role = Exists(active.filter(role=role or "", user__isnull=True))
    return Source.objects.filter(
        Q(sensitivity__in=[Sensitivity.PUBLIC, Sensitivity.INTERNAL])
        | Q(sensitivity=Sensitivity.CONFIDENTIAL) & (by_user | by_role)
        | Q(sensitivity=Sensitivity.RESTRICTED) & by_user
    )


def visible_records(user: Any) -> QuerySet[Record]:
    if _is_unrestricted(user):
        return Record.objects.all()
    return Record.objects.filter(source__in=visible_sources(user))


def visible_persons(user: Any) -> QuerySet[Person]:
    """Active or retired persons with at least one visible record."""
    if _is_unrestricted(user):
        return Person.objects.all()
    return Person.objects.filter(Exists(visible_records(user).filter(person=OuterRef("pk"))))


def visible_person_records(user: Any, person: Person) -> QuerySet[Record]:
    return visible_records(user).filter(person=person)


def can_view_source(user: Any, source: Source) -> bool:
    return visible_sources(user).filter(pk=source.pk).exists()


def can_view_record(user: Any, record: Record) -> bool:
    return visible_records(user).filter(pk=record.pk).exists()


def can_view_person(user: Any, person: Person) -> bool:
    return visible_persons(user).filter(pk=person.pk).exists()


def visible_display_names(user: Any, person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's display name built from the records `user` may read ("" when none)."""
    from athar.registry.services import derive_display_name

    ids = sorted(set(person_ids))
    names: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        for record in visible_records(user).filter(person_id__in=ids[start:start + _CHUNK]).only(
                "person_id", "full_name", "first_name", "father_name", "grandfather_name", "family_name"):
            if record.person_id is not None:
                names[record.person_id].append(record.name_as_written)
    return {pk: derive_display_name(names.get(pk, [])) for pk in ids}


def persons_with_unreadable_records(user: Any, persons: QuerySet[Person]) -> QuerySet[Person]:
    """Those of `persons` holding at least one record `user` may not read: the only ones whose
    stored display name can differ from what `user` may see."""
    if _is_unrestricted(user):
        return persons.none()
    hidden = Record.objects.filter(person=OuterRef("pk")).exclude(source__in=visible_sources(user))
    return persons.filter(Exists(hidden))


def show_visible_names(user: Any, persons: list[Person]) -> None:
    """Set each person's `display_name` (in memory, never saved) from the records `user` may read.
    The stored display name is built from all of a person's records: shown as it is, it would carry
    a restricted record's name to someone who may not read that record."""
    names = visible_display_names(user, [p.pk for p in persons])
    for person in persons:
        person.display_name = names[person.pk]
