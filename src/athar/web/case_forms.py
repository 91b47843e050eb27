"""Forms of case work: the person's names as Syrians give them, partial dates, places as people say
them (with the gazetteer's names offered as suggestions), events, fate claims, notes and documents.
Forms only parse and validate; the writes are `athar.registry.cases` services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from athar.registry.cases import CASE_EVENT_TYPES
from athar.registry.date_forms import PartialDateFormField
from athar.registry.documents import MAX_DOCUMENT_BYTES
from athar.registry.filters import facilities, governorates
from athar.registry.labels import EVENT_TYPE_LABELS, FATE_LABELS, SEX_LABELS, label
from athar.registry.models import Fate, Sex


class ChoicesForm(forms.Form):
    """A form whose choice fields get their choices at run time (translated labels, the gazetteer)."""

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 — a programming error, not input
        return field


def _text(label_text: Any, *, max_length: int = 100, required: bool = False, **attrs: str) -> forms.CharField:
    return forms.CharField(label=label_text, max_length=max_length, required=required,
                           widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off", **attrs}))


class CaseForm(ChoicesForm):
    """The person, as the family gives them: given name, father, grandfather, family; mother's name and
    family; sex; date and place of birth; governorate."""

    first_name = _text(_("Given name"))
    father_name = _text(_("Father's name"))
    grandfather_name = _text(_("Grandfather's name"))
    family_name = _text(_("Family name"), max_length=150)
    mother_name = _text(_("Mother's name"))
    mother_family_name = _text(_("Mother's family name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), required=False, widget=forms.RadioSelect)
    birth_date = PartialDateFormField(label=_("Born"))
    birth_place = _text(_("Place of birth"), max_length=200, list="athar-places")
    governorate = _text(_("Governorate"), list="athar-governorates")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("sex").choices = [("", _("Not known")), *((v, label(SEX_LABELS, v)) for v in Sex.values)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(n) for n in ("first_name", "father_name", "grandfather_name", "family_name")):
            raise ValidationError(_("Give at least one part of the person's name."), code="no_name")
        return data


class EditCaseForm(CaseForm):
    reason = forms.CharField(
        label=_("Why the change"), max_length=300, required=True,
        help_text=_("Kept with the earlier values, for whoever reads this case later."),
        widget=forms.TextInput(attrs={"dir": "auto"}))


class EventForm(ChoicesForm):
    event_type = forms.ChoiceField(label=_("What happened"))
    date = PartialDateFormField(label=_("When"))
    place_text = _text(_("Where (as people say it)"), max_length=200, list="athar-places")
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("event_type").choices = [(v, label(EVENT_TYPE_LABELS, v)) for v in CASE_EVENT_TYPES]


class FateClaimForm(ChoicesForm):
    fate = forms.ChoiceField(label=_("Fate"))
    claimed_on = PartialDateFormField(label=_("As of"))
    evidence = forms.CharField(
        label=_("Evidence"), max_length=5000,
        help_text=_("What the claim rests on: who said it, which document, when."),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice_field("fate").choices = [(v, label(FATE_LABELS, v)) for v in Fate.values]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=10000,
                           widget=forms.Textarea(attrs={"dir": "auto", "rows": 5}))


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("A photo (JPEG, PNG, WebP, GIF) or a PDF, up to 25 MB."))
    description = forms.CharField(label=_("What it is"), max_length=500, required=False,
                                  widget=forms.TextInput(attrs={"dir": "auto"}))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise ValidationError(_("The file is larger than 25 MB."), code="too_big")
        return upload


class SearchFiltersForm(ChoicesForm):
    """The filters of the person search; choices are the gazetteer's and the user's visible sources."""

    governorate = forms.ChoiceField(label=_("Governorate"), required=False)
    facility = forms.ChoiceField(label=_("Facility"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100,
                              widget=forms.NumberInput(attrs={"dir": "ltr", "inputmode": "numeric"}))
    fate = forms.ChoiceField(label=_("Fate"), required=False)
    source = forms.TypedChoiceField(label=_("Source"), required=False, coerce=int, empty_value=None)
    sex = forms.ChoiceField(label=_("Sex"), required=False)

    def __init__(self, *args: Any, sources: Any = (), language: str = "ar", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        self._choice_field("governorate").choices = [anything, *((p.id, p.display_name(language)) for p in governorates())]
        self._choice_field("facility").choices = [anything, *((p.id, p.display_name(language)) for p in facilities())]
        self._choice_field("fate").choices = [anything, *((v, label(FATE_LABELS, v)) for v in Fate.values)]
        self._choice_field("source").choices = [anything, *((s.pk, s.name) for s in sources)]
        self._choice_field("sex").choices = [anything, *((v, label(SEX_LABELS, v)) for v in Sex.values)]

