"""URLs of the tracing API (mounted at /api/tracing/ by athar.web.api.urls): request ids only."""

from django.urls import path

from athar.tracing import api

urlpatterns = [
    path("requests/", api.RequestList.as_view(), name="tracing-requests"),
    path("requests/<str:public_id>/", api.RequestDetail.as_view(), name="tracing-request"),
    path("requests/<str:public_id>/requester/", api.RequesterDetail.as_view(), name="tracing-requester"),
    path("requests/<str:public_id>/status/", api.StatusChange.as_view(), name="tracing-status"),
    path("requests/<str:public_id>/match/", api.Match.as_view(), name="tracing-match"),
    path("requests/<str:public_id>/candidates/<int:pk>/verify/", api.Verify.as_view(), name="tracing-verify"),
    path("requests/<str:public_id>/candidates/<int:pk>/reject/", api.Reject.as_view(), name="tracing-reject"),
    path("requests/<str:public_id>/inform/", api.Inform.as_view(), name="tracing-inform"),
]
