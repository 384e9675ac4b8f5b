from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .boundaries import FORMATS, BoundaryError
from .models import Area
from .regions import RegionError
from .services import areas_boundaries_replace, city_villages_geojson


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas batas wilayah"),
        help_text=gettext_lazy(
            "Poligon kelurahan/desa dengan kode Kemendagri di properti 'kode' (atau KDEPUM), "
            "dalam WGS 84. Format: %(formats)s."
        )
        % {"formats": FORMATS},
    )


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "population"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    exclude = ["geometry"]
    readonly_fields = ["code", "level", "parent", "center_lat", "center_lon"]
    change_list_template = "admin/areas/area/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("peta/", view(self.map_view), name="areas_area_map"),
            path("peta.geojson", view(self.map_geojson), name="areas_area_map_geojson"),
            path("unggah-batas/", view(self.upload_view), name="areas_area_upload"),
            *super().get_urls(),
        ]

    def _city_villages(self):
        from django.conf import settings

        return Area.objects.villages().in_city(settings.CERDAS_CITY_CODE).select_related("parent")

    def map_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        villages = self._city_villages()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Peta wilayah"),
            "outlined": villages.filter(geometry__isnull=False).count(),
            "without": villages.filter(geometry__isnull=True).order_by("code"),
            "geojson_url": reverse("admin:areas_area_map_geojson"),
            "can_upload": self.has_change_permission(request),
        }
        return TemplateResponse(request, "admin/areas/area/map.html", context)

    def map_geojson(self, request: HttpRequest) -> JsonResponse:
        """The outlines as they are now (the public copy is cached for an hour)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse(city_villages_geojson(), json_dumps_params={"separators": (",", ":")})

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = BoundaryUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = areas_boundaries_replace(data=upload.read(), filename=upload.name)
            except (BoundaryError, RegionError) as exc:
                for problem in getattr(exc, "problems", [str(exc)]):
                    form.add_error("file", problem)
            else:
                messages.success(
                    request,
                    _(
                        "Batas wilayah dimuat: %(outlined)s kelurahan/desa diperbarui, "
                        "%(created)s wilayah baru, %(missing)s tanpa poligon."
                    )
                    % {
                        "outlined": result.outlined,
                        "created": result.created,
                        "missing": len(result.missing),
                    },
                )
                return redirect("admin:areas_area_map")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Unggah batas wilayah"),
            "form": form,
        }
        return TemplateResponse(request, "admin/areas/area/upload.html", context)
