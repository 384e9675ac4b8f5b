"""CKAN-compatible Action API (read-only) at /api/3/action/<name> and /api/action/<name>.

An adapter over queries.py: each action parses its parameters like CKAN's schema does,
answers in CKAN's envelope {"help", "success", "result"}, and fails with CKAN's error
objects and status codes (ckan/views/api.py), so ckanapi and harvesters read it as they
read a CKAN site. Only published datasets exist here. Writes go through the portal.
"""

import json
import logging
import re
from datetime import UTC
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from cerdas.agencies.models import Agency

from .models import LICENCE_URLS, OPEN_LICENCES, Dataset, DatasetState, Group, Licence, Tag
from .queries import (
    ParamError,
    SearchQueryError,
    dataset_search,
    datastore_rows,
    load_relations,
    natural,
    published_dataset,
    published_resource,
)

log = logging.getLogger(__name__)

CKAN_VERSION = "2.10.4"  # the CKAN API level these answers follow
PACKAGE_ROWS_MAX = 1000
DATASTORE_ROWS_MAX = 32000


class NotFound(Exception):  # noqa: N818 (CKAN's name)
    pass


class NotAuthorized(Exception):  # noqa: N818 (CKAN's name)
    pass


# --- dictization -----------------------------------------------------------------------


def ckan_time(value) -> str | None:
    """CKAN's timestamps: UTC without zone, with microseconds."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def organization_dict(agency: Agency, *, package_count: int | None = None) -> dict:
    out = {
        "id": agency.code,
        "name": agency.code,
        "title": agency.name,
        "display_name": agency.name,
        "description": "",
        "image_url": "",
        "image_display_url": "",
        "created": None,
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
        "type": "organization",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def group_dict(group: Group, *, package_count: int | None = None) -> dict:
    out = {
        "id": str(group.id),
        "name": group.name,
        "title": group.title,
        "display_name": group.title,
        "description": group.description,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(group.created_at),
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
        "type": "group",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def resource_url(request: HttpRequest, resource) -> str:
    if resource.url:
        return resource.url
    path = reverse(
        "opendata:download",
        kwargs={
            "name": resource.dataset.name,
            "resource_id": resource.id,
            "filename": resource.filename,
        },
    )
    return _absolute(request, path)


def resource_dict(request: HttpRequest, resource) -> dict:
    return {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "format": resource.format,
        "url": resource_url(request, resource),
        "url_type": None if resource.url else "upload",
        "mimetype": resource.mimetype or None,
        "size": resource.size,
        "hash": resource.hash,
        "position": resource.position,
        "created": ckan_time(resource.created_at),
        "last_modified": ckan_time(resource.modified_at),
        "metadata_modified": ckan_time(resource.modified_at),
        "datastore_active": resource.datastore_active,
        "resource_type": None,
        "state": "active",
    }


def package_dict(request: HttpRequest, dataset: Dataset) -> dict:
    """CKAN's package dict of a dataset that went through queries.load_relations."""
    tags, groups, resources = dataset.tag_list, dataset.group_list, dataset.resource_list
    agency = dataset.agency
    extras = {
        "produsen_data": agency.name,
        "walidata": dataset.walidata,
        "frekuensi": dataset.frequency,
        "tahun": str(dataset.year),
        "satuan": dataset.unit,
        "kode_referensi": dataset.reference_code,
        "definisi": dataset.definition,
        "klasifikasi": dataset.classification,
    }
    if dataset.source:
        extras["sumber_otomatis"] = dataset.source
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": "active",
        "private": False,
        "license_id": dataset.license_id,
        "license_title": Licence(dataset.license_id).label,
        "license_url": LICENCE_URLS.get(dataset.license_id, ""),
        "isopen": dataset.license_id in OPEN_LICENCES,
        "author": agency.name,
        "author_email": "",
        "maintainer": dataset.walidata,
        "maintainer_email": "",
        "version": None,
        "url": _absolute(request, reverse("opendata:dataset", args=[dataset.name])),
        "owner_org": agency.code,
        "organization": organization_dict(agency),
        "groups": [
            {
                "id": str(g.id),
                "name": g.name,
                "title": g.title,
                "display_name": g.title,
                "description": g.description,
                "image_display_url": "",
            }
            for g in groups
        ],
        "tags": [
            {
                "id": str(t.id),
                "name": t.name,
                "display_name": t.name,
                "state": "active",
                "vocabulary_id": None,
            }
            for t in tags
        ],
        "resources": [resource_dict(request, r) for r in resources],
        "num_resources": len(resources),
        "num_tags": len(tags),
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
        "metadata_created": ckan_time(dataset.created_at),
        "metadata_modified": ckan_time(dataset.modified_at),
        "creator_user_id": None,
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


