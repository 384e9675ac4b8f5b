"""Every use case end to end through services.py: what it changes, and that a refusal
changes nothing (the row, its events, its legs and its photos stay as they were)."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from cerdas.complaints import services
from cerdas.complaints.models import (
    Action,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintLeg,
    ComplaintPhoto,
    LegKind,
    PhotoKind,
    Privacy,
    State,
)
from cerdas.complaints.services import Upload, WorkflowError
from cerdas.lib import codes
from conftest import JAKARTA, PASAR_45, jpeg_bytes

WITA = ZoneInfo("Asia/Makassar")
# Monday 2 February 2026: no national holiday in the two weeks that follow.
MONDAY_9 = datetime(2026, 2, 2, 9, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The city fixture hashes ten passwords; the default hasher takes seconds for that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Time stands still at Monday 09:00 WITA unless a test moves it."""
    time_machine.move_to(MONDAY_9, tick=False)
    return time_machine


def evidence(name="bukti.jpg") -> Upload:
    return Upload(name=name, data=jpeg_bytes(color=(30, 160, 60)))


class Flow:
    """Walks a case through the happy path, 30 minutes per step."""

    def __init__(self, city, submit, clock):
        self.city, self._submit, self.clock = city, submit, clock

    def step(self):
        self.clock.shift(timedelta(minutes=30))

    def new(self, **kwargs):
        kwargs.setdefault("reporter", self.city.citizen)
        return self._submit(**kwargs)

    def disposed(self, agency=None, **kwargs):
        complaint = self.new(**kwargs)
        self.step()
        return services.complaint_dispose(
            complaint=complaint, user=self.city.operator, agency=agency or self.city.pupr
        )

    def in_progress(self, **kwargs):
        complaint = self.disposed(**kwargs)
        self.step()
        return services.complaint_accept(complaint=complaint, user=self.city.officer)

    def awaiting_validation(self, **kwargs):
        complaint = self.in_progress(**kwargs)
        self.step()
        return services.complaint_follow_up(
            complaint=complaint,
            user=self.city.officer,
            note="Lubang sudah ditambal.",
            photos=[evidence()],
        )

    def resolved(self, at=None, **kwargs):
        """A case validated at `at` (or four steps from now)."""
        if at is not None:
            self.clock.move_to(at - timedelta(hours=2), tick=False)
        complaint = self.awaiting_validation(**kwargs)
        self.step()
        return services.complaint_validate(complaint=complaint, user=self.city.operator)


@pytest.fixture
def flow(city, submit, clock):
    return Flow(city, submit, clock)


def snapshot(complaint):
    """Everything a refused use case must leave alone."""
    return (
        Complaint.objects.filter(pk=complaint.pk).values().get(),
        list(ComplaintEvent.objects.filter(complaint=complaint).values().order_by("id")),
        list(ComplaintLeg.objects.filter(complaint=complaint).values().order_by("id")),
        list(ComplaintPhoto.objects.filter(complaint=complaint).values().order_by("id")),
    )


def assert_refused(use_case, complaint, match, **kwargs):
    before = snapshot(complaint)
    with pytest.raises(WorkflowError, match=match):
        use_case(complaint=complaint, **kwargs)
    assert snapshot(complaint) == before


def legs(complaint, **filters):
    return list(ComplaintLeg.objects.filter(complaint=complaint, **filters).order_by("id"))


def open_leg(complaint, kind):
    return ComplaintLeg.objects.get(complaint=complaint, kind=kind, ended_at__isnull=True)


def last_event(complaint):
    return ComplaintEvent.objects.filter(complaint=complaint).latest("created_at", "id")


def now():
    return timezone.now()


# --- submit ---------------------------------------------------------------------------


def test_submit_files_a_new_case_with_its_kelurahan_verify_leg_and_event(city, submit):
    complaint = submit(reporter=city.citizen, reporter_name="")

    complaint.refresh_from_db()
    assert complaint.state == State.NEW
    assert complaint.channel == Channel.WEB
    assert complaint.privacy == Privacy.PUBLIC
    assert (complaint.latitude, complaint.longitude) == PASAR_45
    assert complaint.area.name == "Pinaesaan"
    assert complaint.area.parent.name == "Wenang"
    assert complaint.title == "Jalan berlubang besar di depan toko, berbahaya untuk motor."
    assert complaint.reporter == city.citizen
    assert complaint.reporter_name == "Warga"  # the account's name when none was typed
    assert complaint.reporter_phone == "+6281234567890"
    assert complaint.created_at == MONDAY_9
    assert codes.is_valid(complaint.code)
    assert complaint.code.startswith("MDO-")

    (leg,) = legs(complaint)
    assert (leg.kind, leg.agency, leg.started_at, leg.ended_at) == (
        LegKind.VERIFY,
        None,
        MONDAY_9,
        None,
    )
    assert complaint.verify_due_at == leg.due_at == complaint.due_at
    (event,) = complaint.events.all()
    assert (event.action, event.from_state, event.to_state) == (Action.SUBMIT, "", State.NEW)
    assert event.actor == city.citizen
    assert event.actor_label == "Pelapor"
    assert event.is_public


def test_submit_by_operator_for_a_caller_records_the_operator_and_channel(city, submit):
    complaint = submit(channel=Channel.PHONE, entered_by=city.operator)
    event = complaint.events.get()
    assert complaint.channel == Channel.PHONE
    assert complaint.reporter is None
    assert (event.actor, event.actor_label) == (city.operator, "Command Center")


