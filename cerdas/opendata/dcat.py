"""The catalogue as DCAT (DCAT-AP 2), in the shape ckanext-dcat publishes it.

Harvesters of open data portals (ckanext-dcat's RDF harvester, the European Data Portal,
data.go.id's Satu Data) read a CKAN site's catalogue from `/catalog.<format>` and one
dataset from `/dataset/<id>.<format>`; this module answers both, in JSON-LD, Turtle and
RDF/XML, with the same URIs ckanext-dcat gives (`<site>/dataset/<id>`,
`<site>/dataset/<id>/resource/<resource id>`, `<site>/organization/<name>`), which this
site also answers (they lead to the portal's pages). The catalogue is paged as
ckanext-dcat pages it (hydra:PagedCollection, `?page=N`, 100 datasets a page) and takes
its `modified_since`, `q` and `fq`.

Satu Data Indonesia's metadata travels in DCAT's own terms where DCAT has one (the
reference code as adms:identifier, the definition as skos:definition, the producing OPD
as dct:publisher, the walidata as dcat:contactPoint, the frequency as the EU frequency
authority, the year as dct:temporal) and in the `sdi:` terms of docs/ckan.md for the
rest (satuan, klasifikasi, produsen data, walidata, kode referensi). Only published
datasets appear; no personal data is in any of it.
"""

from datetime import date, datetime
from decimal import Decimal
from math import ceil
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from .ckan import resource_url
from .models import LICENCE_URLS, Dataset, DatasetState, Frequency, Resource
from .queries import SearchQueryError, filtered, load_relations, published_dataset

ADMS = Namespace("http://www.w3.org/ns/adms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SDI_PATH = "/ns/satudata#"

PAGE_SIZE = 100  # ckanext-dcat's ckanext.dcat.datasets_per_page
FORMATS = {
    # URL suffix: (rdflib format, media type)
    "jsonld": ("json-ld", "application/ld+json"),
    "ttl": ("turtle", "text/turtle"),
    "rdf": ("xml", "application/rdf+xml"),
    "xml": ("xml", "application/rdf+xml"),
}
_EU = "http://publications.europa.eu/resource/authority/"
FREQUENCIES = {
    Frequency.DAILY: "DAILY",
    Frequency.WEEKLY: "WEEKLY",
    Frequency.MONTHLY: "MONTHLY",
    Frequency.QUARTERLY: "QUARTERLY",
    Frequency.SEMESTER: "ANNUAL_2",  # twice a year
    Frequency.YEARLY: "ANNUAL",
    Frequency.ONCE: "NEVER",
}
LANGUAGE = URIRef(f"{_EU}language/IND")
MEDIA_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "PDF": "application/pdf",
}


