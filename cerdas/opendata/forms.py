"""Forms parse what producers typed; the services decide whether it is allowed."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Frequency, Group, Licence


class DatasetForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    notes = forms.CharField(
        label=_("Uraian"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    frequency = forms.ChoiceField(label=_("Frekuensi"), choices=Frequency, initial=Frequency.YEARLY)
    year = forms.IntegerField(label=_("Tahun"), min_value=1900, max_value=2100)
    unit = forms.CharField(label=_("Satuan"), required=False, max_length=100)
    reference_code = forms.CharField(
        label=_("Kode referensi"),
        required=False,
        max_length=100,
        help_text=_("Kode dalam Daftar Data Satu Data Indonesia, bila ada."),
    )
    definition = forms.CharField(
        label=_("Definisi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apa yang dihitung atau diukur, menurut standar data (Satu Data Indonesia)."),
    )
    classification = forms.CharField(
        label=_("Klasifikasi"),
        required=False,
        max_length=200,
        help_text=_("Pengelompokan yang dipakai, misalnya menurut kecamatan dan jenis kelamin."),
    )
    license_id = forms.ChoiceField(label=_("Lisensi"), choices=Licence, initial=Licence.CC_BY)
    tags = forms.CharField(
        label=_("Tag"), required=False, max_length=1000, help_text=_("Dipisah koma.")
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Grup (topik)"),
        queryset=Group.objects.order_by("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_tags(self):
        return tuple(t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip())


class UploadForm(forms.Form):
    name = forms.CharField(label=_("Nama sumber data"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(
        label=_("Berkas"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8; pemisah koma, titik koma, tab atau |), XLSX (lembar pertama) atau "
            "JSON (daftar objek), maksimal %(mb)s MB. Baris pertama adalah judul kolom."
        ) % {"mb": settings.CERDAS_MAX_UPLOAD_MB}


class LinkForm(forms.Form):
    name = forms.CharField(label=_("Nama sumber data"), max_length=200)
    url = forms.CharField(label=_("Tautan"), max_length=1000)
    format = forms.CharField(label=_("Format"), max_length=20, help_text=_("Misalnya API, PDF."))
    description = forms.CharField(
        label=_("Uraian"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan dikembalikan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
