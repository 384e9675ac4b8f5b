from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    contact = forms.CharField(
        label=_("Nomor HP atau e-mail"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "inputmode": "email", "autocapitalize": "none"}
        ),
        help_text=_("Kami kirim kode 6 angka ke sini. Tanpa kata sandi."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode 6 angka"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )
