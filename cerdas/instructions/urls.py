from django.urls import path

from . import views

app_name = "instructions"
urlpatterns = [
    path("", views.instruction_list, name="list"),
    path("baru/", views.instruction_create, name="create"),
    path("<int:pk>/", views.instruction_detail, name="detail"),
    path("<int:pk>/penerima/<int:recipient_id>/<str:action>/", views.instruction_act, name="act"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
]
