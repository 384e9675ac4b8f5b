from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel

CHOICES = [(c.value, c.label) for c in Channel if c != Channel.CONSOLE]


class PreferenceForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=_("kirim pemberitahuan lewat"),
        choices=CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tidak ada yang dipilih: WhatsApp, atau e-mail bila tidak ada nomor HP."),
    )
    whatsapp = forms.CharField(
        label=_("nomor WhatsApp"),
        max_length=20,
        required=False,
        help_text=_("Kosong: nomor HP akun."),
    )
    telegram_chat_id = forms.CharField(label=_("chat id Telegram"), max_length=40, required=False)
    opted_out = forms.BooleanField(
        label=_("jangan kirimi saya pemberitahuan apa pun"), required=False
    )
