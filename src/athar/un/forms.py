"""Forms of the UN pages. Labels are translated; field ids (`id_<name>`) are the anchors the
readiness lists link to."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from athar.registry.choices import Fate
from athar.registry.date_forms import PartialDateFormField
from athar.registry.models import Event
from athar.un import config
from athar.un.choices import CorrespondenceKind, Language, Mechanism, StepType, WgadCategory
from athar.un.models import CaseFile

TEXTAREA = {"rows": 3, "dir": "auto"}


class EventChoiceField(forms.ModelChoiceField):
    """The person's events, shown as date — type — place (ids never shown)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date or '?'} — {obj.event_type} — {obj.place_text}"


class CaseForm(forms.ModelForm):
    disappearance_event = EventChoiceField(queryset=Event.objects.none(), required=False,
                                           label=_("The disappearance (from the timeline)"))
    wgad_categories = forms.MultipleChoiceField(
        choices=WgadCategory.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Categories of arbitrary detention invoked (WGAD)"))

    class Meta:
        model = CaseFile
        fields = [
            "name_latin", "nationality", "occupation", "residence", "disappearance_event", "perpetrator_type",
            "forces_responsible", "forces_description", "attribution_reasoning", "witnesses", "no_steps_reason",
            "submitting_organisation", "source_relation", "warrant_shown", "issuing_authority", "reasons_given",
            "legal_basis", "detaining_authority", "proceedings", "wgad_categories", "arbitrariness_argument",
            "treatment", "injuries", "medical_care", "visits", "narrative", "summary_ar", "other_bodies_seized",
        ]
        labels = {
            "name_latin": _("Name in Latin letters (family name last)"),
            "nationality": _("Nationality"),
            "occupation": _("Occupation and activities"),
            "residence": _("Usual residence"),
            "disappearance_event": _("The disappearance (from the timeline)"),
            "perpetrator_type": _("Type of perpetrator"),
            "forces_responsible": _("Forces believed responsible (full names of agencies, no abbreviations)"),
            "forces_description": _("Uniforms, vehicles, ranks"),
            "attribution_reasoning": _("Why they are believed responsible"),
            "witnesses": _("Witnesses (by relationship if anonymous)"),
            "no_steps_reason": _("If no step could be taken, why (e.g. fear of reprisals)"),
            "submitting_organisation": _("Submitting organisation (empty: this organisation)"),
            "source_relation": _("Relationship of the source to the person"),
            "warrant_shown": _("Was a warrant or decision shown?"),
            "issuing_authority": _("Authority that issued it"),
            "reasons_given": _("Reasons given by the authorities"),
            "legal_basis": _("Legislation invoked or applied"),
            "detaining_authority": _("Authority holding the person"),
            "proceedings": _("Charges, court, hearings, access to a lawyer"),
            "arbitrariness_argument": _("Why the detention is arbitrary"),
            "treatment": _("Treatment and methods of torture"),
            "injuries": _("Injuries"),
            "medical_care": _("Medical examination and care"),
            "visits": _("Visits by family, lawyers or doctors"),
            "narrative": _("Account of the facts"),
            "summary_ar": _("Summary in Arabic (annex)"),
            "other_bodies_seized": _("Other bodies seized of the case"),
        }
        widgets = {name: forms.Textarea(attrs=TEXTAREA) for name in (
            "occupation", "residence", "forces_responsible", "forces_description", "attribution_reasoning",
            "witnesses", "no_steps_reason", "issuing_authority", "reasons_given", "legal_basis",
            "detaining_authority", "proceedings", "arbitrariness_argument", "treatment", "injuries",
            "medical_care", "visits", "narrative", "summary_ar", "other_bodies_seized")}

    def __init__(self, *args: Any, events: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["disappearance_event"])
        field.queryset = events if events is not None else Event.objects.none()
        for name in ("name_latin", "nationality", "submitting_organisation", "source_relation"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["summary_ar"].widget.attrs["dir"] = "rtl"


class StepForm(forms.Form):
    step_type = forms.ChoiceField(choices=StepType.choices, label=_("Step"))
    taken_on = PartialDateFormField(label=_("When"))
    taken_by = forms.CharField(required=False, max_length=200, label=_("By whom (relationship)"))
    authority = forms.CharField(required=False, label=_("To which authority"), widget=forms.Textarea(attrs=TEXTAREA))
    outcome = forms.CharField(required=False, label=_("Result"), widget=forms.Textarea(attrs=TEXTAREA))


class GenerateForm(forms.Form):
    mechanism = forms.ChoiceField(choices=Mechanism.choices, widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=Language.choices, label=_("Language"))
    with_arabic_summary = forms.BooleanField(required=False, label=_("Add the Arabic summary"))


class SentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), initial=timezone.localdate,
                              widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"))
    address_used = forms.CharField(max_length=200, label=_("Address actually used (checked on the mechanism's page)"))

    def __init__(self, *args: Any, mechanism: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channels = config.mechanism(mechanism).get("channels", [])
        cast(forms.ChoiceField, self.fields["channel"]).choices = [(c["id"], c["id"]) for c in channels] + [("other", _("other"))]
        if channels:
            self.fields["address_used"].help_text = " · ".join(
                c["address"] + (" (unverified)" if c.get("unverified") else "") for c in channels)


class CorrespondenceForm(forms.Form):
    kind = forms.ChoiceField(choices=CorrespondenceKind.choices, label=_("Letter"))
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(required=False, max_length=100, label=_("UN reference"))
    new_status = forms.ChoiceField(required=False, label=_("New status"))
    summary = forms.CharField(required=False, label=_("Summary"), widget=forms.Textarea(attrs=TEXTAREA))
    claimed_fate = forms.ChoiceField(required=False, label=_("Fate the Government claims"), choices=[
        ("", _("none")), (Fate.DECEASED, _("Deceased")), (Fate.RELEASED, _("Released")),
        (Fate.DETAINED, _("Detained"))])
    claimed_on = PartialDateFormField(label=_("Date of the claimed fate"))
    opinion_number = forms.CharField(required=False, max_length=40, label=_("Opinion number (WGAD)"))
    document = forms.FileField(required=False, label=_("Scan of the letter"))

    def __init__(self, *args: Any, next_statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["new_status"]).choices = [("", _("unchanged")), *next_statuses]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("claimed_fate") and data.get("kind") != CorrespondenceKind.GOVERNMENT_REPLY:
            self.add_error("claimed_fate", _("Only a government reply records a claimed fate here."))
        return data


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    occurred_on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, label=_("Note"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args: Any, next_statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = next_statuses


class SubmissionDetailsForm(forms.Form):
    reference = forms.CharField(required=False, max_length=100, label=_("UN reference"))
    procedure = forms.ChoiceField(label=_("Procedure"))
    comments_due_on = forms.DateField(required=False, label=_("Comments due on"),
                                      widget=forms.DateInput(attrs={"type": "date"}))
    opinion_number = forms.CharField(required=False, max_length=40, label=_("Opinion number (WGAD)"))

    def __init__(self, *args: Any, mechanism: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["procedure"]).choices = [(p, p) for p in config.mechanism(mechanism)["procedures"]]