def test_submit_in_a_confidential_category_is_rahasia_by_default(city, submit):
    assert submit(category=city.confidential).privacy == Privacy.CONFIDENTIAL
    assert submit(category=city.road).privacy == Privacy.PUBLIC
    assert submit(privacy=Privacy.ANONYMOUS).privacy == Privacy.ANONYMOUS


def test_submit_lowercases_email_and_accepts_text_of_exactly_4000_characters(submit):
    complaint = submit(description="x" * 4000, reporter_email="Budi@Example.COM")
    assert len(complaint.description) == 4000
    assert complaint.reporter_email == "budi@example.com"


def test_submit_with_only_an_address_has_no_point_and_no_kelurahan(submit):
    complaint = submit(latitude=None, longitude=None, address="Depan Pasar 45, Manado")
    assert (complaint.latitude, complaint.longitude, complaint.area) == (None, None, None)
    assert complaint.address == "Depan Pasar 45, Manado"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": "   "}, "Uraian wajib diisi"),
        ({"description": "x" * 4001}, "Uraian terlalu panjang"),
        ({"title": "j" * 201}, "Judul terlalu panjang"),
        ({"latitude": JAKARTA[0], "longitude": JAKARTA[1]}, "di luar wilayah"),
        ({"latitude": PASAR_45[0], "longitude": None}, "lintang dan bujur harus diisi bersama"),
        ({"latitude": None, "longitude": PASAR_45[1]}, "lintang dan bujur harus diisi bersama"),
        ({"latitude": 91.0, "longitude": 124.8}, "Koordinat tidak valid"),
        ({"latitude": None, "longitude": None, "address": ""}, "Tandai lokasi di peta"),
        ({"reporter_phone": "12345"}, "Nomor HP"),
        ({"reporter_phone": "bukan nomor"}, "Nomor HP"),
        ({"reporter_email": "budi@"}, "e-mail tidak valid"),
        ({"privacy": "rahasia-sekali"}, "privasi tidak dikenal"),
        ({"channel": "merpati"}, "Kanal tidak dikenal"),
        ({"photos": [Upload(name="surat.pdf", data=b"%PDF-1.4 not an image")]}, "surat.pdf"),
        ({"photos": [Upload(name="kosong.jpg", data=b"")]}, "kosong"),
    ],
    ids=[
        "empty-text",
        "text-over-4000",
        "title-over-200",
        "outside-city",
        "lat-without-lon",
        "lon-without-lat",
        "lat-out-of-range",
        "no-location-no-address",
        "short-phone",
        "phone-not-a-number",
        "bad-email",
        "unknown-privacy",
        "unknown-channel",
        "not-an-image",
        "empty-file",
    ],
)
def test_submit_refuses_invalid_input_and_writes_nothing(submit, overrides, message):
    with pytest.raises(WorkflowError, match=message):
        submit(**overrides)
    assert not Complaint.objects.exists()
    assert not ComplaintEvent.objects.exists()
    assert not ComplaintLeg.objects.exists()
    assert not ComplaintPhoto.objects.exists()


def test_submit_outside_the_city_says_so(submit):
    with pytest.raises(WorkflowError) as info:
        submit(latitude=JAKARTA[0], longitude=JAKARTA[1])
    assert "di luar wilayah Kota Manado" in str(info.value)


def test_submit_refuses_a_file_over_the_size_limit(submit, settings):
    settings.CERDAS_MAX_UPLOAD_MB = 1
    too_big = jpeg_bytes() + b"\0" * (1024 * 1024)  # a valid JPEG with trailing padding
    with pytest.raises(WorkflowError, match=r"besar\.jpg: Foto terlalu besar \(maksimal 1 MB\)"):
        submit(photos=[Upload(name="besar.jpg", data=too_big)])
    assert not Complaint.objects.exists()


def test_submit_accepts_a_file_just_under_the_size_limit(submit, settings):
    settings.CERDAS_MAX_UPLOAD_MB = 1
    data = jpeg_bytes()
    data += b"\0" * (1024 * 1024 - len(data))
    assert submit(photos=[Upload(name="pas.jpg", data=data)]).photos.count() == 1


def test_submit_refuses_more_photos_than_allowed(submit, settings):
    settings.CERDAS_MAX_PHOTOS = 2
    with pytest.raises(WorkflowError, match="Paling banyak 2 foto"):
        submit(photos=[evidence(f"{i}.jpg") for i in range(3)])
    assert not Complaint.objects.exists()
    assert submit(photos=[evidence(f"{i}.jpg") for i in range(2)]).photos.count() == 2


def test_submit_refuses_an_inactive_category(city, submit):
    city.road.is_active = False
    city.road.save()
    with pytest.raises(WorkflowError, match="Kategori ini tidak aktif"):
        submit()
    assert not Complaint.objects.exists()


def test_submit_uses_the_photos_gps_position_when_no_point_was_given(submit):
    photo = Upload(name="gps.jpg", data=jpeg_bytes(gps=PASAR_45))
    complaint = submit(latitude=None, longitude=None, photos=[photo])
    assert complaint.latitude == pytest.approx(PASAR_45[0], abs=1e-5)
    assert complaint.longitude == pytest.approx(PASAR_45[1], abs=1e-5)
    assert complaint.area.name == "Pinaesaan"


def test_submit_prefers_the_marked_point_over_the_photos_gps(submit):
    photo = Upload(name="gps.jpg", data=jpeg_bytes(gps=(1.45, 124.83)))
    complaint = submit(photos=[photo])
    assert (complaint.latitude, complaint.longitude) == PASAR_45


