"""URLs of the account pages (two-factor login)."""

from django.urls import path

from athar.accounts import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("api-token/", views.api_token, name="api_token"),
]
