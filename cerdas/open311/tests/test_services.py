"""Discovery, service list and service definitions, in JSON and XML."""

import pytest

from cerdas.complaints.models import Category

from .util import BASE, as_dict, get_json, get_xml, validate, xml_root


def test_discovery_names_the_endpoint_in_both_formats(client, city):
    response, data = get_json(client, "discovery.json")
    assert response.status_code == 200
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]

    response, root = get_xml(client, "discovery.xml")
    assert root.tag == "discovery"
    formats = [f.text for f in root.findall("endpoints/endpoint/formats/format")]
    assert formats == ["text/xml", "application/json"]
    assert root.findtext("endpoints/endpoint/url") == "http://testserver/open311/v2"


def test_root_points_to_discovery(client, city):
    response = client.get(f"{BASE}/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/discovery.xml"


def test_service_list_fits_the_official_schema(client, city, questions):
    Category.objects.filter(pk=city.garbage.pk).update(is_active=False)
    response, data = get_json(client, "services.json", jurisdiction_id="manadokota.go.id")
    assert response.status_code == 200
    validate("services", data)
    by_code = {s["service_code"]: s for s in data}
    assert set(by_code) == {"jalan-rusak", "pungli"}  # inactive categories are not offered
    road = by_code["jalan-rusak"]
    assert road["service_name"] == "Jalan rusak"
    assert road["metadata"] is True and by_code["pungli"]["metadata"] is False
    assert road["type"] == "realtime"
    assert road["group"] == "Dinas PUPR"
    assert "Dinas PUPR" in road["keywords"] and "jalan rusak" in road["keywords"]


def test_service_list_in_xml(client, city, questions):
    response, root = get_xml(client, "services.xml")
    assert response.status_code == 200 and root.tag == "services"
    services = [as_dict(s) for s in root.findall("service")]
    # In the categories' order: sort_order, then name.
    assert [s["service_code"] for s in services] == ["jalan-rusak", "pungli", "sampah"]
    assert services[0]["metadata"] == "true" and services[1]["metadata"] == "false"
    assert services[0]["description"] == ""  # null in XML is an empty element


def test_service_definition_lists_the_questions_in_order(client, city, questions):
    response, data = get_json(client, "services/jalan-rusak.json")
    assert response.status_code == 200
    validate("service-definition", data)
    assert data["service_code"] == "jalan-rusak"
    codes = [a["code"] for a in data["attributes"]]
    assert codes == ["ukuran", "bahaya", "lebar", "sejak", "jalan", "catatan", "info"]
    size = data["attributes"][0]
    assert size == {
        "variable": True,
        "code": "ukuran",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "Seberapa besar lubangnya?",
        "values": [
            {"key": "kecil", "name": "Kecil (< 30 cm)"},
            {"key": "besar", "name": "Besar (> 30 cm)"},
        ],
    }
    assert data["attributes"][-1]["variable"] is False


def test_service_definition_in_xml(client, city, questions):
    response, root = get_xml(client, "services/jalan-rusak.xml")
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "jalan-rusak"
    first = root.find("attributes/attribute")
    assert first.findtext("datatype") == "singlevaluelist"
    assert first.findtext("required") == "true"
    keys = [v.findtext("key") for v in first.findall("values/value")]
    names = [v.findtext("name") for v in first.findall("values/value")]
    assert keys == ["kecil", "besar"] and names[0] == "Kecil (< 30 cm)"  # escaped and back


def test_category_without_questions_has_an_empty_definition(client, city):
    response, data = get_json(client, "services/sampah.json")
    assert response.status_code == 200 and data == {"service_code": "sampah", "attributes": []}
    validate("service-definition", data)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404_in_the_spec_format(client, city, fmt):
    response = client.get(f"{BASE}/services/tidak-ada.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        (error,) = response.json()
        assert error["code"] == 404 and "tidak-ada" in error["description"]
    else:
        root = xml_root(response)
        assert root.tag == "errors" and root.findtext("error/code") == "404"


def test_unknown_format_and_unknown_path_are_404(client, city):
    response = client.get(f"{BASE}/services.csv")
    assert response.status_code == 404
    assert xml_root(response).findtext("error/code") == "404"
    response = client.get(f"{BASE}/tidak/ada.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_wrong_method_is_refused_with_allow(client, city):
    response = client.post(f"{BASE}/services.json")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json()[0]["code"] == 405
