"""The open data portal: search with facets, dataset and resource pages, downloads, and
the producers' and walidata's screens.

Views parse and authorize; the services enforce the rules. A draft exists only for the
producing OPD's staff and the walidata (404 for everybody else).
"""

import csv
import io
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cerdas.complaints.services import Upload
from cerdas.complaints.views.common import role_required

from . import services
from .forms import DatasetForm, LinkForm, ReturnForm, UploadForm
from .models import Dataset, DatasetState, Resource
from .queries import SearchQueryError, dataset_search, with_relations
from .services import UploadError, WorkflowError, may_edit, may_review

PER_PAGE = 20
PREVIEW_ROWS = 50
CHART_BARS = 30
CHART_MAX_ROWS = 50_000

# Portal filter parameter -> (CKAN facet field, label)
FILTERS = {
    "organisasi": ("organization", gettext_lazy("Organisasi")),
    "grup": ("groups", gettext_lazy("Grup")),
    "tag": ("tags", gettext_lazy("Tag")),
    "format": ("res_format", gettext_lazy("Format")),
    "lisensi": ("license_id", gettext_lazy("Lisensi")),
    "tahun": ("tahun", gettext_lazy("Tahun")),
}
SORTS = {
    "": "metadata_modified desc",
    "nama": "title_string asc",
    "baru": "metadata_created desc",
}

producer_required = role_required(lambda u: u.is_agency_staff or may_review(u))