def test_submit_ignores_a_photo_gps_outside_the_city(submit):
    photo = Upload(name="jakarta.jpg", data=jpeg_bytes(gps=JAKARTA))
    with pytest.raises(WorkflowError, match="Tandai lokasi di peta"):
        submit(latitude=None, longitude=None, photos=[photo])
    complaint = submit(latitude=None, longitude=None, address="Jl. Sam Ratulangi", photos=[photo])
    assert (complaint.latitude, complaint.longitude, complaint.area) == (None, None, None)


def _jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (80, 60), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x013B] = "Budi Santoso"  # Artist
    exif.get_ifd(0x8825).update({1: "N", 2: (1, 29, 30.0), 3: "E", 4: (124, 50, 27.6)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"HP Budi 081234567890")
    return out.getvalue()


def test_stored_photo_is_re_encoded_without_any_metadata(submit):
    complaint = submit(photos=[Upload(name="asli.jpg", data=_jpeg_with_metadata())])
    (photo,) = complaint.photos.all()
    assert photo.kind == PhotoKind.REPORT
    assert photo.event == complaint.events.get(action=Action.SUBMIT)
    assert (photo.width, photo.height) == (80, 60)
    assert photo.image.name.startswith(f"photos/2026/02/{complaint.code}-")
    with photo.image.open("rb") as fh, Image.open(fh) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
        assert "comment" not in stored.info  # a JPEG comment is metadata too


def test_double_submit_with_the_same_key_returns_the_same_complaint(submit):
    first = submit(submission_key="form-abc123")
    second = submit(submission_key="form-abc123", description="Kiriman kedua dari form yang sama")
    assert second.pk == first.pk
    assert Complaint.objects.count() == 1
    assert ComplaintEvent.objects.count() == 1
    assert ComplaintLeg.objects.count() == 1
    assert submit(submission_key="form-other").pk != first.pk


def test_tracking_codes_are_valid_and_unique(submit):
    made = [submit().code for _ in range(30)]
    assert all(codes.is_valid(code) for code in made)
    assert len(set(made)) == len(made)


def test_a_code_collision_is_retried_with_a_fresh_code(submit, monkeypatch):
    taken = submit().code
    fresh = codes.new_code("MDO")
    while fresh == taken:
        fresh = codes.new_code("MDO")
    supply = iter([taken, taken, fresh])
    monkeypatch.setattr(services, "new_code", lambda prefix: next(supply))
    assert submit().code == fresh
    assert Complaint.objects.count() == 2


def test_submit_gives_up_after_five_code_collisions_and_writes_nothing(submit, monkeypatch):
    taken = submit().code
    monkeypatch.setattr(services, "new_code", lambda prefix: taken)
    with pytest.raises(WorkflowError, match="Gagal membuat kode lacak"):
        submit()
    assert Complaint.objects.count() == 1
    assert ComplaintLeg.objects.count() == 1


# --- triage: dispose, hand off, duplicate, reject ----------------------------------------


def test_operator_disposes_to_an_agency_which_starts_its_legs(city, flow):
    complaint = flow.new()
    flow.step()
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr, note="Mohon segera."
    )
    complaint.refresh_from_db()
    assert complaint.state == State.DISPOSED
    assert complaint.agency == city.pupr
    assert complaint.disposed_at == now()
    verify = ComplaintLeg.objects.get(complaint=complaint, kind=LegKind.VERIFY)
    assert (verify.ended_at, verify.outcome, verify.met) == (now(), "done", True)
    response = open_leg(complaint, LegKind.RESPONSE)
    resolution = open_leg(complaint, LegKind.RESOLUTION)
    assert response.agency == resolution.agency == city.pupr
    assert response.started_at == resolution.started_at == now()
    assert complaint.response_due_at == response.due_at == complaint.due_at
    assert complaint.resolution_due_at == resolution.due_at
    event = last_event(complaint)
    assert (event.action, event.from_state, event.to_state) == (
        Action.DISPOSE,
        State.NEW,
        State.DISPOSED,
    )
    assert (event.actor, event.actor_label, event.target_agency, event.note) == (
        city.operator,
        "Command Center",
        city.pupr,
        "Mohon segera.",
    )


def test_dispose_to_an_external_body_is_refused(city, flow):
    assert_refused(
        services.complaint_dispose,
        flow.new(),
        "OPD tujuan yang aktif",
        user=city.operator,
        agency=city.pln,
    )


def test_dispose_to_an_inactive_agency_is_refused(city, flow):
    city.dlh.is_active = False
    city.dlh.save()
    assert_refused(
        services.complaint_dispose,
        flow.new(),
        "OPD tujuan yang aktif",
        user=city.operator,
        agency=city.dlh,
    )


@pytest.mark.parametrize("who", ["officer", "head", "leader", "citizen"])
def test_only_the_command_center_disposes(city, flow, who):
    assert_refused(
        services.complaint_dispose,
        flow.new(),
        "tidak berwenang",
        user=getattr(city, who),
        agency=city.pupr,
    )


def test_a_disposed_case_cannot_be_disposed_again(city, flow):
    assert_refused(
        services.complaint_dispose,
        flow.disposed(),
        "berstatus",
        user=city.operator,
        agency=city.dlh,
    )


