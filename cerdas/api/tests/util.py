"""Helpers for the REST API tests."""

import base64
import json

from conftest import PASAR_45, jpeg_bytes

API = "/api/v1"


def auth(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def post_json(client, url: str, data: dict, headers: dict | None = None):
    return client.post(
        url, data=json.dumps(data), content_type="application/json", headers=headers or {}
    )


def b64_photo(**kwargs) -> str:
    return base64.b64encode(jpeg_bytes(**kwargs)).decode()


def report(**overrides) -> dict:
    lat, lon = PASAR_45
    body = {
        "category": "jalan-rusak",
        "description": "Jalan berlubang besar di depan toko, berbahaya untuk motor.",
        "latitude": lat,
        "longitude": lon,
        "reporter_name": "Siti Rahmawati",
        "reporter_phone": "081298765432",
        "reporter_email": "siti@example.com",
    }
    body.update(overrides)
    return body


# Personal data the fixtures put into reports; none of it may leave through the API
# except to a command center session.
PERSONAL = ["081234567890", "+6281234567890", "budi@example.com", "Santoso", "Rina"]