# --- parameter helpers -------------------------------------------------------------------


def _required(params: dict, key: str) -> str:
    value = params.get(key)
    if value in (None, ""):
        raise ParamError({key: ["Missing value"]})
    return str(value)


def _bool(value, default=False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("true", "1", "yes", "on")


def _json_param(params: dict, key: str, *, kind: type, default):
    value = params.get(key, default)
    if isinstance(value, str) and kind is not str:
        try:
            value = json.loads(value)
        except ValueError:
            raise ParamError({key: ["Cannot parse JSON"]}) from None
    if not isinstance(value, kind):
        raise ParamError({key: [f"Not a {kind.__name__}"]})
    return value


def _list_param(params: dict, key: str) -> list[str] | None:
    value = params.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            return [str(v) for v in _json_param(params, key, kind=list, default=[])]
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v) for v in value]
    raise ParamError({key: ["Not a list"]})


def _published(queryset=None):
    return (queryset or Dataset.objects).filter(state=DatasetState.PUBLISHED)


def _dataset_by_id_or_name(value: str) -> Dataset:
    dataset = published_dataset(value)
    if dataset is None:
        raise NotFound()
    return dataset


# --- actions ---------------------------------------------------------------------------


def status_show(request, params):
    """Return the site's name, the CKAN API level it follows and its extensions."""
    from django.conf import settings

    return {
        "site_title": f"Satu Data {settings.CERDAS_CITY_NAME}",
        "site_url": _absolute(request, "/").rstrip("/"),
        "site_description": "Portal data terbuka (Cerdas)",
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": "id",
        "extensions": ["datastore"],
    }


def package_list(request, params):
    """Return the names of the published datasets, by name; limit and offset page it."""
    limit = natural(params.get("limit"), name="limit", default=None)
    offset = natural(params.get("offset"), name="offset", default=0)
    names = _published().order_by("name").values_list("name", flat=True)
    if limit is not None:
        return list(names[offset : offset + limit])
    return list(names[offset:])


def package_search(request, params):
    """Search published datasets: q and fq in Solr's syntax, sort, rows (<= 1000, default
    10), start, fl (the fields of each result), facet.field (JSON list), facet.limit,
    facet.mincount."""
    rows = natural(params.get("rows"), name="rows", default=10, maximum=PACKAGE_ROWS_MAX)
    start = natural(params.get("start"), name="start", default=0)
    facet_fields = _list_param(params, "facet.field") or []
    facet_limit = params.get("facet.limit", 50)
    try:
        facet_limit = int(facet_limit)
    except (TypeError, ValueError):
        raise ParamError({"facet.limit": ["Invalid integer"]}) from None
    mincount = natural(params.get("facet.mincount"), name="facet.mincount", default=1)
    fq = params.get("fq", "")
    if isinstance(fq, list):
        fq = " ".join(fq)
    fq_list = params.get("fq_list") or []
    if isinstance(fq_list, str):
        fq_list = [fq_list]
    sort = str(params.get("sort") or "")
    found = dataset_search(
        q=str(params.get("q") or ""),
        fq=" ".join([str(fq), *map(str, fq_list)]),
        sort=sort,
        rows=rows,
        start=start,
        facet_fields=facet_fields,
        facet_limit=facet_limit,
        facet_mincount=mincount,
    )
    results = [package_dict(request, d) for d in found.datasets]
    fl = _field_list(params.get("fl"))
    if fl:
        results = [_only(result, fl) for result in results]
    return {
        "count": found.count,
        "sort": sort or "score desc, metadata_modified desc",
        "results": results,
        "facets": {f: {i["name"]: i["count"] for i in items} for f, items in found.facets.items()},
        "search_facets": {f: {"title": f, "items": items} for f, items in found.facets.items()},
    }