def test_hand_off_names_the_external_body_and_closes_the_case(city, flow):
    complaint = flow.new()
    flow.step()
    services.complaint_hand_off(
        complaint=complaint, user=city.operator, body=city.pln, note="Lampu jalan milik PLN."
    )
    complaint.refresh_from_db()
    assert complaint.state == State.HANDED_OFF
    assert complaint.external_body == city.pln
    assert complaint.agency is None
    assert complaint.closed_at == now()
    assert complaint.due_at is None
    assert not legs(complaint, ended_at__isnull=True)
    event = last_event(complaint)
    assert (event.action, event.to_state, event.target_agency, event.is_public) == (
        Action.HAND_OFF,
        State.HANDED_OFF,
        city.pln,
        True,
    )


@pytest.mark.parametrize("body", ["pupr", None])
def test_hand_off_requires_an_external_body(city, flow, body):
    assert_refused(
        services.complaint_hand_off,
        flow.new(),
        "di luar kewenangan kota",
        user=city.operator,
        body=getattr(city, body) if body else None,
        note="Bukan wewenang.",
    )


def test_hand_off_requires_an_explanation_for_the_reporter(city, flow):
    assert_refused(
        services.complaint_hand_off,
        flow.new(),
        "Penjelasan untuk pelapor wajib diisi",
        user=city.operator,
        body=city.pln,
        note=" ",
    )


def test_mark_duplicate_points_the_case_at_its_master(city, flow):
    master = flow.disposed()
    complaint = flow.new()
    services.complaint_mark_duplicate(complaint=complaint, user=city.operator, master=master)
    complaint.refresh_from_db()
    assert complaint.state == State.DUPLICATE
    assert complaint.duplicate_of == master
    assert complaint.closed_at == now()
    assert last_event(complaint).note == f"Duplikat dari {master.code}."
    assert not legs(complaint, ended_at__isnull=True)


def test_a_case_cannot_be_a_duplicate_of_itself(city, flow):
    complaint = flow.new()
    assert_refused(
        services.complaint_mark_duplicate,
        complaint,
        "dirinya sendiri",
        user=city.operator,
        master=complaint,
    )


def test_a_case_cannot_be_a_duplicate_of_a_duplicate(city, flow):
    master = flow.new()
    middle = flow.new()
    services.complaint_mark_duplicate(complaint=middle, user=city.operator, master=master)
    assert_refused(
        services.complaint_mark_duplicate,
        flow.new(),
        "pilih pengaduan induknya",
        user=city.operator,
        master=Complaint.objects.get(pk=middle.pk),
    )


def test_a_case_cannot_be_a_duplicate_of_a_rejected_case(city, flow):
    rejected = services.complaint_reject(complaint=flow.new(), user=city.operator, reason="Spam")
    assert_refused(
        services.complaint_mark_duplicate,
        flow.new(),
        "pilih pengaduan induknya",
        user=city.operator,
        master=rejected,
    )


def test_reject_needs_a_reason_and_ends_the_verify_leg(city, flow):
    complaint = flow.new()
    assert_refused(
        services.complaint_reject, complaint, "wajib diisi", user=city.operator, reason=""
    )
    services.complaint_reject(complaint=complaint, user=city.operator, reason="Iklan, bukan aduan.")
    complaint.refresh_from_db()
    assert complaint.state == State.REJECTED
    assert complaint.closed_at == now()
    (verify,) = legs(complaint)
    assert (verify.ended_at, verify.outcome) == (now(), "done")
    assert last_event(complaint).note == "Iklan, bukan aduan."


def test_a_rejected_case_cannot_be_disposed(city, flow):
    complaint = services.complaint_reject(complaint=flow.new(), user=city.operator, reason="Spam")
    assert_refused(
        services.complaint_dispose, complaint, "berstatus", user=city.operator, agency=city.pupr
    )


# --- asking the reporter for information -----------------------------------------------


def test_request_info_is_answered_by_the_reporter_through_the_private_link(city, flow):
    complaint = flow.new()
    flow.step()
    services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Di sebelah toko apa?"
    )
    assert Complaint.objects.get(pk=complaint.pk).state == State.NEEDS_INFO
    assert_refused(
        services.complaint_provide_info,
        complaint,
        "tidak berwenang",
        user=city.other_citizen,
        text="Saya tahu tempatnya.",
    )
    flow.step()
    services.complaint_provide_info(
        complaint=complaint,
        user=None,
        reporter_link=True,
        text="Di sebelah toko emas.",
        photos=[Upload(name="lokasi.jpg", data=jpeg_bytes())],
    )
    complaint.refresh_from_db()
    assert complaint.state == State.NEW
    event = last_event(complaint)
    assert (event.action, event.actor, event.actor_label) == (Action.PROVIDE_INFO, None, "Pelapor")
    assert event.photos.get().kind == PhotoKind.INFO


def test_agency_cannot_ask_the_reporter_for_information(city, flow):
    assert_refused(
        services.complaint_request_info,
        flow.new(),
        "tidak berwenang",
        user=city.officer,
        question="?",
    )


# --- agency: accept and assign ----------------------------------------------------------


def test_officer_accepting_a_case_is_assigned_to_it(city, flow):
    complaint = flow.disposed()
    flow.step()
    services.complaint_accept(complaint=complaint, user=city.officer)
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    assert complaint.assigned_officer == city.officer
    assert complaint.accepted_at == now()
    response = ComplaintLeg.objects.get(complaint=complaint, kind=LegKind.RESPONSE)
    assert (response.ended_at, response.outcome, response.met) == (now(), "done", True)
    assert (
        complaint.due_at
        == complaint.resolution_due_at
        == open_leg(complaint, LegKind.RESOLUTION).due_at
    )
    event = last_event(complaint)
    assert (event.action, event.actor_label, event.agency) == (
        Action.ACCEPT,
        "Dinas PUPR",
        city.pupr,
    )


