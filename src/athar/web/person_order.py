"""The order of a list of persons: by the names the user may see, names in the page's script first.

Used by the web person list and the API's person list. A person's stored display name is built
from all of its records; sorting by it would tell a user, by where a person lands in the list,
something of a name in a record they may not read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from django.db.models import Case, QuerySet, Value, When

from athar.registry.access import persons_with_unreadable_records, visible_display_names
from athar.registry.models import Person

# The Arabic block and its supplements start at U+0600; every Latin letter sorts below it.
_FIRST_ARABIC = "\u0600"


def _in_reading_order(persons: QuerySet[Person], language: str) -> QuerySet[Person]:
    """Persons by display name, names in the page's script first: an Arabic reader finds Arabic
    names on page one, not after every Latin-script name (the registry holds both)."""
    arabic_first = Case(When(display_name__gte=_FIRST_ARABIC, then=Value(0)), default=Value(1))
    if language != "ar":
        arabic_first = Case(When(display_name__gte=_FIRST_ARABIC, then=Value(1)), default=Value(0))
    return persons.annotate(script_order=arabic_first).order_by("script_order", "display_name", "public_id")


class _PersonsInOrder(Sequence[Person]):
    """Persons by ids in a given order, read from the database one page at a time (what Paginator
    slices), with the names the user may see."""

    def __init__(self, ids: list[int], names: dict[int, str]) -> None:
        self._ids, self._names = ids, names

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Person: ...
    @overload
    def __getitem__(self, index: slice) -> list[Person]: ...
    def __getitem__(self, index: int | slice) -> Person | list[Person]:
        if isinstance(index, int):
            return self[index:index + 1 or None][0]
        ids = self._ids[index]
        by_pk = Person.objects.in_bulk(ids)
        persons = [by_pk[pk] for pk in ids]
        for person in persons:
            person.display_name = self._names.get(person.pk, person.display_name)
        return persons


def in_visible_reading_order(user: Any, persons: QuerySet[Person],
                             language: str) -> QuerySet[Person] | _PersonsInOrder:
    """`_in_reading_order` by the names the user may see. A person with a record the user may not
    read has a stored display name that may come from that record: sorting by it would tell, by
    where the person lands in the list, something of a name the user may not read. Those persons
    are sorted by the name of their readable records instead (in Python: the name is derived)."""
    mixed = list(persons_with_unreadable_records(user, persons).values_list("pk", flat=True))
    if not mixed:
        return _in_reading_order(persons, language)
    names = dict(persons.values_list("pk", "display_name"))
    names.update(visible_display_names(user, mixed))
    public_ids = dict(persons.values_list("pk", "public_id"))
    arabic_first = 0 if language == "ar" else 1

    def key(pk: int) -> tuple[int, str, str]:
        name = names[pk]
        script = arabic_first if name >= _FIRST_ARABIC else 1 - arabic_first
        return (script, name, public_ids[pk])

    return _PersonsInOrder(sorted(names, key=key), names)
