"""The citizen's hub: the private link in every notice, the case page it opens (status in
plain words, add information, rate, reopen), and what the tracking code alone shows.

Issue 19 item 2: the code alone shows only the state and dates of a case the public
cannot see, and guessing codes is limited per client address.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from cerdas.api.models import RateWindow
from cerdas.complaints import services
from cerdas.complaints.links import private_path, private_url, public_url
from cerdas.complaints.models import Action, Complaint, PhotoKind, Privacy, State
from cerdas.notifications.models import Notification
from conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def _notices(complaint, template=None):
    rows = Notification.objects.filter(complaint=complaint).order_by("id")
    return list(rows.filter(template=template) if template else rows)


def _in_progress(city, submit, **kwargs):
    complaint = submit(**kwargs)
    complaint = services.complaint_dispose(
        complaint=complaint, user=city.operator, agency=city.pupr
    )
    return services.complaint_accept(complaint=complaint, user=city.officer, officer=city.officer)


def _resolved(city, submit, photo, **kwargs):
    complaint = _in_progress(city, submit, **kwargs)
    complaint = services.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah ditambal.", photos=[photo]
    )
    return services.complaint_validate(complaint=complaint, user=city.operator)


def _as_reporter(client, complaint):
    response = client.get(private_path(complaint.code))
    assert response.status_code == 302
    return client


# --- the link in every notice -------------------------------------------------------------


def test_every_reporter_notice_carries_the_private_link(city, submit, photo):
    complaint = _resolved(city, submit, photo)
    notices = _notices(complaint)
    assert {n.template for n in notices} >= {"reporter_submit", "reporter_validate"}
    link = private_url(complaint.code)
    for notice in notices:
        if notice.template.startswith("reporter_"):
            assert link in notice.body, notice.template
            assert notice.address == "budi@example.com"
    validate = _notices(complaint, "reporter_validate")[0].body
    assert "penilaian" in validate and "buka" in validate
    until = timezone.localtime(services.reopen_deadline(complaint)).strftime("%d-%m-%Y")
    assert until in validate  # the reopen window's last day, in the city's time


def test_links_follow_the_base_url(settings, city, submit):
    settings.CERDAS_BASE_URL = "http://127.0.0.1:8101"
    complaint = submit()
    [notice] = _notices(complaint)
    assert f"http://127.0.0.1:8101/lacak/{complaint.code}/?k=" in notice.body


def test_a_supporter_gets_the_public_link_never_the_reporters(city, submit):
    from cerdas.triage.duplicates import complaint_support

    complaint = submit()
    services.complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    complaint_support(complaint=complaint, user=city.other_citizen)
    city.other_citizen.email = "tetangga@example.com"
    city.other_citizen.save()
    services.complaint_accept(complaint=complaint, user=city.officer)
    [to_supporter] = [
        n for n in _notices(complaint, "reporter_state") if n.address == "tetangga@example.com"
    ]
    assert public_url(complaint.code) in to_supporter.body
    assert "?k=" not in to_supporter.body


# --- after filing -------------------------------------------------------------------------


def test_the_receipts_main_button_opens_the_private_page(client, city):
    from .test_views_public import _form

    response = client.post("/lapor/", _form(city))
    complaint = Complaint.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert f'id="open-hub" href="http://testserver{private_path(complaint.code)}"' in page


# --- the hub in each state -----------------------------------------------------------------


def test_hub_of_a_resolved_case_offers_rating_and_reopening_until_its_date(
    client, city, submit, photo
):
    complaint = _resolved(city, submit, photo)
    page = _as_reporter(client, complaint).get(f"/lacak/{complaint.code}/").content.decode()
    assert 'id="form-rate"' in page and 'id="form-reopen"' in page
    until = timezone.localtime(services.reopen_deadline(complaint))
    assert "Bisa dibuka kembali sampai" in page and f", {until:%d} " in page
    assert "Belum ada yang perlu Anda lakukan" not in page
    # The photos are labelled by what they show.
    assert 'id="photos-bukti"' in page and "Bukti tindak lanjut" in page


def test_after_rating_the_hub_says_thanks_and_offers_nothing_more(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    _as_reporter(client, complaint)
    response = client.post(
        f"/lacak/{complaint.code}/tindakan/rate/", {"rating": "4", "comment": "Bagus"}
    )
    assert response.status_code == 302
    page = client.get(f"/lacak/{complaint.code}/").content.decode()
    assert "Terima kasih atas penilaian Anda" in page
    assert "penilaian 4 dari 5" in page
    assert 'id="form-rate"' not in page and 'id="form-reopen"' not in page
    assert "Belum ada yang perlu Anda lakukan" not in page
    complaint.refresh_from_db()
    assert (complaint.state, complaint.rating) == (State.CLOSED, 4)


def test_past_the_reopen_window_only_rating_is_left(client, city, submit, photo):
    complaint = _resolved(city, submit, photo)
    later = services.reopen_deadline(complaint) + timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        page = _as_reporter(client, complaint).get(f"/lacak/{complaint.code}/").content.decode()
        response = client.post(f"/lacak/{complaint.code}/tindakan/reopen/", {"reason": "Belum"})
    assert 'id="form-rate"' in page and 'id="form-reopen"' not in page
    assert response.status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).state == State.RESOLVED


def test_hub_says_who_acts_next_and_by_when(client, city, submit):
    complaint = _in_progress(city, submit)
    page = _as_reporter(client, complaint).get(f"/lacak/{complaint.code}/").content.decode()
    due = timezone.localtime(complaint.resolution_due_at)
    assert "Dinas PUPR sedang menindaklanjuti laporan." in page
    assert "Paling lambat" in page and f", {due:%d} " in page
    assert 'id="form-add_info"' in page


def test_reporter_adds_information_to_an_open_case_and_the_officer_hears(client, city, submit):
    city.officer.email = "petugas@pupr.example.com"
    city.officer.save()
    complaint = _in_progress(city, submit)
    _as_reporter(client, complaint)
    with open_photo() as upload:
        response = client.post(
            f"/lacak/{complaint.code}/tindakan/add_info/",
            {"text": "Lubangnya makin lebar setelah hujan.", "photos": upload},
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    event = complaint.events.get(action=Action.ADD_INFO)
    assert (event.from_state, event.to_state, event.actor_label) == (
        State.IN_PROGRESS,
        State.IN_PROGRESS,
        "Pelapor",
    )
    assert complaint.photos.filter(kind=PhotoKind.INFO, event=event).count() == 1
    [told] = _notices(complaint, "officer_reporter_info")
    assert told.user == city.officer and "Lubangnya" not in told.body


def open_photo():
    from contextlib import contextmanager

    from django.core.files.uploadedfile import SimpleUploadedFile

    @contextmanager
    def opened():
        yield SimpleUploadedFile("foto.jpg", jpeg_bytes(), "image/jpeg")

    return opened()


def test_a_stranger_cannot_add_information(client, city, submit):
    complaint = _in_progress(city, submit)
    response = client.post(f"/lacak/{complaint.code}/tindakan/add_info/", {"text": "Spam"})
    assert response.status_code == 403
    assert not complaint.events.filter(action=Action.ADD_INFO).exists()
    # Unknown codes answer the same: the form is no oracle for codes.
    assert client.post("/lacak/MDO-2222-2Z/tindakan/add_info/", {"text": "x"}).status_code == 403


def test_hub_answers_the_operators_question_with_the_question_shown(client, city, submit):
    complaint = submit()
    services.complaint_request_info(
        complaint=complaint, user=city.operator, question="Di depan toko apa persisnya?"
    )
    page = _as_reporter(client, complaint).get(f"/lacak/{complaint.code}/").content.decode()
    assert 'id="form-provide_info"' in page and "Di depan toko apa persisnya?" in page
    assert 'id="form-add_info"' not in page  # asked: the answer is the one form
    response = client.post(
        f"/lacak/{complaint.code}/tindakan/provide_info/", {"text": "Toko Sinar Jaya."}
    )
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).state == State.NEW


# --- the code alone (issue 19 item 2) -------------------------------------------------------


def test_code_alone_shows_only_state_and_dates_of_an_unverified_report(client, city, submit, photo):
    complaint = submit(address="Rumah no. 7, Lorong Melati", photos=[photo])
    response = client.get(f"/lacak/{complaint.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Menunggu verifikasi" in page
    assert complaint.description[:20] not in page
    assert "Lorong Melati" not in page and city.road.name not in page
    assert "/foto/" not in page
    photo_id = complaint.photos.get().pk
    assert client.get(f"/foto/{photo_id}/").status_code == 404


def test_code_alone_of_a_rejected_report_hides_the_reason(client, city, submit):
    complaint = submit()
    services.complaint_reject(complaint=complaint, user=city.operator, reason="Alamat fiktif.")
    page = client.get(f"/lacak/{complaint.code}/").content.decode()
    assert "Ditolak" in page and "Alamat fiktif" not in page


def test_code_alone_of_a_verified_public_report_shows_what_the_map_shows(client, city, submit):
    complaint = _in_progress(city, submit, address="Depan Pasar 45")
    page = client.get(f"/lacak/{complaint.code}/").content.decode()
    assert complaint.description[:20] in page and "Depan Pasar 45" in page
    assert "Budi Santoso" not in page and "budi@" not in page and "0812" not in page
    assert 'id="form-' not in page


def test_staff_and_reporter_see_the_content_of_an_unverified_report(client, city, submit):
    complaint = submit(privacy=Privacy.CONFIDENTIAL)
    client.force_login(city.operator)
    assert complaint.description[:20] in client.get(f"/lacak/{complaint.code}/").content.decode()
    client.logout()
    page = _as_reporter(client, complaint).get(f"/lacak/{complaint.code}/").content.decode()
    assert complaint.description[:20] in page


def test_guessing_codes_is_limited_per_address_with_a_clear_429(client, settings, city, submit):
    settings.CERDAS_TRACK_LOOKUPS_PER_HOUR = 3
    hidden = submit()
    public = _in_progress(city, submit)
    assert client.get("/lacak/", {"kode": "MDO-2222-2Z"}).status_code == 200  # not found
    assert client.get(f"/lacak/{hidden.code}/").status_code == 200
    assert client.get("/lacak/MDO-3333-3Z/").status_code == 404
    response = client.get("/lacak/", {"kode": "MDO-4444-4Z"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Terlalu banyak pencarian kode" in response.content.decode()
    # The same answer for a real hidden case as for an unknown code, and from another
    # browser (session) at the same address: the window is per address, in the database.
    other = type(client)()
    assert other.get(f"/lacak/{hidden.code}/").status_code == 429
    assert other.get(f"/lapor/terkirim/{hidden.code}/").status_code == 302  # no lookup
    # A public report (on the map anyway) and the reporter's own link still open.
    assert other.get(f"/lacak/{public.code}/").status_code == 200
    assert other.get(private_path(hidden.code), follow=True).status_code == 200
    assert RateWindow.objects.get(bucket="lacak:127.0.0.1").count == 3
    # Another address has its own window.
    assert client.get(f"/lacak/{hidden.code}/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_wrong_key_is_counted_like_a_guess(client, settings, city, submit):
    settings.CERDAS_TRACK_LOOKUPS_PER_HOUR = 1
    complaint = submit()
    response = client.get(f"/lacak/{complaint.code}/?k=salah", follow=True)
    assert response.status_code == 200
    assert 'id="form-' not in response.content.decode()
    assert client.get(f"/lacak/{complaint.code}/").status_code == 429


# --- claiming into an account -------------------------------------------------------------


def test_a_citizen_keeps_a_report_filed_without_an_account(client, city, submit):
    complaint = submit()
    _as_reporter(client, complaint)
    client.force_login(city.citizen)
    page = client.get(f"/lacak/{complaint.code}/").content.decode()
    assert "Simpan ke akun saya" in page
    assert client.post(f"/lacak/{complaint.code}/simpan/").status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).reporter == city.citizen
    mine = client.get("/laporan-saya/").content.decode()
    assert complaint.code in mine


def test_claiming_needs_the_private_link_and_a_citizens_account(client, city, submit):
    complaint = submit()
    client.force_login(city.citizen)
    assert client.post(f"/lacak/{complaint.code}/simpan/").status_code == 403
    client.force_login(city.officer)
    _as_reporter(client, complaint)
    response = client.post(f"/lacak/{complaint.code}/simpan/", follow=True)
    assert "akun warga" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).reporter is None


def test_a_report_kept_by_one_account_cannot_be_taken_by_another(client, city, submit):
    complaint = submit(reporter=city.citizen)
    _as_reporter(client, complaint)
    client.force_login(city.other_citizen)
    response = client.post(f"/lacak/{complaint.code}/simpan/", follow=True)
    assert "sudah tersimpan di akun lain" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).reporter == city.citizen


def test_laporan_saya_lists_only_the_accounts_own_cases(client, city, submit):
    own = submit(reporter=city.citizen, description="Lampu jalan mati di lorong kami.")
    theirs = submit(reporter=city.other_citizen, description="Sampah menumpuk di pasar.")
    assert client.get("/laporan-saya/").status_code == 302  # sign in first
    client.force_login(city.citizen)
    page = client.get("/laporan-saya/").content.decode()
    assert own.code in page and theirs.code not in page
    assert "Sampah menumpuk" not in page
    # Their case page shows the signed-in citizen nothing of the reporter's.
    other = client.get(f"/lacak/{theirs.code}/").content.decode()
    assert "Sampah menumpuk" not in other and 'id="form-' not in other
