from django.contrib import admin, messages

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Creating a key here shows it once; afterwards only its prefix is known."""

    list_display = ["name", "prefix", "scopes", "rate_per_minute", "is_active", "last_used_at"]
    list_filter = ["is_active"]
    fields = [
        "name",
        "scopes",
        "rate_per_minute",
        "is_active",
        "prefix",
        "created_at",
        "last_used_at",
    ]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = ApiKey.issue(
            name=obj.name, scopes=obj.scopes, rate_per_minute=obj.rate_per_minute
        )
        obj.pk, obj.prefix = key.pk, key.prefix
        messages.warning(
            request, f"Kunci API baru (simpan sekarang, tidak ditampilkan lagi): {raw}"
        )
