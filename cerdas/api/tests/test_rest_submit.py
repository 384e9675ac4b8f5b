"""POST /api/v1/complaints: filing, idempotent retries, limits and refusals."""

import json
from unittest import mock

import pytest

from cerdas.api import idempotency
from cerdas.api.models import ApiSubmission, IdempotencyRecord, RateWindow
from cerdas.complaints.models import Channel, Complaint, ComplaintPhoto, Privacy, State
from conftest import JAKARTA

from .util import API, PERSONAL, auth, b64_photo, post_json, report

URL = f"{API}/complaints"


def test_anonymous_report_is_filed_through_the_api_channel(client, city):
    response = post_json(client, URL, report(photos=[b64_photo()]))
    assert response.status_code == 201, response.content
    body = response.json()
    complaint = Complaint.objects.get(code=body["code"])
    assert complaint.channel == Channel.API and complaint.state == State.NEW
    assert complaint.reporter_phone == "+6281298765432"  # stored, normalised...
    assert "081298765432" not in response.content.decode()  # ...but never answered
    assert "siti@example.com" not in response.content.decode()
    assert body["reporter"] == {"name": "Siti", "phone": None, "email": None}
    assert body["area"]["name"] and body["deadline"]["status"] == "green"
    assert body["created_at"].endswith("+08:00")
    assert len(body["photos"]) == 1 and body["photos"][0]["url"].startswith(
        "http://testserver/foto/"
    )
    assert ComplaintPhoto.objects.filter(complaint=complaint).count() == 1
    assert response["Location"] == f"http://testserver{API}/complaints/{complaint.code}"
    assert not ApiSubmission.objects.exists()


def test_submit_key_files_a_report_and_follows_it(client, city, keys):
    response = post_json(client, URL, report(privacy="rahasia"), keys.submit.headers)
    assert response.status_code == 201
    complaint = Complaint.objects.get(code=response.json()["code"])
    assert complaint.privacy == Privacy.CONFIDENTIAL
    assert ApiSubmission.objects.get(complaint=complaint).key == keys.submit.key
    # Its own rahasia case in `baru` is readable to it, and to nobody else outside.
    mine = client.get(f"{URL}/{complaint.code}", headers=keys.submit.headers)
    assert mine.status_code == 200 and mine.json()["reporter"]["name"] == "Warga"
    assert (
        client.get(f"{URL}/{complaint.code}", headers=keys.other_submit.headers).status_code == 404
    )
    assert client.get(f"{URL}/{complaint.code}").status_code == 404


