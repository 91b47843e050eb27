"""URL map of the web app. URLs carry ids only (a person's public id, a page number), never names."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from athar.web import case_views, views
from athar.web.api import urls as api_urls

web_patterns = [
    path("", views.person_list, name="person_list"),
    path("persons/<str:public_id>/", views.person_detail, name="person_detail"),
    path("cases/new/", case_views.case_new, name="case_new"),
    path("cases/<str:record_id>/edit/", case_views.case_edit, name="case_edit"),
    path("cases/<str:record_id>/events/new/", case_views.case_event_new, name="case_event_new"),
    path("cases/<str:record_id>/claims/new/", case_views.case_claim_new, name="case_claim_new"),
    path("cases/<str:record_id>/notes/new/", case_views.case_note_new, name="case_note_new"),
    path("cases/<str:record_id>/documents/new/", case_views.case_document_new, name="case_document_new"),
    path("documents/<str:public_id>/", case_views.document_view, name="document"),
]

urlpatterns = [
    path("", include((web_patterns, "web"))),
    path("review/", include("athar.review.urls")),
    path("api/", include((api_urls.urlpatterns, "api"))),
    path("account/", include("athar.accounts.urls")),
    path("administration/", include("athar.administration.urls")),
    path("imports/", include("athar.imports.urls")),
    path("statistics/", include("athar.stats.urls")),
    path("un/", include("athar.un.urls")),
    path("exports/", include("athar.exports.urls")),
    path("tracing/", include("athar.tracing.urls")),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch is on the login page too, so it must work before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
