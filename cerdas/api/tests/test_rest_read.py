"""Reading through the API: lists, pages, details, timelines and who sees what."""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from cerdas.complaints import services
from cerdas.complaints.models import Complaint, ComplaintEvent, Privacy, State

from .util import API, PERSONAL

URL = f"{API}/complaints"


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["code"] for item in response.json()["items"]}


def test_anonymous_list_shows_only_public_cases(client, cases):
    seen = codes(client.get(URL))
    assert seen == {cases.pupr.code, cases.dlh_anon.code, cases.uptd.code}
    assert cases.new.code not in seen  # not verified yet
    assert cases.pupr_secret.code not in seen and cases.dlh_secret.code not in seen
    assert Complaint.objects.count() == 6


def test_each_key_lists_what_its_scopes_allow(client, cases, keys):
    public = {cases.pupr.code, cases.dlh_anon.code, cases.uptd.code}
    assert codes(client.get(URL, headers=keys.submit.headers)) == public
    assert codes(client.get(URL, headers=keys.pupr.headers)) == public | {cases.pupr_secret.code}
    assert codes(client.get(URL, headers=keys.dlh.headers)) == public | {cases.dlh_secret.code}
    # A leader's reading: everything but rahasia, unverified cases included.
    assert codes(client.get(URL, headers=keys.read_all.headers)) == public | {cases.new.code}


def test_sessions_list_what_their_screens_show(client, city, cases):
    client.force_login(city.operator)
    assert codes(client.get(URL)) == {c.code for c in Complaint.objects.all()}
    client.force_login(city.other_officer)  # DLH
    assert cases.dlh_secret.code in codes(client.get(URL))
    assert cases.pupr_secret.code not in codes(client.get(URL))


def test_filters_narrow_the_list(client, city, cases):
    agency = codes(client.get(URL, {"agency": "pupr"}))
    assert agency == {cases.pupr.code, cases.uptd.code}  # the unit's case counts for its OPD
    assert codes(client.get(URL, {"category": "sampah"})) == {cases.dlh_anon.code}
    assert codes(client.get(URL, {"state": "diproses"})) == set()
    assert codes(client.get(URL, {"area": "71.71.04"})) == {  # kecamatan Wenang
        cases.pupr.code,
        cases.dlh_anon.code,
        cases.uptd.code,
    }
    assert codes(client.get(URL, {"area": "71.71.04.1007"})) == codes(client.get(URL))
    assert codes(client.get(URL, {"area": "71.71.01"})) == set()
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert codes(client.get(URL, {"created_after": later})) == set()
    assert len(codes(client.get(URL, {"created_before": later}))) == 3
    assert len(codes(client.get(URL, {"updated_after": "2000-01-01T00:00:00"}))) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"state": "entah"},
        {"limit": 0},
        {"limit": 101},
        {"created_after": "kemarin"},
        {"category": "jalan\x00rusak"},
    ],
)
def test_bad_filters_are_refused_with_422(client, cases, params):
    response = client.get(URL, params)
    assert response.status_code == 422 and isinstance(response.json()["detail"], list)


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "zzz",
        _cursor(None),
        _cursor(["x", 1]),
        _cursor(["2026-01-01T00:00:00", 1]),  # our cursors always carry an offset
        _cursor(["0001-01-01T00:00:00+08:00", 1]),
        _cursor(["2026-01-01T00:00:00+00:00", 2**70]),
        _cursor({"a": 1, "b": 2}),
    ],
)
def test_bad_cursor_is_refused_with_400(client, cases, cursor):
    response = client.get(URL, {"cursor": cursor})
    assert response.status_code == 400 and "Cursor" in response.json()["detail"]


def test_out_of_range_time_is_refused_with_400(client, cases):
    response = client.get(URL, {"created_after": "0001-01-01T00:00:00+08:00"})
    assert response.status_code == 400


def test_cursor_pages_walk_every_case_once_in_order(client, city, submit):
    now = timezone.now()
    made = []
    for n in range(7):
        complaint = submit(now=now - timedelta(minutes=n % 3))  # equal times on purpose
        made.append(
            services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
        )
    seen, params, pages = [], {"limit": 3}, 0
    while True:
        response = client.get(URL, params)
        assert response.status_code == 200
        body = response.json()
        seen += [item["code"] for item in body["items"]]
        pages += 1
        if body["next"] is None:
            break
        assert body["next_url"].startswith("http://testserver/api/v1/complaints?")
        # A case filed meanwhile lands on the first page, not in the middle of the walk.
        submitted = submit()
        services.complaint_dispose(complaint=submitted, user=city.operator, agency=city.pupr)
        params = {"limit": 3, "cursor": body["next"]}
    assert pages == 3 and len(seen) == len(set(seen)) == 7
    expected = sorted(made, key=lambda c: (c.created_at, c.pk), reverse=True)
    assert seen == [c.code for c in expected]


