"""The admin manages the topics (groups); datasets are read here and changed through the
portal's screens, where the walidata's review applies."""

from django.contrib import admin

from .models import Dataset, Group


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["title", "name"]
    prepopulated_fields = {"name": ["title"]}
    search_fields = ["title", "name"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "state", "modified_at"]
    list_filter = ["state", "agency"]
    search_fields = ["title", "name"]
    readonly_fields = [f.name for f in Dataset._meta.fields] + ["groups", "tags"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
