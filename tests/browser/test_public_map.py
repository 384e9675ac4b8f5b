"""The public map in chromium: server-side clusters, filters, only what is in view."""

from urllib.parse import parse_qs, urlsplit

import pytest

from cerdas.complaints import mapdata
from cerdas.complaints.models import Complaint, State
from cerdas.complaints.services import complaint_dispose

from .helpers import wait_for_outlines

pytestmark = pytest.mark.browser

MODE = "() => document.getElementById('map').dataset.mode"


@pytest.fixture
def reports(city, submit, monkeypatch):
    """Twelve open road reports around Pasar 45, two garbage ones further north, one done."""
    monkeypatch.setattr(mapdata, "POINTS_BELOW", 5)
    cases = []
    for i in range(12):
        cases.append(submit(latitude=1.4917 + i * 0.0004, longitude=124.8410 + i * 0.0003))
    for i in range(2):
        cases.append(submit(category=city.garbage, latitude=1.52 + i * 0.001, longitude=124.86))
    for case in cases:
        complaint_dispose(complaint=case, user=city.operator, agency=case.category.default_agency)
    return cases


def _data_requests(page):
    urls = []
    page.on("request", lambda r: urls.append(r.url) if "/peta/data.json" in r.url else None)
    return urls


def _answer(page, action):
    with page.expect_response(lambda r: "/peta/data.json" in r.url) as info:
        action()
    page.wait_for_function(
        "n => document.getElementById('map').dataset.total == n",
        arg=str(info.value.json()["total"]),
    )
    return info.value.json()


@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_map_clusters_filters_and_asks_only_for_its_box(new_page, reports, phone, screenshots):
    page = new_page(phone=phone)
    if phone:
        page.set_viewport_size({"width": 360, "height": 740})
    urls = _data_requests(page)
    page.goto("/peta/")
    wait_for_outlines(page)
    page.wait_for_function(MODE)

    assert page.evaluate(MODE) == "clusters"
    assert page.locator("#map .cluster").count() >= 1
    assert sum(int(t) for t in page.locator("#map .cluster span").all_inner_texts()) == 14
    assert "bbox=" in urls[-1] and "zoom=" in urls[-1]
    # One screen: the map and its panel fit the viewport, nothing wider than it.
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("#map").bounding_box()
    assert box["y"] + box["height"] <= height
    panel = page.locator("#map-panel")
    assert panel.evaluate("el => el.open") is (not phone)
    screenshots.save(page, f"peta-{'phone' if phone else 'desktop'}.png")

    if phone:
        page.click("#map-panel summary")
    data = _answer(page, lambda: page.select_option("#f-kategori", "sampah"))
    assert data["total"] == 2 and "kategori=sampah" in urls[-1]
    data = _answer(page, lambda: page.select_option("#f-status", "selesai"))
    assert data["total"] == 0
    assert page.locator("#map .cluster, #map path.pt").count() == 0
    if phone:
        screenshots.save(page, "peta-phone-panel.png")

    # Zoomed in on the road reports: a new box, the reports themselves.
    page.evaluate(
        "() => { document.getElementById('f-status').value = '';"
        " document.getElementById('f-kategori').value = ''; }"
    )
    data = _answer(page, lambda: page.evaluate("() => cerdasMap.setView([1.4939, 124.8427], 17)"))
    assert data["mode"] == "points"
    assert page.locator("#map path.pt").count() == data["total"] >= 5
    bbox = parse_qs(urlsplit(urls[-1]).query)["bbox"][0]
    west, south, east, north = map(float, bbox.split(","))
    assert east - west < 0.05 and north - south < 0.05
    assert page.errors == []


def test_done_reports_fade_out(new_page, city, reports):
    # Straight to "selesai" (the workflow to get there is tested elsewhere).
    Complaint.objects.filter(pk=reports[0].pk).update(state=State.RESOLVED)
    page = new_page()
    page.goto("/peta/")
    wait_for_outlines(page)
    page.wait_for_function(MODE)
    _answer(page, lambda: page.evaluate("() => cerdasMap.setView([1.4917, 124.8410], 18)"))

    assert page.locator("#map path.pt.done").count() == 1
    assert float(page.locator("#map path.pt.done").get_attribute("fill-opacity")) < 0.5
    assert float(page.locator("#map path.pt:not(.done)").first.get_attribute("fill-opacity")) > 0.9
