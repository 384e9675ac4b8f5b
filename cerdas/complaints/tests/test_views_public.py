"""The citizen's screens over HTTP: report, track, act as the reporter, public list and map.

Every test checks the HTTP status and what the database holds afterwards.
"""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from cerdas.complaints import services
from cerdas.complaints.links import reporter_token
from cerdas.complaints.models import (
    Action,
    Channel,
    Complaint,
    ComplaintEvent,
    PhotoKind,
    Privacy,
    State,
)
from cerdas.complaints.views.common import REPORTER_SESSION_KEY
from conftest import JAKARTA, PASAR_45, jpeg_bytes

PHONE = "+6281234567890"  # what the `submit` fixture's 081234567890 is stored as
EMAIL = "budi@example.com"


def _form(city, **overrides):
    data = {
        "category": city.road.pk,
        "description": "Lubang besar di Jl. Sam Ratulangi depan Gereja Sentrum.",
        "latitude": PASAR_45[0],
        "longitude": PASAR_45[1],
        "address": "Depan Gereja Sentrum",
        "privacy": Privacy.PUBLIC,
        "reporter_name": "Meiske Tumbelaka",
        "reporter_phone": "0812 3456 7890",
        "reporter_email": "Meiske@Example.com",
        "submission_key": "kunci-1",
    }
    data.update(overrides)
    return data


def _jpeg(name="foto.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), "image/jpeg")


def _snapshot(complaint):
    """The whole row and its number of events: a refused request changes neither."""
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    return row, ComplaintEvent.objects.filter(complaint=complaint).count()


def _resolved(city, submit, photo, **kwargs):
    complaint = submit(**kwargs)
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    complaint = services.complaint_accept(complaint=complaint, user=city.officer)
    complaint = services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Lubang sudah ditambal.", photos=[photo]
    )
    return services.complaint_validate(complaint=complaint, user=city.operator)


def _open_private_link(client, complaint):
    return client.get(f"/lacak/{complaint.code}/?k={reporter_token(complaint.code)}")


# --- the report form -----------------------------------------------------------------


def test_report_form_is_served_in_the_html_before_any_script(client, city):
    response = client.get("/lapor/")
    page = response.content.decode()
    assert response.status_code == 200
    form_at = page.index('class="card report-form"')
    assert 'name="description"' in page and 'name="submission_key"' in page
    assert "<script" not in page[:form_at]
    assert page.index("</form>", form_at) < page.index("<script")
    assert not Complaint.objects.exists()


def test_valid_report_creates_one_web_complaint_and_redirects_to_its_receipt(client, city):
    response = client.post("/lapor/", _form(city))

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lapor/terkirim/{complaint.code}/"
    assert complaint.channel == Channel.WEB
    assert complaint.state == State.NEW
    assert complaint.category == city.road
    assert complaint.description == "Lubang besar di Jl. Sam Ratulangi depan Gereja Sentrum."
    assert complaint.title == complaint.description
    assert complaint.address == "Depan Gereja Sentrum"
    assert (complaint.latitude, complaint.longitude) == PASAR_45
    assert complaint.area.name == "Pinaesaan"
    assert complaint.privacy == Privacy.PUBLIC
    assert complaint.reporter is None
    assert complaint.reporter_name == "Meiske Tumbelaka"
    assert complaint.reporter_phone == "+6281234567890"
    assert complaint.reporter_email == "meiske@example.com"
    assert complaint.submission_key == "kunci-1"
    assert complaint.verify_due_at is not None and complaint.due_at == complaint.verify_due_at
    event = complaint.events.get()
    assert (event.action, event.from_state, event.to_state) == (Action.SUBMIT, "", State.NEW)


def test_receipt_page_shows_the_code_and_the_private_link(client, city):
    response = client.post("/lapor/", _form(city))
    complaint = Complaint.objects.get()

    receipt = client.get(response["Location"])

    page = receipt.content.decode()
    assert receipt.status_code == 200
    assert f'id="tracking-code">{complaint.code}<' in page
    private = f"http://testserver/lacak/{complaint.code}/?k={reporter_token(complaint.code)}"
    assert private in page
    assert complaint.code in client.session[REPORTER_SESSION_KEY]
    assert Complaint.objects.count() == 1


