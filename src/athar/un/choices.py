"""The UN app's vocabularies. Values are stable strings (stored, exported in the JSON copy); labels
are translated where the interface shows them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mechanism(models.TextChoices):
    """The mechanisms athar writes to. Values equal the consent recipients of athar.tracing."""

    WGEID = "wgeid", _("Working Group on Enforced or Involuntary Disappearances")
    WGAD = "wgad", _("Working Group on Arbitrary Detention")
    SRT = "srt", _("Special Rapporteur on Torture")


class PerpetratorType(models.TextChoices):
    STATE = "state", _("State agents")
    STATE_AFFILIATED = "state_affiliated", _("State-supported or acquiescing group")
    NON_STATE = "non_state", _("Non-State armed group")
    UNKNOWN = "unknown", _("Unknown")


class StepType(models.TextChoices):
    """What relatives (or others) did to find the person (WGEID section V, WGAD section V)."""

    INQUIRY = "inquiry", _("Inquiry at a branch, prison or ministry")
    COMPLAINT = "complaint", _("Complaint to police or prosecutor")
    HABEAS_CORPUS = "habeas_corpus", _("Court petition (habeas corpus)")
    PETITION = "petition", _("Petition to an official body")
    HUMAN_RIGHTS_BODY = "human_rights_body", _("National human rights body or commission")
    OTHER = "other", _("Other step")


class WarrantShown(models.TextChoices):
    UNKNOWN = "", _("Not known")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class WgadCategory(models.TextChoices):
    """The five categories of arbitrary detention of the WGAD's methods of work."""

    I = "I", _("I — no legal basis")  # noqa: E741 — the category's own name
    II = "II", _("II — exercise of rights and freedoms")
    III = "III", _("III — fair-trial violations")
    IV = "IV", _("IV — prolonged administrative custody of migrants or asylum seekers")
    V = "V", _("V — discrimination")


class DocumentFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
    JSON = "json", "JSON"


class Language(models.TextChoices):
    """Languages of the generated communication (UN special procedures take English, French or
    Spanish; Spanish is not offered yet)."""

    EN = "en", "English"
    FR = "fr", "Français"


class CorrespondenceKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
    REQUEST_FOR_INFORMATION = "request_for_information", _("Request for information")
    TRANSMISSION_NOTICE = "transmission_notice", _("Notice of transmission to the State")
    GOVERNMENT_REPLY = "government_reply", _("Government reply")
    OPINION = "opinion", _("Opinion or decision")
    OTHER = "other", _("Other letter")
