from django.urls import path

from .views import agency, operator, public

app_name = "complaints"
urlpatterns = [
    # Citizens and the public
    path("lapor/", public.report, name="report"),
    path("lapor/terkirim/<str:code>/", public.submitted, name="submitted"),
    path("lacak/", public.track_lookup, name="track_lookup"),
    path("lacak/<str:code>/", public.track, name="track"),
    path("lacak/<str:code>/tindakan/<str:action>/", public.reporter_action, name="reporter_action"),
    path("peta/", public.public_map, name="public_map"),
    path("pengaduan/", public.public_list, name="public_list"),
    path("pengaduan.geojson", public.public_geojson, name="public_geojson"),
    path("wilayah/kelurahan.geojson", public.villages_geojson, name="villages_geojson"),
    path("foto/<int:pk>/", public.photo, name="photo"),
    # Command center
    path("cc/antrian/", operator.queue, name="operator_queue"),
    path("cc/catat/", operator.enter, name="operator_enter"),
    # Agencies
    path("opd/kotak-masuk/", agency.inbox, name="agency_inbox"),
    # One detail page for staff; the actions shown depend on who looks.
    path("kasus/<str:code>/", operator.detail, name="detail"),
    path("kasus/<str:code>/tindakan/<str:action>/", operator.act, name="act"),
]
