"""Translated labels for the registry's vocabularies (event types, fates, sexes), keyed by the
interchange values. The registry's model choices carry English labels for the admin and the CLI;
every page (web, review, tracing, UN) shows these instead, so that every string it shows has an Arabic
translation. They live here, below the apps with pages, so that there is one set of them; their
Arabic is in the registry's own catalogue (src/athar/registry/locale)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

EVENT_TYPE_LABELS = {
    "missing_report": _("Reported missing"),
    "arrest": _("Arrest"),
    "detention_sighting": _("Seen in detention"),
    "transfer": _("Transfer"),
    "trial": _("Trial"),
    "release": _("Release"),
    "death_certificate": _("Death certificate"),
    "death_report": _("Death report"),
    "testimony": _("Testimony"),
    "other": pgettext_lazy("event type", "Other"),
}

FATE_LABELS = {
    "alive": _("Alive"),
    "detained": _("Detained"),
    "released": _("Released"),
    "deceased": _("Deceased"),
    "unknown": _("Unknown"),
}

NAME_FIELD_LABELS = {
    "full_name": _("Full name"),
    "first_name": _("First name"),
    "father_name": _("Father's name"),
    "grandfather_name": _("Grandfather's name"),
    "family_name": _("Family name"),
    "mother_name": _("Mother's name"),
    "mother_family_name": _("Mother's family name"),
}

SEX_LABELS = {
    "M": _("Male"),
    "F": _("Female"),
}


def label(labels: Mapping[str, object], value: str) -> str:
    """The translated label of a value; the value itself when the vocabulary has grown since."""
    return str(labels.get(value, value))
