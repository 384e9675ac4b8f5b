from django.urls import path

from . import views

app_name = "ppid"
urlpatterns = [
    # The public
    path("permohonan/", views.request_form, name="request"),
    path("lacak/", views.track_lookup, name="track_lookup"),
    path("lacak/<str:number>/", views.track, name="track"),
    path("keberatan/", views.objection_form, name="objection"),
    # The PPID
    path("meja/", views.desk, name="desk"),
    path("meja/<str:number>/", views.request_detail, name="detail"),
    path("meja/<str:number>/<str:action>/", views.request_act, name="act"),
    path("register/<str:kind>/", views.register, name="register"),
    path("register/<str:kind>/ekspor.xlsx", views.register, {"fmt": "xlsx"}, name="register_xlsx"),
    path("laporan-tahunan/", views.annual_report, name="annual"),
    path("laporan-tahunan/ekspor.xlsx", views.annual_report, {"fmt": "xlsx"}, name="annual_xlsx"),
    # The PPID's superior (and the PPID, read only)
    path("atasan/keberatan/", views.objection_list, name="objections"),
    path("atasan/keberatan/<str:number>/", views.objection_detail, name="objection_detail"),
]