def test_plain_officer_cannot_assign_someone_else_when_accepting(city, flow):
    assert_refused(
        services.complaint_accept,
        flow.disposed(),
        "Hanya Kepala OPD",
        user=city.officer,
        officer=city.officer2,
    )


def test_officer_may_name_themselves_when_accepting(city, flow):
    complaint = services.complaint_accept(
        complaint=flow.disposed(), user=city.officer, officer=city.officer
    )
    assert Complaint.objects.get(pk=complaint.pk).assigned_officer == city.officer


def test_head_assigns_an_officer_when_accepting(city, flow):
    complaint = services.complaint_accept(
        complaint=flow.disposed(), user=city.head, officer=city.officer2
    )
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    assert complaint.assigned_officer == city.officer2


def test_head_cannot_assign_an_officer_of_another_agency(city, flow):
    assert_refused(
        services.complaint_accept,
        flow.disposed(),
        "pegawai aktif OPD",
        user=city.head,
        officer=city.other_officer,
    )


@pytest.mark.parametrize("who", ["other_officer", "other_head", "operator", "citizen"])
def test_officer_of_other_agency_cannot_accept(city, flow, who):
    assert_refused(
        services.complaint_accept, flow.disposed(), "tidak berwenang", user=getattr(city, who)
    )


def test_head_reassigns_a_case_in_progress(city, flow):
    complaint = flow.in_progress()
    services.complaint_assign(complaint=complaint, user=city.head, officer=city.officer2)
    complaint.refresh_from_db()
    assert complaint.assigned_officer == city.officer2
    assert complaint.state == State.IN_PROGRESS
    event = last_event(complaint)
    assert (event.action, event.is_public, event.from_state, event.to_state) == (
        Action.ASSIGN,
        False,
        State.IN_PROGRESS,
        State.IN_PROGRESS,
    )


def test_plain_officer_cannot_reassign_a_case(city, flow):
    assert_refused(
        services.complaint_assign,
        flow.in_progress(),
        "tidak berwenang",
        user=city.officer,
        officer=city.officer2,
    )


def test_head_cannot_assign_an_inactive_officer(city, flow):
    city.officer2.is_active = False
    city.officer2.save()
    assert_refused(
        services.complaint_assign,
        flow.in_progress(),
        "pegawai aktif OPD",
        user=city.head,
        officer=city.officer2,
    )


# --- transfer between agencies -----------------------------------------------------------


def test_approved_transfer_moves_the_case_and_its_legs_to_the_new_agency(city, flow):
    complaint = flow.in_progress()
    old_response = ComplaintLeg.objects.get(complaint=complaint, kind=LegKind.RESPONSE)
    old_resolution = open_leg(complaint, LegKind.RESOLUTION)
    flow.step()
    services.complaint_request_transfer(
        complaint=complaint, user=city.officer, target=city.dlh, reason="Sampah, bukan jalan."
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.agency, complaint.transfer_to) == (
        State.IN_PROGRESS,
        city.pupr,
        city.dlh,
    )
    assert complaint.transfer_reason == "Sampah, bukan jalan."
    request = last_event(complaint)
    assert (request.action, request.is_public, request.target_agency) == (
        Action.REQUEST_TRANSFER,
        False,
        city.dlh,
    )

    flow.step()
    services.complaint_approve_transfer(complaint=complaint, user=city.operator)
    complaint.refresh_from_db()
    assert complaint.state == State.DISPOSED
    assert complaint.agency == city.dlh
    assert (complaint.transfer_to, complaint.transfer_reason) == (None, "")
    assert (complaint.assigned_officer, complaint.accepted_at) == (None, None)
    old_response.refresh_from_db()
    old_resolution.refresh_from_db()
    assert old_response.outcome == "done"  # it had answered before the transfer
    assert (old_resolution.ended_at, old_resolution.outcome) == (now(), "transferred")
    new_response = open_leg(complaint, LegKind.RESPONSE)
    new_resolution = open_leg(complaint, LegKind.RESOLUTION)
    assert new_response.agency == new_resolution.agency == city.dlh
    assert new_response.started_at == new_resolution.started_at == now()
    assert complaint.due_at == complaint.response_due_at == new_response.due_at
    assert complaint.resolution_due_at == new_resolution.due_at
    approve = last_event(complaint)
    assert (approve.action, approve.from_state, approve.to_state, approve.target_agency) == (
        Action.APPROVE_TRANSFER,
        State.IN_PROGRESS,
        State.DISPOSED,
        city.dlh,
    )
    # The old agency has let go; the new one takes it up.
    assert_refused(services.complaint_accept, complaint, "tidak berwenang", user=city.officer)
    services.complaint_accept(complaint=complaint, user=city.other_officer)
    assert Complaint.objects.get(pk=complaint.pk).assigned_officer == city.other_officer


def test_transfer_of_a_case_not_yet_accepted_ends_both_old_legs_as_transferred(city, flow):
    complaint = flow.disposed()
    services.complaint_request_transfer(
        complaint=complaint, user=city.head, target=city.dlh, reason="Bukan urusan PUPR."
    )
    flow.step()
    services.complaint_approve_transfer(complaint=complaint, user=city.operator)
    old = legs(complaint, agency=city.pupr)
    assert sorted(leg.kind for leg in old) == [LegKind.RESOLUTION, LegKind.RESPONSE]
    assert {(leg.ended_at, leg.outcome) for leg in old} == {(now(), "transferred")}
    assert len(legs(complaint, agency=city.dlh, ended_at__isnull=True)) == 2


