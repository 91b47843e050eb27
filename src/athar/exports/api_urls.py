"""API URLs of exports (under /api/exports/)."""

from django.urls import path

from athar.exports import api

urlpatterns = [
    path("", api.ExportListView.as_view(), name="exports-list"),
    path("approvals/", api.ApprovalListView.as_view(), name="exports-approvals"),
    path("<int:pk>/", api.ExportDetailView.as_view(), name="exports-detail"),
    path("<int:pk>/approve/", api.ApproveView.as_view(), name="exports-approve"),
    path("<int:pk>/refuse/", api.RefuseView.as_view(), name="exports-refuse"),
    path("<int:pk>/file/", api.FileView.as_view(), name="exports-file"),
]
