"""The admin reads instructions; every change goes through the services (the screens)."""

from django.contrib import admin

from .models import Instruction, InstructionEvent, InstructionFile, InstructionRecipient


class RecipientInline(admin.TabularInline):
    model = InstructionRecipient
    fields = ["agency", "status", "acknowledged_at", "done_at", "accepted_at", "return_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = InstructionEvent
    fields = ["created_at", "action", "actor_label", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Instruction)
class InstructionAdmin(admin.ModelAdmin):
    list_display = ["subject", "priority", "deadline", "created_by", "created_at"]
    list_filter = ["priority"]
    search_fields = ["subject", "body"]
    date_hierarchy = "deadline"
    readonly_fields = ["created_by", "created_at", "updated_at", "complaints"]
    inlines = [RecipientInline, EventInline]

    def has_add_permission(self, request):
        return False


@admin.register(InstructionRecipient)
class InstructionRecipientAdmin(admin.ModelAdmin):
    list_display = ["instruction", "agency", "status", "done_at", "accepted_at", "return_count"]
    list_filter = ["status", "agency"]
    list_select_related = ["instruction", "agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InstructionEvent)
class InstructionEventAdmin(admin.ModelAdmin):
    list_display = ["instruction", "action", "actor_label", "to_status", "created_at"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InstructionFile)
class InstructionFileAdmin(admin.ModelAdmin):
    list_display = ["name", "instruction", "recipient", "content_type", "size", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
