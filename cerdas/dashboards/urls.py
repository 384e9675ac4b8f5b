from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("opd/<slug:code>/", views.agency, name="agency"),
    path("dinding/<str:token>/", views.wall, name="wall"),
    path("dinding/<str:token>/data.json", views.wall_data_view, name="wall_data"),
]
