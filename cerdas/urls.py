from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("cerdas.core.urls")),
    path("akun/", include("cerdas.accounts.urls")),
    path("", include("cerdas.complaints.urls")),
    path("", include("cerdas.triage.urls")),
    path("pimpinan/", include("cerdas.dashboards.urls")),
    path("api/v1/", include("cerdas.api.urls")),
    path("open311/v2/", include("cerdas.open311.urls")),
    path("arahan/", include("cerdas.instructions.urls")),
    path("", include("cerdas.opendata.urls")),
    path("ppid/", include("cerdas.ppid.urls")),
    path("berita/", include("cerdas.news.urls")),
    path("kanal/", include("cerdas.channels.urls")),
    path("notifikasi/", include("cerdas.notifications.urls")),
    path("", include("cerdas.sensors.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Cerdas"
admin.site.site_title = "Cerdas"