def test_declined_transfer_keeps_the_agency_and_its_legs(city, flow):
    complaint = flow.in_progress()
    services.complaint_request_transfer(
        complaint=complaint, user=city.officer, target=city.dlh, reason="Sampah."
    )
    legs_before = list(ComplaintLeg.objects.filter(complaint=complaint).values().order_by("id"))
    flow.step()
    services.complaint_decline_transfer(
        complaint=complaint, user=city.operator, note="Lubang jalan tetap urusan PUPR."
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.agency, complaint.transfer_to) == (
        State.IN_PROGRESS,
        city.pupr,
        None,
    )
    assert complaint.transfer_reason == ""
    assert complaint.assigned_officer == city.officer
    assert list(ComplaintLeg.objects.filter(complaint=complaint).values().order_by("id")) == (
        legs_before
    )
    event = last_event(complaint)
    assert (event.action, event.is_public, event.target_agency) == (
        Action.DECLINE_TRANSFER,
        False,
        city.dlh,
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [("pupr", "sama dengan OPD saat ini"), ("pln", "OPD tujuan yang aktif"), (None, "OPD tujuan")],
)
def test_transfer_request_needs_another_internal_agency(city, flow, target, message):
    assert_refused(
        services.complaint_request_transfer,
        flow.in_progress(),
        message,
        user=city.officer,
        target=getattr(city, target) if target else None,
        reason="Alasan.",
    )


def test_a_second_transfer_request_waits_for_the_first(city, flow):
    complaint = flow.in_progress()
    services.complaint_request_transfer(
        complaint=complaint, user=city.officer, target=city.dlh, reason="Sampah."
    )
    assert_refused(
        services.complaint_request_transfer,
        complaint,
        "masih menunggu",
        user=city.officer,
        target=city.uptd,
        reason="Atau UPTD.",
    )


@pytest.mark.parametrize("use_case", ["complaint_approve_transfer", "complaint_decline_transfer"])
def test_no_transfer_decision_without_a_request(city, flow, use_case):
    assert_refused(
        getattr(services, use_case),
        flow.in_progress(),
        "Tidak ada permintaan pengalihan",
        user=city.operator,
        note="Catatan.",
    )


def test_agency_cannot_approve_its_own_transfer(city, flow):
    complaint = flow.in_progress()
    services.complaint_request_transfer(
        complaint=complaint, user=city.officer, target=city.dlh, reason="Sampah."
    )
    assert_refused(
        services.complaint_approve_transfer, complaint, "tidak berwenang", user=city.head
    )


# --- follow-up and validation ----------------------------------------------------------


def test_follow_up_needs_at_least_one_photo(city, flow):
    assert_refused(
        services.complaint_follow_up,
        flow.in_progress(),
        "minimal satu foto",
        user=city.officer,
        note="Sudah ditambal.",
        photos=[],
    )


def test_follow_up_by_another_agency_is_refused(city, flow):
    assert_refused(
        services.complaint_follow_up,
        flow.in_progress(),
        "tidak berwenang",
        user=city.other_officer,
        note="Sudah.",
        photos=[evidence()],
    )


def test_follow_up_ends_the_resolution_leg_and_starts_validation(city, flow):
    complaint = flow.in_progress()
    flow.step()
    services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah ditambal.", photos=[evidence()]
    )
    complaint.refresh_from_db()
    assert complaint.state == State.AWAITING_VALIDATION
    assert complaint.followed_up_at == now()
    resolution = ComplaintLeg.objects.get(complaint=complaint, kind=LegKind.RESOLUTION)
    assert (resolution.ended_at, resolution.outcome) == (now(), "done")
    validation = open_leg(complaint, LegKind.VALIDATION)
    assert validation.agency is None  # the command center holds it now
    assert complaint.due_at == validation.due_at
    event = last_event(complaint)
    (photo,) = event.photos.all()
    assert (event.action, photo.kind, photo.complaint) == (
        Action.FOLLOW_UP,
        PhotoKind.EVIDENCE,
        complaint,
    )


def test_operator_validates_the_follow_up_and_the_case_is_resolved(city, flow):
    complaint = flow.awaiting_validation()
    flow.step()
    services.complaint_validate(complaint=complaint, user=city.operator, note="Sudah dicek.")
    complaint.refresh_from_db()
    assert complaint.state == State.RESOLVED
    assert complaint.resolved_at == now()
    assert complaint.due_at is None
    assert not legs(complaint, ended_at__isnull=True)
    validation = ComplaintLeg.objects.get(complaint=complaint, kind=LegKind.VALIDATION)
    assert (validation.ended_at, validation.outcome) == (now(), "done")


def test_agency_cannot_validate_its_own_follow_up(city, flow):
    assert_refused(
        services.complaint_validate, flow.awaiting_validation(), "tidak berwenang", user=city.head
    )


