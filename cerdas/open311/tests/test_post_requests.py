"""POST requests.{fmt}: filing a report from an Open311 client."""

import io
import socket
from unittest import mock

import pytest
from PIL import Image

from cerdas.api.models import ApiSubmission
from cerdas.complaints.models import Channel, Complaint, ComplaintPhoto, Privacy, State
from conftest import JAKARTA, PASAR_45, jpeg_bytes

from .util import BASE, assert_no_personal_data, xml_root

URL = f"{BASE}/requests.json"


def form(key=None, **overrides) -> dict:
    """What FixMyStreet sends, plus answers to the road category's questions."""
    lat, lon = PASAR_45
    data = {
        "jurisdiction_id": "manadokota.go.id",
        "service_code": "jalan-rusak",
        "lat": str(lat),
        "long": str(lon),
        "description": "Lubang besar di Jl. Sam Ratulangi depan toko roti.",
        "first_name": "Budi",
        "last_name": "Santoso",
        "email": "budi@example.com",
        "phone": "081234567890",
        "device_id": "tt222111",
        "account_id": "123456",
        "attribute[ukuran]": "besar",
    }
    if key is not None:
        data["api_key"] = key.raw
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_post_with_key_files_an_open311_report(client, city, keys, questions):
    data = form(keys.submit)
    data["attribute[bahaya][]"] = ["motor", "pejalan", "motor"]
    data.update({"attribute[lebar]": "45.5", "attribute[sejak]": "2026-11-20T07:00:00Z"})
    data["attribute[info]"] = "diabaikan"  # informational question: takes no answer
    data["attribute[fms_extra_title]"] = "Lubang"  # a code the category does not ask
    response = client.post(URL, data)
    assert response.status_code == 200, response.content
    (body,) = response.json()
    assert set(body) == {"service_request_id", "service_notice", "account_id"}
    assert body["account_id"] is None
    complaint = Complaint.objects.get(code=body["service_request_id"])
    assert complaint.channel == Channel.OPEN311 and complaint.state == State.NEW
    assert complaint.category == city.road and complaint.area.name == "Pinaesaan"
    assert complaint.reporter_name == "Budi Santoso"
    assert complaint.reporter_phone == "+6281234567890"
    assert complaint.reporter_email == "budi@example.com"
    assert complaint.attributes == {
        "ukuran": "besar",
        "bahaya": ["motor", "pejalan"],
        "lebar": 45.5,
        "sejak": "2026-11-20T15:00:00+08:00",
    }
    assert ApiSubmission.objects.get(complaint=complaint).key == keys.submit.key
    assert complaint.code in body["service_notice"]
    assert_no_personal_data(response.content)


def test_multivalue_answer_may_repeat_the_plain_name(client, city, keys, questions):
    data = form(keys.submit)
    data["attribute[bahaya]"] = ["mobil", "motor"]  # how Perl clients send a list
    response = client.post(URL, data)
    assert response.status_code == 200, response.content
    complaint = Complaint.objects.get(code=response.json()[0]["service_request_id"])
    assert complaint.attributes["bahaya"] == ["mobil", "motor"]


def test_post_answers_in_xml(client, city, keys, questions):
    response = client.post(f"{BASE}/requests.xml", form(keys.submit))
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_requests"
    code = root.findtext("request/service_request_id")
    assert Complaint.objects.filter(code=code).exists()
    assert root.find("request/account_id") is not None
    assert root.find("request/account_id").text is None


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_without_key_is_403(client, city, questions, fmt):
    response = client.post(f"{BASE}/requests.{fmt}", form())
    assert response.status_code == 403
    if fmt == "json":
        assert response.json()[0]["code"] == 403
    else:
        assert xml_root(response).findtext("error/code") == "403"
    assert not Complaint.objects.exists()


def test_unknown_revoked_or_unscoped_key_is_403(client, city, keys, questions):
    bad = form(api_key="cer_" + "0" * 48)
    assert client.post(URL, bad).status_code == 403
    keys.submit.key.is_active = False
    keys.submit.key.save()
    assert client.post(URL, form(keys.submit)).status_code == 403
    response = client.post(URL, form(keys.read_all))
    assert response.status_code == 403 and "submit" in response.json()[0]["description"]
    assert not Complaint.objects.exists()


def test_key_may_come_in_a_header(client, city, keys, questions):
    response = client.post(URL, form(), headers={"X-Api-Key": keys.submit.raw})
    assert response.status_code == 200


def test_bad_answers_are_400_all_at_once(client, city, keys, questions):
    data = form(keys.submit, **{"attribute[ukuran]": "raksasa"})
    data["attribute[bahaya][]"] = ["motor", "kapal"]
    data["attribute[lebar]"] = "lebar sekali"
    data["attribute[sejak]"] = "kemarin"
    data["attribute[jalan]"] = "Jl. Sam\nRatulangi"
    response = client.post(URL, data)
    assert response.status_code == 400
    errors = response.json()
    assert [e["code"] for e in errors] == [400] * 5
    text = " ".join(e["description"] for e in errors)
    for code in ("ukuran", "bahaya", "lebar", "sejak", "jalan"):
        assert f"attribute[{code}]" in text
    assert "raksasa" in text and "kapal" in text
    assert not Complaint.objects.exists()


