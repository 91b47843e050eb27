"""Forms of the import pages: the upload, and the mapping of a file's columns to athar's fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from athar.interchange import COLUMNS, DateOrder
from athar.registry.choices import SourceKind

MAX_UPLOAD_BYTES = 200 * 1024 * 1024

FIELD_LABELS: dict[str, Any] = {
    "record_id": _("Record id"), "source": _("Source"), "full_name": _("Full name"), "first_name": _("Given name"),
    "father_name": _("Father's name"), "grandfather_name": _("Grandfather's name"),
    "family_name": _("Family name"), "mother_name": _("Mother's name"),
    "mother_family_name": _("Mother's family name"), "sex": _("Sex"), "birth_date": _("Date of birth"),
    "age": _("Age"), "birth_place": _("Place of birth"), "national_id": _("National number"),
    "governorate": _("Governorate"), "event_type": _("Event type"), "event_date": _("Date of the event"),
    "event_place": _("Place of the event"),
}
DATE_ORDER_CHOICES = [("", _("Not declared: ambiguous dates go to quarantine")),
                      (DateOrder.DMY.value, _("Day first (03/04/2013 is 3 April)")),
                      (DateOrder.MDY.value, _("Month first (03/04/2013 is 4 March)")),
                      (DateOrder.YMD.value, _("Year first"))]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or Excel .xlsx)"))
    source = forms.CharField(label=_("Source"), max_length=100, required=False,
                             help_text=_("For rows without a source column or with an empty one."))
    kind = forms.ChoiceField(label=_("Kind of a new source"), choices=SourceKind.choices, initial=SourceKind.OTHER)
    date_order = forms.ChoiceField(label=_("Order of day and month in dates"), choices=DATE_ORDER_CHOICES,
                                   required=False)
    sheet = forms.CharField(label=_("Sheet (Excel workbooks with several sheets)"), max_length=100, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: a field of the records format, or kept as written."""

    def __init__(self, columns: list[str], suggestions: dict[str, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        choices = [("", _("Keep as written (not read)")), *((c, FIELD_LABELS[c]) for c in COLUMNS)]
        for index, column in enumerate(columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=column, choices=choices, required=False, initial=suggestions.get(column, ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen: dict[str, str] = {}
        for index, column in enumerate(self.columns):
            value = cleaned.get(f"column_{index}") or ""
            if value and value in chosen:
                self.add_error(f"column_{index}", _("Two columns are read as the same field."))
            if value:
                chosen[value] = column
        if "record_id" not in chosen:
            raise forms.ValidationError(_("Choose the column that holds each row's id (Record id)."))
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {column: self.cleaned_data.get(f"column_{index}") or "" for index, column in enumerate(self.columns)}

    def bound_rows(self) -> list[tuple[str, forms.BoundField]]:
        return [(column, self[f"column_{index}"]) for index, column in enumerate(self.columns)]