def test_rejected_follow_up_reopens_the_same_resolution_leg_and_counts_rework(city, flow):
    complaint = flow.awaiting_validation()
    resolution = ComplaintLeg.objects.get(complaint=complaint, kind=LegKind.RESOLUTION)
    due = resolution.due_at
    flow.step()
    services.complaint_reject_follow_up(
        complaint=complaint, user=city.operator, reason="Foto tidak menunjukkan lokasi."
    )
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    assert complaint.rework_count == 1
    reopened = open_leg(complaint, LegKind.RESOLUTION)
    assert reopened.pk == resolution.pk
    assert (reopened.due_at, reopened.ended_at, reopened.outcome) == (due, None, "")
    assert complaint.due_at == due
    assert len(legs(complaint, kind=LegKind.RESOLUTION)) == 1
    validation = ComplaintLeg.objects.get(complaint=complaint, kind=LegKind.VALIDATION)
    assert validation.ended_at == now()
    assert last_event(complaint).action == Action.REJECT_FOLLOW_UP

    # A second round: still the same leg, rework counted again.
    flow.step()
    services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Diperbaiki lagi.", photos=[evidence()]
    )
    flow.step()
    services.complaint_reject_follow_up(complaint=complaint, user=city.operator, reason="Belum.")
    complaint.refresh_from_db()
    assert complaint.rework_count == 2
    assert open_leg(complaint, LegKind.RESOLUTION).pk == resolution.pk
    assert len(legs(complaint, kind=LegKind.VALIDATION)) == 2


def test_reject_follow_up_needs_a_reason(city, flow):
    assert_refused(
        services.complaint_reject_follow_up,
        flow.awaiting_validation(),
        "wajib diisi",
        user=city.operator,
        reason="",
    )


# --- reporter: rate and reopen -----------------------------------------------------------


@pytest.mark.parametrize("rating", [0, 6, -1, 10, "5", 4.5, None])
def test_rating_must_be_a_whole_number_from_1_to_5(city, flow, rating):
    assert_refused(
        services.complaint_rate, flow.resolved(), "1 sampai 5", user=city.citizen, rating=rating
    )


@pytest.mark.parametrize("rating", [1, 5])
def test_reporter_rates_a_resolved_case_which_closes_it(city, flow, rating):
    complaint = flow.resolved()
    flow.step()
    services.complaint_rate(complaint=complaint, user=city.citizen, rating=rating, comment="Cepat")
    complaint.refresh_from_db()
    assert (complaint.state, complaint.rating, complaint.rating_comment) == (
        State.CLOSED,
        rating,
        "Cepat",
    )
    assert complaint.closed_at == now()
    event = last_event(complaint)
    assert (event.action, event.note, event.actor_label) == (
        Action.RATE,
        f"{rating}/5: Cepat",
        "Pelapor",
    )


def test_rating_twice_is_refused(city, flow):
    complaint = flow.resolved()
    services.complaint_rate(complaint=complaint, user=city.citizen, rating=4)
    assert_refused(services.complaint_rate, complaint, "sudah dinilai", user=city.citizen, rating=5)


def test_reporter_without_account_rates_through_the_private_link(city, flow):
    complaint = flow.resolved(reporter=None)
    services.complaint_rate(complaint=complaint, user=None, reporter_link=True, rating=3)
    assert Complaint.objects.get(pk=complaint.pk).rating == 3


@pytest.mark.parametrize("who", ["other_citizen", "officer", "operator", "leader"])
def test_only_the_reporter_rates(city, flow, who):
    assert_refused(
        services.complaint_rate,
        flow.resolved(),
        "tidak berwenang",
        user=getattr(city, who),
        rating=5,
    )


def test_a_case_still_in_progress_cannot_be_rated(city, flow):
    assert_refused(
        services.complaint_rate, flow.in_progress(), "berstatus", user=city.citizen, rating=5
    )


@pytest.mark.usefixtures("without_imlek_leave")  # counted without it
def test_reporter_reopens_within_ten_working_days(city, flow, clock):
    complaint = flow.resolved()
    resolved_at = Complaint.objects.get(pk=complaint.pk).resolved_at
    assert resolved_at == datetime(2026, 2, 2, 11, 0, tzinfo=WITA)
    deadline = services.reopen_deadline(Complaint.objects.get(pk=complaint.pk))
    assert deadline == datetime(2026, 2, 16, 11, 0, tzinfo=WITA)
    clock.move_to(deadline, tick=False)
    services.complaint_reopen(complaint=complaint, user=city.citizen, reason="Berlubang lagi.")
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    assert complaint.reopen_count == 1
    assert complaint.resolved_at is None
    assert complaint.agency == city.pupr
    resolutions = legs(complaint, kind=LegKind.RESOLUTION)
    assert len(resolutions) == 2
    assert resolutions[0].ended_at is not None
    assert (resolutions[1].started_at, resolutions[1].ended_at) == (deadline, None)
    assert resolutions[1].agency == city.pupr
    assert complaint.due_at == complaint.resolution_due_at == resolutions[1].due_at
    event = last_event(complaint)
    assert (event.action, event.from_state, event.to_state, event.note) == (
        Action.REOPEN,
        State.RESOLVED,
        State.IN_PROGRESS,
        "Berlubang lagi.",
    )
    # The agency can follow up again.
    services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Ditambal ulang.", photos=[evidence()]
    )
    assert Complaint.objects.get(pk=complaint.pk).state == State.AWAITING_VALIDATION


@pytest.mark.usefixtures("without_imlek_leave")  # counted without it
def test_reopen_after_ten_working_days_is_refused(city, flow, clock):
    complaint = flow.resolved()
    clock.move_to(datetime(2026, 2, 16, 11, 0, 1, tzinfo=WITA), tick=False)
    assert_refused(
        services.complaint_reopen, complaint, "sudah lewat", user=city.citizen, reason="Rusak."
    )


