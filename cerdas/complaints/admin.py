from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .forms import IconTiles
from .models import Category, CategoryAttribute, Complaint, ComplaintEvent, DeadlinePolicy


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


class AttributeFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Open311: "any positive integer not used for other attributes in the same
        # service_code". Checked here, not in the database, so two rows can swap places.
        seen: set[int] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("order") is None:
                continue
            if data["order"] in seen:
                raise ValidationError(_("Urutan %(n)s dipakai dua kali.") % {"n": data["order"]})
            seen.add(data["order"])


class CategoryAttributeInline(admin.StackedInline):
    """The extra questions a category asks; Open311 clients read them as its service
    definition (/open311/v2/services/<code>.json)."""

    model = CategoryAttribute
    formset = AttributeFormSet
    fields = [
        ("order", "code", "datatype"),
        "description",
        "datatype_description",
        ("required", "variable"),
        "values",
    ]
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "icon_preview",
        "name",
        "default_agency",
        "policy",
        "default_privacy",
        "is_active",
    ]
    list_display_links = ["name"]
    list_filter = ["is_active", "default_agency"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [CategoryAttributeInline]

    class Media:
        css = {"all": ["cerdas/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "icon":  # pick the icon by its picture, not by a name
            kwargs["widget"] = IconTiles
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("ikon"), ordering="icon")
    def icon_preview(self, obj):
        return obj.icon_svg


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