def test_detail_shows_public_fields_and_deadlines(client, cases):
    response = client.get(f"{URL}/{cases.pupr.code.lower().replace('-', '')}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == cases.pupr.code and body["state"] == State.DISPOSED
    assert body["agency"]["code"] == "pupr" and body["reporter"]["name"] == "Budi"
    assert body["deadlines"]["response"]["status"] == "green"
    assert body["deadlines"]["response"]["due_at"].endswith("+08:00")
    assert body["assigned_officer"] is None and body["transfer_to"] is None
    assert body["url"] == f"http://testserver/lacak/{cases.pupr.code}/"


def test_anonim_name_is_hidden_from_everyone_but_the_command_center(client, city, cases, keys):
    url = f"{URL}/{cases.dlh_anon.code}"
    for headers in ({}, keys.submit.headers, keys.read_all.headers, keys.dlh.headers):
        body = client.get(url, headers=headers).json()
        assert body["reporter"] == {"name": "Warga", "phone": None, "email": None}
    client.force_login(city.operator)
    body = client.get(url).json()
    assert body["reporter"] == {
        "name": "Rina Anonim",
        "phone": "+6281234567890",
        "email": "budi@example.com",
    }


def test_no_personal_data_in_any_answer_to_non_command_center_callers(client, city, cases, keys):
    services.complaint_accept(complaint=cases.pupr, user=city.officer)
    callers = [{}, keys.submit.headers, keys.read_all.headers, keys.pupr.headers]
    for headers in callers:
        texts = [client.get(URL, headers=headers).content.decode()]
        for complaint in Complaint.objects.all():
            for suffix in ("", "/events", "/actions"):
                response = client.get(f"{URL}/{complaint.code}{suffix}", headers=headers)
                assert response.status_code in (200, 404)
                texts.append(response.content.decode())
        text = "\n".join(texts)
        for personal in PERSONAL:
            assert personal not in text, (headers, personal)
    client.force_login(city.leader)  # a leader's session sees no contact either
    text = client.get(f"{URL}/{cases.pupr.code}").content.decode()
    assert "081234567890" not in text and "+6281234567890" not in text and "budi@" not in text


def test_rahasia_case_does_not_exist_for_those_who_may_not_see_it(client, cases, keys):
    url = f"{URL}/{cases.pupr_secret.code}"
    assert client.get(url).status_code == 404
    assert client.get(url, headers=keys.read_all.headers).status_code == 404
    assert client.get(url, headers=keys.dlh.headers).status_code == 404
    assert client.get(f"{url}/events", headers=keys.submit.headers).status_code == 404
    assert client.get(url, headers=keys.pupr.headers).status_code == 200
    assert Complaint.objects.get(pk=cases.pupr_secret.pk).privacy == Privacy.CONFIDENTIAL


def test_events_are_public_for_the_public_and_complete_for_staff(client, city, cases, keys):
    services.complaint_comment(complaint=cases.pupr, user=city.officer, note="Cek ke lokasi.")
    url = f"{URL}/{cases.pupr.code}/events"
    public = client.get(url).json()
    assert [e["action"] for e in public] == ["submit", "dispose"]
    assert public[1]["actor"] == "Command Center" and public[1]["target_agency"]["code"] == "pupr"
    assert public[0]["from_state"] is None and public[1]["created_at"].endswith("+08:00")
    for headers in (keys.pupr.headers, keys.read_all.headers):
        full = client.get(url, headers=headers).json()
        assert [e["action"] for e in full] == ["submit", "dispose", "comment"]
        assert full[-1]["is_public"] is False
    assert len(client.get(url, headers=keys.dlh.headers).json()) == 2
    assert ComplaintEvent.objects.filter(complaint=cases.pupr).count() == 3


def test_categories_agencies_and_areas(client, city):
    categories = client.get(f"{API}/categories")
    assert categories.status_code == 200
    road = next(c for c in categories.json() if c["code"] == "jalan-rusak")
    assert road["default_agency"] == "pupr" and road["resolution"] == {"amount": 14, "unit": "days"}
    assert road["icon"] == "road" and road["icon_url"].startswith("http://testserver/static/")
    assert road["icon_url"].endswith(".svg") and client.get(road["icon_url"]).status_code == 200
    agencies = {a["code"]: a for a in client.get(f"{API}/agencies").json()}
    assert agencies["uptd-jalan"]["parent"] == "pupr" and agencies["uptd-jalan"]["kind"] == "unit"
    assert agencies["pln"]["kind"] == "external" and agencies["pln"]["public_contact"]
    assert "operator" not in str(agencies) and "petugas" not in str(agencies)
    areas = client.get(f"{API}/areas")
    assert areas.status_code == 200 and areas["Cache-Control"].startswith("public")
    collection = areas.json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) > 80
    pinaesaan = [f for f in collection["features"] if f["properties"]["name"] == "Pinaesaan"]
    assert pinaesaan and pinaesaan[0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert Complaint.objects.count() == 0


def test_unknown_address_under_the_api_answers_json_404(client, db):
    response = client.get(f"{API}/complaints/MDO-XXXX-XX/foo/bar")
    assert response.status_code == 404 and response.json() == {"detail": "Tidak ditemukan."}


def test_photos_of_a_rahasia_case_reach_only_its_readers(client, city, submit, keys, photo):
    complaint = submit(privacy=Privacy.CONFIDENTIAL, photos=[photo])
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    body = client.get(f"{URL}/{complaint.code}", headers=keys.pupr.headers).json()
    [item] = body["photos"]
    response = client.get(item["api_url"], headers=keys.pupr.headers)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert client.get(item["api_url"]).status_code == 404
    assert client.get(item["api_url"], headers=keys.dlh.headers).status_code == 404
    assert client.get(item["url"]).status_code == 404  # the web address checks the browser
    other = submit(photos=[photo])
    wrong_case = f"{URL}/{complaint.code}/photos/{other.photos.get().pk}"
    assert client.get(wrong_case, headers=keys.pupr.headers).status_code == 404


def test_list_reads_a_page_in_a_fixed_number_of_queries(
    client, city, submit, django_assert_max_num_queries
):
    for _ in range(12):
        services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.uptd)
    with django_assert_max_num_queries(3):
        assert len(codes(client.get(URL, {"limit": 10}))) == 10
