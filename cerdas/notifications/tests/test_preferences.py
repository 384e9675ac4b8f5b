"""An account's own notification preferences page."""

import pytest
from django.urls import reverse

from cerdas.notifications.models import Preference

pytestmark = pytest.mark.django_db

URL = reverse("notifications:preferences")


def test_anonymous_visitor_is_sent_to_login(client, city):
    response = client.post(URL, {"opted_out": "on"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Preference.objects.exists()


def test_citizen_chooses_channels_for_their_own_account_only(client, city):
    city.citizen.email = "warga@example.com"
    city.citizen.save()
    client.force_login(city.citizen)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL,
        {
            "channels": ["whatsapp", "email"],
            "whatsapp": "0812 3456 7890",
            "user": city.other_citizen.pk,
        },
    )
    assert response.status_code == 302
    preference = Preference.objects.get()
    assert preference.user == city.citizen  # a posted "user" changes nothing
    assert preference.channels == ["whatsapp", "email"]
    assert preference.whatsapp == "+6281234567890"


def test_a_channel_without_an_address_is_refused_and_nothing_saved(client, city):
    client.force_login(city.citizen)
    response = client.post(URL, {"channels": ["telegram"]})
    assert response.status_code == 400
    assert "belum punya alamat" in response.content.decode()
    assert not Preference.objects.exists()


def test_bad_whatsapp_number_is_refused(client, city):
    client.force_login(city.officer)
    response = client.post(URL, {"channels": ["whatsapp"], "whatsapp": "12"})
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_opt_out_of_everything(client, city):
    client.force_login(city.officer)
    assert client.post(URL, {"opted_out": "on"}).status_code == 302
    assert Preference.objects.get(user=city.officer).opted_out
