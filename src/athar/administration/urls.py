"""URLs of the administration pages (ids only)."""

from django.urls import path

from athar.administration import views

app_name = "administration"
urlpatterns = [
    path("accounts/", views.users, name="users"),
    path("accounts/<int:user_id>/", views.user_change, name="user_change"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:source_id>/", views.source_detail, name="source"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
]
