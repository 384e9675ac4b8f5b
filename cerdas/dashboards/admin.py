from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import DisplayToken


@admin.register(DisplayToken)
class DisplayTokenAdmin(admin.ModelAdmin):
    """Creating a token shows the wall's address once; untick "aktif" to revoke it."""

    list_display = ["name", "prefix", "is_active", "created_at", "last_seen_at"]
    list_filter = ["is_active"]
    fields = ["name", "is_active", "prefix", "created_at", "last_seen_at"]
    readonly_fields = ["prefix", "created_at", "last_seen_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = DisplayToken.issue(name=obj.name)
        obj.pk, obj.prefix = token.pk, token.prefix
        url = request.build_absolute_uri(reverse("dashboards:wall", args=[raw]))
        messages.warning(
            request,
            _("Alamat layar dinding (simpan sekarang, tidak ditampilkan lagi): %(url)s")
            % {"url": url},
        )

    @admin.action(description=_("Cabut token yang dipilih"))
    def revoke(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, _("%(n)s token dicabut.") % {"n": count})
