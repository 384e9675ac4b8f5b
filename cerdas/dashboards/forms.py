from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cerdas.areas.services import area_picker_choices, village_ids
from cerdas.complaints.models import Category
from cerdas.performance.queries import Filters, Period

PRESETS = {"7": 7, "30": 30, "90": 90}
MAX_DAYS = 366


class PerformanceFilterForm(forms.Form):
    """Period, place and category of the leaders' pages. Without input: the last 30 days."""

    period = forms.ChoiceField(
        label=_("Periode"),
        required=False,
        choices=[
            ("30", _("30 hari terakhir")),
            ("7", _("7 hari terakhir")),
            ("90", _("90 hari terakhir")),
            ("month", _("Bulan ini")),
            ("custom", _("Pilih tanggal")),
        ],
    )
    start = forms.DateField(
        label=_("Dari"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(
        label=_("Sampai"), required=False, widget=forms.DateInput({"type": "date"})
    )
    area = forms.ChoiceField(label=_("Wilayah"), required=False, choices=())
    category = forms.ModelChoiceField(
        label=_("Kategori"), required=False, queryset=Category.objects.filter(is_active=True)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_picker_choices()

    def clean(self):
        data = super().clean()
        today = timezone.localtime(timezone.now(), settings.CERDAS_TIME_ZONE).date()
        choice = data.get("period") or "30"
        if choice == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise ValidationError(_("Isi tanggal awal dan akhir."))
            if start.year < 2000 or end.year > 2100:
                raise ValidationError(_("Tanggal di luar rentang 2000–2100."))
            if end < start:
                raise ValidationError(_("Tanggal akhir sebelum tanggal awal."))
            if (end - start).days >= MAX_DAYS:
                raise ValidationError(_("Paling lama satu tahun (366 hari)."))
        elif choice == "month":
            start, end = today.replace(day=1), today
        else:
            start, end = today - timedelta(days=PRESETS[choice] - 1), today
        data["period_value"] = Period(start, end)
        return data

    def results(self) -> tuple[Period, Filters]:
        """The period and filters asked for; the last 30 days of everything when the
        input is invalid (the page shows the errors beside it)."""
        if self.is_bound and not self.is_valid():
            return Period.last_days(30), Filters()
        if not self.is_bound:
            return Period.last_days(30), Filters()
        data = self.cleaned_data
        area = village_ids(data["area"]) if data.get("area") else ()
        category = (data["category"].pk,) if data.get("category") else ()
        return data["period_value"], Filters(area_ids=area, category_ids=category)
