"""Signing in and out: where staff land, and the lockout after repeated failures (django-axes)."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client

from cerdas.accounts.models import User
from cerdas.complaints.models import Complaint
from conftest import PASSWORD, make_user

LOGIN = "/akun/masuk/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _page(response) -> str:
    """The page without its per-request CSRF tokens, to compare two answers."""
    return CSRF.sub("", response.content.decode())


def test_login_page_is_shown(client, city):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("operator", "/cc/antrian/"),
        ("admin", "/admin/"),
        ("officer", "/opd/kotak-masuk/"),
        ("other_head", "/opd/kotak-masuk/"),
        ("leader", "/pimpinan/"),
        ("ppid", "/ppid/meja/"),
        ("walidata", "/data/kelola/"),
    ],
)
def test_staff_land_on_their_own_work_after_signing_in(client, city, who, landing):
    if who in ("ppid", "walidata"):
        make_user(who, who)
    user = getattr(city, who, None) or User.objects.get(username=who)

    response = _login(client, user.username)

    assert response.status_code == 302
    assert response["Location"] == "/"
    landed = client.get("/", follow=True)
    assert landed.redirect_chain == [(landing, 302)]
    assert landed.status_code == 200
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not AccessAttempt.objects.exists()


def test_sign_in_returns_to_the_page_that_asked_for_it(client, city, submit):
    complaint = submit()
    asked = client.get(f"/kasus/{complaint.code}/")
    assert asked["Location"] == f"{LOGIN}?next=/kasus/{complaint.code}/"

    response = _login(client, "operator", next=f"/kasus/{complaint.code}/")

    assert response.status_code == 302
    assert response["Location"] == f"/kasus/{complaint.code}/"
    assert client.get(response["Location"]).status_code == 200
    assert Complaint.objects.get(pk=complaint.pk).state == "baru"


def test_sign_in_never_redirects_to_another_site(client, city):
    response = _login(client, "operator", next="https://jahat.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in(client)


def test_wrong_password_and_unknown_user_get_the_same_answer(client, city):
    known = _login(client, "operator", "salah")
    unknown = _login(Client(), "tidak-ada", "salah")

    assert known.status_code == unknown.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in known.content.decode()
    assert _page(known).replace("operator", "X") == _page(unknown).replace("tidak-ada", "X")
    assert not _signed_in(client)
    assert AccessAttempt.objects.get(username="operator").failures_since_start == 1
    assert AccessAttempt.objects.get(username="tidak-ada").failures_since_start == 1


def test_sixth_attempt_after_five_failures_is_locked_even_with_the_right_password(client, city):
    statuses = [_login(client, "operator", f"salah-{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure already answers locked

    response = _login(client, "operator")

    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert not _signed_in(client)
    assert client.get("/cc/antrian/").status_code == 302  # still signed out
    assert AccessAttempt.objects.get(username="operator").failures_since_start >= 5


def test_lockout_does_not_reveal_whether_the_account_exists(city):
    known, unknown = Client(), Client()
    for _ in range(5):
        _login(known, "operator", "salah")
        _login(unknown, "tidak-ada", "salah")

    locked_known = _login(known, "operator")
    locked_unknown = _login(unknown, "tidak-ada", PASSWORD)

    assert locked_known.status_code == locked_unknown.status_code == 429
    assert _page(locked_known) == _page(locked_unknown)
    assert "operator" not in locked_known.content.decode().split("<main", 1)[1]
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {
        "operator",
        "tidak-ada",
    }


def test_lockout_of_one_username_does_not_lock_out_a_colleague(client, city):
    for _ in range(5):
        _login(client, "operator", "salah")

    response = _login(client, "petugas_pupr")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(city.officer.pk)


def test_a_successful_sign_in_resets_the_failure_count(client, city):
    for _ in range(4):
        _login(client, "operator", "salah")
    assert _login(client, "operator").status_code == 302
    client.post("/akun/keluar/")
    for _ in range(4):
        _login(client, "operator", "salah")

    response = _login(client, "operator")

    assert response.status_code == 302
    assert _signed_in(client)


def test_logout_needs_post(client, city):
    client.force_login(city.operator)

    response = client.get("/akun/keluar/")

    assert response.status_code == 405
    assert _signed_in(client)


def test_logout_by_post_ends_the_session(client, city):
    client.force_login(city.operator)

    response = client.post("/akun/keluar/")

    assert response.status_code == 302
    assert not _signed_in(client)
    queue = client.get("/cc/antrian/")
    assert queue.status_code == 302 and queue["Location"].startswith(LOGIN)
    assert not AccessAttempt.objects.exists()
