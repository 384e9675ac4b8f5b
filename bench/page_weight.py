"""Measure what a cheap phone downloads on a first visit to the citizen pages.

Counts the HTML, every script and stylesheet it references and the kelurahan outlines,
each compressed as it would travel (gzip), plus Leaflet's marker images; map tiles come
from the tile server and are left out. Writes the figures into docs/benchmarks.md.

    CERDAS_DATA_DIR=/tmp/bench .venv/bin/python bench/page_weight.py
"""

import gzip
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.report import write_section  # noqa: E402

PAGES = {"/lapor/": "report form", "/lacak/": "tracking lookup", "/peta/": "public map"}


def weigh(client: Client, path: str) -> dict:
    html = client.get(path).content
    parts = {"html": len(gzip.compress(html))}
    for url in sorted(set(re.findall(rb'(?:src|href)="(/static/[^"]+)"', html))):
        name = url.decode().removeprefix(settings.STATIC_URL)
        parts[name.split("/")[-1]] = len(
            gzip.compress(Path(staticfiles_storage.path(name)).read_bytes())
        )
    if b'id="map"' in html:
        outlines = client.get("/wilayah/kelurahan.geojson", HTTP_ACCEPT_ENCODING="gzip")
        parts["kelurahan.geojson"] = len(outlines.content)
        images = Path(settings.BASE_DIR) / "static/vendor/leaflet-1.9.4/images"
        parts["marker images"] = sum(
            (images / n).stat().st_size for n in ("marker-icon.png", "marker-shadow.png")
        )
    return parts


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_areas", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    client = Client()
    rows = ["| page | total (KB, gzip) | biggest parts |", "|---|---:|---|"]
    for path, label in PAGES.items():
        parts = weigh(client, path)
        total = sum(parts.values()) / 1024
        biggest = ", ".join(
            f"{k} {v / 1024:.1f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:4]
        )
        rows.append(f"| `{path}` ({label}) | {total:.1f} | {biggest} |")
        print(f"{path}: {total:.1f} KB")
    write_section(
        "Citizen page weight",
        "First visit, everything compressed as sent; map tiles excluded. Budget for the "
        "report form: 150 KB (`bench/page_weight.py`).",
        rows,
    )


if __name__ == "__main__":
    main()
