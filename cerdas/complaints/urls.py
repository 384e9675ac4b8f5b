from django.urls import path, register_converter

from .views import agency, citizen, operator, public


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export")

app_name = "complaints"
urlpatterns = [
    # Citizens and the public
    path("lapor/", public.report, name="report"),
    path("lapor/terkirim/<str:code>/", public.submitted, name="submitted"),
    path("lacak/", public.track_lookup, name="track_lookup"),
    path("lacak/<str:code>/", public.track, name="track"),
    path("lacak/<str:code>/tindakan/<str:action>/", public.reporter_action, name="reporter_action"),
    path("lacak/<str:code>/simpan/", public.claim, name="claim"),
    path("laporan-saya/", citizen.mine, name="mine"),
    path("peta/", public.public_map, name="public_map"),
    path("peta/data.json", public.public_map_data, name="public_map_data"),
    path("pengaduan/", public.public_list, name="public_list"),
    path("pengaduan.geojson", public.public_geojson, name="public_geojson"),
    path("wilayah/kelurahan.geojson", public.villages_geojson, name="villages_geojson"),
    path("foto/<int:pk>/", public.photo, name="photo"),
    # Command center
    path("cc/antrian/", operator.queue, name="operator_queue"),
    path("cc/antrian/ekspor.<export:fmt>", operator.queue_export, name="operator_queue_export"),
    path("cc/catat/", operator.enter, name="operator_enter"),
    # Agencies
    path("opd/kotak-masuk/", agency.inbox, name="agency_inbox"),
    path("opd/kotak-masuk/ekspor.<export:fmt>", agency.inbox_export, name="agency_inbox_export"),
    # One detail page for staff; the actions shown depend on who looks.
    path("kasus/<str:code>/", operator.detail, name="detail"),
    path("kasus/<str:code>/tindakan/<str:action>/", operator.act, name="act"),
]
