"""The command center wall on a 1920x1080 TV: a report filed from a phone in another
browser session appears on it within 5 seconds, without a reload."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cerdas.complaints.models import Complaint
from cerdas.dashboards.models import DisplayToken

pytestmark = pytest.mark.browser

TV = {"width": 1920, "height": 1080}


def test_a_new_report_appears_on_the_wall_within_five_seconds(
    browser, live_server, new_page, city, submit, screenshots
):
    submit(description="Lampu jalan mati di depan gereja.")  # something on it already
    # Weeks past its verification deadline: a row of the breaches list, its code and
    # lateness in full even with a long title.
    late = submit(
        title="Sampah menumpuk di depan sekolah dasar dan pasar, baunya sampai ke jalan raya",
        now=timezone.now() - timedelta(days=30),
    )
    token, raw = DisplayToken.issue(name="TV ruang kendali")
    context = browser.new_context(
        base_url=live_server.url, viewport=TV, locale="id-ID", timezone_id="Asia/Makassar"
    )
    try:
        wall = context.new_page()
        errors = []
        wall.on("pageerror", lambda exc: errors.append(str(exc)))
        wall.goto(f"/pimpinan/dinding/{raw}/")
        expect(wall.locator("#f-open")).to_have_text("2")
        expect(wall.locator("#breaches li")).to_have_count(1)
        row = wall.locator("#breaches li").first
        expect(row.locator(".code")).to_have_text(late.code)
        expect(row.locator(".late")).to_have_text(re.compile(r"^\+\d+ hari$"))
        expect(row.locator("img.icon")).to_have_attribute(
            "src", re.compile(r"/road\.[0-9a-f]+\.svg$")
        )
        for cell in (".code", ".late"):  # drawn whole, not cut with an ellipsis
            assert row.locator(cell).evaluate("el => el.scrollWidth <= el.clientWidth"), cell
        # The 30-day chart: a value axis with numbers, dates below, both lines, a legend.
        assert wall.locator("#trend text").count() >= 6
        assert wall.locator("#trend polyline").count() == 2
        expect(wall.locator(".trend .legend")).to_be_visible()
        size = wall.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        assert size == [1920, 1080]  # fits the screen, no scrolling

        citizen = new_page(phone=True, javascript=False)
        citizen.goto("/lapor/")
        citizen.locator(".tiles").get_by_label(city.garbage.name).check()
        citizen.fill("#id_description", "Sampah menumpuk di depan Pasar Bersehati sejak Senin.")
        citizen.fill("#id_address", "Pasar Bersehati, Calaca")
        with citizen.expect_navigation():
            citizen.locator("form.report-form button[type=submit]").click()
        code = citizen.locator("#tracking-code").inner_text().strip()
        filed = time.monotonic()
        assert Complaint.objects.filter(code=code).exists()

        expect(wall.locator("#feed")).to_contain_text(code, timeout=5000)
        seen_after = time.monotonic() - filed
        assert seen_after < 5
        expect(wall.locator("#f-open")).to_have_text("3")
        expect(wall.locator("#f-received")).to_have_text("2")
        expect(wall.locator("#updated")).not_to_have_text("–")
        assert errors == []
        screenshots.save(wall, "wall-1920x1080.png")
    finally:
        context.close()


def test_the_wall_says_when_its_data_is_stale_and_recovers(browser, live_server, city):
    token, raw = DisplayToken.issue(name="TV lobi")
    context = browser.new_context(base_url=live_server.url, viewport=TV, locale="id-ID")
    failing = {"on": False}

    def route(route):
        if failing["on"] and "/data.json" in route.request.url:
            route.abort()
        else:
            route.continue_()

    try:
        context.route("**/*", route)
        wall = context.new_page()
        wall.goto(f"/pimpinan/dinding/{raw}/")
        expect(wall.locator("#f-open")).to_have_text("0")
        expect(wall.locator("#stale")).to_be_hidden()
        failing["on"] = True  # the server stops answering
        expect(wall.locator("#stale")).to_be_visible(timeout=15000)
        failing["on"] = False
        expect(wall.locator("#stale")).to_be_hidden(timeout=10000)
    finally:
        context.close()


def test_a_revoked_token_shows_nothing(new_page, city):
    token, raw = DisplayToken.issue(name="TV lama")
    DisplayToken.objects.filter(pk=token.pk).update(is_active=False)
    page = new_page()
    response = page.goto(f"/pimpinan/dinding/{raw}/")
    assert response.status == 404
