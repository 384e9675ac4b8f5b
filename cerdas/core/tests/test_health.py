import pytest
from django.db.utils import OperationalError
from django.test import Client

from cerdas.complaints.models import Complaint


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_pages_carry_security_headers(client, city):
    response = client.get("/lapor/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_report_without_csrf_token_is_refused_and_saves_nothing(city):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/lapor/", {"category": city.road.pk, "description": "Jalan rusak", "address": "Jl. A"}
    )
    assert response.status_code == 403
    assert not Complaint.objects.exists()
