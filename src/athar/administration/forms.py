"""Forms of the administration pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from athar.accounts.roles import Role
from athar.audit.models import Action, Outcome
from athar.registry.choices import Sensitivity


class NewUserForm(forms.Form):
    username = forms.CharField(label=_("Account name"), max_length=150,
                               widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(label=_("First password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("At least 12 characters, not only digits. The person changes it after logging in."))

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError(_("An account with this name exists already."))
        return username


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SensitivityForm(forms.Form):
    sensitivity = forms.ChoiceField(label=_("Who may read it"), choices=Sensitivity.choices)


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Account"), required=False, queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("or every account of a role"), required=False,
                             choices=[("", "—"), *Role.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("user")) == bool(data.get("role")):
            raise forms.ValidationError(_("Choose one account or one role."))
        return data


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Account"), required=False, widget=forms.TextInput(attrs={"dir": "ltr"}))
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Any")), *Action.choices])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", _("Any")), *Outcome.choices])
    target_type = forms.CharField(label=_("Target type"), required=False, widget=forms.TextInput(attrs={"dir": "ltr"}))
    target_id = forms.CharField(label=_("Target id"), required=False, widget=forms.TextInput(attrs={"dir": "ltr"}))
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
