"""The case file: what the UN mechanisms ask about a disappeared person that the registry's records
do not hold (un-procedures.md §7.1). One per registry person. Identity, dates and places are NOT
here: they come from the person's records and events, with their sources.

Free text (who took him, what was done to him, what the family did) is encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedJSONField, EncryptedTextField
from athar.registry.fields import PartialDateField
from athar.un.choices import PerpetratorType, StepType, WarrantShown


class CaseFile(models.Model):
    person = models.OneToOneField("registry.Person", on_delete=models.PROTECT, related_name="un_case")

    # Identity, beyond the records: how the name is written in Latin letters on every form.
    name_latin = models.CharField(max_length=300, blank=True, default="")
    nationality = models.CharField(max_length=100, blank=True, default="")
    occupation = EncryptedTextField(blank=True, default="")
    residence = EncryptedTextField(blank=True, default="")
    disappearance_event = models.ForeignKey(
        "registry.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The event that is the disappearance; empty: the first arrest or missing report.")

    # Forces believed responsible (WGEID IV, WGAD II, SRT 2).
    perpetrator_type = models.CharField(max_length=20, choices=PerpetratorType.choices, blank=True, default="")
    forces_responsible = EncryptedTextField(blank=True, default="")
    forces_description = EncryptedTextField(blank=True, default="")
    attribution_reasoning = EncryptedTextField(blank=True, default="")
    witnesses = EncryptedTextField(blank=True, default="")

    # Steps taken (WGEID V): the steps themselves are DomesticStep rows.
    no_steps_reason = EncryptedTextField(blank=True, default="")

    # Who submits: the organisation (default: ATHAR_UN_ORGANISATION_NAME) and the source's relation.
    submitting_organisation = models.CharField(max_length=300, blank=True, default="")
    source_relation = models.CharField(max_length=200, blank=True, default="")

    # WGAD: legal basis and proceedings (model questionnaire II–IV).
    warrant_shown = models.CharField(max_length=3, choices=WarrantShown.choices, blank=True, default="")
    issuing_authority = EncryptedTextField(blank=True, default="")
    reasons_given = EncryptedTextField(blank=True, default="")
    legal_basis = EncryptedTextField(blank=True, default="")
    detaining_authority = EncryptedTextField(blank=True, default="")
    proceedings = EncryptedTextField(blank=True, default="")
    wgad_categories = models.JSONField(default=list, blank=True)
    arbitrariness_argument = EncryptedTextField(blank=True, default="")

    # SR Torture: treatment and injuries (model questionnaire block 2).
    treatment = EncryptedTextField(blank=True, default="")
    injuries = EncryptedTextField(blank=True, default="")
    medical_care = EncryptedTextField(blank=True, default="")
    visits = EncryptedTextField(blank=True, default="")

    narrative = EncryptedTextField(blank=True, default="")
    summary_ar = EncryptedTextField(blank=True, default="", help_text="Arabic summary for the annex.")
    other_bodies_seized = EncryptedTextField(blank=True, default="")
    confidential_items = EncryptedJSONField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"case file of person {self.person_id}"


class DomesticStep(models.Model):
    """One step taken to find the person: when, by whom (by relationship), to which authority, and
    what came of it. Never deleted: a step entered by mistake is withdrawn."""

    case = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="steps")
    step_type = models.CharField(max_length=20, choices=StepType.choices)
    taken_on = PartialDateField(null=True, blank=True)
    taken_by = models.CharField(max_length=200, blank=True, default="", help_text="By relationship: mother, lawyer.")
    authority = EncryptedTextField(blank=True, default="")
    outcome = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["taken_on", "id"]

    def __str__(self) -> str:
        return f"step {self.pk} of case {self.case_id}"
