"""URLs of the review API (mounted at /api/review/ by athar.web.api.urls)."""

from django.urls import path

from athar.review import api

urlpatterns = [
    path("pairs/", api.PairList.as_view(), name="review_pairs"),
    path("pairs/<int:pk>/", api.PairDetail.as_view(), name="review_pair"),
    path("pairs/<int:pk>/decide/", api.PairDecide.as_view(), name="review_decide"),
    path("judgements/<int:pk>/undo/", api.JudgementUndo.as_view(), name="review_undo"),
]
