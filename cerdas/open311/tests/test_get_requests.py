"""GET requests.{fmt} and requests/{id}.{fmt}: what the public may read, and how much."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cerdas.complaints import services
from cerdas.complaints.models import Complaint, State
from cerdas.lib.codes import new_code
from cerdas.open311 import views

from .util import BASE, as_dict, assert_no_personal_data, get_json, get_xml, validate


def test_list_fits_the_official_schema_and_shows_only_public_cases(client, city, cases, photo):
    response, data = get_json(client, "requests.json")
    assert response.status_code == 200
    validate("requests", data)
    codes = {r["service_request_id"] for r in data}
    # Verified cases only; never rahasia, never unverified or rejected.
    assert codes == {cases.public.code, cases.anonymous.code, cases.handed_off.code}
    assert_no_personal_data(response.content)


def test_a_request_carries_the_spec_fields(client, city, submit, photo):
    complaint = submit(photos=[photo], address="Depan toko roti")
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr, note="Mohon segera."
    )
    response, data = get_json(client, f"requests/{complaint.code}.json")
    assert response.status_code == 200
    validate("requests", data)
    (item,) = data
    validate("request", item)
    assert list(item) == [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ]
    assert item["service_request_id"] == complaint.code
    assert item["status"] == "open"
    assert item["status_notes"] == "Diteruskan ke OPD: Mohon segera."
    assert item["service_code"] == "jalan-rusak" and item["service_name"] == "Jalan rusak"
    assert item["description"] == complaint.description
    assert item["agency_responsible"] == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert "14 hari kerja" in item["service_notice"]
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert item[field].endswith("+08:00"), field
    expected = timezone.localtime(complaint.resolution_due_at)
    assert item["expected_datetime"] == expected.isoformat(timespec="seconds")
    assert item["address"] == "Depan toko roti, Pinaesaan, Wenang, Kota Manado"
    assert item["address_id"] == complaint.area.code
    assert item["lat"] == complaint.latitude and item["long"] == complaint.longitude
    first_photo = complaint.photos.get()
    assert item["media_url"] == f"http://testserver/foto/{first_photo.pk}/"
    assert client.get(item["media_url"]).status_code == 200
    assert_no_personal_data(response.content)


def test_handed_off_case_is_closed_and_names_the_body(client, city, cases):
    response, (item,) = get_json(client, f"requests/{cases.handed_off.code}.json")
    validate("request", item)
    assert item["status"] == "closed"
    assert item["agency_responsible"] == "PT PLN (Persero) UP3 Manado"
    assert "PLN Mobile / 123" in item["service_notice"]
    assert item["status_notes"] == "Bukan wewenang kota: Urusan listrik PLN."
    assert item["expected_datetime"] is None


def test_anonymous_report_has_no_name_anywhere(client, city, cases):
    for path in ("requests.json", "requests.xml", f"requests/{cases.anonymous.code}.json"):
        response = client.get(f"{BASE}/{path}")
        assert response.status_code == 200
        assert "Rina" not in response.content.decode()
        assert_no_personal_data(response.content)


def test_a_rahasia_case_does_not_exist(client, city, cases):
    code = cases.secret.code
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests/{code}.{fmt}")
        assert response.status_code == 404
    _, data = get_json(client, "requests.json", service_request_id=code)
    assert data == []
    assert client.get(f"{BASE}/tokens/{code}.json").status_code == 404


@pytest.mark.parametrize(("case", "status"), [("new", "open"), ("rejected", "closed")])
def test_a_case_not_on_the_map_reads_back_as_a_minimal_record(client, city, cases, case, status):
    """georeport and FixMyStreet read a report back right after filing it, while it still
    waits for verification: they get its id, status, service and time, and nothing of
    what the reporter wrote, where, or their photos."""
    complaint = getattr(cases, case)
    response, data = get_json(client, f"requests/{complaint.code}.json")
    assert response.status_code == 200
    validate("requests", data)
    (item,) = data
    assert item["service_request_id"] == complaint.code
    assert item["status"] == status
    assert item["service_code"] == complaint.category.code
    assert item["requested_datetime"].endswith("+08:00")
    for hidden in ("description", "address", "address_id", "lat", "long", "media_url"):
        assert item[hidden] is None, hidden
    assert complaint.description not in response.content.decode()
    assert_no_personal_data(response.content)
    _, listed = get_json(client, "requests.json", service_request_id=complaint.code)
    assert listed == data
    _, everything = get_json(client, "requests.json")
    assert complaint.code not in {r["service_request_id"] for r in everything}  # never listed
    response, root = get_xml(client, f"requests/{complaint.code}.xml")
    assert root.findtext("request/status") == status
    assert root.findtext("request/description") == ""


def test_id_is_found_whatever_the_case_and_dashes(client, city, cases):
    loose = cases.public.code.lower().replace("-", "")
    response, data = get_json(client, f"requests/{loose}.json")
    assert response.status_code == 200 and data[0]["service_request_id"] == cases.public.code


def test_list_in_xml(client, city, cases):
    response, root = get_xml(client, "requests.xml")
    assert root.tag == "service_requests"
    items = {r["service_request_id"]: r for r in (as_dict(e) for e in root.findall("request"))}
    assert set(items) == {cases.public.code, cases.anonymous.code, cases.handed_off.code}
    public = items[cases.public.code]
    assert public["status"] == "open" and public["zipcode"] == "" and public["media_url"] == ""
    assert public["requested_datetime"].endswith("+08:00")
    assert float(public["lat"]) == cases.public.latitude
    assert_no_personal_data(response.content)


def test_single_request_in_xml(client, city, cases):
    response, root = get_xml(client, f"requests/{cases.public.code}.xml")
    (request,) = root.findall("request")
    assert request.findtext("service_request_id") == cases.public.code


def test_service_request_ids_override_every_other_argument(client, city, cases, time_machine):
    time_machine.move_to(timezone.now() + timedelta(days=200))  # outside the default window
    ids = f"{cases.handed_off.code},{cases.secret.code}, {cases.public.code},nope"
    response, data = get_json(client, "requests.json", service_request_id=ids, status="open")
    validate("requests", data)
    assert [r["service_request_id"] for r in data] == [cases.handed_off.code, cases.public.code]


def test_filters_by_status_and_service_code(client, city, cases):
    _, data = get_json(client, "requests.json", status="closed")
    assert [r["service_request_id"] for r in data] == [cases.handed_off.code]
    _, data = get_json(client, "requests.json", status="open,closed", service_code="sampah")
    assert [r["service_request_id"] for r in data] == [cases.anonymous.code]
    _, data = get_json(client, "requests.json", service_code="jalan-rusak,sampah", status="open")
    assert {r["service_request_id"] for r in data} == {cases.public.code, cases.anonymous.code}
    response, data = get_json(client, "requests.json", status="selesai")
    assert response.status_code == 400 and data[0]["code"] == 400


def _public_case_at(city, submit, when):
    complaint = submit(now=when)
    return services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr, now=when
    )


def test_default_window_is_the_last_90_days(client, city, submit, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    recent = _public_case_at(city, submit, now - timedelta(days=89))
    old = _public_case_at(city, submit, now - timedelta(days=91))
    _, data = get_json(client, "requests.json")
    assert [r["service_request_id"] for r in data] == [recent.code]
    # An explicit window reaches the older one.
    start = (now - timedelta(days=100)).isoformat()
    _, data = get_json(client, "requests.json", start_date=start)
    assert [r["service_request_id"] for r in data] == [recent.code, old.code]
    _, data = get_json(
        client, "requests.json", end_date=(now - timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    assert [r["service_request_id"] for r in data] == [old.code]


def test_dates_in_w3c_form_with_any_offset(client, city, cases):
    today = timezone.localdate()
    for start in (
        f"{today - timedelta(days=1)}T00:00:00Z",
        f"{today - timedelta(days=1)}T08:00:00+08:00",
        f"{today - timedelta(days=1)}T08:00:00 08:00",  # "+" left unencoded in the URL
        f"{today - timedelta(days=1)}",
    ):
        response, data = get_json(client, "requests.json", start_date=start)
        assert response.status_code == 200, (start, data)
        assert len(data) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # > 90 days
        {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"},  # reversed
        {"start_date": "kemarin"},
        {"page": "0"},
        {"page_size": "1001"},
        {"page_size": "sepuluh"},
    ],
)
def test_bad_window_or_page_is_400(client, city, params):
    response, data = get_json(client, "requests.json", **params)
    assert response.status_code == 400 and data[0]["code"] == 400


def _many_public_cases(city, count: int) -> list[Complaint]:
    """`count` disposed cases, one a minute back from now, written in one statement."""
    now = timezone.now()
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(new_code("MDO"))
    rows = [
        Complaint(
            code=code,
            channel="web",
            title=f"Laporan {i}",
            description="Jalan berlubang.",
            category=city.road,
            state=State.DISPOSED,
            agency=city.pupr,
            created_at=now - timedelta(minutes=i),
            updated_at=now - timedelta(minutes=i),
        )
        for i, code in enumerate(sorted(codes))
    ]
    return Complaint.objects.bulk_create(rows)


def test_at_most_1000_requests_per_answer_in_constant_queries(
    client, city, django_assert_max_num_queries
):
    rows = _many_public_cases(city, 1005)
    with django_assert_max_num_queries(4):
        response = client.get(f"{BASE}/requests.json")
    data = response.json()
    assert len(data) == views.MAX_REQUESTS == 1000
    validate("requests", data)
    # Newest first; the five oldest wait on the next page.
    assert data[0]["service_request_id"] == rows[0].code
    _, rest = get_json(client, "requests.json", page="2")
    assert [r["service_request_id"] for r in rest] == [r.code for r in rows[1000:]]


def test_page_and_page_size(client, city):
    rows = _many_public_cases(city, 7)
    pages = []
    for page in ("1", "2", "3", "4"):
        _, data = get_json(client, "requests.json", page=page, page_size="3")
        pages.append([r["service_request_id"] for r in data])
    assert pages == [
        [r.code for r in rows[0:3]],
        [r.code for r in rows[3:6]],
        [rows[6].code],
        [],
    ]
    response, root = get_xml(client, "requests.xml", page="9")
    assert root.tag == "service_requests" and len(root) == 0


def test_an_unknown_key_on_a_public_read_is_403(client, city):
    response = client.get(f"{BASE}/requests.json", {"api_key": "cer_nope"})
    assert response.status_code == 403


def test_tokens_resolve_to_the_request_id(client, city, cases):
    response, data = get_json(client, f"tokens/{cases.public.code}.json")
    assert response.status_code == 200
    assert data == [{"service_request_id": cases.public.code, "token": cases.public.code}]
    response, root = get_xml(client, f"tokens/{cases.public.code}.xml")
    assert root.findtext("request/service_request_id") == cases.public.code
    assert client.get(f"{BASE}/tokens/{cases.secret.code}.json").status_code == 404
    for unverified in (cases.new, cases.rejected):  # answered: the id tells nothing more
        _, data = get_json(client, f"tokens/{unverified.code}.json")
        assert data == [{"service_request_id": unverified.code, "token": unverified.code}]
    assert client.get(f"{BASE}/tokens/12345.xml").status_code == 404
