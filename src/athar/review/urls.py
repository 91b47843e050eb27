"""URLs of the review pages: ids only."""

from django.urls import path

from athar.review import views

app_name = "review"

urlpatterns = [
    path("", views.index, name="index"),
    path("pairs/<int:pk>/", views.item, name="item"),
    path("pairs/<int:pk>/decide/", views.decide_view, name="decide"),
    path("judgements/<int:pk>/undo/", views.undo_view, name="undo"),
]
