"""Copy the gazetteer (`athar.gazetteer`, reviewed CSV data) into the `Place` table, and resolve
place text to Place rows.

The copy takes the model class as an argument so that data migrations can pass their historical
model: each gazetteer update ships as a new data migration calling `copy_gazetteer_places`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from athar.gazetteer import Place as GazetteerPlace


def copy_gazetteer_places(place_model: Any, places: Iterable[GazetteerPlace]) -> int:
    """Create or update one Place per gazetteer place; returns how many were written.

    Two passes: rows first, then governorate/parent references, so the order of the data does not
    matter. A reference to an id the gazetteer does not contain is a bug in its data: it raises."""
    places = list(places)
    known = {p.id for p in places}
    for place in places:
        place_model.objects.update_or_create(
            id=place.id,
            defaults={
                "name_ar": place.name_ar or "",
                "name_en": place.name_en or "",
                "kind": place.kind,
                "aliases": list(place.aliases or ()),
                "number": place.number or "",
                "notes": place.notes or "",
            },
        )
    for place in places:
        for attribute in ("governorate_id", "parent_id"):
            target = getattr(place, attribute)
            if target and target not in known:
                raise ValueError(f"gazetteer place {place.id}: {attribute} {target} is not in the gazetteer")
        place_model.objects.filter(id=place.id).update(
            governorate_id=place.governorate_id or None, parent_id=place.parent_id or None)
    return len(places)


def remove_gazetteer_places(place_model: Any, places: Iterable[GazetteerPlace]) -> int:
    """Undo `copy_gazetteer_places`: delete those ids (references to them are set to NULL)."""
    ids = [p.id for p in places]
    place_model.objects.filter(id__in=ids).update(governorate=None, parent=None)
    deleted, _ = place_model.objects.filter(id__in=ids).delete()
    return deleted


class PlaceResolver:
    """Resolve place text as written ("Saydnaya", "صيدنايا", "Branch 215") to a `Place` id through the
    gazetteer, caching each text: an import names the same few hundred places thousands of times.
    Only ids present in the Place table are returned (a gazetteer newer than the database resolves
    nothing rather than a dangling id)."""

    def __init__(self, known_ids: Iterable[str]) -> None:
        self._known = frozenset(known_ids)
        self._cache: dict[tuple[str, bool], Any] = {}

    def _lookup(self, text: str, *, governorate: bool = False) -> Any:
        key = (text, governorate)
        if key not in self._cache:
            from athar.gazetteer import resolve_place

            if not self._known:
                self._cache[key] = None
            elif governorate:
                self._cache[key] = resolve_place(text, kinds=("governorate",))
            else:
                self._cache[key] = resolve_place(text)
        return self._cache[key]

    def resolve(self, text: str | None) -> str | None:
        """The Place id for `text`, or None when it is empty, unknown or ambiguous."""
        if not text:
            return None
        place = self._lookup(text)
        return place.id if place is not None and place.id in self._known else None

    def resolve_governorate(self, text: str | None) -> str | None:
        """The governorate named by `text` ("Rif Dimashq", "محافظة حمص"), or failing that the
        governorate of the place it names ("Douma" → Rif Dimashq)."""
        if not text:
            return None
        place = self._lookup(text, governorate=True) or self._lookup(text)
        if place is None:
            return None
        target = place.id if place.kind == "governorate" else place.governorate_id
        return target if target in self._known else None
