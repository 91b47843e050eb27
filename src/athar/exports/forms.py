"""The export request form. Persons are named by public id (URLs and forms carry ids, never names)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from athar.exports.models import FileFormat, Scope
from athar.registry.models import Source
from athar.tracing.models import Recipient

SCOPE_LABELS: dict[str, Any] = {Scope.PERSONS: _("The records of these persons"), Scope.SOURCE: _("The records of this source")}
FORMAT_LABELS: dict[str, Any] = {FileFormat.CSV: _("CSV"), FileFormat.XLSX: _("XLSX (Excel)")}
RECIPIENT_LABELS: dict[str, Any] = {
    Recipient.INTERNAL: _("Internal documentation"),
    Recipient.WGEID: _("UN Working Group on Enforced or Involuntary Disappearances"),
    Recipient.WGAD: _("UN Working Group on Arbitrary Detention"),
    Recipient.SR_TORTURE: _("UN Special Rapporteur on Torture"),
    Recipient.IIMP: _("Independent Institution on Missing Persons in Syria"),
    Recipient.NATIONAL_COMMISSION: _("National Commission for Missing Persons"),
    Recipient.ICRC: _("International Committee of the Red Cross"),
    Recipient.PUBLICATION: _("Publication"),
}


class ExportRequestForm(forms.Form):
    scope = forms.ChoiceField(label=_("What to export"), choices=list(SCOPE_LABELS.items()))
    person_ids = forms.CharField(label=_("Person ids"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Public ids of the persons, separated by spaces or new lines."))
    source = forms.ModelChoiceField(label=_("Source"), queryset=Source.objects.none(), required=False)
    file_format = forms.ChoiceField(label=_("Format"), choices=list(FORMAT_LABELS.items()))
    recipient = forms.ChoiceField(label=_("For"), choices=list(RECIPIENT_LABELS.items()),
                                  help_text=_("Persons whose family has not consented to this recipient are left out."))
    purpose = forms.CharField(label=_("Purpose"), max_length=200,
                              help_text=_("Why the export is needed, for the person who approves it."))

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_field = self.fields["source"]
        source_field.queryset = sources.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == Scope.PERSONS:
            data["ids"] = [i for i in re.split(r"[\s,]+", data.get("person_ids", "")) if i]
            if not data["ids"]:
                self.add_error("person_ids", _("Name at least one person."))
        elif data.get("scope") == Scope.SOURCE and data.get("source") is None:
            self.add_error("source", _("Choose a source."))
        return data
