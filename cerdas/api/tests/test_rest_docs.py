"""The OpenAPI document, the documentation page and the API's addresses."""

from django.urls import reverse

from .util import API


def test_openapi_document_lists_every_operation(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    assert operations == {
        ("GET", f"{API}/categories"),
        ("GET", f"{API}/agencies"),
        ("GET", f"{API}/areas"),
        ("GET", f"{API}/complaints"),
        ("POST", f"{API}/complaints"),
        ("GET", f"{API}/complaints/{{code}}"),
        ("GET", f"{API}/complaints/{{code}}/events"),
        ("GET", f"{API}/complaints/{{code}}/photos/{{photo_id}}"),
        ("GET", f"{API}/complaints/{{code}}/actions"),
        ("POST", f"{API}/complaints/{{code}}/actions/{{action}}"),
        ("GET", f"{API}/stats/summary"),
        ("GET", f"{API}/stats/agencies"),
    }
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiKeyBearer"] == {"type": "http", "scheme": "bearer"}
    assert schemes["ApiKeyInHeader"]["name"] == "X-Api-Key"
    for path, item in schema["paths"].items():
        for operation in item.values():
            assert operation["x-cerdas-access"]
            # The performance figures need a key or a session; everything else is open.
            assert ({} in operation["security"]) == ("/stats/" not in path)
            assert "429" in operation["responses"]


def test_docs_page_is_rendered_on_the_server_without_scripts(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html and "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for text in (
        "POST /api/v1/complaints/{code}/actions/{action}",
        "Idempotency-Key",
        "Retry-After",
        "agency:&lt;code&gt;",
        "read_all",
        "ComplaintDetail",
        "cursor",
    ):
        assert text in html, text
    assert client.get(f"{API}/")["Location"] == f"{API}/docs"


def test_names_reverse_in_the_api_namespace(db):
    assert reverse("api:openapi-json") == f"{API}/openapi.json"
    assert reverse("api:docs") == f"{API}/docs"
    assert reverse("api:complaints") == f"{API}/complaints"
    assert (
        reverse("api:complaint", kwargs={"code": "MDO-2345-6A"}) == f"{API}/complaints/MDO-2345-6A"
    )
    assert reverse("api:complaint_act", kwargs={"code": "X", "action": "accept"}).endswith(
        "/complaints/X/actions/accept"
    )
