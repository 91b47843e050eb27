"""URLs of UN submissions: ids only (public person ids, communication and submission numbers)."""

from django.urls import path

from athar.un import views

app_name = "un"
urlpatterns = [
    path("", views.due, name="due"),
    path("persons/<str:public_id>/", views.case_detail, name="case"),
    path("persons/<str:public_id>/edit/", views.case_edit, name="case_edit"),
    path("persons/<str:public_id>/fill/", views.fill_from_records, name="fill"),
    path("persons/<str:public_id>/steps/", views.step_add, name="step_add"),
    path("persons/<str:public_id>/steps/<int:step_id>/withdraw/", views.step_withdraw, name="step_withdraw"),
    path("persons/<str:public_id>/generate/", views.generate, name="generate"),
    path("communications/<int:pk>/", views.communication_detail, name="communication"),
    path("communications/<int:pk>/sent/", views.mark_sent, name="mark_sent"),
    path("communications/<int:pk>/<str:fmt>/", views.communication_file, name="communication_file"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("letters/<int:pk>/", views.letter_file, name="letter_file"),
]
