"""The app's icons: favicon (SVG and PNG), apple-touch-icon and the PWA's sizes."""

import re
import struct

from django.contrib.staticfiles import finders


def _png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_every_page_links_its_icons_and_they_are_served(client, db):
    html = client.get("/").content.decode()
    links = dict(re.findall(r'<link rel="(icon|apple-touch-icon)" href="([^"]+)"', html))
    assert set(links) == {"icon", "apple-touch-icon"}
    for href in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html):
        assert client.get(href).status_code == 200, href
    assert 'type="image/svg+xml"' in html and 'sizes="32x32"' in html


def test_favicon_ico_is_answered_with_the_png():
    from django.test import Client

    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and "favicon-32" in response["Location"]


def test_the_pwa_icons_have_their_sizes():
    sizes = {
        "favicon-32.png": (32, 32),
        "apple-touch-icon.png": (180, 180),
        "icon-192.png": (192, 192),
        "icon-512.png": (512, 512),
        "maskable-512.png": (512, 512),
    }
    for name, size in sizes.items():
        assert _png_size(finders.find(f"cerdas/icons/{name}")) == size, name
