"""A citizen signs in with an e-mail (or phone) and a one-time code from the outbox."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cerdas.accounts.models import CodePurpose, OneTimeCode, Role, User
from cerdas.accounts.otp import WIPED, Contact, one_time_codes_purge, otp_send, otp_verify
from cerdas.complaints.workflow import WorkflowError
from cerdas.notifications.models import Notification

pytestmark = pytest.mark.django_db
EMAIL = "meiske@example.com"


def _code_sent(address: str = EMAIL) -> str:
    notice = Notification.objects.filter(address=address, key__startswith="otp:").latest("id")
    return re.search(r"\b(\d{6})\b", notice.body).group(1)


def _ask(client, contact=EMAIL, **extra):
    return client.post("/akun/warga/", {"contact": contact, **extra})


def test_sign_in_by_e_mail_code_opens_a_citizen_account(client, city):
    response = _ask(client, "Meiske@Example.com", next="/lacak/")
    assert response.status_code == 302 and response["Location"] == "/akun/warga/kode/"
    row = OneTimeCode.objects.get()
    code = _code_sent()
    # Hashed at rest: the code itself is nowhere in the row.
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert (row.purpose, row.channel, row.address) == (CodePurpose.SIGN_IN, "email", EMAIL)

    response = client.post("/akun/warga/kode/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/lacak/"
    user = User.objects.get(email=EMAIL)
    assert user.role == Role.CITIZEN and not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    # Used: the code dies, and the message that carried it is wiped.
    row.refresh_from_db()
    assert row.used_at is not None
    assert Notification.objects.get(key=row.notification_key).body == WIPED

    # Signing in again reaches the same account.
    client.logout()
    _ask(client)
    client.post("/akun/warga/kode/", {"code": _code_sent()})
    assert User.objects.filter(email=EMAIL).count() == 1


def test_a_wrong_code_is_refused_and_five_wrong_codes_kill_it(client, city):
    _ask(client)
    code = _code_sent()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _attempt in range(4):
        response = client.post("/akun/warga/kode/", {"code": wrong})
        assert response.status_code == 400 and "Kode salah" in response.content.decode()
    response = client.post("/akun/warga/kode/", {"code": wrong})
    assert "terlalu sering" in response.content.decode()
    # Even the right code is dead now.
    response = client.post("/akun/warga/kode/", {"code": code})
    assert response.status_code == 400 and "_auth_user_id" not in client.session
    assert OneTimeCode.objects.get().attempts == 5
    assert not User.objects.filter(email=EMAIL).exists()


def test_a_code_expires(client, city):
    _ask(client)
    code = _code_sent()
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.post("/akun/warga/kode/", {"code": code})
    assert "tidak berlaku" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_new_code_replaces_the_old_one(client, city):
    _ask(client)
    first = _code_sent()
    client.post("/akun/warga/kode/", {"resend": "1"})
    second = _code_sent()
    assert OneTimeCode.objects.filter(used_at__isnull=True).count() == 1
    if first != second:
        assert client.post("/akun/warga/kode/", {"code": first}).status_code == 400
    assert client.post("/akun/warga/kode/", {"code": second}).status_code == 302


def test_codes_to_one_address_are_rate_limited(client, city):
    for _attempt in range(5):
        assert _ask(client).status_code == 302
    response = _ask(client)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Terlalu banyak permintaan kode" in response.content.decode()
    assert OneTimeCode.objects.count() == 5


def test_codes_from_one_client_address_are_rate_limited(client, settings, city):
    settings.CERDAS_OTP_PER_CLIENT_PER_HOUR = 2
    assert _ask(client, "a@example.com").status_code == 302
    assert _ask(client, "b@example.com").status_code == 302
    assert _ask(client, "c@example.com").status_code == 429
    assert not OneTimeCode.objects.filter(address="c@example.com").exists()


def test_a_phone_without_whatsapp_or_sms_is_told_to_use_e_mail(client, city):
    response = _ask(client, "0812 3456 7890")
    assert response.status_code == 400
    assert "gunakan alamat e-mail" in response.content.decode()
    assert not OneTimeCode.objects.exists()


def test_sign_in_by_phone_code_when_whatsapp_is_configured(client, settings, city):
    settings.CERDAS_NOTIFY_BACKEND = "console"
    assert _ask(client, "0812 3456 7890").status_code == 302
    row = OneTimeCode.objects.get()
    assert (row.channel, row.address) == ("whatsapp", "+6281234567890")
    client.post("/akun/warga/kode/", {"code": _code_sent("6281234567890")})
    assert User.objects.get(phone="+6281234567890").role == Role.CITIZEN


def test_a_staff_e_mail_never_opens_the_staff_account(client, city):
    city.officer.email = "petugas@pupr.example.com"
    city.officer.save()
    _ask(client, city.officer.email)
    client.post("/akun/warga/kode/", {"code": _code_sent(city.officer.email)})
    signed_in = User.objects.get(pk=client.session["_auth_user_id"])
    assert signed_in != city.officer and signed_in.role == Role.CITIZEN


def test_the_code_page_needs_a_pending_sign_in(client, city):
    assert client.get("/akun/warga/kode/").status_code == 302
    assert client.post("/akun/warga/kode/", {"code": "123456"}).status_code == 302


def test_next_never_leaves_the_site(client, city):
    _ask(client, next="https://jahat.example.com/")
    response = client.post("/akun/warga/kode/", {"code": _code_sent()})
    assert response["Location"] == "/laporan-saya/"


def test_codes_are_bound_to_their_purpose_and_subject(city):
    contact = Contact("email", "email", EMAIL)
    otp_send(
        purpose=CodePurpose.FOLLOW,
        contact=contact,
        client="1",
        subject_id=7,
        context={"case": "MDO-4K7Q-2P"},
    )
    code = _code_sent()
    with pytest.raises(WorkflowError):
        otp_verify(purpose=CodePurpose.SIGN_IN, address=EMAIL, code=code)
    with pytest.raises(WorkflowError):
        otp_verify(purpose=CodePurpose.FOLLOW, address=EMAIL, code=code, subject_id=8)
    assert otp_verify(purpose=CodePurpose.FOLLOW, address=EMAIL, code=code, subject_id=7)


def test_purge_wipes_expired_messages_and_drops_old_codes(city):
    contact = Contact("email", "email", EMAIL)
    row = otp_send(purpose=CodePurpose.SIGN_IN, contact=contact, client="1")
    assert one_time_codes_purge() == 0
    later = timezone.now() + timedelta(minutes=15)
    assert one_time_codes_purge(now=later) == 0
    assert Notification.objects.get(key=row.notification_key).body == WIPED
    assert one_time_codes_purge(now=later + timedelta(days=2)) == 1
    assert not OneTimeCode.objects.exists()
