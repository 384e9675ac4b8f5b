"""Forms parse input into the arguments of a service; the services hold the rules."""

import uuid
from collections import Counter

from django import forms
from django.conf import settings
from django.db.models import Case, Count, Q, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cerdas.accounts.models import AGENCY_ROLES, Role, User
from cerdas.agencies.models import Agency
from cerdas.areas.services import area_picker_choices

from . import icons
from .models import OPEN_STATES, Category, Channel, Complaint, Privacy, State
from .services import Upload, complaint_submit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; returns a list of Upload (checked later by the service)."""

    widget = MultipleFileInput(attrs={"accept": "image/*", "multiple": True})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    too_many = _("Paling banyak %(n)s foto.")

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > settings.CERDAS_MAX_PHOTOS:
            raise forms.ValidationError(self.too_many % {"n": settings.CERDAS_MAX_PHOTOS})
        limit = settings.CERDAS_MAX_UPLOAD_MB * 1024 * 1024
        uploads = []
        for f in files:
            if f.size > limit:
                raise forms.ValidationError(
                    _("%(name)s terlalu besar (maksimal %(mb)s MB).")
                    % {"name": f.name, "mb": settings.CERDAS_MAX_UPLOAD_MB}
                )
            uploads.append(Upload(name=f.name, data=f.read()))
        if self.required and not uploads:
            raise forms.ValidationError(self.error_messages["required"])
        return uploads


class IconTiles(forms.RadioSelect):
    """Choices as tiles, each with its icon (complaints.icons); the value is the icon's
    name. The admin picks a category's icon with it."""

    option_template_name = "complaints/widgets/icon_option.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "tiles", **(attrs or {})}, choices)

    def icon_for(self, value) -> str:
        return str(value)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["icon"] = icons.inline(self.icon_for(value))
        return option


class CategoryTiles(IconTiles):
    """The categories as tiles with their icons: on a phone, easier to tell apart and to
    tap than a drop-down list (whose options cannot show an icon)."""

    def icon_for(self, value) -> str:
        category = getattr(value, "instance", None)
        return category.icon if category else icons.DEFAULT


