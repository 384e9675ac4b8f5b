from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Conversation, InboundMessage, MessageStatus


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "name", "step", "updated_at"]
    list_filter = ["channel", "step"]
    search_fields = ["name", "address"]
    readonly_fields = ["channel", "address", "name", "step", "draft", "created_at", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False  # a conversation starts with a citizen's first message


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """Failed messages stay here with their error until they are processed again."""

    list_display = ["id", "channel", "kind", "status", "attempts", "error", "received_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["provider_id", "complaint__code"]
    raw_id_fields = ["conversation", "complaint"]
    readonly_fields = [
        "conversation",
        "channel",
        "provider_id",
        "kind",
        "text",
        "latitude",
        "longitude",
        "media_id",
        "payload",
        "status",
        "error",
        "attempts",
        "replies",
        "complaint",
        "received_at",
        "processed_at",
    ]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Proses ulang pesan yang gagal"), permissions=["change"])
    def retry(self, request, queryset) -> None:
        failed = list(queryset.filter(status=MessageStatus.FAILED).values_list("pk", flat=True))
        count = services.messages_retry(message_ids=failed)
        self.message_user(
            request,
            ngettext(
                "%(n)d pesan dimasukkan lagi ke antrean proses.",
                "%(n)d pesan dimasukkan lagi ke antrean proses.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
