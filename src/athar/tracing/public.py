"""The public request form: a family asks without an account, and learns nothing from the answer.

Whatever the family writes, known to the registry or not, the answer is the same page (a
redirect to a fixed thank-you URL that carries nothing): no search runs, no "found", no
reference that could be probed. CSRF protected like every form; bounded per address and per day
(athar.tracing.throttle); nothing of what was typed reaches a URL or a log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from athar.tracing.forms import ConsentForm, MissingPersonForm, PhotosForm, PublicTrapForm, RequesterForm
from athar.tracing.intake import submit_public_request
from athar.tracing.models import Recipient
from athar.tracing.throttle import allow_public_submission
from athar.tracing.wording import consent_text


def _texts() -> dict[str, str]:
    language = get_language() or "ar"
    return {r.value: consent_text(r.value, language) for r in Recipient}


def _forms(data: Any = None, files: Any = None) -> dict[str, Any]:
    consent = ConsentForm(data, texts=_texts(), prefix="c")
    # Publication is discussed with a caseworker, never ticked on a web form.
    del consent.fields[f"consent_{Recipient.PUBLICATION.value}"]
    return {"person_form": MissingPersonForm(data, prefix="p"), "requester_form": RequesterForm(data, prefix="r"),
            "consent_form": consent, "photos_form": PhotosForm(data, files, prefix="f"),
            "trap_form": PublicTrapForm(data, prefix="t")}


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "tracing/public_form.html", _forms())
    if not allow_public_submission(request):
        return render(request, "tracing/public_busy.html", status=429)
    forms = _forms(request.POST, request.FILES)
    if not all(f.is_valid() for f in forms.values()):
        return render(request, "tracing/public_form.html", forms, status=400)
    if forms["trap_form"].cleaned_data.get("website"):
        return redirect("tracing:ask_thanks")  # a robot: dropped, with the answer everyone gets
    submit_public_request(
        description=forms["person_form"].description(),
        requester=forms["requester_form"].requester(),
        photos=forms["photos_form"].uploaded(),
        consents=forms["consent_form"].consents())
    return redirect("tracing:ask_thanks")


@login_not_required
@require_http_methods(["GET"])
def ask_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "tracing/public_thanks.html")
