"""The citizen's report form and the public pages, through HTTP: status and database."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cerdas.complaints import services
from cerdas.complaints.models import Channel, Complaint, Privacy, State
from conftest import JAKARTA, PASAR_45, jpeg_bytes


def _form(city, **overrides):
    data = {
        "category": city.road.pk,
        "description": "Lubang besar di Jl. Sam Ratulangi depan Gereja Sentrum.",
        "latitude": PASAR_45[0],
        "longitude": PASAR_45[1],
        "address": "",
        "privacy": Privacy.PUBLIC,
        "reporter_name": "Meiske Tumbelaka",
        "reporter_phone": "0812 3456 7890",
        "reporter_email": "meiske@example.com",
        "submission_key": "k-1",
    }
    data.update(overrides)
    return data


def test_valid_report_creates_one_complaint_and_shows_its_code(client, city):
    response = client.post("/lapor/", _form(city))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lapor/terkirim/{complaint.code}/"
    assert complaint.channel == Channel.WEB
    assert complaint.state == State.NEW
    assert complaint.area.name == "Pinaesaan"
    assert complaint.reporter_phone == "+6281234567890"
    page = client.get(response["Location"]).content.decode()
    assert complaint.code in page and "?k=" in page


def test_double_submit_of_the_same_form_creates_one_complaint(client, city):
    first = client.post("/lapor/", _form(city))
    second = client.post("/lapor/", _form(city))
    assert first["Location"] == second["Location"]
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": ""}, "tidak boleh kosong"),
        ({"description": "x" * 4001}, "4000"),
        ({"latitude": JAKARTA[0], "longitude": JAKARTA[1]}, "di luar wilayah"),
        ({"latitude": "", "longitude": ""}, "alamat"),
        ({"reporter_phone": "12"}, "Nomor HP"),
        ({"reporter_email": "bukan-email"}, "e-mail"),
        ({"privacy": "semua"}, "pilihan"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_saves_nothing(
    client, city, overrides, message
):
    response = client.post("/lapor/", _form(city, **overrides))
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not Complaint.objects.exists()


def test_a_text_file_as_photo_is_refused(client, city):
    data = _form(city, photos=[SimpleUploadedFile("foto.jpg", b"bukan gambar", "image/jpeg")])
    response = client.post("/lapor/", data)
    assert response.status_code == 400
    assert "bukan foto" in response.content.decode()
    assert not Complaint.objects.exists()


def test_too_many_photos_are_refused(client, city):
    photos = [SimpleUploadedFile(f"f{i}.jpg", jpeg_bytes(), "image/jpeg") for i in range(6)]
    response = client.post("/lapor/", _form(city, photos=photos))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_exif_position_is_used_when_no_pin_was_given_and_then_stripped(client, city, settings):
    photo = SimpleUploadedFile("f.jpg", jpeg_bytes(gps=PASAR_45), "image/jpeg")
    response = client.post("/lapor/", _form(city, latitude="", longitude="", photos=[photo]))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.latitude == pytest.approx(PASAR_45[0], abs=1e-4)
    assert complaint.area.name == "Pinaesaan"
    stored = complaint.photos.get().image.read()
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_public_list_and_map_data_carry_no_personal_data(client, city, submit):
    public = submit(reporter_name="Ronald Wenas")
    anonymous = submit(privacy=Privacy.ANONYMOUS, reporter_name="Joko Anonim")
    secret = submit(category=city.confidential, privacy=Privacy.CONFIDENTIAL, title="Rahasia X")
    unverified = submit(title="Belum diverifikasi Y")
    for complaint in (public, anonymous, secret):
        services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    for path in ("/pengaduan/", "/pengaduan.geojson", "/peta/"):
        body = client.get(path).content.decode()
        assert "+6281234567890" not in body and "budi@example.com" not in body
        assert "Joko" not in body and "Wenas" not in body
        assert secret.code not in body and "Rahasia X" not in body
        assert unverified.code not in body
    listed = client.get("/pengaduan.geojson").json()["features"]
    assert {f["properties"]["code"] for f in listed} == {public.code, anonymous.code}


def test_tracking_lookup_accepts_a_code_typed_loosely(client, city, submit):
    complaint = submit()
    loose = complaint.code.lower().replace("-", " ")
    response = client.get("/lacak/", {"kode": loose})
    assert response["Location"] == f"/lacak/{complaint.code}/"
    unknown = client.get("/lacak/", {"kode": "MDO-2222-22"})
    assert unknown.status_code == 200 and "tidak ditemukan" in unknown.content.decode()