class Catalogue:
    """Builds the graph of a page of the catalogue, or of one dataset."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.site = request.build_absolute_uri("/").rstrip("/")
        self.sdi = Namespace(self.site + SDI_PATH)
        self.g = Graph()
        for prefix, namespace in (
            ("dcat", DCAT),
            ("dct", DCTERMS),
            ("foaf", FOAF),
            ("skos", SKOS),
            ("adms", ADMS),
            ("vcard", VCARD),
            ("locn", LOCN),
            ("spdx", SPDX),
            ("hydra", HYDRA),
            ("sdi", self.sdi),
        ):
            self.g.bind(prefix, namespace)

    # URIs, as ckanext-dcat's utils make them
    def catalog_uri(self) -> URIRef:
        return URIRef(self.site + "/")

    def dataset_uri(self, dataset: Dataset) -> URIRef:
        return URIRef(f"{self.site}/dataset/{dataset.id}")

    def resource_uri(self, resource: Resource) -> URIRef:
        return URIRef(f"{self.site}/dataset/{resource.dataset_id}/resource/{resource.id}")

    def organization_uri(self, dataset: Dataset) -> URIRef:
        return URIRef(f"{self.site}/organization/{dataset.agency.code}")

    def _add(self, subject, predicate, value, **literal) -> None:
        if value not in (None, ""):
            self.g.add((subject, predicate, Literal(value, **literal)))

    def _moment(self, subject, predicate, value: datetime | None) -> None:
        if value is not None:
            self.g.add(
                (
                    subject,
                    predicate,
                    Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime),
                )
            )

    def catalog(self, datasets: list[Dataset], *, paging: dict | None = None) -> None:
        g, ref = self.g, self.catalog_uri()
        g.add((ref, RDF.type, DCAT.Catalog))
        self._add(ref, DCTERMS.title, f"Satu Data {settings.CERDAS_CITY_NAME}")
        self._add(
            ref,
            DCTERMS.description,
            f"Portal data terbuka Pemerintah {settings.CERDAS_CITY_NAME} (Satu Data Indonesia).",
        )
        g.add((ref, FOAF.homepage, URIRef(self.site + reverse("opendata:search"))))
        g.add((ref, DCTERMS.language, LANGUAGE))
        publisher = BNode()
        g.add((ref, DCTERMS.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Organization))
        self._add(publisher, FOAF.name, f"Pemerintah {settings.CERDAS_CITY_NAME}")
        latest = max((d.modified_at for d in datasets), default=None)
        self._moment(ref, DCTERMS.modified, latest)
        for dataset in datasets:
            g.add((ref, DCAT.dataset, self.dataset(dataset)))
        if paging:
            self._paging(paging)

    def _paging(self, paging: dict) -> None:
        ref = URIRef(paging["current"])
        self.g.add((ref, RDF.type, HYDRA.PagedCollection))
        self.g.add((ref, HYDRA.totalItems, Literal(paging["count"], datatype=XSD.integer)))
        self.g.add((ref, HYDRA.itemsPerPage, Literal(PAGE_SIZE, datatype=XSD.integer)))
        # The older names first (ckanext-dcat's harvester reads them), the newer beside.
        for key, predicates in (
            ("first", (HYDRA.firstPage, HYDRA.first)),
            ("last", (HYDRA.lastPage, HYDRA.last)),
            ("next", (HYDRA.nextPage, HYDRA.next)),
            ("previous", (HYDRA.previousPage, HYDRA.previous)),
        ):
            if paging.get(key):
                for predicate in predicates:
                    self.g.add((ref, predicate, Literal(paging[key])))

    def dataset(self, dataset: Dataset) -> URIRef:
        g, ref, sdi = self.g, self.dataset_uri(dataset), self.sdi
        g.add((ref, RDF.type, DCAT.Dataset))
        self._add(ref, DCTERMS.identifier, str(dataset.id))
        self._add(ref, DCTERMS.title, dataset.title)
        self._add(ref, DCTERMS.description, dataset.notes)
        page = self.site + reverse("opendata:dataset", args=[dataset.name])
        g.add((ref, DCAT.landingPage, URIRef(page)))
        for tag in dataset.tag_list:
            self._add(ref, DCAT.keyword, tag.name)
        for group in dataset.group_list:
            theme = URIRef(f"{self.site}/group/{group.name}")
            g.add((ref, DCAT.theme, theme))
            g.add((theme, RDF.type, SKOS.Concept))
            self._add(theme, SKOS.prefLabel, group.title)
        self._moment(ref, DCTERMS.issued, dataset.published_at or dataset.created_at)
        self._moment(ref, DCTERMS.modified, dataset.modified_at)
        g.add((ref, DCTERMS.language, LANGUAGE))
        g.add(
            (
                ref,
                DCTERMS.accrualPeriodicity,
                URIRef(f"{_EU}frequency/" + FREQUENCIES[dataset.frequency]),
            )
        )

        publisher = self.organization_uri(dataset)
        g.add((ref, DCTERMS.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Organization))
        self._add(publisher, FOAF.name, dataset.agency.name)
        contact = BNode()
        g.add((ref, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        self._add(contact, VCARD.fn, dataset.walidata)

        period = BNode()
        g.add((ref, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        start, end = date(dataset.year, 1, 1), date(dataset.year, 12, 31)
        g.add((period, DCAT.startDate, Literal(start.isoformat(), datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(end.isoformat(), datatype=XSD.date)))
        place = BNode()
        g.add((ref, DCTERMS.spatial, place))
        g.add((place, RDF.type, DCTERMS.Location))
        self._add(place, LOCN.geographicName, settings.CERDAS_CITY_NAME)
        self._add(place, SKOS.notation, settings.CERDAS_CITY_CODE)

        if dataset.reference_code:
            identifier = BNode()
            g.add((ref, ADMS.identifier, identifier))
            g.add((identifier, RDF.type, ADMS.Identifier))
            self._add(identifier, SKOS.notation, dataset.reference_code)
            self._add(identifier, ADMS.schemaAgency, "Satu Data Indonesia")
        self._add(ref, SKOS.definition, dataset.definition)
        self._add(ref, sdi.produsenData, dataset.agency.name)
        self._add(ref, sdi.walidata, dataset.walidata)
        self._add(ref, sdi.kodeReferensi, dataset.reference_code)
        self._add(ref, sdi.satuan, dataset.unit)
        self._add(ref, sdi.klasifikasi, dataset.classification)
        self._add(ref, sdi.definisi, dataset.definition)

        licence = LICENCE_URLS.get(dataset.license_id)
        for resource in dataset.resource_list:
            g.add((ref, DCAT.distribution, self.distribution(resource, licence)))
        return ref

    def distribution(self, resource: Resource, licence: str | None) -> URIRef:
        g, ref = self.g, self.resource_uri(resource)
        g.add((ref, RDF.type, DCAT.Distribution))
        self._add(ref, DCTERMS.title, resource.name)
        self._add(ref, DCTERMS.description, resource.description)
        url = URIRef(resource_url(self.request, resource))
        g.add((ref, DCAT.accessURL, url))
        if not resource.url:  # an upload: the address is the file itself
            g.add((ref, DCAT.downloadURL, url))
        self._add(ref, DCTERMS["format"], resource.format)
        media = resource.mimetype or MEDIA_TYPES.get(resource.format.upper())
        if media:
            g.add(
                (
                    ref,
                    DCAT.mediaType,
                    URIRef(f"http://www.iana.org/assignments/media-types/{media}"),
                )
            )
        if resource.size is not None:
            self._add(ref, DCAT.byteSize, Decimal(resource.size), datatype=XSD.decimal)
        if resource.hash:
            checksum = BNode()
            g.add((ref, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            self._add(checksum, SPDX.checksumValue, resource.hash, datatype=XSD.hexBinary)
        self._moment(ref, DCTERMS.issued, resource.created_at)
        self._moment(ref, DCTERMS.modified, resource.modified_at)
        if licence:
            g.add((ref, DCTERMS.license, URIRef(licence)))
        return ref

    def render(self, fmt: str) -> HttpResponse:
        rdflib_format, media_type = FORMATS[fmt]
        extra = {}
        if rdflib_format == "json-ld":
            extra["context"] = {prefix: str(ns) for prefix, ns in self.g.namespaces() if prefix}
            extra["auto_compact"] = True
        body = self.g.serialize(format=rdflib_format, encoding="utf-8", **extra)
        response = HttpResponse(body, content_type=f"{media_type}; charset=utf-8")
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=300"
        return response


def _page_url(request: HttpRequest, fmt: str, page: int) -> str:
    query = {k: v for k, v in request.GET.items() if k != "page"}
    query["page"] = page
    return request.build_absolute_uri(f"/catalog.{fmt}?{urlencode(query)}")


def catalog(request: HttpRequest, fmt: str) -> HttpResponse:
    """`/catalog.<fmt>`: a page of the published datasets, most recently changed first."""
    if fmt not in FORMATS:
        raise Http404
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        return HttpResponseBadRequest("page: bilangan bulat 1 atau lebih")
    if page < 1:
        return HttpResponseBadRequest("page: bilangan bulat 1 atau lebih")
    datasets = Dataset.objects.published()
    since = request.GET.get("modified_since")
    if since:
        try:
            moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            return HttpResponseBadRequest("modified_since: tanggal ISO 8601, misalnya 2024-01-31")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=settings.CERDAS_TIME_ZONE)
        datasets = datasets.filter(modified_at__gte=moment)
    try:
        datasets = filtered(datasets, request.GET.get("q", ""), request.GET.get("fq", ""))
    except SearchQueryError as exc:
        return HttpResponseBadRequest(f"Kueri tidak dapat dibaca: {exc}")
    count = datasets.count()
    last = max(1, ceil(count / PAGE_SIZE))
    if page > last:
        raise Http404("Halaman katalog melewati halaman terakhir")
    rows = datasets.select_related("agency").order_by("-modified_at", "id")
    chosen = load_relations(list(rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]))
    paging = {
        "count": count,
        "current": _page_url(request, fmt, page),
        "first": _page_url(request, fmt, 1),
        "last": _page_url(request, fmt, last),
        "next": _page_url(request, fmt, page + 1) if page < last else None,
        "previous": _page_url(request, fmt, page - 1) if page > 1 else None,
    }
    out = Catalogue(request)
    out.catalog(chosen, paging=paging)
    return out.render(fmt)


def _published(key: str) -> Dataset:
    dataset = published_dataset(key)
    if dataset is None:
        raise Http404
    return dataset


def dataset(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """`/dataset/<id or name>.<fmt>`: one published dataset with its distributions."""
    if fmt not in FORMATS:
        raise Http404
    found = _published(key)
    out = Catalogue(request)
    out.dataset(found)
    return out.render(fmt)


def dataset_page(request: HttpRequest, key: str) -> HttpResponse:
    """The dataset URI of the DCAT documents leads to the portal's page."""
    return redirect("opendata:dataset", name=_published(key).name)


def resource_page(request: HttpRequest, key: str, resource_id) -> HttpResponse:
    found = _published(key)
    resource = Resource.objects.filter(
        pk=resource_id, dataset=found, dataset__state=DatasetState.PUBLISHED
    ).first()
    if resource is None:
        raise Http404
    return redirect("opendata:resource", name=found.name, resource_id=resource.id)


def organization_page(request: HttpRequest, code: str) -> HttpResponse:
    """The publisher URI leads to the portal's search for that OPD's datasets."""
    return redirect(reverse("opendata:search") + "?" + urlencode({"organisasi": code}))


def group_page(request: HttpRequest, name: str) -> HttpResponse:
    """A theme's URI leads to the portal's search for that group."""
    return redirect(reverse("opendata:search") + "?" + urlencode({"grup": name}))
