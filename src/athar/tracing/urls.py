"""URLs of the tracing pages: request ids only, never names."""

from django.urls import path

from athar.tracing import public, views

app_name = "tracing"

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", public.ask, name="ask"),
    path("ask/thanks/", public.ask_thanks, name="ask_thanks"),
    path("new/", views.new, name="new"),
    path("notifications/<int:pk>/read/", views.read_notification, name="read_notification"),
    path("requests/<str:public_id>/", views.detail, name="detail"),
    path("requests/<str:public_id>/status/", views.status, name="status"),
    path("requests/<str:public_id>/match/", views.match, name="match"),
    path("requests/<str:public_id>/take/", views.take, name="take"),
    path("requests/<str:public_id>/unlink/", views.unlink, name="unlink"),
    path("requests/<str:public_id>/requester/", views.requester, name="requester"),
    path("requests/<str:public_id>/candidates/<int:pk>/verify/", views.verify, name="verify"),
    path("requests/<str:public_id>/candidates/<int:pk>/reject/", views.reject, name="reject"),
    path("requests/<str:public_id>/inform/", views.inform, name="inform"),
    path("requests/<str:public_id>/consents/", views.add_consent, name="add_consent"),
    path("requests/<str:public_id>/consents/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<str:public_id>/share/<str:recipient>/", views.share, name="share"),
    path("requests/<str:public_id>/photos/<int:pk>/", views.photo, name="photo"),
]