class ReportForm(forms.Form):
    """The citizen's report form. Works without JavaScript: the map only fills lat/lon."""

    category = forms.ModelChoiceField(
        label=_("Kategori masalah"),
        queryset=Category.objects.filter(is_active=True),
        widget=CategoryTiles,
    )
    description = forms.CharField(
        label=_("Uraikan masalahnya"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
        help_text=_("Apa masalahnya, sejak kapan, seberapa parah. Maksimal 4.000 karakter."),
    )
    address = forms.CharField(
        label=_("Alamat atau patokan lokasi"),
        max_length=300,
        required=False,
        help_text=_("Contoh: Jl. Sam Ratulangi depan Gereja Sentrum, dekat Pasar 45."),
    )
    latitude = forms.FloatField(
        label=_("Lintang"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        label=_("Bujur"), required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    photos = PhotosField(
        label=_("Foto (opsional)"),
        help_text=_("Hingga 5 foto JPEG/PNG, masing-masing maksimal 10 MB."),
    )
    privacy = forms.ChoiceField(
        label=_("Privasi laporan"),
        choices=Privacy.choices,
        initial=Privacy.PUBLIC,
        widget=forms.RadioSelect,
    )
    reporter_name = forms.CharField(label=_("Nama"), max_length=120, required=False)
    reporter_phone = forms.CharField(
        label=_("Nomor HP/WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    reporter_email = forms.EmailField(label=_("E-mail"), required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def submit(self, **extra) -> Complaint:
        """File the report through the service; raises WorkflowError with its message."""
        data = self.cleaned_data
        return complaint_submit(
            category=data["category"],
            description=data["description"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            address=data["address"],
            photos=data["photos"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            reporter_email=data["reporter_email"],
            privacy=data["privacy"],
            submission_key=data["submission_key"] or None,
            **extra,
        )

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Lokasi di peta tidak lengkap; pilih ulang titiknya."))
        return data


class OperatorEntryForm(ReportForm):
    """The same report, entered by the command center for a caller or a walk-in."""

    channel = forms.ChoiceField(
        label=_("Kanal"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.WALK_IN, Channel.WALK_IN.label)],
    )
    latitude = forms.FloatField(label=_("Lintang"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Bujur"), required=False, min_value=-180, max_value=180)


# --- actions on a case ---------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequiredNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DisposeForm(NoteForm):
    agency = forms.ModelChoiceField(label=_("OPD tujuan"), queryset=Agency.objects.internal())
    field_order = ["agency", "note"]

    def __init__(self, *args, complaint: Complaint | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if complaint is not None and not self.is_bound:
            # The category's agency is the usual answer: offer it first.
            self.initial.setdefault("agency", complaint.category.default_agency_id)


class HandOffForm(RequiredNoteForm):
    body = forms.ModelChoiceField(label=_("Instansi berwenang"), queryset=Agency.objects.external())


class DuplicateForm(NoteForm):
    field_order = ["master_code", "note"]

    master_code = forms.CharField(label=_("Kode pengaduan induk"), max_length=16, required=False)

    def clean_master_code(self):
        # A candidate picked from the list and the typed field share one name; take the
        # first one filled in.
        key = self.add_prefix("master_code")
        values = (
            self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key, "")]
        )
        code = next((v.strip().upper() for v in values if v.strip()), "")
        if not code:
            raise forms.ValidationError(_("Pilih atau tulis kode pengaduan induk."))
        master = Complaint.objects.filter(code=code).first()
        if master is None:
            raise forms.ValidationError(_("Pengaduan dengan kode itu tidak ada."))
        self.cleaned_data["master"] = master
        return code


def officer_picker(field: forms.ModelChoiceField, complaint: Complaint) -> None:
    """The agency's staff to pick from, each told apart by more than a first name: the
    role (the head is marked as such), the username when two share a name, and how many
    open cases each carries now, the least loaded first."""
    staff = list(
        User.objects.filter(
            agency_id=complaint.agency_id, role__in=AGENCY_ROLES, is_active=True
        ).annotate(
            open_load=Count(
                "assigned_complaints", filter=Q(assigned_complaints__state__in=OPEN_STATES)
            )
        )
    )
    names = Counter(u.display_name() for u in staff)
    loads = {u.pk: u.open_load for u in staff}
    roles = dict(Role.choices)

    def label(user) -> str:
        name = user.display_name()
        if names[name] > 1:
            name = f"{name} ({user.username})"
        load = ngettext("%(n)d kasus terbuka", "%(n)d kasus terbuka", loads.get(user.pk, 0))
        return f"{name} — {roles[user.role]} · {load % {'n': loads.get(user.pk, 0)}}"

    # Field officers first, the head last (he may take a case himself, but rarely should).
    order = {Role.OFFICER: 0, Role.AGENCY_HEAD: 1}
    field.queryset = User.objects.filter(pk__in=[u.pk for u in staff]).order_by(
        Case(*[When(role=r, then=n) for r, n in order.items()]), "first_name", "username"
    )
    field.label_from_instance = label


class OfficerForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Petugas"), queryset=User.objects.none())

    def __init__(self, *args, complaint: Complaint, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].required = required
        officer_picker(self.fields["officer"], complaint)


class AcceptForm(NoteForm):
    officer = forms.ModelChoiceField(
        label=_("Tunjuk petugas (opsional)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        officer_picker(self.fields["officer"], complaint)


class TransferForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Alihkan ke OPD"), queryset=Agency.objects.internal())
    reason = forms.CharField(
        label=_("Alasan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        # An agency cannot ask to move a case to itself: not offered, and refused if sent.
        self.own_agency_id = complaint.agency_id
        field = self.fields["target"]
        field.widget.choices = [
            (value, label) for value, label in field.choices if value != complaint.agency_id
        ]

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target.pk == self.own_agency_id:
            raise forms.ValidationError(_("OPD tujuan sama dengan OPD saat ini."))
        return target


class FollowUpForm(RequiredNoteForm):
    photos = PhotosField(label=_("Foto bukti (wajib)"), required=True)


class InfoForm(forms.Form):
    text = forms.CharField(
        label=_("Informasi tambahan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotosField(label=_("Foto (opsional)"))


class ConfirmFixedForm(forms.Form):
    text = forms.CharField(
        label=_("Keterangan (opsional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photos = PhotosField(label=_("Foto (opsional)"))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Penilaian"),
        coerce=int,
        choices=[(i, "★" * i) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Komentar (opsional)"), required=False, max_length=1000)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Mengapa belum selesai?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari kode/judul"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Cari kode/judul"),
                "aria-label": _("Cari kode/judul"),
            }
        ),
    )
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status terbuka")), *State.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        required=False,
        queryset=Category.objects.all(),
        empty_label=_("Semua kategori"),
    )
    agency = forms.ModelChoiceField(
        label=_("OPD"),
        required=False,
        queryset=Agency.objects.internal(),
        empty_label=_("Semua OPD"),
    )
    area = forms.ChoiceField(label=_("Wilayah"), required=False, choices=())
    overdue = forms.BooleanField(label=_("Hanya yang lewat tenggat"), required=False)
    mine = forms.BooleanField(label=_("Hanya tugas saya"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_picker_choices()
        # The filters sit in one row without visible labels: each select says what it is.
        for name in ("state", "category", "agency", "area"):
            self.fields[name].widget.attrs["aria-label"] = self.fields[name].label
