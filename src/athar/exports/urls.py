"""URLs of exports: request numbers only."""

from django.urls import path

from athar.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("request/", views.request_export, name="request"),
    path("approvals/", views.approvals, name="approvals"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<int:pk>/download/", views.download, name="download"),
]
