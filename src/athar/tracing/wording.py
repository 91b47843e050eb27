"""The words read to a family: consent per recipient, in Arabic and English.

An organisation changes them with `set_consent_wording` (`athar trace wording set`);
the latest row per recipient and language wins, and each Consent keeps the exact text it was
given on, so a later change of wording never rewrites what a family agreed to. The texts below
are the built-in defaults, reviewed like code."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.services import record_event
from athar.tracing.models import ConsentWording, Recipient

DEFAULT_CONSENT_TEXTS: dict[str, dict[str, str]] = {
    Recipient.INTERNAL: {
        "ar": "نسجّل ما أخبرتنا به لنبحث عن قريبك في سجلاتنا. لا نشاركه مع أي جهة أخرى دون موافقتك، "
              "ويمكنك سحب موافقتك في أي وقت.",
        "en": "We record what you told us to search for your relative in our records. We share it with no "
              "one else without your consent, and you may withdraw your consent at any time.",
    },
    Recipient.WGEID: {
        "ar": "نطلب موافقتك على إرسال معلومات قريبك إلى الفريق العامل التابع للأمم المتحدة المعني بحالات "
              "الاختفاء القسري. قد تُنشر الحالة لاحقاً في تقارير الأمم المتحدة. يمكنك سحب موافقتك في أي وقت.",
        "en": "We ask your consent to send your relative's information to the UN Working Group on Enforced "
              "or Involuntary Disappearances. The case may later appear in UN reports. You may withdraw "
              "your consent at any time.",
    },
    Recipient.WGAD: {
        "ar": "نطلب موافقتك على إرسال معلومات قريبك إلى الفريق العامل التابع للأمم المتحدة المعني بالاحتجاز "
              "التعسفي. قد يُنشر رأي الفريق باسم قريبك. يمكنك سحب موافقتك في أي وقت.",
        "en": "We ask your consent to send your relative's information to the UN Working Group on Arbitrary "
              "Detention. Its opinion may be published with your relative's name. You may withdraw your "
              "consent at any time.",
    },
    Recipient.SR_TORTURE: {
        "ar": "نطلب موافقتك على إرسال معلومات قريبك إلى المقرر الخاص للأمم المتحدة المعني بالتعذيب. "
              "يمكنك سحب موافقتك في أي وقت.",
        "en": "We ask your consent to send your relative's information to the UN Special Rapporteur on "
              "Torture. You may withdraw your consent at any time.",
    },
    Recipient.IIMP: {
        "ar": "نطلب موافقتك على مشاركة معلومات قريبك مع المؤسسة المستقلة المعنية بالمفقودين في سوريا. "
              "يمكنك سحب موافقتك في أي وقت.",
        "en": "We ask your consent to share your relative's information with the Independent Institution "
              "on Missing Persons in Syria. You may withdraw your consent at any time.",
    },
    Recipient.NATIONAL_COMMISSION: {
        "ar": "نطلب موافقتك على مشاركة معلومات قريبك مع الهيئة الوطنية للمفقودين. يمكنك سحب موافقتك في أي وقت.",
        "en": "We ask your consent to share your relative's information with the National Commission for "
              "Missing Persons. You may withdraw your consent at any time.",
    },
    Recipient.ICRC: {
        "ar": "نطلب موافقتك على مشاركة معلومات قريبك مع اللجنة الدولية للصليب الأحمر. يمكنك سحب موافقتك في أي وقت.",
        "en": "We ask your consent to share your relative's information with the International Committee "
              "of the Red Cross. You may withdraw your consent at any time.",
    },
    Recipient.PUBLICATION: {
        "ar": "نطلب موافقتك على نشر اسم قريبك وما حدث له علناً. لن ننشر شيئاً دون هذه الموافقة الصريحة، "
              "ويمكنك سحبها في أي وقت، لكن ما نُشر قد لا يمكن سحبه.",
        "en": "We ask your consent to publish your relative's name and what happened to them. We publish "
              "nothing without this explicit consent; you may withdraw it at any time, but what has been "
              "published may not be retractable.",
    },
}


def consent_text(recipient: str, language: str) -> str:
    """The wording in use for `recipient` in `language` ("ar" or "en")."""
    Recipient(recipient)
    language = "en" if language == "en" else "ar"
    row = ConsentWording.objects.filter(recipient=recipient, language=language).order_by("-created_at", "-id").first()
    return row.text if row is not None else DEFAULT_CONSENT_TEXTS[recipient][language]


def set_consent_wording(recipient: str, language: str, text: str, *, actor: Any, request: Any = None) -> ConsentWording:
    """Put a new wording in use for `recipient` in `language`; earlier ones stay (consents given on
    them keep their own copy anyway). Administrators only, audited."""
    Recipient(recipient)
    if language not in ("ar", "en"):
        raise ValueError("the language must be 'ar' or 'en'")
    if not text.strip():
        raise ValueError("the wording is empty")
    check_capability(actor, Capability.MANAGE_USERS, request=request, target_type="consent_wording")
    with transaction.atomic():
        row = ConsentWording.objects.create(recipient=recipient, language=language, text=text.strip(),
                                            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        record_event(actor=actor, action="consent_wording", target_type="consent_wording", target_id=row.pk,
                     request=request, details={"recipient": recipient, "language": language})
        return row
