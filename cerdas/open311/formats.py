"""Open311 answers as JSON or XML, and errors in the spec's shape.

GeoReport v2 defines XML and derives JSON from it by the Spark convention: the XML
root is dropped, a list element holds one child per item named in the singular. The
views build plain Python data (dicts, lists, strings, numbers, booleans, None) once,
and `render` writes it in the format the URL asked for.
"""

import json
import re
import xml.etree.ElementTree as ET  # noqa: N817 (the usual name)
from collections.abc import Mapping, Sequence

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}

# The singular element each list holds in XML (Spark convention).
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "service_request_updates": "request_update",
}

# XML 1.0 cannot carry these at all, escaped or not; a report's text is not worth an
# unreadable document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        item_name = ITEM_NAMES[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    ET.indent(element)
    body = ET.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode()


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def render(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    """`root` names the XML root element; in JSON the data stands alone."""
    body = to_xml(root, data) if fmt == "xml" else to_json(data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


class Open311Error(Exception):
    """Ends a request with the spec's error document: 400, 403, 404 (or 405, 429)."""

    def __init__(self, status: int, *descriptions: str, headers: dict | None = None) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = descriptions
        self.headers = headers or {}


def render_error(fmt: str, error: Open311Error) -> HttpResponse:
    data = [{"code": error.status, "description": str(d)} for d in error.descriptions]
    response = render(fmt if fmt in FORMATS else "xml", "errors", data, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response
