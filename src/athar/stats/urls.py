from django.urls import path

from athar.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("estimate/", views.estimate, name="estimate"),
    path("<slug:key>.csv", views.table_csv, name="table_csv"),
    path("<slug:key>.<str:fmt>", views.chart, name="chart"),
]
