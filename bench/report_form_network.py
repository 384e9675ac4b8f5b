"""The report form on a cheap phone's network, in Debian's chromium.

Serves the app in-process (Django's live server thread, static files through WhiteNoise
as in production) on a fresh SQLite database, then, with the page's network throttled
by CDP `Network.emulateNetworkConditions` to DevTools' "Slow 3G" profile (2 s latency,
50 kB/s down and up):

- bytes on the wire for a first load of /lapor/ (CDP `encodedDataLength`, cold cache);
- time until the form is usable (drawn, a description typed: it works without its
  scripts), until DOMContentLoaded (the deferred scripts have run) and until `load`;
- a 4 MB camera JPEG picked in the photo field: the size of the file the form then sends
  (shrunk in the browser by static/cerdas/report.js).

    CERDAS_DATA_DIR=/tmp/bench-form .venv/bin/python bench/report_form_network.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.report import write_section  # noqa: E402
from conftest import camera_jpeg  # noqa: E402

SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}
PHONE = {"width": 360, "height": 740}


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_areas", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    server = LiveServerThread("127.0.0.1", static_handler=lambda handler: handler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://127.0.0.1:{server.port}"
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        wire: dict[str, int] = {}
        cdp.on(
            "Network.loadingFinished",
            lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]),
        )
        started = time.perf_counter()
        page.goto(base + "/lapor/", wait_until="commit", timeout=120_000)
        # Usable: the form works without its scripts, so typing can start once it is drawn.
        page.fill("#id_description", "Uji formulir pada jaringan lambat.", timeout=120_000)
        usable = time.perf_counter() - started
        page.wait_for_load_state("domcontentloaded", timeout=120_000)
        enhanced = time.perf_counter() - started
        page.wait_for_load_state("load", timeout=120_000)
        loaded = time.perf_counter() - started
        page.wait_for_timeout(3000)  # the outlines (fetched by map.js after load)
        first_load = sum(wire.values())
        requests = len(wire)
        cdp.send(
            "Network.emulateNetworkConditions",
            {**SLOW_3G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        photo = Path(tmp) / "kamera.jpg"
        photo.write_bytes(camera_jpeg())
        original = photo.stat().st_size
        page.set_input_files("#id_photos", str(photo))
        page.wait_for_selector(".photo-preview img", timeout=60_000)
        sent = page.evaluate("document.getElementById('id_photos').files[0].size")
        browser.close()
    server.terminate()
    rows = [
        "| what | measured | target |",
        "|---|---:|---:|",
        f"| first load of `/lapor/`, bytes on the wire ({requests} requests, cold cache) "
        f"| {first_load / 1024:.1f} KB | <= 150 KB |",
        f"| usable on Slow 3G (description typed into the drawn form) | {usable:.2f} s | <= 5 s |",
        f"| scripts run on Slow 3G (DOMContentLoaded: map, photo shrinking) | {enhanced:.2f} s | |",
        f"| `load` event on Slow 3G | {loaded:.2f} s | |",
        f"| photo sent for a {original / 1024 / 1024:.1f} MB camera JPEG (4000x3000) "
        f"| {sent / 1024:.0f} KB | <= 400 KB |",
    ]
    for row in rows[2:]:
        print(row)
    write_section(
        "Report form on a slow phone network",
        "Debian's chromium at 360x740, CDP throttling with DevTools' \"Slow 3G\" profile "
        "(2 s latency, 50 kB/s), cache disabled (`bench/report_form_network.py`).",
        rows,
    )


if __name__ == "__main__":
    main()
