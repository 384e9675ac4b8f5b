"""The catalogue as DCAT (ckanext-dcat's endpoints), read back with rdflib as harvesters
read it: every published dataset once, with its distributions and Satu Data metadata;
drafts and personal data never."""

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef

# The live server's flush removes the areas; the Open311 tests' hook puts them back.
from cerdas.open311.tests.conftest import pytest_runtest_teardown  # noqa: F401
from cerdas.opendata import dcat
from cerdas.opendata.models import Dataset

# Plain namespaces: rdflib's closed ones warn when pytest looks them over for tests.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
FORMATS = {"jsonld": "json-ld", "ttl": "turtle", "rdf": "xml", "xml": "xml"}


def _graph(response, fmt: str) -> Graph:
    assert response.status_code == 200, response.content[:500]
    return Graph().parse(data=response.content, format=FORMATS[fmt])


@pytest.fixture
def described(portal, data_city):
    roads = portal.roads
    Dataset.objects.filter(pk=roads.pk).update(
        reference_code="DDA-7171-045",
        definition="Panjang ruas jalan kota dalam kilometer.",
        classification="Menurut kecamatan",
    )
    return portal


@pytest.mark.parametrize("fmt", ["jsonld", "ttl", "rdf", "xml"])
def test_catalogue_in_every_format_lists_the_published_datasets(client, described, fmt):
    response = client.get(f"/catalog.{fmt}")
    assert response["Content-Type"].startswith(dcat.FORMATS[fmt][1])
    g = _graph(response, fmt)
    catalog = next(g.subjects(RDF.type, DCAT.Catalog))
    assert str(catalog) == "http://testserver/"
    datasets = set(g.objects(catalog, DCAT.dataset))
    assert datasets == {
        URIRef(f"http://testserver/dataset/{d.id}") for d in (described.roads, described.people)
    }
    assert str(g.value(catalog, DCTERMS.title)).startswith("Satu Data")
    text = response.content.decode()
    assert described.draft.name not in text and described.submitted.name not in text
    assert "Masih draf" not in text and "Menunggu walidata" not in text


def test_dataset_carries_dcat_ap_and_satu_data_metadata(client, described):
    roads = described.roads
    g = _graph(client.get(f"/dataset/{roads.name}.ttl"), "ttl")
    ref = URIRef(f"http://testserver/dataset/{roads.id}")
    assert (ref, RDF.type, DCAT.Dataset) in g
    assert g.value(ref, DCTERMS.title) == Literal("Panjang jalan kota")
    assert g.value(ref, DCTERMS.identifier) == Literal(str(roads.id))
    assert set(map(str, g.objects(ref, DCAT.keyword))) == {"jalan", "infrastruktur"}
    assert str(g.value(ref, DCAT.landingPage)) == f"http://testserver/data/dataset/{roads.name}/"
    publisher = g.value(ref, DCTERMS.publisher)
    assert str(publisher) == "http://testserver/organization/pupr"
    assert str(g.value(publisher, FOAF.name)).startswith("Dinas Pekerjaan Umum")
    vcard = Namespace("http://www.w3.org/2006/vcard/ns#")
    assert str(g.value(g.value(ref, DCAT.contactPoint), vcard.fn))
    assert str(g.value(ref, DCTERMS.accrualPeriodicity)).endswith("/frequency/ANNUAL")
    period = g.value(ref, DCTERMS.temporal)
    assert str(g.value(period, DCAT.startDate)) == "2023-01-01"
    identifier = g.value(ref, ADMS.identifier)
    assert g.value(identifier, SKOS.notation) == Literal("DDA-7171-045")
    assert g.value(ref, SKOS.definition) == Literal("Panjang ruas jalan kota dalam kilometer.")
    sdi = Namespace("http://testserver/ns/satudata#")
    assert g.value(ref, sdi.klasifikasi) == Literal("Menurut kecamatan")
    assert g.value(ref, sdi.satuan) == Literal("jiwa")

    (distribution,) = g.objects(ref, DCAT.distribution)
    resource = roads.resources.get()
    assert str(distribution) == f"http://testserver/dataset/{roads.id}/resource/{resource.id}"
    download = str(g.value(distribution, DCAT.downloadURL))
    assert download.endswith("/jalan.csv")
    assert str(g.value(distribution, DCAT.mediaType)).endswith("text/csv")
    assert g.value(distribution, DCAT.byteSize).toPython() == resource.size
    checksum = g.value(distribution, SPDX.checksum)
    assert str(g.value(checksum, SPDX.checksumValue)) == resource.hash
    assert str(g.value(distribution, DCTERMS.license)).endswith("/cc-by")


