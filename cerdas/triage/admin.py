from django.contrib import admin

from .models import RoutingDecision, Supporter, TrainingLabel, TriageSettings


@admin.register(TriageSettings)
class TriageSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "auto_dispose", "threshold"]

    def has_add_permission(self, request) -> bool:
        return not TriageSettings.objects.exists()


@admin.register(RoutingDecision)
class RoutingDecisionAdmin(admin.ModelAdmin):
    list_display = ["complaint", "model_version", "confidence", "threshold", "auto_disposed"]
    list_filter = ["auto_disposed", "model_version"]
    raw_id_fields = ["complaint"]


@admin.register(TrainingLabel)
class TrainingLabelAdmin(admin.ModelAdmin):
    list_display = ["label", "source", "created_at"]
    list_filter = ["source"]
    raw_id_fields = ["complaint"]


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = ["complaint", "user", "created_at"]
    raw_id_fields = ["complaint", "user", "came_from"]