def test_same_idempotency_key_and_body_replays_the_first_answer(client, city, keys):
    headers = {**keys.submit.headers, "Idempotency-Key": "4c1f6a52-0d7e-4f0e-9f55-1d2b8c0f9a11"}
    first = post_json(client, URL, report(), headers)
    again = post_json(client, URL, report(), headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Complaint.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
    # Another client may use the same key value for its own report.
    other = post_json(client, URL, report(), {**headers, **keys.other_submit.headers})
    assert other.status_code == 201 and other.json()["code"] != first.json()["code"]
    assert Complaint.objects.count() == 2


def test_same_idempotency_key_with_another_body_is_refused(client, city):
    headers = {"Idempotency-Key": "laporan-1"}
    assert post_json(client, URL, report(), headers).status_code == 201
    response = post_json(client, URL, report(description="Lain sama sekali."), headers)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert Complaint.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_racing_retries_file_one_case(client, city, keys):
    """The second request missed the first one's record (both looked before either
    wrote): the unique constraints still leave one case and one record."""
    headers = {**keys.submit.headers, "Idempotency-Key": "race"}
    first = post_json(client, URL, report(), headers)
    real_find = idempotency.find
    answers = iter([lambda scope, key: None, real_find])
    with mock.patch.object(idempotency, "find", lambda scope, key: next(answers)(scope, key)):
        second = post_json(client, URL, report(), headers)
    assert second.status_code == 201 and second["Idempotent-Replayed"] == "true"
    assert second.json()["code"] == first.json()["code"]
    assert Complaint.objects.count() == 1 and IdempotencyRecord.objects.count() == 1
    assert ApiSubmission.objects.count() == 1


def test_anonymous_reports_are_limited_per_address(client, city, settings, time_machine):
    time_machine.move_to("2026-11-23T02:00:10Z", tick=False)
    settings.CERDAS_API_ANON_SUBMITS_PER_MINUTE = 2
    assert [post_json(client, URL, report()).status_code for _ in range(2)] == [201, 201]
    refused = post_json(client, URL, report())
    assert refused.status_code == 429 and refused["Retry-After"] == "50"
    assert "detail" in refused.json()
    assert Complaint.objects.count() == 2
    # Reading stays open, and another address may still report.
    assert client.get(URL).status_code == 200
    other = post_json(client, URL, report(), {"X-Forwarded-For": "ignored"})
    assert other.status_code == 429  # without CERDAS_PROXY_COUNT the header is not trusted
    elsewhere = client.post(
        URL, data=report(), content_type="application/json", REMOTE_ADDR="10.0.0.9"
    )
    assert elsewhere.status_code == 201 and Complaint.objects.count() == 3


def test_a_key_is_limited_on_every_request(client, city, keys, time_machine):
    time_machine.move_to("2026-11-23T02:00:40Z", tick=False)
    slow = keys.issue("Lambat", "read_all", rate=2)
    assert client.get(URL, headers=slow.headers).status_code == 200
    assert client.get(f"{API}/categories", headers=slow.headers).status_code == 200
    refused = post_json(client, URL, report(), slow.headers)
    assert refused.status_code == 429 and refused["Retry-After"] == "20"
    assert not Complaint.objects.exists()
    assert RateWindow.objects.get(bucket=f"key:{slow.key.pk}").count == 2


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"description": "   "}, 400, "Uraian wajib diisi"),
        ({"latitude": JAKARTA[0], "longitude": JAKARTA[1]}, 400, "di luar wilayah Kota Manado"),
        ({"latitude": 1.49, "longitude": None, "address": ""}, 400, "Lokasi tidak lengkap"),
        ({"category": "tidak-ada"}, 400, "Kategori tidak dikenal"),
        ({"reporter_phone": "12"}, 400, "Nomor HP"),
        ({"photos": ["bukan base64!"]}, 400, "base64"),
        ({"photos": ["aGFsbw=="]}, 400, "foto-1"),
        ({"privacy": "rahasia-sekali"}, 422, None),
        ({"latitude": 91}, 422, None),
        ({"description": None}, 422, None),
        ({"description": "Lubang\x00besar"}, 422, None),  # PostgreSQL text cannot hold NUL
    ],
)
def test_refused_report_changes_nothing(client, city, change, status, message):
    response = post_json(client, URL, report(**change))
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    if message:
        assert message in detail
    else:
        assert isinstance(detail, list) and detail[0]["loc"]
    assert not Complaint.objects.exists() and not IdempotencyRecord.objects.exists()


def test_body_that_is_not_json_is_refused(client, city):
    response = client.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"]
    assert not Complaint.objects.exists()


def test_body_over_the_api_limit_is_refused_before_it_is_read(client, city, settings):
    settings.CERDAS_API_MAX_BODY_MB = 1
    big = report(photos=[b64_photo(size=(1600, 1200)) + "A" * (1024 * 1024)])
    response = post_json(client, URL, big)
    assert response.status_code == 413 and "1 MB" in response.json()["detail"]
    assert not Complaint.objects.exists()


def test_photos_larger_than_django_form_limit_are_accepted(client, city, settings):
    """JSON bodies above DATA_UPLOAD_MAX_MEMORY_SIZE (sized for form fields) still work."""
    body = report(photos=[b64_photo(size=(900, 700))] * 2)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(json.dumps(body)) // 2
    response = post_json(client, URL, body)
    assert response.status_code == 201, response.content
    assert ComplaintPhoto.objects.count() == 2


def test_revoked_key_is_refused_not_treated_as_anonymous(client, city, keys):
    keys.submit.key.is_active = False
    keys.submit.key.save()
    response = post_json(client, URL, report(), keys.submit.headers)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert client.get(URL, headers=auth("cer_notakey")).status_code == 401
    assert client.get(URL, headers={"X-Api-Key": "cer_notakey"}).status_code == 401
    assert not Complaint.objects.exists()


def test_answers_never_carry_personal_data_of_other_reporters(client, city, keys):
    response = post_json(client, URL, report(privacy="anonim"), keys.submit.headers)
    assert response.status_code == 201
    text = response.content.decode()
    assert "Siti" not in text and "081298765432" not in text and "siti@" not in text
    assert all(p not in text for p in PERSONAL)
