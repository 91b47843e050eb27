"""The estimate form: which list each source belongs to, and the stricter match threshold."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from athar.estimation import MAX_LISTS, MIN_LISTS

LIST_NAMES = ("A", "B", "C", "D", "E", "F")


class EstimateForm(forms.Form):
    strict_threshold = forms.FloatField(
        label=_("Stricter match threshold"), min_value=0.0, max_value=1.0, initial=0.9,
        help_text=_("Records linked below this match probability count as persons of their own."))
    stratum = forms.ChoiceField(
        label=_("Stratify by"), required=False,
        choices=(("", _("no strata")), ("governorate", _("governorate")), ("arrest_year", _("year of arrest"))),
        help_text=_("Each stratum gets its own model; strata too small to fit are pooled."))
    criterion = forms.ChoiceField(label=_("Information criterion"), choices=(("aic", "AIC"), ("bic", "BIC")),
                                  initial="aic")

    def __init__(self, *args: Any, sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources = sources
        choices = [("", _("not used"))] + [(name, name) for name in LIST_NAMES]
        for index, source in enumerate(sources):
            self.fields[f"source_{index}"] = forms.ChoiceField(label=source, choices=choices, required=False)

    def source_fields(self) -> list[forms.BoundField]:
        return [self[f"source_{i}"] for i in range(len(self.sources))]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lists: dict[str, list[str]] = {}
        for index, source in enumerate(self.sources):
            name = cleaned.get(f"source_{index}")
            if name:
                lists.setdefault(name, []).append(source)
        if not MIN_LISTS <= len(lists) <= MAX_LISTS:
            raise forms.ValidationError(_("Put the sources into 3 to 6 lists (A, B, C, …)."))
        cleaned["lists"] = dict(sorted(lists.items()))
        return cleaned
