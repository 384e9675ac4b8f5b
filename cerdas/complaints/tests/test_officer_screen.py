"""The case page for the people who act on it: the next step first, imperative headings,
pickers that tell staff apart, no transfer to oneself, the reporter's "it is fixed"."""

import re

from cerdas.complaints import services
from cerdas.complaints.models import Complaint, ComplaintEvent, State
from cerdas.complaints.tests.test_views_staff import _bring_to
from conftest import make_user

OPEN_PANEL = re.compile(r'<details class="action" open>\s*<summary>([^<]+)</summary>')


def _page(client, user, complaint):
    client.force_login(user)
    response = client.get(f"/kasus/{complaint.code}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_sees_the_follow_up_open_first_with_an_imperative_heading(
    client, city, submit, photo
):
    complaint = _bring_to(city, submit(), "diproses", photo)
    page = _page(client, city.officer, complaint)
    assert OPEN_PANEL.findall(page) == ["Laporkan tindak lanjut"]
    assert page.index('id="form-follow_up"') < page.index('id="form-request_transfer"')
    assert "Tindak lanjut dilaporkan</button>" not in page
    assert "Minta pengalihan ke OPD lain" in page


def test_the_operator_validates_first_when_the_follow_up_waits(client, city, submit, photo):
    complaint = _bring_to(city, submit(), "menunggu_validasi", photo)
    page = _page(client, city.operator, complaint)
    assert OPEN_PANEL.findall(page) == ["Validasi tindak lanjut dan tutup"]


def test_an_agency_cannot_pick_itself_as_the_transfer_target(client, city, submit, photo):
    complaint = _bring_to(city, submit(), "diproses", photo)
    page = _page(client, city.officer, complaint)
    form = page[page.index('id="form-request_transfer"') :]
    form = form[: form.index("</form>")]
    assert f'value="{city.dlh.pk}"' in form
    assert f'value="{city.pupr.pk}"' not in form

    response = client.post(
        f"/kasus/{complaint.code}/tindakan/request_transfer/",
        {"request_transfer-target": city.pupr.pk, "request_transfer-reason": "Bukan urusan kami."},
    )

    assert response.status_code == 400
    fresh = Complaint.objects.get(pk=complaint.pk)
    assert fresh.state == State.IN_PROGRESS and fresh.transfer_to is None
    assert not ComplaintEvent.objects.filter(
        complaint=complaint, action="request_transfer"
    ).exists()


def test_the_assign_list_tells_namesakes_apart_with_role_and_open_load(client, city, submit, photo):
    for user in (city.officer, city.officer2):
        user.first_name = "Vicky"
        user.save()
    busy = _bring_to(city, submit(), "diproses", photo)
    services.complaint_assign(complaint=busy, user=city.head, officer=city.officer2)
    complaint = _bring_to(city, submit(), "diproses", photo)

    page = _page(client, city.head, complaint)
    form = page[page.index('id="form-assign"') :]
    options = re.findall(
        r"<option value=\"\d+\"[^>]*>([^<]+)</option>", form[: form.index("</form>")]
    )

    assert options == [
        "Vicky (petugas2_pupr) — Petugas OPD · 1 kasus terbuka",
        "Vicky (petugas_pupr) — Petugas OPD · 1 kasus terbuka",
        "Kepala_Pupr — Kepala OPD · 0 kasus terbuka",
    ]


def test_the_operator_is_told_when_the_reporter_says_it_is_fixed(client, city, submit, photo):
    complaint = _bring_to(city, submit(), "menunggu_validasi", photo)
    assert 'id="reporter-says-fixed"' not in _page(client, city.operator, complaint)
    services.complaint_confirm_fixed(complaint=complaint, user=None, reporter_link=True)

    assert 'id="reporter-says-fixed"' in _page(client, city.operator, complaint)
    # Only the command center is prompted; the agency never sees the banner.
    assert 'id="reporter-says-fixed"' not in _page(client, city.officer, complaint)
    services.complaint_validate(complaint=complaint, user=city.operator)
    assert 'id="reporter-says-fixed"' not in _page(client, city.operator, complaint)


def test_the_case_page_is_refused_to_strangers(client, city, submit, photo):
    complaint = _bring_to(city, submit(), "diproses", photo)
    client.force_login(city.other_officer)
    assert client.get(f"/kasus/{complaint.code}/").status_code in (403, 404)
    client.force_login(city.citizen)
    assert client.get(f"/kasus/{complaint.code}/").status_code == 403
    client.logout()
    assert client.get(f"/kasus/{complaint.code}/").status_code == 302


def test_staff_filters_say_all_instead_of_dashes_and_the_search_has_a_name(client, city):
    client.force_login(city.operator)
    page = client.get("/cc/antrian/").content.decode()
    assert "---------" not in page
    assert "Semua kategori" in page and "Semua OPD" in page
    assert re.search(r'<input type="search" name="q"[^>]*aria-label="Cari kode/judul"', page)


def test_roles_without_a_fixture_land_on_their_desk(client, city):
    make_user("pejabat_ppid", "ppid")
    client.force_login(city.leader)
    assert client.get("/")["Location"] == "/pimpinan/"
