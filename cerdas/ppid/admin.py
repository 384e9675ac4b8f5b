"""Read-only views of the PPID's rows for the system administrator: every change goes
through the PPID's screens (services), which keep the event history."""

from django.contrib import admin

from .models import InfoRequest, Objection


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InfoRequest)
class InfoRequestAdmin(ReadOnly):
    list_display = ["number", "received_at", "state", "decision", "due_at"]
    list_filter = ["state", "decision"]
    search_fields = ["number"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnly):
    list_display = ["number", "request", "reason", "filed_at", "outcome"]
    list_filter = ["reason", "outcome"]
    search_fields = ["number", "request__number"]
