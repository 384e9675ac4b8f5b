"""The API's documentation page, rendered on the server from its OpenAPI document."""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cerdas.complaints.services import MAX_TITLE

from .api import api


def prose(text: str) -> str:
    """A docstring or description as HTML: wrapped lines joined, blank lines as
    paragraphs, `- ` lines as a list, `code` in backticks as code."""

    def inline(chunk: str) -> str:
        return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(chunk))

    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif lines:
            blocks.append(f"<p>{inline(' '.join(lines))}</p>")
    return mark_safe("".join(blocks))  # noqa: S308 - every piece above is escaped


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(schema: dict, components: dict) -> str:
    """A short, readable type: `string (max 40)`, `list of PhotoOut`, `one of: a, b`."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        target = components.get(name, {})
        if "enum" in target:
            return "one of: " + ", ".join(str(v) for v in target["enum"])
        return name
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        label = " or ".join(type_label(s, components) for s in options)
        if len(options) < len(schema["anyOf"]):
            label += " or null"
        return label
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return f'"{schema["const"]}"'
    kind = schema.get("type", "any")
    if kind == "array":
        label = "list of " + type_label(schema.get("items", {}), components)
        if "maxItems" in schema:
            label += f" (at most {schema['maxItems']})"
        return label
    label = kind
    if "format" in schema:
        label += f" ({schema['format']})"
    limits = []
    if "maxLength" in schema:
        limits.append(f"max {schema['maxLength']} characters")
    if "minimum" in schema or "maximum" in schema:
        limits.append(f"{schema.get('minimum', '…')} to {schema.get('maximum', '…')}")
    if limits:
        label += " (" + ", ".join(limits) + ")"
    return label


def _shape_name(schema: dict) -> str:
    """The named shape an answer is made of (its items, for a list)."""
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    return _ref_name(ref) if ref else ""


def _fields(schema: dict, components: dict) -> list[dict]:
    if "$ref" in schema:
        schema = components.get(_ref_name(schema["$ref"]), {})
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": type_label(prop, components),
            "required": name in required,
            "description": prose(prop.get("description", "")),
            "default": prop.get("default"),
        }
        for name, prop in schema.get("properties", {}).items()
    ]


def reference(schema: dict) -> dict:
    """The OpenAPI document reshaped for the page: operations by tag, then the shapes."""
    components = schema.get("components", {}).get("schemas", {})
    tags: dict[str, list[dict]] = {}
    for path, item in schema["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            responses = []
            for status, answer in op["responses"].items():
                content = answer.get("content", {}).get("application/json", {})
                responses.append(
                    {
                        "status": status,
                        "description": prose(answer.get("description", "")),
                        "type": type_label(content["schema"], components)
                        if "schema" in content
                        else ", ".join(answer.get("content", {})),
                        "shape": _shape_name(content.get("schema", {})),
                        "headers": list(answer.get("headers", {})),
                    }
                )
            tags.setdefault((op.get("tags") or ["API"])[0], []).append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": prose(op.get("description", "")),
                    "access": prose("Who may call: " + op.get("x-cerdas-access", "")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_label(p.get("schema", {}), components),
                            "description": prose(
                                p.get("description", "")
                                or p.get("schema", {}).get("description", "")
                            ),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(body["schema"], components) if body else [],
                    "body_type": type_label(body["schema"], components) if body else "",
                    "responses": responses,
                }
            )
    shapes = [
        {"name": name, "fields": _fields(component, components)}
        for name, component in sorted(components.items())
        if component.get("properties")
    ]
    return {"tags": tags, "shapes": shapes}


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    context = {
        "api": schema["info"],
        "reference": reference(schema),
        "openapi_url": request.build_absolute_uri("openapi.json"),
        "base_url": request.build_absolute_uri("."),
        "anon_limit": settings.CERDAS_API_ANON_SUBMITS_PER_MINUTE,
        "max_body_mb": settings.CERDAS_API_MAX_BODY_MB,
        "max_photos": settings.CERDAS_MAX_PHOTOS,
        "max_upload_mb": settings.CERDAS_MAX_UPLOAD_MB,
        "max_title": MAX_TITLE,
    }
    return render(request, "api/docs.html", context)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return redirect("api:docs")


def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
