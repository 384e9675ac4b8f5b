"""The GeoReport v2 responses as JSON Schemas (Draft 4), written here from the spec
(http://wiki.open311.org/GeoReport_v2/): the fields each response has, which are
required, their types and allowed values. Optional fields may be empty (null).

The project does not ship the schema files of open311/schema-validation: that repository
states no licence, so the tests carry their own reading of the spec instead."""


def _optional(kind: dict) -> dict:
    return {"anyOf": [kind, {"type": "null"}]}


_TEXT = {"type": "string"}
_WHEN = {"type": "string", "format": "date-time"}

SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": _TEXT,
        "service_name": _TEXT,
        "description": _optional(_TEXT),
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": _optional(_TEXT),
        "group": _optional(_TEXT),
    },
}

ATTRIBUTE = {
    "type": "object",
    "required": ["variable", "code", "datatype", "required", "order", "description"],
    "properties": {
        "variable": {"type": "boolean"},
        "code": _TEXT,
        "datatype": {
            "type": "string",
            "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
        },
        "required": {"type": "boolean"},
        "datatype_description": _optional(_TEXT),
        "order": {"type": "integer", "minimum": 1},
        "description": _TEXT,
        "values": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "name"],
                "properties": {"key": _TEXT, "name": _TEXT},
            },
        },
    },
}

SERVICE_DEFINITION = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {"service_code": _TEXT, "attributes": {"type": "array", "items": ATTRIBUTE}},
}

REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "properties": {
        "service_request_id": _TEXT,
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": _optional(_TEXT),
        "service_name": _optional(_TEXT),
        "service_code": _TEXT,
        "description": _optional({"type": "string", "maxLength": 4000}),
        "agency_responsible": _optional(_TEXT),
        "service_notice": _optional(_TEXT),
        "requested_datetime": _WHEN,
        "updated_datetime": _optional(_WHEN),
        "expected_datetime": _optional(_WHEN),
        "address": _optional(_TEXT),
        "address_id": _optional(_TEXT),
        "zipcode": _optional(_TEXT),
        "lat": _optional({"type": "number", "minimum": -90, "maximum": 90}),
        "long": _optional({"type": "number", "minimum": -180, "maximum": 180}),
        "media_url": _optional({"type": "string", "format": "uri"}),
    },
}

SCHEMAS = {
    "services": {"type": "array", "items": SERVICE},
    "service": SERVICE,
    "service-definition": SERVICE_DEFINITION,
    "requests": {"type": "array", "items": REQUEST},
    "request": REQUEST,
}