def test_dataset_by_id_and_its_uris_lead_to_the_portal(client, described):
    roads = described.roads
    assert client.get(f"/dataset/{roads.id}.jsonld").status_code == 200
    assert client.get(f"/dataset/{roads.id}")["Location"] == f"/data/dataset/{roads.name}/"
    resource = roads.resources.get()
    page = client.get(f"/dataset/{roads.id}/resource/{resource.id}")
    assert page["Location"] == f"/data/dataset/{roads.name}/sumber/{resource.id}/"
    assert client.get("/organization/pupr")["Location"] == "/data/?organisasi=pupr"
    assert client.get("/group/infrastruktur")["Location"] == "/data/?grup=infrastruktur"


def test_drafts_unknown_names_and_formats_are_not_found(client, described):
    for path in (
        f"/dataset/{described.draft.name}.jsonld",
        f"/dataset/{described.submitted.id}.ttl",
        f"/dataset/{described.draft.id}",
        "/dataset/tidak-ada.jsonld",
        f"/dataset/{described.roads.name}.exe",
        "/catalog.exe",
        "/catalog.jsonld?page=9",
    ):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize(
    "query", ["page=0", "page=x", "modified_since=kemarin", "q=jalan^2", "fq=warna:merah"]
)
def test_bad_parameters_get_a_clear_400(client, described, query):
    response = client.get(f"/catalog.jsonld?{query}")
    assert response.status_code == 400
    assert response.content


def test_modified_since_q_and_fq_narrow_the_catalogue(client, described):
    Dataset.objects.filter(pk=described.people.pk).update(modified_at="2020-01-01T00:00Z")
    g = _graph(client.get("/catalog.ttl?modified_since=2021-01-01"), "ttl")
    assert {str(d) for d in g.subjects(RDF.type, DCAT.Dataset)} == {
        f"http://testserver/dataset/{described.roads.id}"
    }
    g = _graph(client.get("/catalog.ttl?fq=tags:penduduk"), "ttl")
    assert {str(d) for d in g.subjects(RDF.type, DCAT.Dataset)} == {
        f"http://testserver/dataset/{described.people.id}"
    }


def test_a_harvester_follows_the_pages_over_http(live_server, make_dataset, monkeypatch):
    """As ckanext-dcat's RDF harvester does: fetch /catalog.jsonld, parse it with rdflib,
    follow hydra:nextPage until there is none; every dataset arrives exactly once."""
    monkeypatch.setattr(dcat, "PAGE_SIZE", 2)
    made = [make_dataset(f"Data ke-{n}", tags=("uji",)) for n in range(5)]
    url, pages, seen = f"{live_server.url}/catalog.jsonld", 0, []
    while url:
        response = requests.get(url, headers={"Connection": "close"}, timeout=10)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("application/ld+json")
        g = Graph().parse(data=response.text, format="json-ld")
        seen += [str(d) for d in g.subjects(RDF.type, DCAT.Dataset)]
        collection = next(g.subjects(RDF.type, HYDRA.PagedCollection))
        assert int(g.value(collection, HYDRA.totalItems)) == 5
        assert int(g.value(collection, HYDRA.itemsPerPage)) == 2
        following = g.value(collection, HYDRA.nextPage)
        url = str(following) if following else None
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(f"{live_server.url}/dataset/{d.id}" for d in made)
