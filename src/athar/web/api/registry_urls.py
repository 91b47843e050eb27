"""API URLs of persons, records and search (athar.web.api.registry)."""

from django.urls import path

from athar.web.api import registry

urlpatterns = [
    path("persons/", registry.PersonListView.as_view(), name="persons"),
    path("persons/<str:public_id>/", registry.PersonDetailView.as_view(), name="person"),
    path("records/<int:pk>/", registry.RecordDetailView.as_view(), name="record"),
    path("search/", registry.SearchView.as_view(), name="search"),
]
