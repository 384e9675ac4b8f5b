import json

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cerdas.complaints.models import Action

from . import services
from .models import Delivery, Subscription, new_secret


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL penerima"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Alamat http:// atau https:// yang menerima POST JSON."),
    )
    events = forms.MultipleChoiceField(
        label=_("tindakan yang dikirim"),
        choices=Action.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tidak ada yang dipilih: semua tindakan."),
    )

    class Meta:
        model = Subscription
        fields = ["name", "url", "events", "agencies", "include_content", "is_active"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """The secret is generated and shown here; the receiving system needs it to check
    each request's signature (docs/webhooks.md)."""

    form = SubscriptionForm
    list_display = ["name", "url", "events_shown", "include_content", "is_active", "created_at"]
    list_filter = ["is_active", "include_content"]
    search_fields = ["name", "url"]
    filter_horizontal = ["agencies"]
    readonly_fields = ["secret", "created_at"]
    fields = [
        "name",
        "url",
        "secret",
        "events",
        "agencies",
        "include_content",
        "is_active",
        "created_at",
    ]
    actions = ["regenerate_secret"]

    @admin.display(description=_("tindakan"))
    def events_shown(self, obj: Subscription) -> str:
        return ", ".join(obj.events) if obj.events else str(_("semua"))

    @admin.action(description=_("Buat ulang kunci rahasia"), permissions=["change"])
    def regenerate_secret(self, request, queryset) -> None:
        # One new secret per subscription: they are different receivers.
        count = 0
        for subscription in queryset:
            subscription.secret = new_secret()
            subscription.save(update_fields=["secret"])
            count += 1
        self.message_user(
            request,
            ngettext(
                "Kunci rahasia %(n)d langganan dibuat ulang; perbarui di sistem penerima.",
                "Kunci rahasia %(n)d langganan dibuat ulang; perbarui di sistem penerima.",
                count,
            )
            % {"n": count},
            messages.WARNING,
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log. Read-only: rows change only by sending, or by "Kirim ulang"."""

    list_display = [
        "created_at",
        "event_type",
        "complaint_code",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "subscription"]
    list_select_related = ["subscription", "event__complaint"]
    search_fields = ["event__complaint__code"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "id",
        "subscription",
        "complaint_code",
        "event_type",
        "status",
        "attempts",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "payload_shown",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The list's action needs "change"; a single delivery's page is read-only.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("jenis"))
    def event_type(self, obj: Delivery) -> str:
        return obj.payload.get("type", "")

    @admin.display(description=_("kode lacak"), ordering="event__complaint__code")
    def complaint_code(self, obj: Delivery) -> str:
        return obj.event.complaint.code

    @admin.display(description=_("isi (JSON)"))
    def payload_shown(self, obj: Delivery) -> str:
        return format_html(
            "<pre style='white-space: pre-wrap'>{}</pre>",
            json.dumps(obj.payload, ensure_ascii=False, indent=2),
        )

    @admin.action(description=_("Kirim ulang"), permissions=["change"])
    def resend(self, request, queryset) -> None:
        inactive = queryset.filter(subscription__is_active=False).count()
        count = services.deliveries_resend(deliveries=queryset)
        self.message_user(
            request,
            ngettext(
                "%(n)d pengiriman dijadwalkan ulang.",
                "%(n)d pengiriman dijadwalkan ulang.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
        if inactive:
            self.message_user(
                request,
                _("%(n)d di antaranya untuk langganan nonaktif: tidak akan dikirim.")
                % {"n": inactive},
                messages.WARNING,
            )
