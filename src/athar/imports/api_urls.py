"""URLs of the import API (mounted at /api/imports/ by athar.web.api.urls)."""

from django.urls import path

from athar.imports import api

urlpatterns = [
    path("", api.ImportStart.as_view(), name="imports"),
    path("jobs/<str:job_id>/", api.ImportJobDetail.as_view(), name="import-job"),
]
