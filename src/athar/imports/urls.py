"""URLs of the import pages: an upload's random token, never a file name."""

from django.urls import path

from athar.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.start, name="start"),
    path("jobs/<str:job_id>/", views.job, name="job"),
    path("<str:token>/", views.review, name="review"),
]
