"""Helpers for the Open311 tests: the official JSON Schemas, XML, and personal data."""

import json
import re
import xml.etree.ElementTree as ET  # noqa: N817
from datetime import datetime
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker

from .spec import SCHEMAS

BASE = "/open311/v2"

# Personal data the fixtures put into reports: none may leave through Open311.
PERSONAL = [
    "081234567890",
    "+6281234567890",
    "budi@example.com",
    "Budi",
    "Santoso",
    "Rina",
    "Anonim",
    "siti@example.com",
    "081298765432",
    "6281298765432",
    "Siti",
    "Rahmawati",
]

_W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")

# jsonschema checks "date-time" and "uri" only with optional packages this project does
# not install; these checks are stricter than those anyway (an offset is required).
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_W3C.match(value)) and datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri")
def _uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme in {"http", "https"} and parts.netloc)


def validate(name: str, data) -> None:
    """Validate against the spec's `name` response (services, service-definition, requests, ...)."""
    Draft4Validator(SCHEMAS[name], format_checker=FORMATS).validate(data)


def get_json(client, path: str, **params):
    response = client.get(f"{BASE}/{path}", params)
    assert response["Content-Type"] == "application/json; charset=utf-8", response.content
    return response, json.loads(response.content.decode("utf-8"))


def xml_root(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8", response.content
    body = response.content
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(body)  # noqa: S314 (our own answer)


def get_xml(client, path: str, **params):
    response = client.get(f"{BASE}/{path}", params)
    return response, xml_root(response)


def as_dict(element: ET.Element) -> dict:
    """A flat XML element (a request, a service) as {tag: text or ""}."""
    return {child.tag: (child.text or "") for child in element}


def assert_no_personal_data(body: bytes | str) -> None:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    for item in PERSONAL:
        assert item not in text, item
