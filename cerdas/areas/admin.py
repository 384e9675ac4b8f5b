from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "population"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    exclude = ["geometry"]
    readonly_fields = ["code", "level", "parent", "center_lat", "center_lon"]
