"""A citizen asks for public information on a phone and watches the clock; the PPID
answers on the desk; the citizen sees the decision, never anyone's personal data."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cerdas.accounts.models import Role
from cerdas.dashboards.models import DisplayToken
from cerdas.news.banners import forget
from cerdas.news.models import EmergencyBanner
from cerdas.ppid.models import InfoRequest, State
from conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_banners():
    # The live server flushes tables without signals: the banner cache would outlive them.
    forget()
    yield
    forget()


def test_citizen_requests_information_and_tracks_it(new_page, login, city, screenshots):
    make_user("ppid", Role.PPID)
    now = timezone.now()
    EmergencyBanner.objects.create(
        text="Peringatan banjir Sungai Tondano",
        level="awas",
        starts_at=now,
        expires_at=now + timedelta(hours=1),
    )
    citizen = new_page(phone=True)
    citizen.goto("/ppid/permohonan/")
    expect(citizen.locator(".emergency-banner")).to_contain_text("Peringatan banjir")
    citizen.fill("#id_name", "Siti Rahmawati")
    citizen.fill("#id_id_number", "7171014403880002")
    citizen.fill("#id_address", "Jl. Sam Ratulangi No. 12")
    citizen.fill("#id_email", "siti@example.com")
    citizen.fill("#id_information", "Salinan DPA Dinas PUPR 2026.")
    citizen.fill("#id_purpose", "Bahan liputan.")
    citizen.check("input[name=obtain_method][value=softcopy]")
    citizen.check("input[name=delivery_method][value=email]")
    with citizen.expect_navigation():
        citizen.locator("#ppid-request button[type=submit]").click()
    row = InfoRequest.objects.get()
    expect(citizen).to_have_url(f"/ppid/lacak/{row.number}/")
    expect(citizen.locator(".msg.success")).to_contain_text(row.number)
    expect(citizen.locator("#state")).to_have_text("Sedang diproses")
    expect(citizen.locator("#days-left")).to_contain_text("hari kerja")
    expect(citizen.locator("#ppid-track")).not_to_contain_text("Siti")
    screenshots.save(citizen, "ppid-track.png")

    ppid = login(new_page(), "ppid")
    ppid.goto("/ppid/meja/")
    with ppid.expect_navigation():
        ppid.get_by_role("link", name=row.number).click()
    ppid.check("#form-decide input[value=ditolak]")
    ppid.check("#form-decide input[value=h]")
    ppid.fill("#form-decide textarea", "Memuat data pribadi.")
    with ppid.expect_navigation():
        ppid.locator("#form-decide button[type=submit]").click()
    expect(ppid.locator(".msg.success")).to_contain_text("Tersimpan")
    assert InfoRequest.objects.get().state == State.ANSWERED

    citizen.reload()
    expect(citizen.locator("#decision")).to_contain_text("ditolak")
    expect(citizen.locator("#ppid-track")).to_contain_text("Pasal 17 huruf h")


def test_banner_comes_and_goes_on_the_wall_without_a_reload(
    browser, live_server, city, screenshots
):
    _token, raw = DisplayToken.issue(name="TV ruang kendali")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1920, "height": 1080}, locale="id-ID"
    )
    try:
        wall = context.new_page()
        wall.goto(f"/pimpinan/dinding/{raw}/")
        expect(wall.locator("#updated")).not_to_have_text("–")
        expect(wall.locator("#banners")).to_be_hidden()
        now = timezone.now()
        banner = EmergencyBanner.objects.create(
            text="Banjir di Kelurahan Ternate Tanjung",
            level="siaga",
            starts_at=now,
            expires_at=now + timedelta(hours=1),
        )
        expect(wall.locator("#banners")).to_contain_text("Siaga: Banjir di Kelurahan", timeout=5000)
        screenshots.save(wall, "wall-banner.png")
        banner.expires_at = timezone.now() + timedelta(seconds=1)
        banner.save()
        expect(wall.locator("#banners")).to_be_hidden(timeout=8000)
    finally:
        context.close()
