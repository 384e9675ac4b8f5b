"""Forms parse what people typed; the services decide whether it is allowed."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cerdas.agencies.models import Agency
from cerdas.complaints.forms import MultipleFileInput, PhotosField

from .models import Priority
from .services import parse_codes

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"


class FilesField(PhotosField):
    """Several files in one input (photos or PDFs); returns a list of Upload, checked by
    the service. The same limits as a report's photos."""

    widget = MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True})
    too_many = _("Paling banyak %(n)s lampiran sekaligus.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("Foto (JPEG, PNG, WebP) atau PDF, maksimal %(mb)s MB per berkas.")
            % {"mb": settings.CERDAS_MAX_UPLOAD_MB},
        )
        super().__init__(*args, **kwargs)


class InstructionForm(forms.Form):
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    body = forms.CharField(
        label=_("Isi arahan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Kepada OPD"),
        queryset=Agency.objects.internal().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    priority = forms.ChoiceField(label=_("Prioritas"), choices=Priority, initial=Priority.NORMAL)
    deadline = forms.DateTimeField(
        label=_("Tenggat"),
        help_text=_("Tanggal dan jam, waktu setempat."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    complaint_codes = forms.CharField(
        label=_("Pengaduan terkait"),
        required=False,
        max_length=1000,
        help_text=_("Kode lacak, dipisah koma atau spasi (opsional)."),
    )
    files = FilesField(label=_("Lampiran"))

    def clean_complaint_codes(self):
        return parse_codes(self.cleaned_data["complaint_codes"])

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        # A date alone means the end of that working day's office hours would be a guess;
        # the form sends a time, and the city's zone makes it aware.
        if timezone.is_naive(value):
            value = timezone.make_aware(value, settings.CERDAS_TIME_ZONE)
        return value


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan (opsional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Uraian perkembangan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = FilesField(label=_("Bukti (opsional)"))


class DoneForm(NoteForm):
    files = FilesField(label=_("Bukti (opsional)"))


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan pengembalian"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
