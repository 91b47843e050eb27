"""API URLs of UN submissions (under /api/un/)."""

from django.urls import path

from athar.un import api

urlpatterns = [
    path("persons/<str:public_id>/readiness/", api.ReadinessView.as_view(), name="un-readiness"),
    path("submissions/<int:pk>/", api.SubmissionView.as_view(), name="un-submission"),
    path("due/", api.DueView.as_view(), name="un-due"),
]
