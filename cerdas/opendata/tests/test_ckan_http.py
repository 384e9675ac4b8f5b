"""The CKAN Action API over plain HTTP: envelopes, error objects and status codes."""

import json
from datetime import UTC, datetime

import pytest
import time_machine

from cerdas.complaints.services import Upload
from cerdas.opendata import services

from .conftest import POPULATION_CSV

HELP = "http://testserver/api/3/action/help_show?name="


def call(client, action, *, prefix="/api/3/action/", **params):
    return client.get(f"{prefix}{action}", params)


def post(client, action, body, *, prefix="/api/3/action/"):
    return client.post(f"{prefix}{action}", body, content_type="application/json")


@pytest.mark.parametrize("prefix", ["/api/3/action/", "/api/action/"])
def test_envelope_on_both_addresses(client, portal, prefix):
    response = call(client, "package_list", prefix=prefix)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json;charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body == {
        "help": HELP + "package_list",
        "success": True,
        "result": ["jumlah-penduduk-per-kecamatan", "panjang-jalan-kota"],
    }


def test_post_json_body_is_accepted_and_drafts_never_appear(client, portal):
    body = post(client, "package_search", {"q": "", "rows": 100}).json()
    assert body["success"] is True
    assert body["result"]["count"] == 2
    names = {d["name"] for d in body["result"]["results"]}
    assert names == {"jumlah-penduduk-per-kecamatan", "panjang-jalan-kota"}
    for hidden in (portal.draft, portal.submitted):
        response = call(client, "package_show", id=hidden.name)
        assert response.status_code == 404
        assert response.json()["error"] == {"__type": "Not Found Error", "message": "Not found"}
        resource = hidden.resources.get()
        assert call(client, "resource_show", id=str(resource.id)).status_code == 404
        assert call(client, "datastore_search", resource_id=str(resource.id)).status_code == 404
        assert call(client, "package_show", id=str(hidden.id)).status_code == 404
    everything = json.dumps(post(client, "package_search", {"q": "*:*"}).json())
    assert portal.draft.title not in everything and portal.submitted.title not in everything