def _quote(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def _typed_words(text: str) -> str:
    """What a visitor types in the portal's box, as a query: every word must appear, as
    the start of a word ("samp" finds "sampah"); Solr's syntax is for the CKAN API."""
    return " ".join(f"{word}*" for word in re.findall(r"\w+", text))


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    chosen = {key: request.GET.getlist(key) for key in FILTERS if request.GET.getlist(key)}
    fq = " ".join(
        f"{FILTERS[key][0]}:{_quote(v)}" for key, values in chosen.items() for v in values
    )
    sort = request.GET.get("urut", "")
    try:
        page = max(1, int(request.GET.get("halaman", "1")))
    except ValueError:
        page = 1
    try:
        found = dataset_search(
            q=_typed_words(q),
            fq=fq,
            sort=SORTS.get(sort, SORTS[""]),
            rows=PER_PAGE,
            start=(page - 1) * PER_PAGE,
            facet_fields=[field for field, _label in FILTERS.values()],
            facet_limit=10,
        )
    except SearchQueryError as exc:
        messages.error(request, _("Pencarian tidak dapat dipahami: %(e)s") % {"e": exc})
        found = dataset_search(rows=PER_PAGE)

    def link(**change) -> str:
        params = [(k, v) for k, values in request.GET.lists() for v in values if k != "halaman"]
        for key, (value, on) in change.items():
            params = [(k, v) for k, v in params if not (k == key and v == value)]
            if on:
                params.append((key, value))
        return "?" + urlencode(params)

    facets = []
    for key, (field, label) in FILTERS.items():
        items = []
        for item in found.facets.get(field, []):
            active = item["name"] in chosen.get(key, [])
            items.append(
                {**item, "active": active, "url": link(**{key: (item["name"], not active)})}
            )
        if items:
            facets.append({"key": key, "label": label, "items": items})
    pages = (found.count + PER_PAGE - 1) // PER_PAGE
    context = {
        "q": q,
        "found": found,
        "facets": facets,
        "sort": sort,
        "page": page,
        "pages": pages,
        "prev_url": link() + f"&halaman={page - 1}" if page > 1 else "",
        "next_url": link() + f"&halaman={page + 1}" if page < pages else "",
    }
    return render(request, "opendata/search.html", context)


def _dataset(request: HttpRequest, name: str) -> Dataset:
    queryset = with_relations(Dataset.objects.visible_to(request.user))
    return get_object_or_404(queryset, name=name)


def dataset_detail(request: HttpRequest, name: str) -> HttpResponse:
    dataset = _dataset(request, name)
    context = {
        "dataset": dataset,
        "resources": dataset.resources.all(),
        "may_edit": may_edit(request.user, dataset) and dataset.state in services.EDITABLE_STATES,
        "may_review": may_review(request.user) and not dataset.source,
        "return_form": ReturnForm(),
    }
    return render(request, "opendata/dataset.html", context)


def _resource(request: HttpRequest, name: str, resource_id) -> Resource:
    dataset = _dataset(request, name)
    resource = get_object_or_404(dataset.resources.all(), pk=resource_id)
    resource.dataset = dataset
    return resource


def chart(resource: Resource) -> dict | None:
    """Bars for the first numeric column summed by the first text column (the last
    CHART_BARS labels), drawn as inline SVG by the template."""
    fields = resource.fields
    label = next((f["id"] for f in fields if f["type"] == "text"), None)
    value = next((f["id"] for f in fields if f["type"] in ("int", "numeric")), None)
    if not label or not value:
        return None
    totals: dict[str, float] = {}
    for data in resource.rows.order_by("number").values_list("data", flat=True)[:CHART_MAX_ROWS]:
        key = str(data.get(label) or "-")
        totals[key] = totals.get(key, 0) + (data.get(value) or 0)
    items = list(totals.items())[-CHART_BARS:]
    top = max((abs(v) for _k, v in items), default=0) or 1
    bars = []
    for i, (key, total) in enumerate(items):
        width = 300 * abs(total) / top
        # Coordinates as plain strings: the template would localise a float ("300,0").
        bars.append(
            {
                "label": key,
                "value": total,
                "y": str(4 + i * 22),
                "text_y": str(19 + i * 22),
                "width": f"{width:.1f}",
                "text_x": f"{width + 160:.1f}",
            }
        )
    return {
        "label": label,
        "value": value,
        "bars": bars,
        "height": 8 + 22 * len(bars),
        "cut": len(totals) > CHART_BARS,
    }


def resource_detail(request: HttpRequest, name: str, resource_id) -> HttpResponse:
    resource = _resource(request, name, resource_id)
    columns = [f["id"] for f in resource.fields]
    rows = [
        [row.data.get(c) for c in columns]
        for row in resource.rows.order_by("number")[:PREVIEW_ROWS]
    ]
    context = {
        "dataset": resource.dataset,
        "resource": resource,
        "columns": columns,
        "rows": rows,
        "chart": chart(resource) if resource.datastore_active else None,
        "may_edit": may_edit(request.user, resource.dataset)
        and resource.dataset.state in services.EDITABLE_STATES,
    }
    return render(request, "opendata/resource.html", context)


def download(request: HttpRequest, name: str, resource_id, filename: str) -> HttpResponse:
    resource = _resource(request, name, resource_id)
    if resource.url:
        return redirect(resource.url)
    if resource.file:
        response = FileResponse(
            resource.file.open("rb"),
            as_attachment=True,
            filename=resource.filename,
            content_type=resource.mimetype or "application/octet-stream",
        )
    elif resource.datastore_active:
        response = HttpResponse(_rows_csv(resource), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{resource.filename}"'
    else:
        raise Http404
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _rows_csv(resource: Resource) -> str:
    out = io.StringIO()
    columns = [f["id"] for f in resource.fields]
    writer = csv.writer(out)
    writer.writerow(columns)
    for data in resource.rows.order_by("number").values_list("data", flat=True).iterator(2000):
        writer.writerow(["" if data.get(c) is None else data.get(c) for c in columns])
    return out.getvalue()


# --- producers and the walidata ----------------------------------------------------------


@producer_required
def manage(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = Dataset.objects.editable_by(user).select_related("agency").order_by("-modified_at")
    review = (
        Dataset.objects.filter(state=DatasetState.SUBMITTED).select_related("agency")
        if may_review(user)
        else Dataset.objects.none()
    )
    context = {"own": own, "review": review, "may_create": user.is_agency_staff}
    return render(request, "opendata/manage.html", context)


def _fields(data: dict) -> services.DatasetFields:
    return services.DatasetFields(
        title=data["title"],
        notes=data["notes"],
        frequency=data["frequency"],
        year=data["year"],
        unit=data["unit"],
        reference_code=data["reference_code"],
        definition=data["definition"],
        classification=data["classification"],
        license_id=data["license_id"],
        tags=data["tags"],
        groups=tuple(data["groups"]),
    )


@role_required(lambda u: u.is_agency_staff)
def dataset_create(request: HttpRequest) -> HttpResponse:
    form = DatasetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.dataset_create(user=request.user, fields=_fields(form.cleaned_data))
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draf dataset dibuat. Tambahkan sumber datanya."))
            return redirect("opendata:add_resource", name=dataset.name)
    status = 400 if request.method == "POST" else 200
    return render(request, "opendata/dataset_form.html", {"form": form}, status=status)


def _editable(request: HttpRequest, name: str) -> Dataset:
    dataset = _dataset(request, name)
    if not may_edit(request.user, dataset):
        raise PermissionDenied
    return dataset


@producer_required
def dataset_edit(request: HttpRequest, name: str) -> HttpResponse:
    dataset = _editable(request, name)
    initial = {
        "title": dataset.title,
        "notes": dataset.notes,
        "frequency": dataset.frequency,
        "year": dataset.year,
        "unit": dataset.unit,
        "reference_code": dataset.reference_code,
        "definition": dataset.definition,
        "classification": dataset.classification,
        "license_id": dataset.license_id,
        "tags": ", ".join(t.name for t in dataset.tags.all()),
        "groups": list(dataset.groups.all()),
    }
    form = DatasetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.dataset_update(
                user=request.user, dataset=dataset, fields=_fields(form.cleaned_data)
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Dataset disimpan."))
            return redirect("opendata:dataset", name=dataset.name)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "dataset": dataset}
    return render(request, "opendata/dataset_form.html", context, status=status)


@producer_required
def add_resource(request: HttpRequest, name: str) -> HttpResponse:
    dataset = _editable(request, name)
    kind = request.POST.get("kind", "upload")
    upload_form = UploadForm(
        request.POST if kind == "upload" else None, request.FILES if kind == "upload" else None
    )
    link_form = LinkForm(request.POST if kind == "link" else None)
    problems: list[str] = []
    if request.method == "POST":
        form = upload_form if kind == "upload" else link_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if kind == "upload":
                    file = data["file"]
                    resource = services.resource_upload(
                        user=request.user,
                        dataset=dataset,
                        name=data["name"],
                        description=data["description"],
                        upload=Upload(name=file.name, data=file.read()),
                    )
                else:
                    resource = services.resource_link(
                        user=request.user,
                        dataset=dataset,
                        name=data["name"],
                        url=data["url"],
                        format=data["format"],
                        description=data["description"],
                    )
            except UploadError as exc:
                problems = exc.problems
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Sumber data ditambahkan."))
                if resource.import_note:
                    messages.warning(request, resource.import_note)
                return redirect("opendata:dataset", name=dataset.name)
    context = {
        "dataset": dataset,
        "upload_form": upload_form,
        "link_form": link_form,
        "problems": problems,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "opendata/resource_form.html", context, status=status)


@require_POST
@producer_required
def delete_resource(request: HttpRequest, name: str, resource_id) -> HttpResponse:
    resource = _resource(request, name, resource_id)
    if not may_edit(request.user, resource.dataset):
        raise PermissionDenied
    try:
        services.resource_delete(user=request.user, resource=resource)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sumber data dihapus."))
    return redirect("opendata:dataset", name=name)


@require_POST
@producer_required
def dataset_act(request: HttpRequest, name: str, action: str) -> HttpResponse:
    dataset = _dataset(request, name)
    user = request.user
    allowed = {
        "ajukan": may_edit(user, dataset),
        "terbitkan": may_review(user),
        "kembalikan": may_review(user),
    }
    if action not in allowed:
        raise Http404
    if not allowed[action]:
        raise PermissionDenied
    try:
        if action == "ajukan":
            services.dataset_submit(user=user, dataset=dataset)
            messages.success(request, _("Dataset diajukan ke walidata."))
        elif action == "terbitkan":
            services.dataset_publish(user=user, dataset=dataset)
            messages.success(request, _("Dataset terbit."))
        elif action == "kembalikan":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise WorkflowError(_("Alasan dikembalikan wajib diisi."))
            services.dataset_return(user=user, dataset=dataset, note=form.cleaned_data["note"])
            messages.success(request, _("Dataset dikembalikan ke produsen data."))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("opendata:dataset", name=dataset.name)
