"""The spec's schemas themselves refuse what GeoReport v2 forbids."""

import pytest
from jsonschema import ValidationError

from .util import validate

GOOD = {
    "service_request_id": "MDO-7K3F9",
    "status": "open",
    "service_code": "JALAN",
    "requested_datetime": "2027-03-05T10:00:00+08:00",
    "status_notes": None,
    "lat": 1.49,
    "long": 124.84,
}


def test_a_well_formed_request_passes():
    validate("requests", [GOOD])


@pytest.mark.parametrize(
    "change",
    [
        {"status": "pending"},
        {"service_code": None},
        {"requested_datetime": "2027-03-05 10:00"},
        {"requested_datetime": "2027-03-05T10:00:00"},
        {"lat": "1.49"},
        {"media_url": "ftp://example.org/x.jpg"},
        {"description": "x" * 4001},
    ],
)
def test_a_request_breaking_the_spec_fails(change):
    with pytest.raises(ValidationError):
        validate("request", GOOD | change)


def test_missing_required_fields_and_unknown_service_types_fail():
    with pytest.raises(ValidationError):
        validate("request", {k: v for k, v in GOOD.items() if k != "status"})
    service = {"service_code": "JALAN", "service_name": "Jalan", "metadata": False}
    with pytest.raises(ValidationError):
        validate("services", [service | {"type": "instant"}])
    validate("services", [service | {"type": "realtime"}])