def test_receipt_page_of_someone_elses_report_sends_to_the_public_page(client, city, submit):
    complaint = submit()
    response = client.get(f"/lapor/terkirim/{complaint.code}/")
    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{complaint.code}/"
    assert REPORTER_SESSION_KEY not in client.session
    assert complaint.events.count() == 1


def test_report_by_a_signed_in_citizen_is_linked_to_the_account(client, city):
    client.force_login(city.citizen)
    response = client.post("/lapor/", _form(city, reporter_name=""))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.reporter == city.citizen
    assert complaint.reporter_name == city.citizen.display_name()


def test_submitting_the_same_form_twice_creates_one_complaint(client, city):
    first = client.post("/lapor/", _form(city))
    second = client.post("/lapor/", _form(city))
    third = Client().post("/lapor/", _form(city))  # a retry from another connection

    assert first.status_code == second.status_code == third.status_code == 302
    assert first["Location"] == second["Location"] == third["Location"]
    assert Complaint.objects.count() == 1
    assert ComplaintEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"description": ""}, "Bidang ini tidak boleh kosong", id="empty-description"),
        pytest.param(
            {"description": "   "}, "Bidang ini tidak boleh kosong", id="blank-description"
        ),
        pytest.param(
            {"description": "x" * 4001}, "paling banyak 4000 karakter", id="4001-characters"
        ),
        pytest.param(
            {"latitude": JAKARTA[0], "longitude": JAKARTA[1]},
            "di luar wilayah Kota Manado",
            id="point-in-jakarta",
        ),
        pytest.param(
            {"latitude": "", "longitude": "", "address": ""},
            "Tandai lokasi di peta atau tuliskan alamat",
            id="no-location-no-address",
        ),
        pytest.param(
            {"latitude": PASAR_45[0], "longitude": ""},
            "Lokasi di peta tidak lengkap",
            id="half-a-point",
        ),
        pytest.param({"reporter_phone": "12"}, "Nomor HP tidak valid", id="short-phone"),
        pytest.param({"reporter_phone": "nomor saya"}, "Nomor HP tidak", id="words-as-phone"),
        pytest.param({"reporter_email": "bukan-email"}, "alamat email", id="bad-email"),
        pytest.param({"category": ""}, "Bidang ini tidak boleh kosong", id="no-category"),
        pytest.param({"privacy": "semua"}, "Masukkan pilihan yang valid", id="unknown-privacy"),
    ],
)
def test_invalid_report_is_refused_with_a_clear_message_and_saves_nothing(
    client, city, overrides, message
):
    response = client.post("/lapor/", _form(city, **overrides))

    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert 'class="card report-form"' in response.content.decode()  # the form, to fix it
    assert Complaint.objects.count() == 0
    assert ComplaintEvent.objects.count() == 0


def test_a_text_file_sent_as_a_photo_is_refused_and_saves_nothing(client, city):
    text = SimpleUploadedFile("foto.jpg", b"ini bukan gambar sama sekali", "image/jpeg")

    response = client.post("/lapor/", _form(city, photos=[text]))

    assert response.status_code == 400
    assert "foto.jpg: File ini bukan foto" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_six_photos_are_refused_and_save_nothing(client, city):
    photos = [_jpeg(f"f{i}.jpg") for i in range(6)]

    response = client.post("/lapor/", _form(city, photos=photos))

    assert response.status_code == 400
    assert "Paling banyak 5 foto." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_five_photos_are_accepted(client, city):
    photos = [_jpeg(f"f{i}.jpg", color=(i * 40, 80, 40)) for i in range(5)]

    response = client.post("/lapor/", _form(city, photos=photos))

    assert response.status_code == 302
    assert Complaint.objects.get().photos.filter(kind=PhotoKind.REPORT).count() == 5