def _field_list(value) -> list[str]:
    """CKAN's `fl`: a list, or Solr's field list as one string ("id,name" or "id name")."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,]+", value) if v]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ParamError({"fl": ["Not a list"]})


def _only(package: dict, fields: list[str]) -> dict:
    """The fields of a package that `fl` asks for, as Solr returns them: `extras_<key>` for
    an extra, and nothing for a field it does not know."""
    extras = {f"extras_{e['key']}": e["value"] for e in package["extras"]}
    out = {}
    for name in fields:
        if name in package:
            out[name] = package[name]
        elif name in extras:
            out[name] = extras[name]
    return out


def package_show(request, params):
    """Return one published dataset by id or name."""
    return package_dict(request, _dataset_by_id_or_name(_required(params, "id")))


def resource_show(request, params):
    """Return one resource of a published dataset by id."""
    resource = published_resource(_required(params, "id"))
    if resource is None:
        raise NotFound()
    return resource_dict(request, resource)


def _organizations():
    published = Q(datasets__state=DatasetState.PUBLISHED)
    return Agency.objects.internal().annotate(package_count=Count("datasets", filter=published))


def _sorted(queryset, params, *, title: str):
    sort = str(params.get("sort") or params.get("order_by") or "name asc").split()
    key = {"name": "code" if title == "name" else "name", "title": title}.get(sort[0])
    if sort[0] == "package_count":
        key = "package_count"
    if key is None:
        raise ParamError({"sort": [f"Cannot sort by field `{sort[0]}`"]})
    desc = len(sort) > 1 and sort[1].lower() == "desc"
    return queryset.order_by(f"-{key}" if desc else key, "code" if title == "name" else "name")


def _listing(request, params, queryset, *, names: str, to_dict):
    limit = natural(params.get("limit"), name="limit", default=None)
    offset = natural(params.get("offset"), name="offset", default=0)
    wanted = _list_param(params, "organizations") or _list_param(params, "groups")
    if wanted:
        queryset = queryset.filter(**{f"{names}__in": wanted})
    items = queryset[offset : offset + limit] if limit is not None else queryset[offset:]
    if _bool(params.get("all_fields")):
        return [to_dict(item, package_count=item.package_count) for item in items]
    return [getattr(item, names) for item in items]


def organization_list(request, params):
    """Return the organisations (the OPDs producing data): names, or dicts with all_fields."""
    queryset = _sorted(_organizations(), params, title="name")
    return _listing(request, params, queryset, names="code", to_dict=organization_dict)


def _with_datasets(request, params, out: dict, datasets) -> dict:
    if _bool(params.get("include_datasets")):
        datasets = load_relations(list(datasets.select_related("agency").order_by("name")[:1000]))
        out["packages"] = [package_dict(request, d) for d in datasets]
    return out


def organization_show(request, params):
    """Return one organisation by id or name (its code); include_datasets lists them."""
    key = _required(params, "id")
    agency = _organizations().filter(code=key).first()
    if agency is None:
        raise NotFound()
    out = organization_dict(agency, package_count=agency.package_count)
    return _with_datasets(request, params, out, _published().filter(agency=agency))


def _groups():
    published = Q(datasets__state=DatasetState.PUBLISHED)
    return Group.objects.annotate(package_count=Count("datasets", filter=published))


def group_list(request, params):
    """Return the groups (topics): names, or dicts with all_fields."""
    queryset = _sorted(_groups(), params, title="title")
    return _listing(request, params, queryset, names="name", to_dict=group_dict)


def group_show(request, params):
    """Return one group by id or name; include_datasets lists its published datasets."""
    key = _required(params, "id")
    query = Q(name=key)
    try:
        import uuid

        query |= Q(id=uuid.UUID(key))
    except ValueError:
        pass
    group = _groups().filter(query).first()
    if group is None:
        raise NotFound()
    out = group_dict(group, package_count=group.package_count)
    return _with_datasets(request, params, out, _published().filter(groups=group))


def datastore_search(request, params):
    """Rows of a tabular resource: resource_id, filters (JSON object), q, limit (<= 32000,
    default 100), offset, sort ("col desc, col2"), fields, include_total."""
    resource_id = _required(params, "resource_id")
    resource = published_resource(resource_id)
    if resource is None or not resource.datastore_active:
        raise NotFound(f'Resource "{resource_id}" was not found.')
    limit = natural(params.get("limit"), name="limit", default=100, maximum=DATASTORE_ROWS_MAX)
    offset = natural(params.get("offset"), name="offset", default=0)
    filters = _json_param(params, "filters", kind=dict, default={})
    q = params.get("q") or ""
    if isinstance(q, dict):
        raise ParamError({"q": ["a search per field is not supported; give one text"]})
    include_total = _bool(params.get("include_total"), default=True)
    page = datastore_rows(
        resource,
        filters=filters,
        q=str(q),
        sort=str(params.get("sort") or ""),
        limit=limit,
        offset=offset,
        fields=_list_param(params, "fields"),
        include_total=include_total,
    )
    names = [f["id"] for f in page.fields]
    records = []
    for row in page.rows:
        record = {"_id": row.number}
        record.update((n, row.data.get(n)) for n in names)
        records.append(record)
    base = request.path
    query = {k: v for k, v in params.items() if k != "offset" and isinstance(v, str | int)}
    out = {
        "include_total": include_total,
        "resource_id": str(resource.id),
        "fields": [{"id": "_id", "type": "int"}, *page.fields],
        "records_format": "objects",
        "records": records,
        "limit": limit,
        "_links": {
            "start": f"{base}?{urlencode(query)}",
            "next": f"{base}?{urlencode({**query, 'offset': offset + limit})}",
        },
    }
    if offset:
        out["offset"] = offset
    if include_total:
        out["total"] = page.total
        out["total_was_estimated"] = False
    return out


def current_package_list_with_resources(request, params):
    """Return the published datasets with their resources, most recently changed first:
    limit (default 10, at most 1000), offset, or the older page (with limit)."""
    limit = natural(params.get("limit"), name="limit", default=10, maximum=PACKAGE_ROWS_MAX)
    offset = natural(params.get("offset"), name="offset", default=0)
    if "offset" not in params and "page" in params:  # CKAN's deprecated paging
        page = natural(params.get("page"), name="page", default=1)
        offset = (max(page, 1) - 1) * limit
    found = dataset_search(sort="metadata_modified desc", rows=limit, start=offset)
    return [package_dict(request, d) for d in found.datasets]


def tag_list(request, params):
    """Return the tags of published datasets, by name: query (part of a name), all_fields
    (tag dicts), vocabulary_id (no vocabularies here: Not Found)."""
    if params.get("vocabulary_id"):
        raise NotFound("Could not find vocabulary")
    tags = Tag.objects.filter(datasets__state=DatasetState.PUBLISHED).distinct().order_by("name")
    query = params.get("query") or params.get("q")
    if query:
        tags = tags.filter(name__icontains=str(query))
    if _bool(params.get("all_fields")):
        return [
            {"id": str(t.id), "name": t.name, "display_name": t.name, "vocabulary_id": None}
            for t in tags
        ]
    return [t.name for t in tags]


# CKAN's own descriptions of the licences offered here (ckan/model/license.py); CKAN
# answers every value as a string, booleans included ("False"), and so do we.
_LICENCE_FACTS = {
    Licence.NOT_SPECIFIED: {"is_generic": True},
    Licence.ODC_ODBL: {"domain_data": True, "od_conformance": "approved"},
    Licence.ODC_BY: {"domain_data": True, "od_conformance": "approved"},
    Licence.CC_ZERO: {"domain_content": True, "domain_data": True, "od_conformance": "approved"},
    Licence.CC_BY: {"od_conformance": "approved"},
    Licence.CC_BY_SA: {"domain_content": True, "od_conformance": "approved"},
    Licence.OTHER_OPEN: {"domain_content": True, "is_generic": True, "od_conformance": "approved"},
}


def license_list(request, params):
    """Return the licences a dataset here may carry, as CKAN describes them."""
    out = []
    for licence in Licence:
        facts = {
            "domain_content": False,
            "domain_data": False,
            "domain_software": False,
            "family": "",
            "is_generic": False,
            "od_conformance": "not reviewed",
            "osd_conformance": "not reviewed",
            "maintainer": "",
            "status": "active",
            "url": LICENCE_URLS.get(licence, ""),
            **_LICENCE_FACTS.get(licence, {}),
        }
        out.append(
            {"id": licence.value, "title": licence.label, **{k: str(v) for k, v in facts.items()}}
        )
    return out


def help_show(request, params):
    """Return the documentation of an action."""
    name = _required(params, "name")
    if name not in ACTIONS:
        raise NotFound(f"Action function not found: {name}")
    return " ".join((ACTIONS[name].__doc__ or "").split())


ACTIONS = {
    f.__name__: f
    for f in (
        status_show,
        package_list,
        package_search,
        package_show,
        resource_show,
        organization_list,
        organization_show,
        group_list,
        group_show,
        datastore_search,
        current_package_list_with_resources,
        tag_list,
        license_list,
        help_show,
    )
}
# CKAN's write actions: known, and refused (publishing goes through the portal's review).
WRITE_ACTIONS = {
    f"{thing}_{verb}"
    for thing in ("package", "resource", "organization", "group", "datastore", "tag", "user")
    for verb in ("create", "update", "patch", "delete", "purge", "upsert")
}


# --- the view --------------------------------------------------------------------------


def _finish(status: int, body, *, cors: bool) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json;charset=utf-8",
    )
    if cors:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def _request_data(request: HttpRequest) -> dict:
    """Parameters as CKAN reads them: JSON body on POST (or a form), the query on GET."""
    if request.method == "GET":
        data = {}
        for key in request.GET:
            values = request.GET.getlist(key)
            data[key] = values[0] if len(values) == 1 else values
        return data
    if request.POST:
        return {k: request.POST.get(k) for k in request.POST}
    body = request.body
    if not body.strip():
        return {}
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"Error decoding JSON data. Error: {exc!r}") from None
    if not isinstance(data, dict):
        raise ValueError(f"Request data JSON decoded to {data!r} but it needs to be a dictionary.")
    return data


@csrf_exempt
def action(request: HttpRequest, name: str) -> HttpResponse:
    cors = request.method in ("GET", "OPTIONS")
    if request.method == "OPTIONS":
        response = HttpResponse(status=200)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, Authorization, X-CKAN-API-Key"
        return response
    if request.method not in ("GET", "POST"):
        return _finish(405, "Bad request - Method not allowed", cors=cors)
    function = ACTIONS.get(name)
    if function is None and name not in WRITE_ACTIONS:
        return _finish(400, f"Bad request - Action name not known: {name}", cors=cors)
    help_url = _absolute(request, "/api/3/action/help_show") + "?" + urlencode({"name": name})
    out = {"help": help_url}
    try:
        params = _request_data(request)
    except ValueError as exc:
        return _finish(400, f"Bad request - JSON Error: {exc}", cors=cors)
    params.pop("callback", None)
    try:
        if function is None:
            raise NotAuthorized(
                f"Action {name} is not available: this portal is read-only through the API"
            )
        result = function(request, params)
    except NotAuthorized as exc:
        out.update(
            success=False,
            error={"__type": "Authorization Error", "message": f"Access denied: {exc}"},
        )
        return _finish(403, out, cors=cors)
    except NotFound as exc:
        message = f"Not found: {exc}" if str(exc) else "Not found"
        out.update(success=False, error={"__type": "Not Found Error", "message": message})
        return _finish(404, out, cors=cors)
    except ParamError as exc:
        out.update(success=False, error={**exc.errors, "__type": "Validation Error"})
        return _finish(409, out, cors=cors)
    except SearchQueryError as exc:
        out.update(
            success=False,
            error={
                "__type": "Search Query Error",
                "message": f"Search Query is invalid: {exc.args!r}",
            },
        )
        return _finish(400, out, cors=cors)
    out.update(success=True, result=result)
    return _finish(200, out, cors=cors)
