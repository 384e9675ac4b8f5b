"""Reference data a client needs before it files a report: categories, agencies, areas."""

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from ninja import Router

from cerdas.agencies.models import Agency
from cerdas.areas.services import city_villages_geojson
from cerdas.complaints.models import Category

from .. import auth
from ..schemas import AgencyOut, AreaCollection, CategoryOut
from .common import errors

router = Router(tags=["Reference data"], auth=auth.OPEN)


def _rule(amount: int, unit: str) -> dict:
    return {"amount": amount, "unit": unit}


@router.get(
    "/categories",
    response={200: list[CategoryOut], **errors(401, 429)},
    summary="Active complaint categories",
    url_name="categories",
)
def list_categories(request: HttpRequest):
    """Active categories, in the order of the report form, with their deadline rules."""
    categories = Category.objects.filter(is_active=True).select_related("default_agency", "policy")
    return [
        {
            "code": c.code,
            "name": c.name,
            "description": c.description,
            "icon": c.icon,
            "icon_url": request.build_absolute_uri(c.icon_url),
            "default_agency": c.default_agency.code,
            "default_privacy": c.default_privacy,
            "verify": _rule(c.policy.verify_amount, c.policy.verify_unit),
            "response": _rule(c.policy.response_amount, c.policy.response_unit),
            "resolution": _rule(c.policy.resolution_amount, c.policy.resolution_unit),
        }
        for c in categories
    ]


@router.get(
    "/agencies",
    response={200: list[AgencyOut], **errors(401, 429)},
    summary="Agencies, units and external bodies",
    url_name="agencies",
)
def list_agencies(request: HttpRequest):
    """Active agencies: the city's OPD and units (targets of a disposition or transfer)
    and the external bodies a case may be handed off to. No staff are listed."""
    agencies = Agency.objects.filter(is_active=True).select_related("parent").order_by("code")
    return [
        {
            "code": a.code,
            "name": a.name,
            "short_name": a.short_name,
            "kind": a.kind,
            "parent": a.parent.code if a.parent_id else None,
            "public_contact": a.public_contact,
        }
        for a in agencies
    ]


@router.get(
    "/areas",
    response={200: AreaCollection, **errors(401, 429)},
    summary="The city's kelurahan/desa as GeoJSON",
    url_name="areas",
)
def list_areas(request: HttpRequest):
    """The city's kelurahan/desa as a GeoJSON FeatureCollection (WGS84, simplified for
    drawing). `properties.code` is the value of the `area` filter of GET /complaints."""
    response = JsonResponse(city_villages_geojson(), json_dumps_params={"separators": (",", ":")})
    patch_cache_control(response, public=True, max_age=3600)
    return response