def test_exif_gps_becomes_the_location_when_no_pin_was_given(client, city):
    photo = _jpeg(gps=PASAR_45)

    response = client.post("/lapor/", _form(city, latitude="", longitude="", photos=[photo]))

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.latitude == pytest.approx(PASAR_45[0], abs=1e-4)
    assert complaint.longitude == pytest.approx(PASAR_45[1], abs=1e-4)
    assert complaint.area.name == "Pinaesaan"


def test_a_pin_on_the_map_wins_over_the_photo_gps(client, city):
    other = (1.4748, 124.8421)  # still in Manado, south of Pasar 45
    photo = _jpeg(gps=PASAR_45)

    response = client.post(
        "/lapor/", _form(city, latitude=other[0], longitude=other[1], photos=[photo])
    )

    assert response.status_code == 302
    assert (Complaint.objects.get().latitude, Complaint.objects.get().longitude) == other


def test_stored_photo_is_re_encoded_without_any_exif(client, city):
    original = jpeg_bytes(gps=PASAR_45)
    assert Image.open(io.BytesIO(original)).getexif()  # the upload does carry EXIF

    response = client.post(
        "/lapor/", _form(city, photos=[SimpleUploadedFile("f.jpg", original, "image/jpeg")])
    )

    stored = Complaint.objects.get().photos.get()
    assert response.status_code == 302
    data = stored.image.read()
    assert data != original
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"TestCam" not in data


# --- the public tracking page ----------------------------------------------------------


def test_anyone_with_the_code_sees_the_state_and_the_public_timeline(client, city, submit):
    complaint = submit()
    services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr, note="Mohon segera."
    )
    services.complaint_comment(
        complaint=complaint, user=city.operator, note="Catatan rahasia-dalam."
    )
    before = _snapshot(complaint)

    response = client.get(f"/lacak/{complaint.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Diteruskan ke OPD" in page and "Dinas PUPR" in page
    assert "Laporan diterima" in page and "Diverifikasi dan diteruskan ke OPD" in page
    assert complaint.description in page
    assert "Catatan rahasia-dalam" not in page  # internal notes stay internal
    assert "Budi" in page and "Santoso" not in page  # first name only on publik reports
    assert PHONE not in page and EMAIL not in page
    assert 'id="form-rate"' not in page  # not the reporter
    assert _snapshot(complaint) == before


def test_rahasia_report_shows_its_progress_but_not_its_content_to_strangers(
    client, city, submit, photo
):
    complaint = submit(
        category=city.confidential,
        privacy=Privacy.CONFIDENTIAL,
        title="Pungli di loket kelurahan",
        description="Oknum petugas meminta uang tambahan di loket.",
        photos=[photo],
    )
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)

    response = client.get(f"/lacak/{complaint.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    # Only whether it is being handled: not the step, not the agency.
    assert "Laporan rahasia" in page and "Sedang diproses" in page
    assert "Diteruskan ke OPD" not in page and "Dinas PUPR" not in page
    assert "Pungli di loket" not in page
    assert "Oknum petugas" not in page
    assert "/foto/" not in page
    assert "Budi" not in page
    assert Complaint.objects.get(pk=complaint.pk).state == State.DISPOSED


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("other_officer", 404),
        ("other_citizen", 404),
        ("leader", 404),
        ("reporter_session", 200),
        ("operator", 200),
        ("officer", 200),
    ],
)
def test_rahasia_photo_reaches_only_the_reporter_and_the_staff_on_the_case(
    client, city, who, status
):
    # Filed through the web form, so the reporter is this browser's session.
    filed = Client()
    filed.post(
        "/lapor/",
        _form(city, category=city.confidential.pk, privacy=Privacy.CONFIDENTIAL, photos=[_jpeg()]),
    )
    complaint = Complaint.objects.get()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    photo = complaint.photos.get()
    if who == "reporter_session":
        client = filed
    elif who != "anonymous":
        client.force_login(getattr(city, who))

    response = client.get(f"/foto/{photo.pk}/")

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == photo.image.read()
    assert Complaint.objects.get(pk=complaint.pk).photos.count() == 1


