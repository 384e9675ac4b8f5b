"""Reads of the portal and the CKAN API: dataset search with facets, datastore rows.

Search reads the Lucene/Solr syntax CKAN clients send (cerdas/opendata/solr.py parses
it: AND, OR, NOT, parentheses, phrases, wildcards, ranges) and turns the tree into one
database query. Free words are found by PostgreSQL's full-text search (the `simple`
configuration: no stemming, which Indonesian lacks there) and, on SQLite, by a
whole-word match, so both databases answer alike. Each leaf is its own subquery of
dataset ids, so NOT and OR on tags, groups and resources (many per dataset) mean what
they say.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from . import solr
from .models import Dataset, DatasetState, Frequency, Group, Licence, Resource, Row, Tag
from .solr import SearchQueryError

__all__ = ["ParamError", "SearchQueryError", "dataset_search", "filtered"]


class ParamError(Exception):
    """A parameter is invalid (CKAN: "Validation Error", 409): {field: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(str(errors))
        self.errors = errors


# --- parameters ------------------------------------------------------------------------


def natural(value, *, name: str, default: int, maximum: int | None = None) -> int:
    """CKAN's int_validator + natural_number_validator + limit_to_configured_maximum."""
    if value in (None, ""):
        return default
    try:
        number = int(str(value))
    except ValueError:
        raise ParamError({name: ["Invalid integer"]}) from None
    if number < 0:
        raise ParamError({name: ["Must be a natural number"]})
    return min(number, maximum) if maximum is not None else number


# --- search: ranges --------------------------------------------------------------------

_RANGE = re.compile(r"^([\[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$")
_NOW = re.compile(r"^NOW(?:([+-]\d+)(DAYS?|HOURS?|MINUTES?))?(?:/DAY)?$")


def _when(value: str, now: datetime) -> datetime | None:
    if value == "*":
        return None
    match = _NOW.match(value)
    if match:
        when = now
        if match[1]:
            unit = {"D": "days", "H": "hours", "M": "minutes"}[match[2][0]]
            when = now + timedelta(**{unit: int(match[1])})
        return when
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise SearchQueryError(f"Tanggal tidak dikenal dalam rentang: {value}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _range(field: str, value: str, *, kind: str) -> Q:
    match = _RANGE.match(value)
    if not match:
        raise SearchQueryError(f"Rentang tidak sah: {value} (contoh: [2024-01-01T00:00:00Z TO *])")
    opening, low, high, closing = match.groups()
    if kind == "datetime":
        now = timezone.now()
        low, high = _when(low, now), _when(high, now)
    else:
        try:
            low = None if low == "*" else int(low)
            high = None if high == "*" else int(high)
        except ValueError:
            raise SearchQueryError(f"Rentang harus angka: {value}") from None
    q = Q()
    if low is not None:
        q &= Q(**{f"{field}__{'gte' if opening == '[' else 'gt'}": low})
    if high is not None:
        q &= Q(**{f"{field}__{'lte' if closing == ']' else 'lt'}": high})
    return q


# --- search: free text -----------------------------------------------------------------

# Where a free word is looked for: the dataset's own text and its OPD's names, and the
# names of its tags (a second subquery: a dataset has many tags).
_TEXT_COLUMNS = ("title", "notes", "name", "agency__name", "agency__short_name")
_WORD = re.compile(r"\w+")


def _ids(queryset) -> Q:
    return Q(pk__in=queryset.values("pk"))


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _fts(query_text: str, search_type: str) -> Q:
    from django.contrib.postgres.search import SearchQuery, SearchVector

    query = SearchQuery(query_text, search_type=search_type, config="simple")
    own = Dataset.objects.annotate(_doc=SearchVector(*_TEXT_COLUMNS, config="simple")).filter(
        _doc=query
    )
    tagged = Dataset.objects.annotate(_doc=SearchVector("tags__name", config="simple")).filter(
        _doc=query
    )
    return _ids(own) | _ids(tagged)


def _regex_anywhere(pattern: str) -> Q:
    """Datasets whose text or a tag matches a regular expression (case-insensitive)."""
    q = Q()
    for column in _TEXT_COLUMNS:
        q |= Q(**{f"{column}__iregex": pattern})
    tagged = Dataset.objects.filter(tags__name__iregex=pattern)
    return _ids(Dataset.objects.filter(q)) | _ids(tagged)


def _words_pattern(words: list[str], *, prefix_last: bool = False) -> str:
    """A whole-word (or whole-phrase) match; \\w and \\W mean the same in Python's re
    (SQLite) and PostgreSQL's regular expressions."""
    end = "" if prefix_last else r"(\W|$)"
    return r"(^|\W)" + r"\W+".join(re.escape(w) for w in words) + end


def _free_text(term: solr.Term) -> Q:
    if term.kind == "all":
        return Q()
    if term.kind == "wildcard":
        stem = term.value[:-1]
        if term.value.endswith("*") and _WORD.fullmatch(stem or "-"):
            # samp* : a word beginning so (the common case; full-text search's prefix).
            if _postgres():
                return _fts(f"{stem}:*", "raw")
            return _regex_anywhere(_words_pattern([stem], prefix_last=True))
        # Anything else (s?mpah, *pah): a word of that shape, by regular expression.
        shape = solr.wildcard_regex(term.value, one=r"\w", many=r"\w*")[1:-1]
        return _regex_anywhere(r"(^|\W)" + shape + r"(\W|$)")
    words = _WORD.findall(term.value)
    if not words:
        return Q()  # punctuation only: Solr's analyser drops it too
    if _postgres():
        if term.kind == "phrase":
            return _fts(" ".join(words), "phrase")
        return _fts(" & ".join(words), "raw")
    if term.kind == "phrase":
        return _regex_anywhere(_words_pattern(words))
    q = Q()
    for word in words:  # a word Solr's tokenizer splits ("air-bersih") needs every part
        q &= _regex_anywhere(_words_pattern([word]))
    return q


# --- search: fields --------------------------------------------------------------------


def _uuid(value: str) -> Q:
    try:
        return Q(id=uuid.UUID(value))
    except ValueError:
        return Q(pk__in=[])


def _ckan_only(expected: str):
    return lambda v: Q() if v.lower() == expected else Q(pk__in=[])


def _year(value: str) -> Q:
    if not value.isdigit():
        raise SearchQueryError(f"tahun harus angka: {value}")
    return Q(year=int(value))


# field: (the lookup of an exact value or None, the column a wildcard is matched on)
FIELDS = {
    "id": (_uuid, None),
    "name": (lambda v: Q(name=v), "name"),
    "title": (lambda v: Q(title__icontains=v), "title"),
    "organization": (lambda v: Q(agency__code=v), "agency__code"),
    "owner_org": (lambda v: Q(agency__code=v), "agency__code"),
    "groups": (lambda v: Q(groups__name=v), "groups__name"),
    "tags": (lambda v: Q(tags__name=v), "tags__name"),
    "res_format": (lambda v: Q(resources__format__iexact=v), "resources__format"),
    "license_id": (lambda v: Q(license_id=v), "license_id"),
    "tahun": (_year, None),
    "frekuensi": (lambda v: Q(frequency=v), "frequency"),
    "type": (_ckan_only("dataset"), None),
    "dataset_type": (_ckan_only("dataset"), None),
    "state": (_ckan_only("active"), None),
    "capacity": (_ckan_only("public"), None),
}
# Fields whose value is text to search in, as a free word is (CKAN's `text` catch-all).
TEXT_FIELDS = {"text"}
RANGES = {
    "metadata_modified": ("modified_at", "datetime"),
    "metadata_created": ("created_at", "datetime"),
    "tahun": ("year", "int"),
}


def _field(term: solr.Term) -> Q:
    if term.field in TEXT_FIELDS:
        return _free_text(solr.Term(None, term.value, term.kind))
    if term.kind == "range":
        if term.field not in RANGES:
            raise SearchQueryError(f"Rentang tidak didukung untuk {term.field}")
        column, kind = RANGES[term.field]
        return _ids(Dataset.objects.filter(_range(column, term.value, kind=kind)))
    if term.field not in FIELDS:
        raise SearchQueryError(f"Bidang tidak dikenal: {term.field}")
    exact, column = FIELDS[term.field]
    if term.kind == "all":  # field:* : has any value
        if column is None:
            return Q()
        return _ids(Dataset.objects.filter(**{f"{column}__isnull": False}).exclude(**{column: ""}))
    if term.kind == "wildcard":
        if column is None:
            raise SearchQueryError(f"Wildcard tidak didukung untuk {term.field}")
        pattern = solr.wildcard_regex(term.value)
        return _ids(Dataset.objects.filter(**{f"{column}__iregex": pattern}))
    return _ids(Dataset.objects.filter(exact(term.value)))


def _node_q(node: solr.Node) -> Q:
    if isinstance(node, solr.Term):
        return _free_text(node) if node.field is None else _field(node)
    if isinstance(node, solr.Not):
        return ~_node_q(node.child)
    parts = [_node_q(child) for child in node.children]
    out = parts[0]
    for part in parts[1:]:
        out = (out & part) if isinstance(node, solr.And) else (out | part)
    return out


def filtered(queryset, *texts: str):
    """The queryset narrowed by each q/fq text (ANDed); SearchQueryError if unreadable."""
    for text in texts:
        node = solr.parse(text)
        if node != solr.MATCH_ALL:
            queryset = queryset.filter(_node_q(node))
    return queryset


SORTS = {
    "id": "id",
    "name": "name",
    "title": "title",
    "title_string": "title",
    "metadata_modified": "modified_at",
    "metadata_created": "created_at",
    "tahun": "year",
}
DEFAULT_SORT = "score desc, metadata_modified desc"


def ordering(sort: str) -> list:
    order = []
    for part in (sort or DEFAULT_SORT).split(","):
        bits = part.split()
        if not bits:
            continue
        key, direction = bits[0], (bits[1].lower() if len(bits) > 1 else "asc")
        if direction not in ("asc", "desc") or len(bits) > 2:
            raise SearchQueryError(f"Urutan tidak sah: {part.strip()}")
        if key == "score":
            continue  # no relevance score here; the next key decides
        if key not in SORTS:
            raise SearchQueryError(f"Tidak dapat mengurutkan menurut {key}")
        column = F(SORTS[key])
        order.append(column.desc() if direction == "desc" else column.asc())
    return [*order, F("id").asc()]


# --- facets ----------------------------------------------------------------------------

FACETS = {
    # facet field: (column, column of its display name or None)
    "organization": ("agency__code", "agency__name"),
    "groups": ("groups__name", "groups__title"),
    "tags": ("tags__name", None),
    "res_format": ("resources__format", None),
    "license_id": ("license_id", None),
    "tahun": ("year", None),
    "frekuensi": ("frequency", None),
}
_LABELS = {"license_id": dict(Licence.choices), "frekuensi": dict(Frequency.choices)}


def facet_counts(matching, field: str, *, limit: int, mincount: int = 1) -> list[dict]:
    """[{"name", "display_name", "count"}] most frequent first, as CKAN's search_facets."""
    if field not in FACETS:
        return []
    column, label = FACETS[field]
    values = [column, label] if label else [column]
    rows = (
        Dataset.objects.filter(pk__in=matching.values("pk"), **{f"{column}__isnull": False})
        .values(*values)
        .annotate(count=Count("id", distinct=True))
        .filter(count__gte=mincount)
        .order_by("-count", column)
    )
    if limit >= 0:
        rows = rows[:limit]
    items = []
    for row in rows:
        name = str(row[column])
        display = row[label] if label else _LABELS.get(field, {}).get(name, name)
        items.append({"name": name, "display_name": str(display), "count": row["count"]})
    return items


@dataclass
class SearchResult:
    count: int
    datasets: list[Dataset]
    facets: dict[str, list[dict]]


def with_relations(queryset):
    return queryset.select_related("agency").prefetch_related("tags", "groups", "resources")


def load_relations(datasets: list[Dataset]) -> list[Dataset]:
    """Tags, groups and resources of many datasets in four plain queries, as sorted lists
    (`tag_list`, `group_list`, `resource_list`): prefetch_related costs seconds for the
    thousand datasets a harvester asks for in one page."""
    ids = [d.pk for d in datasets]
    by_id = {d.pk: d for d in datasets}
    for d in datasets:
        d.tag_list, d.group_list, d.resource_list = [], [], []
    tag_links = list(Dataset.tags.through.objects.filter(dataset_id__in=ids).values_list())
    tags = Tag.objects.in_bulk({tag_id for _pk, _d, tag_id in tag_links})
    for _pk, dataset_id, tag_id in tag_links:
        by_id[dataset_id].tag_list.append(tags[tag_id])
    group_links = list(Dataset.groups.through.objects.filter(dataset_id__in=ids).values_list())
    groups = Group.objects.in_bulk({group_id for _pk, _d, group_id in group_links})
    for _pk, dataset_id, group_id in group_links:
        by_id[dataset_id].group_list.append(groups[group_id])
    for resource in Resource.objects.filter(dataset_id__in=ids):
        resource.dataset = by_id[resource.dataset_id]  # no query per resource
        by_id[resource.dataset_id].resource_list.append(resource)
    for d in datasets:
        d.tag_list.sort(key=lambda t: t.name)
        d.group_list.sort(key=lambda g: g.name)
        d.resource_list.sort(key=lambda r: (r.position, r.created_at))
    return datasets


def dataset_search(
    *,
    q: str = "",
    fq: str = "",
    sort: str = "",
    rows: int = 10,
    start: int = 0,
    facet_fields: list[str] = (),
    facet_limit: int = 50,
    facet_mincount: int = 1,
) -> SearchResult:
    """Published datasets only, whatever the query says; each with its tag_list,
    group_list and resource_list."""
    matching = filtered(Dataset.objects.published(), q, fq)
    base = Dataset.objects.filter(pk__in=matching.values("pk"))
    order = ordering(sort)
    page = (
        list(base.select_related("agency").order_by(*order)[start : start + rows]) if rows else []
    )
    load_relations(page)
    facets = {
        field: facet_counts(matching, field, limit=facet_limit, mincount=facet_mincount)
        for field in facet_fields
    }
    return SearchResult(count=base.count(), datasets=page, facets=facets)


# --- datastore -------------------------------------------------------------------------


def published_dataset(key: str) -> Dataset | None:
    """A published dataset by name or by id, with its relations (load_relations)."""
    query = Q(name=key)
    try:
        query |= Q(id=uuid.UUID(str(key)))
    except ValueError:
        pass
    dataset = Dataset.objects.published().filter(query).select_related("agency").first()
    return load_relations([dataset])[0] if dataset else None


def published_resource(resource_id) -> Resource | None:
    try:
        key = uuid.UUID(str(resource_id))
    except ValueError:
        return None
    return (
        Resource.objects.select_related("dataset__agency")
        .filter(pk=key, dataset__state=DatasetState.PUBLISHED)
        .first()
    )


def _typed(value, kind: str, *, name: str):
    if value is None or kind == "text":
        return None if value is None else str(value)
    try:
        return int(value) if kind == "int" else float(value)
    except (TypeError, ValueError):
        raise ParamError({"filters": [f'invalid value for field "{name}": {value!r}']}) from None


@dataclass
class RowPage:
    total: int
    rows: list[Row]
    fields: list[dict]


def datastore_rows(
    resource: Resource,
    *,
    filters: dict | None = None,
    q: str = "",
    sort: str = "",
    limit: int = 100,
    offset: int = 0,
    fields: list[str] | None = None,
    include_total: bool = True,
) -> RowPage:
    types = {f["id"]: f["type"] for f in resource.fields}
    rows = resource.rows.all()
    annotations = {}

    def column(name: str, *, param: str) -> str:
        if name == "_id":
            return "number"
        if name not in types:
            raise ParamError({param: [f'field "{name}" not in table']})
        alias = f"_c{list(types).index(name)}"
        annotations[alias] = KeyTransform(name, "data")
        return alias

    conditions = []
    for name, value in (filters or {}).items():
        alias = column(name, param="filters")
        kind = "int" if name == "_id" else types[name]
        values = value if isinstance(value, list) else [value]
        typed = [_typed(v, kind, name=name) for v in values]
        conditions.append((f"{alias}__in", typed))
    order = []
    for part in (sort or "").split(","):
        bits = part.split()
        if not bits:
            continue
        name, direction = bits[0].strip('"'), (bits[1].lower() if len(bits) > 1 else "asc")
        if direction not in ("asc", "desc"):
            raise ParamError({"sort": [f"invalid sort direction: {part.strip()}"]})
        alias = column(name, param="sort")
        order.append(F(alias).desc(nulls_last=True) if direction == "desc" else F(alias).asc())
    shown = resource.fields
    if fields:
        for name in fields:
            if name != "_id" and name not in types:
                raise ParamError({"fields": [f'field "{name}" not in table']})
        shown = [f for f in resource.fields if f["id"] in fields]
    if annotations:
        rows = rows.alias(**annotations)
    for lookup, values in conditions:
        rows = rows.filter(**{lookup: values})
    if q:
        for word in str(q).lower().split():
            rows = rows.filter(text__contains=word)
    total = rows.count() if include_total else -1
    page = list(rows.order_by(*order, "number")[offset : offset + limit]) if limit else []
    return RowPage(total=total, rows=page, fields=shown)
