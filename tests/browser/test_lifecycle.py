"""A complaint's whole life, driven through real pages by each role in its own browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from cerdas.areas.services import area_at
from cerdas.complaints.models import Complaint, PhotoKind, State
from cerdas.complaints.services import complaint_dispose
from conftest import PASAR_45, jpeg_bytes

from .helpers import pick_on_map, wait_for_outlines

pytestmark = pytest.mark.browser


def _jpeg(tmp_path, name: str, color=(200, 80, 40)):
    path = tmp_path / name
    path.write_bytes(jpeg_bytes(color=color))
    return path


def _submit(page: Page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").click()


def _act(page: Page, action: str, fill=None) -> None:
    """Open the <details> of a staff action, fill its form and send it."""
    details = page.locator(f"details:has(#form-{action})")
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    form = page.locator(f"#form-{action}")
    expect(form).to_be_visible()
    if fill:
        fill(form)
    _submit(page, f"#form-{action}")
    expect(page.locator(".msg.success")).to_contain_text("Tersimpan")


def _state(code: str) -> str:
    return Complaint.objects.get(code=code).state


def _open_case_from_list(page: Page, url: str, code: str) -> None:
    page.goto(url)
    link = page.get_by_role("link", name=code, exact=True)
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    expect(page).to_have_url(f"/kasus/{code}/")


def test_full_lifecycle_in_browser(new_page, login, city, tmp_path, screenshots):
    # 1. A citizen on a phone files a report with a pin on the map and a photo.
    citizen = new_page(phone=True)
    citizen.goto("/lapor/")
    citizen.locator(".tiles").get_by_label(city.road.name).check()
    citizen.fill("#id_description", "Jalan berlubang besar di depan Pasar 45, bahaya untuk motor.")
    lat, lon = pick_on_map(citizen, PASAR_45)
    expect(citizen.locator("#picked")).to_contain_text(f"{lat:.6f}")
    citizen.fill("#id_address", "Depan Pasar 45")
    citizen.set_input_files("#id_photos", _jpeg(tmp_path, "lubang.jpg"))
    citizen.fill("#id_reporter_name", "Budi Santoso")
    citizen.fill("#id_reporter_phone", "081234567890")
    screenshots.save(citizen, "report.png")
    _submit(citizen, "form.report-form")

    assert "/lapor/terkirim/" in citizen.url, citizen.locator("main").inner_text()
    code = citizen.locator("#tracking-code").inner_text().strip()
    private = citizen.locator(".private-link a")
    expect(private).to_have_attribute("href", re.compile(rf"/lacak/{code}/\?k=[\w:-]+$"))
    complaint = Complaint.objects.get(code=code)
    assert complaint.state == State.NEW
    assert complaint.category == city.road
    assert (complaint.latitude, complaint.longitude) == pytest.approx((lat, lon), abs=1e-6)
    assert complaint.area is not None and complaint.area == area_at(lat, lon)
    assert complaint.photos.filter(kind=PhotoKind.REPORT).count() == 1
    assert complaint.reporter_name == "Budi Santoso"

    # 2. The operator finds it in the queue and disposes it to Dinas PUPR.
    operator = login(new_page(), "operator")
    _open_case_from_list(operator, "/cc/antrian/", code)
    expect(operator.locator("#state")).to_have_text("Menunggu verifikasi")
    expect(operator.locator("#map .leaflet-marker-icon")).to_be_visible()  # the reported spot
    screenshots.save(operator, "detail.png")
    expect(operator.locator(".facts")).to_contain_text("+6281234567890")  # contact: CC only
    _act(
        operator,
        "dispose",
        lambda f: f.locator("#id_dispose-agency").select_option(label="Dinas PUPR"),
    )
    expect(operator.locator("#state")).to_have_text("Diteruskan ke OPD")
    assert _state(code) == State.DISPOSED
    assert Complaint.objects.get(code=code).agency == city.pupr

    # 3. The PUPR officer accepts it and reports the repair with an evidence photo.
    officer = login(new_page(), "petugas_pupr")
    _open_case_from_list(officer, "/opd/kotak-masuk/", code)
    expect(officer.locator(".facts")).not_to_contain_text("6281234567890")
    _act(
        officer,
        "accept",
        lambda f: f.locator("#id_accept-officer").select_option(str(city.officer.pk)),
    )
    expect(officer.locator("#state")).to_have_text("Sedang ditindaklanjuti")
    assert _state(code) == State.IN_PROGRESS
    assert Complaint.objects.get(code=code).assigned_officer == city.officer

    def follow_up(form):
        form.locator("#id_follow_up-note").fill("Lubang sudah ditambal dengan aspal.")
        form.locator("#id_follow_up-photos").set_input_files(
            _jpeg(tmp_path, "bukti.jpg", color=(40, 40, 40))
        )

    _act(officer, "follow_up", follow_up)
    expect(officer.locator("#state")).to_have_text("Menunggu validasi")
    assert _state(code) == State.AWAITING_VALIDATION
    assert complaint.photos.filter(kind=PhotoKind.EVIDENCE).count() == 1
    expect(officer.locator(".photos img")).to_have_count(2)

    # 4. The operator validates the follow-up.
    operator.reload()
    _act(operator, "validate", lambda f: f.locator("#id_validate-note").fill("Sudah dicek."))
    expect(operator.locator("#state")).to_have_text("Selesai")
    assert _state(code) == State.RESOLVED

    # 5. The citizen (same phone, so the session holds the private link) rates it.
    citizen.goto(f"/lacak/{code}/")
    expect(citizen.locator("#state")).to_have_text("Selesai")
    expect(citizen.locator(".photos img")).to_have_count(2)
    expect(citizen.locator("#form-reopen")).to_be_attached()  # one tap away (<details>)
    rate = citizen.locator("#form-rate")
    rate.locator("input[name=rating][value='5']").check()
    rate.locator("[name=comment]").fill("Cepat sekali, terima kasih!")
    _submit(citizen, "#form-rate")
    expect(citizen.locator(".msg.success")).to_contain_text("Terima kasih")
    expect(citizen.locator("#state")).to_have_text("Ditutup")
    expect(citizen.locator("#form-rate")).to_have_count(0)
    complaint.refresh_from_db()
    assert complaint.state == State.CLOSED
    assert (complaint.rating, complaint.rating_comment) == (5, "Cepat sekali, terima kasih!")

    for page in (citizen, operator, officer):
        assert page.errors == [], page.errors
    assert all("127.0.0.1" not in url for url in citizen.blocked)


def test_private_link_makes_another_phone_the_reporter(new_page, city, submit):
    complaint = submit()
    first = new_page(phone=True)
    first.goto(f"/lacak/{complaint.code}/")
    expect(first.locator("#state")).to_have_text("Menunggu verifikasi")
    expect(first.locator(".reporter")).to_have_count(0)

    from cerdas.complaints.links import reporter_token

    phone = new_page(phone=True)
    phone.goto(f"/lacak/{complaint.code}/?k={reporter_token(complaint.code)}")
    expect(phone).to_have_url(f"/lacak/{complaint.code}/")  # the secret left the address bar
    expect(phone.locator(".reporter")).to_contain_text("Tindakan pelapor")


def test_report_form_works_without_javascript(new_page, city):
    page = new_page(phone=True, javascript=False)
    page.goto("/lapor/")
    expect(page.locator("#map")).to_be_hidden()
    page.locator(".tiles").get_by_label(city.garbage.name).check()
    page.fill("#id_description", "Sampah menumpuk di pinggir jalan sejak seminggu.")
    page.fill("#id_address", "Jl. Sam Ratulangi depan Gereja Sentrum")
    _submit(page, "form.report-form")
    assert "/lapor/terkirim/" in page.url
    code = page.locator("#tracking-code").inner_text().strip()
    complaint = Complaint.objects.get(code=code)
    assert complaint.state == State.NEW
    assert complaint.latitude is None and complaint.address.startswith("Jl. Sam Ratulangi")


def test_other_agency_officer_gets_404(new_page, login, city, submit):
    complaint = complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)

    own = login(new_page(), "petugas_pupr")
    response = own.goto(f"/kasus/{complaint.code}/")
    assert response.status == 200
    expect(own.locator("#state")).to_have_text("Diteruskan ke OPD")

    other = login(new_page(), "petugas_dlh")
    response = other.goto(f"/kasus/{complaint.code}/")
    assert response.status == 404
    expect(other.locator("h1")).to_have_text("Halaman atau pengaduan tidak ditemukan")
    expect(other.locator("body")).not_to_contain_text(complaint.description[:30])
    other.goto("/opd/kotak-masuk/")
    expect(other.get_by_role("link", name=complaint.code)).to_have_count(0)


def test_bad_input_shows_clear_error_and_saves_nothing(new_page, city, tmp_path):
    page = new_page(phone=True)
    page.goto("/lapor/")
    page.locator(".tiles").get_by_label(city.road.name).check()
    page.fill("#id_address", "Depan Pasar 45")
    with page.expect_navigation():
        page.locator("form.report-form button[type=submit]").click()
    error = page.locator(".field.has-error:has(#id_description) .error")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(page.locator("#id_address")).to_have_value("Depan Pasar 45")  # input kept
    assert Complaint.objects.count() == 0

    text = tmp_path / "foto.jpg.txt"
    text.write_text("bukan foto, hanya teks")
    page.fill("#id_description", "Jalan rusak parah di depan pasar.")
    page.set_input_files("#id_photos", text)
    with page.expect_navigation():
        page.locator("form.report-form button[type=submit]").click()
    expect(page.locator(".error.box")).to_contain_text("bukan foto")
    expect(page.locator("#id_description")).to_have_value("Jalan rusak parah di depan pasar.")
    assert Complaint.objects.count() == 0
    assert page.errors == []


def test_map_shows_outlines_without_tiles(new_page, city):
    page = new_page()
    page.goto("/peta/")
    assert wait_for_outlines(page) > 50
    assert page.locator(".leaflet-overlay-pane path").count() > 50
    assert any("tile.openstreetmap.org" in url for url in page.blocked)
    assert page.errors == []
