"""Translated words of the review screens (the review keeps its own catalogue); the registry's
vocabularies (event types, sexes) come from athar.registry.labels."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from athar.registry.labels import EVENT_TYPE_LABELS, SEX_LABELS

FIELD_LABELS = {
    "name": _("Name as written"),
    "first_name": _("First name"),
    "father_name": _("Father's name"),
    "grandfather_name": _("Grandfather's name"),
    "family_name": _("Family name"),
    "mother_name": _("Mother's name"),
    "mother_family_name": _("Mother's family name"),
    "sex": _("Sex"),
    "birth_date": _("Born"),
    "age": _("Age"),
    "birth_place": _("Place of birth"),
    "national_id": _("National ID"),
    "governorate": _("Governorate"),
    "event_type": _("Event"),
    "event_date": _("Date of the event"),
    "event_place": _("Place of the event"),
}


VERDICT_LABELS = {
    "positive": _("Same person"),
    "negative": _("Different people"),
    "unsure": _("Cannot tell"),
}

KIND_LABELS = {
    "band": _("Uncertain score"),
    "ambiguous": _("Fits several persons"),
    "person": _("A candidate person for a thin record"),
}

END_LABELS = {
    "undone": _("undone"),
    "superseded": _("replaced by a later judgement"),
}


def side_by_side(left: dict[str, Any], right: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows (label, left value, right value, same?) for every field either record gives."""
    rows = []
    for name, label in FIELD_LABELS.items():
        lv = left["name"] if name == "name" else left.get(name) or left["fields"].get(name, "")
        rv = right["name"] if name == "name" else right.get(name) or right["fields"].get(name, "")
        if lv in ("", None) and rv in ("", None):
            continue
        coded: dict[str, Any] | None = {"sex": SEX_LABELS, "event_type": EVENT_TYPE_LABELS}.get(name)
        if coded:
            lv, rv = coded.get(str(lv), lv), coded.get(str(rv), rv)
        rows.append({"label": label, "left": "" if lv is None else lv, "right": "" if rv is None else rv,
                     "same": lv == rv and lv not in ("", None)})
    return rows
