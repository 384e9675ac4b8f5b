"""The real `ckanapi` client and CLI (PyPI) against a live server on loopback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import ckanapi
import pytest
import requests

# The live server's flush removes the areas; the Open311 tests' hook puts them back.
from cerdas.open311.tests.conftest import pytest_runtest_teardown  # noqa: F401
from cerdas.opendata.services import complaint_counts_refresh


class FreshSession(requests.Session):
    """A fresh connection per call, closed by the server with its answer (as the Open311
    live tests do): no server thread is left on an idle keep-alive socket when the
    session's live server stops, and no call goes out on a socket the server closed."""

    def __init__(self):
        super().__init__()
        self.headers["Connection"] = "close"

    def request(self, *args, **kwargs):
        try:
            return super().request(*args, **kwargs)
        finally:
            self.close()


@pytest.fixture
def remote(live_server):
    with ckanapi.RemoteCKAN(live_server.url, session=FreshSession()) as ckan:
        yield ckan


def test_ckanapi_reads_every_action(remote, portal):
    roads, people = portal.roads, portal.people
    assert remote.action.status_show()["extensions"] == ["datastore"]
    assert remote.action.package_list() == [people.name, roads.name]
    assert remote.action.package_list(limit=1, offset=1) == [roads.name]

    found = remote.action.package_search(q="jalan", rows=5, sort="metadata_modified desc")
    assert [d["name"] for d in found["results"]] == [roads.name]
    faceted = remote.call_action(
        "package_search",
        {
            "fq": "metadata_modified:[2000-01-01T00:00:00Z TO *]",
            "facet.field": ["tags"],
            "sort": "id asc",
        },
    )
    assert faceted["count"] == 2
    assert [d["id"] for d in faceted["results"]] == sorted([str(roads.id), str(people.id)])
    assert faceted["facets"]["tags"] == {"infrastruktur": 1, "jalan": 1, "penduduk": 1}

    shown = remote.action.package_show(id=roads.name)
    assert shown["id"] == str(roads.id) and shown["organization"]["name"] == "pupr"
    resource = shown["resources"][0]
    assert remote.action.resource_show(id=resource["id"]) == resource
    download = requests.get(resource["url"], headers={"Connection": "close"}, timeout=10)
    assert download.text.startswith("kecamatan,panjang_km")

    assert "pupr" in remote.action.organization_list()
    orgs = remote.action.organization_list(all_fields=True)
    assert next(o for o in orgs if o["name"] == "pupr")["package_count"] == 2
    assert remote.action.organization_show(id="pupr")["title"].startswith("Dinas Pekerjaan")
    assert remote.action.group_list() == ["infrastruktur", "kependudukan"]
    assert remote.action.group_show(id="infrastruktur")["package_count"] == 1

    rows = remote.action.datastore_search(
        resource_id=resource["id"], filters={"kecamatan": "Tikala"}
    )
    assert rows["records"] == [{"_id": 2, "kecamatan": "Tikala", "panjang_km": 38.0}]
    assert rows["total"] == 1


def test_ckanapi_exceptions(remote, portal):
    roads, draft = portal.roads, portal.draft
    with pytest.raises(ckanapi.NotFound):
        remote.action.package_show(id=draft.name)
    with pytest.raises(ckanapi.NotFound):
        remote.action.organization_show(id="tidak-ada")
    with pytest.raises(ckanapi.NotFound):
        remote.action.datastore_search(resource_id=str(draft.resources.get().id))
    with pytest.raises(ckanapi.ValidationError) as exc:
        remote.action.package_show()
    assert exc.value.error_dict == {"id": ["Missing value"], "__type": "Validation Error"}
    with pytest.raises(ckanapi.ValidationError):
        remote.action.datastore_search(resource_id=str(roads.resources.get().id), limit="x")
    with pytest.raises(ckanapi.NotAuthorized):
        remote.action.package_create(name="coba", title="Tidak boleh")
    with pytest.raises(ckanapi.SearchQueryError):
        remote.action.package_search(fq="bukan_bidang:1")
    with pytest.raises(ckanapi.CKANAPIError, match="Action name not known"):
        remote.action.tidak_ada()
    # GET, as a harvester configured with get_only does.
    getter = ckanapi.RemoteCKAN(remote.address, get_only=True, session=FreshSession())
    assert getter.action.package_search(q="jumlah")["count"] == 1


