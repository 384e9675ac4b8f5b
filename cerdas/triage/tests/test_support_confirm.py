""" "Saya juga" by phone or e-mail is confirmed by a one-time code (or the link carrying
it) before any notice goes to that address (issue 19 item 7)."""

import re

import pytest
from django.urls import reverse

from cerdas.accounts.models import OneTimeCode
from cerdas.complaints.services import complaint_accept, complaint_dispose
from cerdas.notifications.models import Notification
from cerdas.triage.models import Supporter

pytestmark = pytest.mark.django_db
NEIGHBOUR = "tetangga@example.com"


def _state_notices_to(address):
    return Notification.objects.filter(address=address, template="reporter_state")


def _code_message(address=NEIGHBOUR) -> Notification:
    return Notification.objects.filter(address=address, key__startswith="otp:").latest("id")


@pytest.fixture
def open_case(city, submit):
    complaint = submit()
    return complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)


def test_a_typed_address_hears_nothing_until_it_confirms(client, city, open_case):
    response = client.post(reverse("triage:support", args=[open_case.code]), {"phone": NEIGHBOUR})
    supporter = Supporter.objects.get()
    assert supporter.email == NEIGHBOUR and supporter.confirmed_at is None
    assert response.status_code == 302
    assert "/saya-juga/konfirmasi/" in response["Location"]
    message = _code_message()
    assert open_case.code in message.body and message.template == ""

    complaint_accept(complaint=open_case, user=city.officer)
    assert not _state_notices_to(NEIGHBOUR).exists()

    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    page = client.post(response["Location"], {"code": code})
    assert page.status_code == 302 and page["Location"] == f"/lacak/{open_case.code}/"
    supporter.refresh_from_db()
    assert supporter.confirmed_at is not None
    # From now on it hears like the reporter.
    from cerdas.complaints.services import Upload, complaint_follow_up
    from conftest import jpeg_bytes

    complaint_follow_up(
        complaint=open_case,
        user=city.officer,
        note="Sudah ditambal.",
        photos=[Upload("bukti.jpg", jpeg_bytes())],
    )
    assert _state_notices_to(NEIGHBOUR).count() == 1


def test_the_link_in_the_message_confirms_only_by_a_post(client, city, open_case):
    client.post(reverse("triage:support", args=[open_case.code]), {"email": NEIGHBOUR})
    link = re.search(r"(http://\S+/saya-juga/konfirmasi/\S+)", _code_message().body).group(1)
    path = link.split("://", 1)[1].split("/", 1)[1]
    other = type(client)()  # the phone that got the mail, not the browser that asked
    page = other.get("/" + path)
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    assert Supporter.objects.get().confirmed_at is None  # a mail scanner's GET changes nothing
    code = path.split("kode=", 1)[1]
    assert other.post("/" + path.split("?")[0], {"code": code}).status_code == 302
    assert Supporter.objects.get().confirmed_at is not None


def test_a_wrong_code_or_a_forged_link_confirms_nothing(client, city, open_case):
    response = client.post(reverse("triage:support", args=[open_case.code]), {"email": NEIGHBOUR})
    assert client.post(response["Location"], {"code": "000000"}).status_code == 400
    assert client.get("/saya-juga/konfirmasi/12:forged/").status_code == 404
    assert Supporter.objects.get().confirmed_at is None
    assert OneTimeCode.objects.get().attempts == 1


def test_asking_again_reuses_the_same_supporter(client, city, open_case):
    for _attempt in range(2):
        client.post(reverse("triage:support", args=[open_case.code]), {"email": NEIGHBOUR})
    assert Supporter.objects.count() == 1
    assert OneTimeCode.objects.filter(used_at__isnull=True).count() == 1


def test_an_account_follows_at_once(client, city, open_case):
    client.force_login(city.other_citizen)
    response = client.post(reverse("triage:support", args=[open_case.code]))
    assert response["Location"] == f"/lacak/{open_case.code}/"
    assert Supporter.objects.get().confirmed_at is not None
    assert not OneTimeCode.objects.exists()
    client.force_login(city.other_citizen)
    assert open_case.code in client.get("/laporan-saya/").content.decode()


def test_a_phone_is_refused_where_no_channel_can_carry_the_code(client, city, open_case):
    response = client.post(
        reverse("triage:support", args=[open_case.code]), {"phone": "0812 9999 8888"}, follow=True
    )
    assert "gunakan alamat e-mail" in response.content.decode()
    assert not OneTimeCode.objects.exists()
