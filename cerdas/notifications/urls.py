from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("berhenti/<str:token>/", views.optout, name="optout"),
    path("preferensi/", views.preferences, name="preferences"),
]