def test_reopen_needs_a_reason_and_the_reporter(city, flow):
    complaint = flow.resolved()
    assert_refused(
        services.complaint_reopen, complaint, "wajib diisi", user=city.citizen, reason=""
    )
    assert_refused(
        services.complaint_reopen,
        complaint,
        "tidak berwenang",
        user=city.other_citizen,
        reason="Rusak.",
    )


def test_a_rated_case_cannot_be_reopened(city, flow):
    complaint = flow.resolved()
    services.complaint_rate(complaint=complaint, user=city.citizen, rating=2)
    assert_refused(
        services.complaint_reopen, complaint, "berstatus", user=city.citizen, reason="Rusak."
    )


# --- auto-close ----------------------------------------------------------------------------


@pytest.mark.usefixtures("without_imlek_leave")  # counted without it
def test_auto_close_closes_only_cases_resolved_ten_working_days_ago(city, flow, clock):
    # Resolved Monday 2 Feb 08:00: ten working days end Friday 13 Feb 16:00.
    early = flow.resolved(at=datetime(2026, 2, 2, 8, 0, tzinfo=WITA))
    # Resolved an hour later: they end Monday 16 Feb 09:00.
    later = flow.resolved(at=datetime(2026, 2, 2, 9, 0, tzinfo=WITA))
    still_open = flow.in_progress()
    rated = flow.resolved(at=datetime(2026, 1, 5, 9, 0, tzinfo=WITA))
    services.complaint_rate(complaint=rated, user=city.citizen, rating=5)

    clock.move_to(datetime(2026, 2, 13, 15, 59, 59, tzinfo=WITA), tick=False)
    assert services.complaints_auto_close() == 0

    friday_end = datetime(2026, 2, 13, 16, 0, tzinfo=WITA)
    assert services.complaints_auto_close(now=friday_end) == 1
    early.refresh_from_db()
    assert (early.state, early.closed_at, early.due_at) == (State.CLOSED, friday_end, None)
    (event,) = early.events.filter(action=Action.AUTO_CLOSE)
    assert (event.from_state, event.to_state, event.actor, event.actor_label) == (
        State.RESOLVED,
        State.CLOSED,
        None,
        "Sistem",
    )
    assert (event.agency, event.created_at) == (city.pupr, friday_end)
    assert Complaint.objects.get(pk=later.pk).state == State.RESOLVED

    # Running again closes nothing more and writes no second event.
    assert services.complaints_auto_close(now=friday_end) == 0
    assert ComplaintEvent.objects.filter(action=Action.AUTO_CLOSE).count() == 1

    monday = datetime(2026, 2, 16, 9, 0, tzinfo=WITA)
    assert services.complaints_auto_close(now=monday) == 1
    assert Complaint.objects.get(pk=later.pk).state == State.CLOSED
    assert services.complaints_auto_close(now=monday + timedelta(days=30)) == 0
    assert Complaint.objects.get(pk=still_open.pk).state == State.IN_PROGRESS
    assert ComplaintEvent.objects.filter(complaint=rated, action=Action.AUTO_CLOSE).count() == 0
    assert ComplaintEvent.objects.filter(action=Action.AUTO_CLOSE).count() == 2


@pytest.mark.usefixtures("without_imlek_leave")  # counted without it
def test_reporter_may_still_rate_an_auto_closed_case(city, flow):
    complaint = flow.resolved(at=datetime(2026, 2, 2, 10, 0, tzinfo=WITA))
    closed_at = datetime(2026, 2, 16, 10, 0, tzinfo=WITA)
    assert services.complaints_auto_close(now=closed_at) == 1
    services.complaint_rate(complaint=complaint, user=city.citizen, rating=4)
    complaint.refresh_from_db()
    assert (complaint.state, complaint.rating, complaint.closed_at) == (State.CLOSED, 4, closed_at)


# --- comments and events ---------------------------------------------------------------


def test_internal_comment_does_not_move_the_case(city, flow):
    complaint = flow.in_progress()
    services.complaint_comment(complaint=complaint, user=city.officer, note="Menunggu aspal.")
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    event = last_event(complaint)
    assert (event.action, event.is_public, event.from_state, event.to_state) == (
        Action.COMMENT,
        False,
        State.IN_PROGRESS,
        State.IN_PROGRESS,
    )
    assert_refused(
        services.complaint_comment, complaint, "tidak berwenang", user=city.other_officer, note="x"
    )


def test_whole_life_of_a_case_is_in_its_events(city, flow):
    complaint = flow.resolved()
    services.complaint_rate(complaint=complaint, user=city.citizen, rating=5)
    events = list(complaint.events.values_list("action", "from_state", "to_state"))
    assert events == [
        (Action.SUBMIT, "", State.NEW),
        (Action.DISPOSE, State.NEW, State.DISPOSED),
        (Action.ACCEPT, State.DISPOSED, State.IN_PROGRESS),
        (Action.FOLLOW_UP, State.IN_PROGRESS, State.AWAITING_VALIDATION),
        (Action.VALIDATE, State.AWAITING_VALIDATION, State.RESOLVED),
        (Action.RATE, State.RESOLVED, State.CLOSED),
    ]


def test_events_are_immutable(flow):
    complaint = flow.disposed()
    event = complaint.events.first()
    event.note = "Riwayat diubah"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
    stored = ComplaintEvent.objects.get(pk=event.pk)
    assert stored.note == ""
    assert complaint.events.count() == 2


def test_an_event_cannot_be_written_twice_under_the_same_id(flow):
    event = flow.new().events.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save(force_insert=True)
    assert ComplaintEvent.objects.count() == 1