def test_ckanapi_dump_datasets_all(live_server, portal, data_city, tmp_path, settings):
    settings.CERDAS_OPENDATA_COMPLAINTS_AGENCY = "diskominfo"
    complaint_counts_refresh()
    roads, people, draft = portal.roads, portal.people, portal.draft
    ckanapi_cli = Path(sys.executable).with_name("ckanapi")
    out = subprocess.run(  # noqa: S603 (our own virtualenv's console script, fixed arguments)
        [str(ckanapi_cli), "dump", "datasets", "--all", "-q", "-r", live_server.url],
        capture_output=True,
        timeout=120,
        # its worker processes are started as `ckanapi` from PATH
        env={**os.environ, "PATH": f"{ckanapi_cli.parent}{os.pathsep}{os.environ['PATH']}"},
    )
    assert out.returncode == 0, out.stderr.decode()
    lines = [json.loads(line) for line in out.stdout.decode().splitlines() if line.strip()]
    assert sorted(d["name"] for d in lines) == sorted(
        [roads.name, people.name, "jumlah-pengaduan-harian"]
    )
    assert draft.name not in out.stdout.decode()
    assert portal.submitted.name not in out.stdout.decode()
    assert all(d["type"] == "dataset" and d["resources"] for d in lines)


def test_ckanapi_calls_the_actions_harvesters_use(remote, portal):
    """Actions that ckanapi and harvesters call (ckanext-harvest's CKAN harvester reads
    the licences and the datasets with resources); each answered as CKAN answers it."""
    roads, people = portal.roads, portal.people
    assert remote.action.tag_list() == ["infrastruktur", "jalan", "penduduk"]
    assert remote.action.tag_list(query="jal") == ["jalan"]
    tags = remote.action.tag_list(all_fields=True)
    assert {t["name"] for t in tags} == {"infrastruktur", "jalan", "penduduk"}
    assert all(t["vocabulary_id"] is None and t["id"] for t in tags)
    with pytest.raises(ckanapi.NotFound):
        remote.action.tag_list(vocabulary_id="warna")

    licences = {lic["id"]: lic for lic in remote.action.license_list()}
    assert licences["cc-by"]["title"] == "Creative Commons Attribution"
    assert licences["cc-by"]["od_conformance"] == "approved"
    assert licences["cc-by"]["url"] == "http://www.opendefinition.org/licenses/cc-by"
    assert licences["notspecified"]["is_generic"] == "True"  # CKAN's strings, as it sends them
    assert set(licences["odc-odbl"]) >= {"domain_data", "family", "maintainer", "status"}

    newest = remote.action.current_package_list_with_resources()
    assert [d["name"] for d in newest] == [people.name, roads.name]  # last changed first
    assert all(d["resources"] for d in newest)
    assert [d["name"] for d in remote.action.current_package_list_with_resources(limit=1)] == [
        people.name
    ]
    paged = remote.action.current_package_list_with_resources(limit=1, offset=1)
    assert [d["name"] for d in paged] == [roads.name]

    either = remote.action.package_search(fq="tags:jalan OR tags:penduduk")
    assert either["count"] == 2
    assert remote.action.package_search(q="pendud*")["results"][0]["name"] == people.name
    only = remote.action.package_search(q="jalan", fl=["name", "extras_tahun"])
    assert only["results"] == [{"name": roads.name, "extras_tahun": "2023"}]
