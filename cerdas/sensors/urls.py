from django.urls import path

from . import views

app_name = "sensors"
urlpatterns = [
    path("sensor/<slug:code>/data", views.ingest, name="ingest"),
    path("sensor/", views.public_levels, name="public"),
    path("sensor/alarm/", views.alarms, name="alarms"),
    path("sensor/alarm/<int:pk>/terima", views.acknowledge, name="acknowledge"),
    path("sensor/alarm/<int:pk>/selesai", views.resolve, name="resolve"),
    path("sensor/<slug:code>/grafik.json", views.chart, name="chart"),
    path("kamera/<slug:code>/snapshot.jpg", views.snapshot, name="snapshot"),
]