def test_photo_of_a_publik_report_is_served_to_anyone_and_cached(client, city, submit, photo):
    complaint = submit(photos=[photo])
    # Before verification the photo is the reporter's and the staff's only.
    assert client.get(f"/foto/{complaint.photos.get().pk}/").status_code == 404
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    response = client.get(f"/foto/{complaint.photos.get().pk}/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG
    assert complaint.photos.count() == 1


def test_unknown_photo_is_404(client, city):
    assert client.get("/foto/999999/").status_code == 404
    assert not Complaint.objects.exists()


# --- the private reporter link -----------------------------------------------------------


def test_private_link_redirects_to_the_clean_address_and_makes_the_session_the_reporter(
    client, city, submit, photo
):
    complaint = _resolved(city, submit, photo)

    response = _open_private_link(client, complaint)

    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{complaint.code}/"  # the secret leaves the URL
    assert client.session[REPORTER_SESSION_KEY] == [complaint.code]
    page = client.get(response["Location"]).content.decode()
    assert 'id="form-rate"' in page and 'id="form-reopen"' in page
    assert Complaint.objects.get(pk=complaint.pk).state == State.RESOLVED


def test_invalid_private_link_gives_no_reporter_rights(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    before = _snapshot(complaint)

    response = client.get(f"/lacak/{complaint.code}/?k=bukan-token-yang-benar")

    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{complaint.code}/"
    assert REPORTER_SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert 'id="form-rate"' not in page
    refused = client.post(f"/lacak/{complaint.code}/tindakan/rate/", {"rating": "1"})
    assert refused.status_code == 403
    assert _snapshot(complaint) == before


def test_token_of_another_case_gives_no_rights_on_this_one(client, city, submit, photo):
    mine = submit()
    complaint = _resolved(city, submit, photo)

    client.get(f"/lacak/{complaint.code}/?k={reporter_token(mine.code)}")

    assert REPORTER_SESSION_KEY not in client.session
    assert 'id="form-rate"' not in client.get(f"/lacak/{complaint.code}/").content.decode()
    assert Complaint.objects.get(pk=complaint.pk).state == State.RESOLVED


# --- the reporter's actions --------------------------------------------------------------


def test_reporter_rates_a_resolved_case_and_it_closes(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    _open_private_link(client, complaint)

    response = client.post(
        f"/lacak/{complaint.code}/tindakan/rate/",
        {"rating": "4", "comment": "Cepat, terima kasih."},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{complaint.code}/"
    complaint.refresh_from_db()
    assert complaint.state == State.CLOSED
    assert (complaint.rating, complaint.rating_comment) == (4, "Cepat, terima kasih.")
    assert complaint.closed_at is not None
    event = complaint.events.order_by("id").last()
    assert (event.action, event.actor, event.actor_label) == (Action.RATE, None, "Pelapor")
    page = client.get(response["Location"]).content.decode()
    assert "Terima kasih, tanggapan Anda sudah tercatat." in page


def test_rating_from_another_browser_is_refused_and_changes_nothing(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    _open_private_link(client, complaint)
    before = _snapshot(complaint)

    stranger = Client()
    response = stranger.post(f"/lacak/{complaint.code}/tindakan/rate/", {"rating": "1"})

    assert response.status_code == 403
    assert _snapshot(complaint) == before
    # An invalid form from a stranger is refused the same way, without saying why.
    assert stranger.post(f"/lacak/{complaint.code}/tindakan/rate/", {}).status_code == 403
    assert _snapshot(complaint) == before


def test_rating_twice_is_refused_with_a_message(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    _open_private_link(client, complaint)
    client.post(f"/lacak/{complaint.code}/tindakan/rate/", {"rating": "5"})
    before = _snapshot(complaint)

    response = client.post(f"/lacak/{complaint.code}/tindakan/rate/", {"rating": "1"})

    assert response.status_code == 400
    assert "sudah dinilai" in response.content.decode()
    assert _snapshot(complaint) == before
    assert Complaint.objects.get(pk=complaint.pk).rating == 5


def test_rating_out_of_range_is_refused_and_shown_to_the_reporter(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    _open_private_link(client, complaint)
    before = _snapshot(complaint)

    response = client.post(f"/lacak/{complaint.code}/tindakan/rate/", {"rating": "9"})

    assert response.status_code == 400
    assert 'id="form-rate"' in response.content.decode()
    assert _snapshot(complaint) == before


def test_reporter_reopens_within_the_window(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    _open_private_link(client, complaint)

    response = client.post(
        f"/lacak/{complaint.code}/tindakan/reopen/", {"reason": "Lubangnya muncul lagi."}
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    assert complaint.reopen_count == 1
    assert complaint.resolved_at is None
    assert complaint.events.order_by("id").last().note == "Lubangnya muncul lagi."


def test_reopening_after_the_window_is_refused_with_a_message(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    before = _snapshot(complaint)

    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        _open_private_link(client, complaint)  # the session of 30 days ago has expired
        response = client.post(
            f"/lacak/{complaint.code}/tindakan/reopen/", {"reason": "Masih rusak."}
        )

    assert response.status_code == 400
    assert "Batas membuka kembali" in response.content.decode()
    assert _snapshot(complaint) == before


def test_reporter_provides_the_information_asked_for(client, city, submit, photo):
    client.post("/lapor/", _form(city))
    complaint = Complaint.objects.get()
    services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Di sisi jalan yang mana?"
    )
    page = client.get(f"/lacak/{complaint.code}/").content.decode()
    assert 'id="form-provide_info"' in page and "Di sisi jalan yang mana?" in page

    response = client.post(
        f"/lacak/{complaint.code}/tindakan/provide_info/",
        {"text": "Sisi kiri dari arah Pasar 45.", "photos": [_jpeg()]},
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.NEW
    assert complaint.paused_at is None
    event = complaint.events.order_by("id").last()
    assert (event.action, event.note) == (Action.PROVIDE_INFO, "Sisi kiri dari arah Pasar 45.")
    assert complaint.photos.get().kind == PhotoKind.INFO


def test_providing_information_when_none_was_asked_is_refused(client, city):
    client.post("/lapor/", _form(city))
    complaint = Complaint.objects.get()
    before = _snapshot(complaint)

    response = client.post(f"/lacak/{complaint.code}/tindakan/provide_info/", {"text": "Tambahan."})

    assert response.status_code == 400
    assert "tidak bisa dilakukan" in response.content.decode()
    assert _snapshot(complaint) == before


def test_unknown_reporter_action_is_404(client, city, submit):
    complaint = submit()
    before = _snapshot(complaint)
    response = client.post(f"/lacak/{complaint.code}/tindakan/validate/", {})
    assert response.status_code == 404
    assert _snapshot(complaint) == before


def test_reporter_action_needs_post(client, city, submit):
    complaint = submit()
    response = client.get(f"/lacak/{complaint.code}/tindakan/rate/")
    assert response.status_code == 405
    assert complaint.events.count() == 1


# --- public list and map data ------------------------------------------------------------


@pytest.fixture
def listed_and_hidden(city, submit):
    """One case in each position a public page must get right."""
    public = submit(reporter_name="Ronald Wenas", title="Got mampet di Pinaesaan")
    anonymous = submit(
        privacy=Privacy.ANONYMOUS, reporter_name="Joko Anonim", title="Lampu jalan mati"
    )
    secret = submit(
        category=city.confidential,
        privacy=Privacy.CONFIDENTIAL,
        reporter_name="Yohana Rahasia",
        title="Pungli di kantor camat",
    )
    new = submit(title="Belum diverifikasi operator")
    rejected = submit(title="Laporan iseng ditolak")
    for complaint in (public, anonymous, secret):
        services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    services.complaint_reject(complaint=rejected, user=city.operator, reason="Iseng.")
    return {"public": public, "anonymous": anonymous, "hidden": [secret, new, rejected]}


CITY_BOX = "124.70,1.35,124.99,1.65"


@pytest.mark.parametrize(
    "path",
    ["/pengaduan/", "/pengaduan.geojson", f"/peta/data.json?bbox={CITY_BOX}&zoom=13"],
)
def test_public_list_and_map_data_never_carry_personal_data_or_hidden_cases(
    client, listed_and_hidden, path
):
    response = client.get(path)

    body = response.content
    assert response.status_code == 200
    assert listed_and_hidden["public"].code.encode() in body
    assert listed_and_hidden["anonymous"].code.encode() in body
    assert b"+6281234567890" not in body and b"081234567890" not in body
    assert b"budi@example.com" not in body and b"@example.com" not in body
    assert b"Joko" not in body and b"Anonim" not in body
    assert b"Wenas" not in body  # publik: first name at most
    for hidden in listed_and_hidden["hidden"]:
        assert hidden.code.encode() not in body
        assert hidden.title.encode() not in body
    assert b"Yohana" not in body
    assert Complaint.objects.filter(state=State.NEW).count() == 1


def test_map_data_lists_exactly_the_verified_non_rahasia_cases(client, listed_and_hidden):
    response = client.get("/pengaduan.geojson")

    features = response.json()["features"]
    assert response.status_code == 200
    assert {f["properties"]["code"] for f in features} == {
        listed_and_hidden["public"].code,
        listed_and_hidden["anonymous"].code,
    }
    for feature in features:
        assert set(feature["properties"]) == {
            "code",
            "title",
            "state",
            "state_label",
            "category",
            "icon",
            "kelurahan",
            "created",
            "url",
        }
        assert feature["geometry"]["coordinates"] == [PASAR_45[1], PASAR_45[0]]
    assert Complaint.objects.count() == 5


def test_public_list_shows_warga_for_anonim_and_a_first_name_for_publik(client, listed_and_hidden):
    response = client.get("/pengaduan/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Warga" in page and "Ronald" in page
    assert Complaint.objects.public().count() == 2


def test_public_list_query_count_does_not_grow_with_the_cases(
    client, city, submit, django_assert_max_num_queries
):
    for _ in range(15):
        services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    with django_assert_max_num_queries(8):
        response = client.get("/pengaduan/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card item"') == 15


# --- looking a case up by its code ---------------------------------------------------------


def test_code_typed_in_lower_case_without_dashes_finds_the_case(client, city, submit):
    complaint = submit()
    loose = complaint.code.lower().replace("-", "")

    response = client.get("/lacak/", {"kode": f"  {loose} "})

    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{complaint.code}/"
    assert client.get(response["Location"]).status_code == 200
    assert complaint.events.count() == 1


def test_a_loose_code_in_the_address_redirects_to_the_clean_one(client, city, submit):
    complaint = submit()
    response = client.get(f"/lacak/{complaint.code.lower().replace('-', '')}/")
    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{complaint.code}/"
    assert complaint.events.count() == 1


def test_unknown_code_shows_a_message(client, city, submit):
    submit()

    response = client.get("/lacak/", {"kode": "MDO-2222-22"})

    assert response.status_code == 200
    assert "Kode MDO-2222-22 tidak ditemukan" in response.content.decode()
    assert client.get("/lacak/MDO-2222-22/").status_code == 404
    assert Complaint.objects.count() == 1


def test_lookup_page_without_a_code_shows_the_form(client, city):
    response = client.get("/lacak/")
    assert response.status_code == 200
    assert 'name="kode"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_map_data_in_view_lists_only_public_cases_with_the_geojson_fields(
    client, listed_and_hidden
):
    response = client.get(f"/peta/data.json?bbox={CITY_BOX}&zoom=12")

    data = response.json()
    assert response.status_code == 200
    assert data["mode"] == "points" and data["total"] == 2
    assert {f["properties"]["code"] for f in data["features"]} == {
        listed_and_hidden["public"].code,
        listed_and_hidden["anonymous"].code,
    }
    geojson = client.get("/pengaduan.geojson").json()["features"]
    assert {tuple(sorted(f["properties"])) for f in data["features"]} == {
        tuple(sorted(f["properties"])) for f in geojson
    }


def test_map_data_leaves_out_what_is_outside_the_box(client, listed_and_hidden):
    response = client.get("/peta/data.json?bbox=124.90,1.50,124.99,1.60&zoom=14")

    assert response.status_code == 200
    assert response.json() == {"mode": "points", "total": 0, "features": []}


def test_map_data_filters_by_state_category_and_period(client, city, submit, listed_and_hidden):
    garbage = submit(category=city.garbage, title="Sampah menumpuk di pasar")
    services.complaint_dispose(complaint=garbage, user=city.operator, agency=city.dlh)
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        old = submit(title="Lubang lama")
        services.complaint_dispose(complaint=old, user=city.operator, agency=city.pupr)

    def codes(query):
        response = client.get(f"/peta/data.json?bbox={CITY_BOX}&zoom=13&{query}")
        assert response.status_code == 200
        return {f["properties"]["code"] for f in response.json()["features"]}

    assert codes("kategori=sampah") == {garbage.code}
    assert old.code in codes("periode=90") and old.code not in codes("periode=30")
    assert codes("status=selesai") == set()
    assert garbage.code in codes("status=terbuka")


def test_map_data_clusters_many_reports_into_grid_cells(client, city, submit, monkeypatch):
    from cerdas.complaints import mapdata

    monkeypatch.setattr(mapdata, "POINTS_BELOW", 2)
    for i in range(4):
        c = submit(latitude=1.49 + i * 0.0001, longitude=124.84)
        services.complaint_dispose(complaint=c, user=city.operator, agency=city.pupr)
    far = submit(latitude=1.52, longitude=124.86)
    services.complaint_dispose(complaint=far, user=city.operator, agency=city.pupr)

    data = client.get(f"/peta/data.json?bbox={CITY_BOX}&zoom=12").json()

    assert data["mode"] == "clusters" and data["total"] == 5
    assert sorted(c[2] for c in data["clusters"]) == [1, 4]
    near = next(c for c in data["clusters"] if c[2] == 4)
    assert near[0] == pytest.approx(1.49015, abs=1e-4) and near[3] == 0
    # Zoomed in far enough, the reports themselves.
    data = client.get(f"/peta/data.json?bbox={CITY_BOX}&zoom=17").json()
    assert data["mode"] == "points" and len(data["features"]) == 5


@pytest.mark.parametrize(
    "query, words",
    [
        ("zoom=12", "bbox"),
        ("bbox=1,2,3&zoom=12", "bbox"),
        ("bbox=a,b,c,d&zoom=12", "bbox"),
        ("bbox=nan,1,2,3&zoom=12", "bbox"),
        ("bbox=124.9,1.3,124.8,1.6&zoom=12", "bbox"),
        ("bbox=124.7,1.3,200,1.6&zoom=12", "bbox"),
        (f"bbox={CITY_BOX}", "zoom"),
        (f"bbox={CITY_BOX}&zoom=x", "zoom"),
        (f"bbox={CITY_BOX}&zoom=25", "zoom"),
        (f"bbox={CITY_BOX}&zoom=-1", "zoom"),
        (f"bbox={CITY_BOX}&zoom=12&kategori=tidak-ada", "tidak-ada"),
        (f"bbox={CITY_BOX}&zoom=12&status=hilang", "status"),
        (f"bbox={CITY_BOX}&zoom=12&periode=365", "periode"),
        (f"bbox={CITY_BOX}&zoom=12&periode=abc", "periode"),
    ],
)
def test_map_data_refuses_bad_parameters_with_a_clear_400(client, city, query, words):
    response = client.get(f"/peta/data.json?{query}")

    assert response.status_code == 400
    assert words in response.json()["error"]


def test_map_page_offers_the_filters_and_the_words_of_the_map_script(client, city):
    body = client.get("/peta/").content.decode()

    assert 'data-clusters="/peta/data.json"' in body
    assert 'name="status"' in body and 'name="kategori"' in body and 'name="periode"' in body
    assert 'value="sampah"' in body and 'value="pungli"' in body
    assert 'data-t-reports="laporan"' in body
