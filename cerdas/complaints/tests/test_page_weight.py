"""The report page must load on a cheap phone over a slow network: under 150 KB
compressed on first load (map tiles aside), with the form in the HTML itself."""

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

LIMIT = 150 * 1024


def _static_path(url: str) -> Path:
    name = url.removeprefix(settings.STATIC_URL)
    return Path(staticfiles_storage.path(name))


def test_report_page_is_under_150_kb_compressed_with_everything_it_loads(client, city):
    response = client.get("/lapor/")
    html = response.content
    assert b"<form" in html and b'name="description"' in html  # the form needs no script
    total = len(gzip.compress(html))
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith(b".js") for a in assets)
    for url in {a.decode() for a in assets}:
        total += len(gzip.compress(_static_path(url).read_bytes()))
    # Leaflet's default marker and its shadow, fetched once a pin is placed.
    for image in ("marker-icon.png", "marker-shadow.png"):
        total += (
            (Path(settings.BASE_DIR) / "static/vendor/leaflet-1.9.4/images" / image).stat().st_size
        )
    outlines = client.get("/wilayah/kelurahan.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert outlines["Content-Encoding"] == "gzip"
    total += len(outlines.content)
    assert total < LIMIT, f"report page weighs {total / 1024:.1f} KB compressed"