def test_package_dict_has_ckan_keys_and_sdi_extras(client, portal):
    roads = portal.roads
    result = call(client, "package_show", id=str(roads.id)).json()["result"]
    assert result["name"] == "panjang-jalan-kota" and result["type"] == "dataset"
    assert result["state"] == "active" and result["private"] is False
    assert result["license_id"] == "cc-by"
    assert result["license_title"] == "Creative Commons Attribution"
    assert result["owner_org"] == "pupr" and result["organization"]["name"] == "pupr"
    assert result["organization"]["title"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert [g["name"] for g in result["groups"]] == ["infrastruktur"]
    assert [t["name"] for t in result["tags"]] == ["infrastruktur", "jalan"]
    assert result["tags"][0]["display_name"] == "infrastruktur"
    assert result["num_tags"] == 2 and result["num_resources"] == 1
    extras = {e["key"]: e["value"] for e in result["extras"]}
    assert extras == {
        "produsen_data": "Dinas Pekerjaan Umum dan Penataan Ruang",
        "walidata": "Dinas Komunikasi dan Informatika",
        "frekuensi": "tahunan",
        "tahun": "2023",
        "satuan": "jiwa",
        "kode_referensi": "",
        "definisi": "",
        "klasifikasi": "",
    }
    resource = result["resources"][0]
    assert resource["package_id"] == str(roads.id) and resource["format"] == "CSV"
    assert resource["datastore_active"] is True
    assert resource["url"].startswith("http://testserver/data/dataset/panjang-jalan-kota/")
    download = client.get(resource["url"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"kecamatan,panjang_km")
    # CKAN's timestamps: UTC, no zone, microseconds.
    modified = datetime.strptime(result["metadata_modified"] + "Z", "%Y-%m-%dT%H:%M:%S.%f%z")
    roads.refresh_from_db()
    assert modified == roads.modified_at
    assert call(client, "package_show", id="panjang-jalan-kota").json()["result"] == result
    assert call(client, "resource_show", id=resource["id"]).json()["result"] == resource


def test_errors_as_ckan_answers_them(client, portal):
    response = call(client, "no_such_action")
    assert response.status_code == 400
    assert response.json() == "Bad request - Action name not known: no_such_action"

    response = call(client, "package_show")
    assert response.status_code == 409
    assert response.json() == {
        "help": HELP + "package_show",
        "success": False,
        "error": {"id": ["Missing value"], "__type": "Validation Error"},
    }
    response = call(client, "package_search", rows="many")
    assert response.status_code == 409
    assert response.json()["error"] == {"rows": ["Invalid integer"], "__type": "Validation Error"}

    response = post(client, "package_create", {"name": "x"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["__type"] == "Authorization Error"
    assert error["message"].startswith("Access denied: ")

    response = client.post(
        "/api/3/action/package_search", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json().startswith("Bad request - JSON Error: Error decoding JSON data.")

    response = call(client, "package_search", fq="nosuchfield:x")
    assert response.status_code == 400
    assert response.json()["error"]["__type"] == "Search Query Error"

    response = call(client, "datastore_search", resource_id="nope")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == 'Not found: Resource "nope" was not found.'


def test_package_search_rows_start_sort_and_ranges(client, data_city, make_dataset):
    with time_machine.travel(datetime(2023, 6, 1, tzinfo=UTC), tick=False):
        old = make_dataset("Dataset lama", tags=("arsip",))
    with time_machine.travel(datetime(2024, 3, 1, tzinfo=UTC), tick=False):
        new = make_dataset("Dataset baru", tags=("baru",))
    found = call(client, "package_search", fq="metadata_modified:[2024-01-01T00:00:00Z TO *]")
    assert [d["name"] for d in found.json()["result"]["results"]] == [new.name]
    found = call(client, "package_search", fq="metadata_modified:[* TO 2024-01-01T00:00:00Z]")
    assert [d["name"] for d in found.json()["result"]["results"]] == [old.name]
    by_id = call(client, "package_search", sort="id asc").json()["result"]
    assert [d["id"] for d in by_id["results"]] == sorted([str(old.id), str(new.id)])
    assert by_id["sort"] == "id asc"
    newest = call(client, "package_search", sort="metadata_modified desc").json()["result"]
    assert [d["name"] for d in newest["results"]] == [new.name, old.name]
    page = call(client, "package_search", sort="name asc", rows=1, start=1).json()["result"]
    assert page["count"] == 2 and [d["name"] for d in page["results"]] == [old.name]
    assert call(client, "package_search", q="tags:arsip").json()["result"]["count"] == 1
    assert call(client, "package_search", fq="-tags:arsip").json()["result"]["count"] == 1
    assert call(client, "package_search", q="lama").json()["result"]["count"] == 1


def test_rows_are_capped_at_1000_and_default_10(client, make_dataset):
    make_dataset()
    response = call(client, "package_search", rows=5000)
    assert response.status_code == 200
    assert call(client, "package_search", rows=-1).status_code == 409


def test_facets_like_ckan(client, portal):
    params = {"facet.field": json.dumps(["organization", "tags", "res_format", "tahun"])}
    result = call(client, "package_search", **params).json()["result"]
    assert result["facets"]["tags"] == {"penduduk": 1, "infrastruktur": 1, "jalan": 1}
    assert result["facets"]["tahun"] == {"2023": 1, "2024": 1}
    assert result["facets"]["res_format"] == {"CSV": 2}
    assert result["search_facets"]["organization"] == {
        "title": "organization",
        "items": [
            {"name": "pupr", "display_name": "Dinas Pekerjaan Umum dan Penataan Ruang", "count": 2}
        ],
    }
    limited = call(client, "package_search", **params, **{"facet.limit": 1}).json()["result"]
    assert len(limited["search_facets"]["tags"]["items"]) == 1
    filtered = call(client, "package_search", fq='tags:"jalan"', **params).json()["result"]
    assert filtered["count"] == 1 and filtered["facets"]["tahun"] == {"2023": 1}


def test_organizations_and_groups(client, portal):
    names = call(client, "organization_list").json()["result"]
    assert names == ["diskominfo", "dlh", "pupr", "uptd-jalan"]  # the city's own bodies
    full = call(client, "organization_list", all_fields="true").json()["result"]
    pupr = next(o for o in full if o["name"] == "pupr")
    assert pupr["package_count"] == 2 and pupr["is_organization"] is True
    assert pupr["type"] == "organization"
    shown = call(client, "organization_show", id="pupr", include_datasets="true").json()["result"]
    assert shown["package_count"] == 2 and len(shown["packages"]) == 2
    assert call(client, "organization_show", id="pln").status_code == 404  # not the city's
    assert call(client, "group_list").json()["result"] == ["infrastruktur", "kependudukan"]
    group = call(client, "group_show", id="kependudukan").json()["result"]
    assert group["package_count"] == 1 and group["is_organization"] is False
    assert call(client, "group_show", id="nothing").status_code == 404
    listed = call(client, "group_list", all_fields="true", sort="package_count desc")
    assert [g["name"] for g in listed.json()["result"]] == ["infrastruktur", "kependudukan"]


def test_datastore_search(client, make_dataset, data_city):
    dataset = make_dataset()
    resource_id = str(dataset.resources.get().id)
    result = call(client, "datastore_search", resource_id=resource_id).json()["result"]
    assert result["fields"] == [
        {"id": "_id", "type": "int"},
        {"id": "kecamatan", "type": "text"},
        {"id": "penduduk", "type": "int"},
        {"id": "luas_km2", "type": "numeric"},
    ]
    assert result["total"] == 3 and result["limit"] == 100
    assert result["records"][0] == {
        "_id": 1,
        "kecamatan": "Wenang",
        "penduduk": 31250,
        "luas_km2": 3.64,
    }
    assert result["_links"]["start"].startswith("/api/3/action/datastore_search?")
    assert "offset=100" in result["_links"]["next"]
    body = {
        "resource_id": resource_id,
        "filters": {"kecamatan": ["Wenang", "Tikala"]},
        "sort": "penduduk desc",
        "fields": ["kecamatan", "penduduk"],
    }
    result = post(client, "datastore_search", body).json()["result"]
    assert result["total"] == 2
    assert result["records"] == [
        {"_id": 2, "kecamatan": "Tikala", "penduduk": 40110},
        {"_id": 1, "kecamatan": "Wenang", "penduduk": 31250},
    ]
    result = call(
        client, "datastore_search", resource_id=resource_id, filters='{"penduduk": "61900"}'
    ).json()["result"]
    assert [r["kecamatan"] for r in result["records"]] == ["Malalayang"]
    result = call(client, "datastore_search", resource_id=resource_id, q="tikala").json()
    assert result["result"]["total"] == 1
    page = call(client, "datastore_search", resource_id=resource_id, limit=1, offset=1).json()
    assert [r["_id"] for r in page["result"]["records"]] == [2] and page["result"]["total"] == 3
    big = call(client, "datastore_search", resource_id=resource_id, limit=99999).json()
    assert big["result"]["limit"] == 32000
    bad = call(client, "datastore_search", resource_id=resource_id, filters='{"nope": 1}')
    assert bad.status_code == 409
    assert bad.json()["error"] == {
        "filters": ['field "nope" not in table'],
        "__type": "Validation Error",
    }
    bad = call(client, "datastore_search", resource_id=resource_id, filters="{bad")
    assert bad.status_code == 409
    bad = call(client, "datastore_search", resource_id=resource_id, sort="nope asc")
    assert bad.status_code == 409
    assert call(client, "datastore_search").json()["error"]["resource_id"] == ["Missing value"]


def test_status_show_and_help_show(client, db):
    status = call(client, "status_show").json()["result"]
    assert status["ckan_version"] and status["extensions"] == ["datastore"]
    assert status["site_url"] == "http://testserver"
    assert "published datasets" in call(client, "help_show", name="package_list").json()["result"]


def test_drafts_of_an_upload_that_failed_never_reach_the_api(client, make_dataset, data_city):
    dataset = make_dataset(state="draf")
    with pytest.raises(services.UploadError):
        services.resource_upload(
            user=data_city.officer, dataset=dataset, name="x", upload=Upload("a.csv", b"a,b\n1\n")
        )
    assert call(client, "package_list").json()["result"] == []
    assert dataset.resources.get().row_count == len(POPULATION_CSV.splitlines()) - 1
