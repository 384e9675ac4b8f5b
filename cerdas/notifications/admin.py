from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    EscalationStep,
    Notification,
    OptOut,
    Preference,
    Status,
    Template,
    WhatsAppTemplate,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox. Read-only: rows change only by sending, or by "Kirim ulang"."""

    list_display = [
        "created_at",
        "template",
        "channel",
        "complaint",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "channel", "template"]
    list_select_related = ["complaint"]
    search_fields = ["complaint__code", "key"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "key",
        "channel",
        "address",
        "user",
        "complaint",
        "template",
        "subject",
        "body",
        "media_url",
        "status",
        "attempts",
        "last_attempt_at",
        "last_error",
        "next_attempt_at",
        "provider_id",
        "sent_at",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The list's action needs "change"; a single notice's page is read-only.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Kirim ulang"), permissions=["change"])
    def resend(self, request, queryset) -> None:
        pending = queryset.filter(status=Status.PENDING).count()
        count = services.notifications_resend(notifications=queryset)
        self.message_user(
            request,
            ngettext(
                "%(n)d notifikasi dijadwalkan ulang.",
                "%(n)d notifikasi dijadwalkan ulang.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
        if pending:
            self.message_user(
                request,
                _("%(n)d masih menunggu dikirim: tidak diubah.") % {"n": pending},
                messages.WARNING,
            )


class TemplateForm(forms.ModelForm):
    class Meta:
        model = Template
        fields = ["description", "subject", "body", "is_active"]

    def clean(self):
        from .notices import template_check

        cleaned = super().clean()
        template_check(subject=cleaned.get("subject", ""), body=cleaned.get("body", ""))
        return cleaned


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ["code", "description", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["code", "description", "body"]
    readonly_fields = ["code", "updated_at"]
    fields = ["code", "description", "subject", "body", "is_active", "updated_at"]

    def has_add_permission(self, request) -> bool:
        # The code names a notice the program sends; a new code would never be used.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channels", "opted_out", "updated_at"]
    list_filter = ["opted_out"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["channel", "created_at"]
    list_filter = ["channel"]
    search_fields = ["address"]


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    list_display = ["category", "rung", "after_hours"]
    list_filter = ["rung", "category"]


@admin.register(WhatsAppTemplate)
class WhatsAppTemplateAdmin(admin.ModelAdmin):
    list_display = ("notice", "name", "language", "is_active", "updated_at")
    list_filter = ("is_active", "language")
    search_fields = ("notice", "name")