def test_missing_required_answer_is_400(client, city, keys, questions):
    response = client.post(URL, form(keys.submit, **{"attribute[ukuran]": None}))
    assert response.status_code == 400
    assert "attribute[ukuran]" in response.json()[0]["description"]
    # One value for a single-value question.
    data = form(keys.submit)
    data["attribute[ukuran]"] = ["kecil", "besar"]
    assert client.post(URL, data).status_code == 400


def test_outside_the_city_is_400(client, city, keys, questions):
    lat, lon = JAKARTA
    response = client.post(URL, form(keys.submit, lat=str(lat), long=str(lon)))
    assert response.status_code == 400
    assert "luar wilayah" in response.json()[0]["description"]
    assert not Complaint.objects.exists()


def test_description_over_4000_characters_is_400(client, city, keys, questions):
    response = client.post(URL, form(keys.submit, description="x" * 4001))
    assert response.status_code == 400
    assert "4000" in response.json()[0]["description"]
    assert client.post(URL, form(keys.submit, description="x" * 4000)).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"service_code": None}, "service_code"),
        ({"lat": None}, "lat dan long"),
        ({"lat": "utara"}, "lat"),
        ({"lat": None, "long": None, "address_id": "123"}, "address_id"),
        ({"lat": None, "long": None}, "alamat"),
        ({"privacy": "terbuka"}, "privacy"),
        ({"phone": "12"}, "Nomor HP"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"description": ""}, "Uraian"),
    ],
)
def test_invalid_input_is_400_with_the_reason(client, city, keys, questions, overrides, message):
    response = client.post(URL, form(keys.submit, **overrides))
    assert response.status_code == 400, response.content
    assert message in response.json()[0]["description"]
    assert not Complaint.objects.exists()


def test_unknown_service_code_is_404(client, city, keys):
    response = client.post(URL, form(keys.submit, service_code="tidak-ada"))
    assert response.status_code == 404 and response.json()[0]["code"] == 404


def test_address_string_alone_is_enough(client, city, keys, questions):
    response = client.post(
        URL, form(keys.submit, lat=None, long=None, address_string="Jl. Sam Ratulangi 12, Wenang")
    )
    assert response.status_code == 200, response.content
    complaint = Complaint.objects.get()
    assert complaint.address == "Jl. Sam Ratulangi 12, Wenang" and complaint.latitude is None


def test_multipart_media_is_stored_without_exif(client, city, keys, questions):
    photo = io.BytesIO(jpeg_bytes(gps=PASAR_45))
    photo.name = "lubang.jpg"
    response = client.post(URL, {**form(keys.submit), "media": photo})  # multipart
    assert response.status_code == 200, response.content
    (stored,) = ComplaintPhoto.objects.all()
    with stored.image.open("rb") as fh, Image.open(fh) as image:
        assert image.format == "JPEG"
        assert not image.getexif()  # neither the camera nor its GPS position survive
        assert "exif" not in image.info


def test_media_url_is_kept_and_never_fetched(client, city, keys, questions):
    url = "https://fixmystreet.example/photo/1.jpeg"
    with mock.patch.object(socket, "create_connection", side_effect=AssertionError("network")):
        response = client.post(URL, form(keys.submit, media_url=url))
    assert response.status_code == 200, response.content
    complaint = Complaint.objects.get()
    assert complaint.attributes["_media_url"] == [url]
    assert not complaint.photos.exists()


def test_category_default_privacy_applies_and_can_be_asked(client, city, keys, questions):
    response = client.post(URL, form(keys.submit, service_code="pungli"))
    assert response.status_code == 200, response.content
    assert Complaint.objects.get().privacy == Privacy.CONFIDENTIAL
    response = client.post(URL, form(keys.submit, privacy="anonim"))
    assert response.status_code == 200
    assert Complaint.objects.get(code=response.json()[0]["service_request_id"]).privacy == (
        Privacy.ANONYMOUS
    )


def test_rate_limit_answers_429_with_retry_after(client, city, keys, questions):
    slow = keys.issue("Lambat", "submit", rate=1)
    assert client.post(URL, form(slow)).status_code == 200
    response = client.post(URL, form(slow))
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert response.json()[0]["code"] == 429


def test_oversized_or_too_many_media_are_400(client, city, keys, questions, settings):
    settings.CERDAS_MAX_UPLOAD_MB = 1
    big = io.BytesIO(b"\xff" * (1024 * 1024 + 1))
    big.name = "besar.jpg"
    response = client.post(URL, {**form(keys.submit), "media": big})
    assert response.status_code == 400 and "1 MB" in response.json()[0]["description"]
    many = []
    for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1):
        photo = io.BytesIO(jpeg_bytes())
        photo.name = f"{i}.jpg"
        many.append(photo)
    response = client.post(URL, {**form(keys.submit), "media": many})
    assert response.status_code == 400 and response.json()[0]["code"] == 400
    assert not Complaint.objects.exists()


def test_filing_stays_within_its_query_budget(
    client, city, keys, questions, django_assert_max_num_queries
):
    """The busiest write of the system (bench/api_load.py): key, rate window, category and
    its questions, then one transaction that writes the case once, its leg, its event, the
    webhook outbox check, the reporter's notice, the leaders' rollups (the day's count and
    the open case) and the key's submission. Inside a test its transaction is a
    savepoint pair, and its inner savepoints count as queries too."""
    client.post(URL, form(keys.submit))  # the rate window of this minute exists now
    with django_assert_max_num_queries(16):
        response = client.post(URL, form(keys.submit, description="Lubang kedua di sini."))
    assert response.status_code == 200, response.content
    assert Complaint.objects.count() == 2
