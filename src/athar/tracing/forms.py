"""Forms of the tracing pages: the request (as a family tells it), the requester, consent per
recipient, photos. Labels in Arabic first (the catalogue), dates at the precision given."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from athar.registry.date_forms import PartialDateFormField
from athar.tracing.intake import MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES, Photo
from athar.tracing.models import Channel, Recipient, Relationship, Status

SEX_CHOICES = [("", _("Unknown")), ("M", _("Male")), ("F", _("Female"))]
LANGUAGE_CHOICES = [("ar", "العربية"), ("en", "English")]
CHANNEL_LABELS = {
    Channel.PHONE: _("Phone call"), Channel.WHATSAPP: _("WhatsApp"), Channel.SIGNAL: _("Signal"),
    Channel.EMAIL: _("Email"), Channel.IN_PERSON: _("In person"),
}
RELATIONSHIP_LABELS = {
    Relationship.MOTHER: _("Mother"), Relationship.FATHER: _("Father"), Relationship.SISTER: _("Sister"),
    Relationship.BROTHER: _("Brother"), Relationship.WIFE: _("Wife"), Relationship.HUSBAND: _("Husband"),
    Relationship.DAUGHTER: _("Daughter"), Relationship.SON: _("Son"),
    Relationship.OTHER_RELATIVE: _("Other relative"), Relationship.REPRESENTATIVE: _("Lawyer or representative"),
    Relationship.OTHER: _("Other"),
}
RECIPIENT_LABELS = {
    Recipient.INTERNAL: _("Internal documentation"),
    Recipient.WGEID: _("UN Working Group on Enforced or Involuntary Disappearances"),
    Recipient.WGAD: _("UN Working Group on Arbitrary Detention"),
    Recipient.SR_TORTURE: _("UN Special Rapporteur on Torture"),
    Recipient.IIMP: _("Independent Institution on Missing Persons in Syria"),
    Recipient.NATIONAL_COMMISSION: _("National Commission for Missing Persons"),
    Recipient.ICRC: _("International Committee of the Red Cross"),
    Recipient.PUBLICATION: _("Publication"),
}
STATUS_LABELS = {
    Status.NEW: _("New"), Status.SEARCHING: _("Searching"), Status.CANDIDATE_FOUND: _("Candidate found"),
    Status.VERIFIED: _("Verified"), Status.REJECTED: _("Rejected"), Status.FAMILY_INFORMED: _("Family informed"),
    Status.CLOSED: _("Closed"),
}


def _text(label: Any, max_length: int = 100, **kwargs: Any) -> forms.CharField:
    field = forms.CharField(label=label, max_length=max_length, required=False, **kwargs)
    field.widget.attrs.setdefault("dir", "auto")
    return field


class MissingPersonForm(forms.Form):
    given_name = _text(_("Given name"))
    father_name = _text(_("Father's name"))
    grandfather_name = _text(_("Grandfather's name"))
    family_name = _text(_("Family name"), 150)
    mother_name = _text(_("Mother's name"))
    mother_family_name = _text(_("Mother's family name"), 150)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False)
    birth_date = PartialDateFormField(label=_("Birth date (a year is enough)"))
    age = forms.IntegerField(label=_("Age when last seen"), required=False, min_value=0, max_value=120)
    birth_place = _text(_("Place of birth or civil-registry place"), 200)
    last_seen_on = PartialDateFormField(label=_("Last seen: date"))
    last_seen_place = _text(_("Last seen: place (as people say it)"), 200)
    circumstances = forms.CharField(label=_("What happened"), required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))
    detaining_party = _text(_("Who took him or her, if known"), 300)
    preferred_language = forms.ChoiceField(label=_("Language for contacting the family"), choices=LANGUAGE_CHOICES)
    preferred_channel = forms.ChoiceField(label=_("How to contact the family"),
                                          choices=[(c.value, CHANNEL_LABELS[c]) for c in Channel])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("family_name")):
            raise forms.ValidationError(_("Give at least the given name or the family name."))
        return data

    def description(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class RequesterForm(forms.Form):
    relationship = forms.ChoiceField(label=_("Your relationship to the missing person"),
                                     choices=[("", "—")] + [(r.value, RELATIONSHIP_LABELS[r]) for r in Relationship],
                                     required=False)
    name = _text(_("Name of the person asking"), 200)
    phone = _text(_("Phone"), 50, widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr"}))
    email = forms.EmailField(label=_("Email"), required=False, max_length=200)
    other_contact = _text(_("Other way to reach you (messenger, address)"), 300)
    safety_notes = _text(_("When and how is it safe to contact you?"), 500)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("phone") or data.get("email") or data.get("other_contact")):
            raise forms.ValidationError(_("Give at least one way to reach you."))
        return data

    def requester(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class ConsentForm(forms.Form):
    """One checkbox per recipient, with the wording shown beside it (set by the view)."""

    def __init__(self, *args: Any, texts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.texts = texts
        for recipient in Recipient:
            self.fields[f"consent_{recipient.value}"] = forms.BooleanField(
                label=RECIPIENT_LABELS[recipient], required=False, help_text=texts[recipient.value],
                initial=False)

    def consents(self) -> dict[str, bool]:
        """Only what was ticked counts as consent; nothing ticked records nothing (never a default)."""
        return {r.value: True for r in Recipient if self.cleaned_data.get(f"consent_{r.value}")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosForm(forms.Form):
    photos = forms.FileField(label=_("Photos of the missing person (optional)"), required=False,
                             widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._photos: list[Photo] = []

    def clean_photos(self) -> None:
        files = self.files.getlist("photos") if self.files else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most three photos."))
        photos = []
        for upload in files:
            if upload.size is None or upload.size > MAX_PHOTO_BYTES or upload.content_type not in PHOTO_TYPES:
                raise forms.ValidationError(_("Photos must be JPEG, PNG or WebP images of at most 5 MB."))
            photos.append(Photo(upload.read(), str(upload.content_type)))
        self._photos = photos

    def uploaded(self) -> list[Photo]:
        return self._photos


class PublicTrapForm(forms.Form):
    """A field people never see (hidden by CSS, labelled for screen readers to leave empty): a form
    robot fills it in, and its submission is dropped while getting the same answer as anyone."""

    website = forms.CharField(required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class StatusForm(ReasonForm):
    to_status = forms.ChoiceField(label=_("New state"), choices=[])

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [(s, STATUS_LABELS[Status(s)]) for s in allowed]


class InformForm(forms.Form):
    channel = forms.ChoiceField(label=_("How you spoke to the family"),
                                choices=[(c.value, CHANNEL_LABELS[c]) for c in Channel])
    notes = forms.CharField(label=_("What the family said, what was agreed"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    confirmed = forms.BooleanField(label=_("I spoke to the family myself, following the script."), required=True)


class AddConsentForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=[(r.value, RECIPIENT_LABELS[r]) for r in Recipient])
    is_granted = forms.TypedChoiceField(label=_("Answer"), coerce=lambda v: v == "yes",
                                        choices=[("yes", _("Consents")), ("no", _("Refuses"))])
    given_by = _text(_("Given by (relationship)"), 100)
