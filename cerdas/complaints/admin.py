from django.contrib import admin

from .models import Category, Complaint, ComplaintEvent, DeadlinePolicy


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "verify_amount",
        "verify_unit",
        "response_amount",
        "response_unit",
        "resolution_amount",
        "resolution_unit",
    ]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["icon", "name", "default_agency", "policy", "default_privacy", "is_active"]
    list_display_links = ["name"]
    list_filter = ["is_active", "default_agency"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    fields = ["created_at", "action", "actor_label", "from_state", "to_state", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: every change to a case goes through the workflow screens and services."""

    list_display = ["code", "title", "category", "state", "agency", "created_at"]
    list_filter = ["state", "category", "agency", "channel", "privacy"]
    search_fields = ["code", "title"]
    date_hierarchy = "created_at"
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
