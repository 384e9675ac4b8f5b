"""A city that is not Manado sets Cerdas up for itself and takes its first report.

From an empty data directory: `cerdas city setup`, then the process runs as that city
(the settings a fresh start reads from the city file), then a citizen on a phone files a
report through the real /lapor/ form with a pin on the map. It must land in the right
kelurahan and kecamatan, with a tracking code of the city's prefix and its verification
deadline shown in the city's own zone.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from cerdas.areas.models import Area
from cerdas.city.services import city_activate
from cerdas.complaints.models import Complaint, State
from cerdas.lib import cityfile

from .helpers import pick_on_map

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "cerdas" / "areas" / "data"
CITIES = {
    # code: boundary file, kelurahan/desa, its kecamatan, a point inside (None: its centre),
    # the zone's name, the tracking-code prefix, how many outlines the map draws, and how
    # far the citizen zooms in (a regency's map starts wider).
    "14.72": (
        "dumai_14.72_boundaries.geojson",
        "Bintan",
        "Dumai Kota",
        (1.667, 101.447),
        "Asia/Jakarta",
        "WIB",
        "DMI",
        30,
        4,
    ),
    "71.05": (
        "minahasa_selatan_71.05_boundaries.geojson",
        "Uwuran I",
        "Amurang",
        None,
        "Asia/Makassar",
        "WITA",
        "MNS",
        150,
        6,
    ),
}


@pytest.mark.parametrize("code", list(CITIES))
def test_a_new_city_sets_up_and_takes_a_report_in_its_own_zone(
    code, new_page, screenshots, restore_areas
):
    boundaries, village, district, point, zone, zone_name, prefix, outlines, zoom = CITIES[code]
    assert not cityfile.path_in(settings.DATA_DIR).exists()  # an empty data directory
    call_command("city", "setup", "--code", code, "--boundaries", str(DATA / boundaries))
    identity = cityfile.read(settings.DATA_DIR)
    assert (identity.code, identity.time_zone, identity.code_prefix) == (code, zone, prefix)
    target = Area.objects.get(code__startswith=f"{code}.", name=village, parent__name=district)
    point = point or (target.center_lat, target.center_lon)

    # Tuesday 8 December 2026, 10:00 in the city: verification is due three working days
    # later, Friday 11 December at 10:00, in the city's zone.
    tz = ZoneInfo(zone)
    with city_activate(identity), time_machine.travel(datetime(2026, 12, 8, 10, 0, tzinfo=tz)):
        citizen = new_page(phone=True)
        citizen.goto("/lapor/")
        expect(citizen.locator("body")).to_contain_text(identity.name)
        citizen.locator(".tiles").get_by_label("Jalan rusak/berlubang").check()
        citizen.fill("#id_description", f"Jalan berlubang dalam di {village}, bahaya untuk motor.")
        lat, lon = pick_on_map(citizen, point, zoom_in=zoom, outlines=outlines)
        citizen.fill("#id_reporter_name", "Rahmat Hidayat")
        citizen.fill("#id_reporter_phone", "081234567890")
        screenshots.save(citizen, f"setup-{code}-report.png")
        with citizen.expect_navigation():
            citizen.locator("form.report-form button[type=submit]").click()
        assert "/lapor/terkirim/" in citizen.url, citizen.locator("main").inner_text()

        tracking = citizen.locator("#tracking-code").inner_text().strip()
        assert tracking.startswith(f"{prefix}-")
        complaint = Complaint.objects.select_related("area__parent").get(code=tracking)
        assert complaint.state == State.NEW
        assert (complaint.area, complaint.area.parent.name) == (target, district)
        due = complaint.due_at.astimezone(tz)
        assert (due.date().isoformat(), due.hour, due.minute) == ("2026-12-11", 10, 0)

        citizen.goto(f"/lacak/{tracking}/")
        expect(citizen.locator(".facts")).to_contain_text(f"{village}, Kec. {district}")
        expect(citizen.locator("#outlook .due")).to_contain_text(f"11 Des 2026 10:00 {zone_name}")
        screenshots.save(citizen, f"setup-{code}-track.png")
        assert citizen.errors == [], citizen.errors
