"""Liveness and readiness probes, security headers, and CSRF protection."""

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from cerdas.complaints.models import Complaint, Privacy, State
from conftest import PASAR_45


def test_healthz_answers_json_without_touching_the_database(client):
    # No database fixture: pytest-django fails the test if the view queries it.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_200_when_the_database_answers(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server: secret-host:5432")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}
    assert b"secret-host" not in response.content  # no internals to whoever probes


@pytest.mark.parametrize("path", ["/lapor/", "/lacak/", "/pengaduan.geojson", "/healthz"])
def test_pages_carry_the_security_headers(client, city, path):
    response = client.get(path)

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert not Complaint.objects.exists()


def test_script_src_allows_no_inline_scripts(client, city):
    response = client.get("/lapor/")
    script_src = next(
        part.strip()
        for part in response["Content-Security-Policy"].split(";")
        if part.strip().startswith("script-src")
    )
    assert script_src == "script-src 'self'"
    assert "<script>" not in response.content.decode()  # every script is a file
    assert not Complaint.objects.exists()


def _report(city):
    return {
        "category": city.road.pk,
        "description": "Jalan rusak di depan pasar.",
        "latitude": PASAR_45[0],
        "longitude": PASAR_45[1],
        "privacy": Privacy.PUBLIC,
    }


def test_report_without_a_csrf_token_is_refused_and_saves_nothing(city):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/lapor/", _report(city))

    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_report_with_the_csrf_token_of_the_form_is_accepted(city):
    client = Client(enforce_csrf_checks=True)
    client.get("/lapor/")
    token = client.cookies["csrftoken"].value

    response = client.post("/lapor/", {**_report(city), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Complaint.objects.count() == 1


def test_staff_action_without_a_csrf_token_is_refused_and_changes_nothing(city, submit):
    complaint = submit()
    client = Client(enforce_csrf_checks=True)
    client.force_login(city.operator)

    response = client.post(f"/kasus/{complaint.code}/tindakan/reject/", {"reject-note": "Spam."})

    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).state == State.NEW
    assert complaint.events.count() == 1


def test_login_without_a_csrf_token_is_refused(city):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/masuk/", {"username": "operator", "password": "x"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
