from django.urls import path

from . import views

app_name = "triage"
urlpatterns = [
    path("lapor/sekitar/", views.nearby, name="nearby"),
    path("lapor/tempat/", views.places, name="places"),
    path("lacak/<str:code>/saya-juga/", views.support, name="support"),
    path("saya-juga/konfirmasi/<str:token>/", views.support_confirm, name="support_confirm"),
    path("cc/duplikat/", views.pairs, name="pairs"),
    path("cc/duplikat/gabung/", views.merge, name="merge"),
]
