from django.urls import path

from . import ckan, dcat, views

app_name = "opendata"
urlpatterns = [
    path("data/", views.search, name="search"),
    path("data/kelola/", views.manage, name="manage"),
    path("data/kelola/baru/", views.dataset_create, name="create"),
    path("data/dataset/<slug:name>/", views.dataset_detail, name="dataset"),
    path("data/dataset/<slug:name>/ubah/", views.dataset_edit, name="edit"),
    path("data/dataset/<slug:name>/tambah-sumber/", views.add_resource, name="add_resource"),
    path(
        "data/dataset/<slug:name>/sumber/<uuid:resource_id>/",
        views.resource_detail,
        name="resource",
    ),
    path(
        "data/dataset/<slug:name>/sumber/<uuid:resource_id>/hapus/",
        views.delete_resource,
        name="delete_resource",
    ),
    path(
        "data/dataset/<slug:name>/sumber/<uuid:resource_id>/unduh/<str:filename>",
        views.download,
        name="download",
    ),
    path("data/dataset/<slug:name>/<slug:action>/", views.dataset_act, name="act"),
    # DCAT, at ckanext-dcat's addresses, and the URIs its documents give.
    path("catalog.<str:fmt>", dcat.catalog, name="dcat_catalog"),
    path("dataset/<str:key>.<str:fmt>", dcat.dataset, name="dcat_dataset"),
    path("dataset/<str:key>", dcat.dataset_page, name="dcat_dataset_page"),
    path(
        "dataset/<str:key>/resource/<uuid:resource_id>",
        dcat.resource_page,
        name="dcat_resource_page",
    ),
    path("organization/<slug:code>", dcat.organization_page, name="dcat_organization_page"),
    path("group/<slug:name>", dcat.group_page, name="dcat_group_page"),
    # CKAN's Action API, at both of the addresses CKAN answers on.
    path("api/3/action/<str:name>", ckan.action, name="ckan_action"),
    path("api/action/<str:name>", ckan.action, name="ckan_action_unversioned"),
]
