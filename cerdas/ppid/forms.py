"""Forms parse what people typed; the services decide whether it is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    EXEMPTIONS,
    Decision,
    DeliveryMethod,
    ObjectionOutcome,
    ObjectionReason,
    ObtainMethod,
)


def _text(label, rows=3, max_length=4000, required=True, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RequestForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    id_number = forms.CharField(
        label=_("NIK / nomor identitas"),
        max_length=32,
        help_text=_("NIK KTP, atau nomor akta pendirian untuk badan hukum."),
    )
    address = _text(_("Alamat"), rows=2, max_length=500)
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("Isi nomor HP atau e-mail (atau keduanya)."),
    )
    information = _text(_("Rincian informasi yang dibutuhkan"), rows=4)
    purpose = _text(_("Tujuan penggunaan informasi"), rows=2, max_length=2000)
    obtain_method = forms.ChoiceField(
        label=_("Cara memperoleh informasi"), choices=ObtainMethod, widget=forms.RadioSelect
    )
    delivery_method = forms.ChoiceField(
        label=_("Cara mendapatkan salinan informasi"),
        choices=DeliveryMethod,
        widget=forms.RadioSelect,
    )


class ExtendForm(forms.Form):
    reason = _text(_("Alasan perpanjangan (tertulis)"), rows=2, max_length=2000)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=Decision, widget=forms.RadioSelect)
    exemptions = forms.MultipleChoiceField(
        label=_("Dasar pengecualian (Pasal 17 UU 14/2008)"),
        choices=[(k, f"{k}. {v}") for k, v in EXEMPTIONS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Wajib untuk permohonan yang ditolak seluruh atau sebagian."),
    )
    note = _text(_("Isi pemberitahuan tertulis"), rows=4)


class DeliverForm(forms.Form):
    note = _text(_("Catatan penyerahan (opsional)"), rows=2, max_length=2000, required=False)


class ObjectionForm(forms.Form):
    number = forms.CharField(label=_("Nomor registrasi permohonan"), max_length=20)
    contact = forms.CharField(
        label=_("E-mail atau nomor HP yang dipakai saat memohon"), max_length=254
    )
    reason = forms.ChoiceField(
        label=_("Alasan keberatan (Pasal 35 UU 14/2008)"),
        choices=ObjectionReason,
        widget=forms.RadioSelect,
    )
    description = _text(_("Kasus posisi"), rows=4)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Tanggapan"), choices=ObjectionOutcome, widget=forms.RadioSelect
    )
    answer = _text(_("Isi tanggapan tertulis"), rows=4)
