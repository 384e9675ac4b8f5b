from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Alarm, Camera, Sensor


@admin.register(Sensor)
class SensorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "agency", "last_value", "last_at", "level", "refused"]
    list_filter = ["kind", "agency", "is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["last_value", "last_at", "level", "refused", "created_at"]
    actions = ["issue_key"]

    @admin.action(description=_("Buat kunci perangkat baru (kunci lama tidak berlaku)"))
    def issue_key(self, request, queryset):
        for sensor in queryset:
            key = sensor.new_key()
            sensor.save(update_fields=["key_hash"])
            # Shown once, to the admin who made it; only the hash is stored.
            self.message_user(request, f"{sensor.code}: {key}", messages.WARNING)


@admin.register(Alarm)
class AlarmAdmin(admin.ModelAdmin):
    list_display = [
        "sensor",
        "kind",
        "level",
        "value",
        "raised_at",
        "acknowledged_by",
        "resolved_at",
    ]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Alarm._meta.fields]


@admin.register(Camera)
class CameraAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "lat", "lon", "is_active"]
