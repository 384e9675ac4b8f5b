"""Render Cerdas's app icons (favicon PNG, apple-touch-icon, the PWA's 192/512 and
maskable icons) from static/cerdas/icons/icon.svg with Debian's chromium.

    .venv/bin/python tools/render_icons.py

The PNG files are committed; run this again only after changing icon.svg.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

FOLDER = Path(__file__).resolve().parent.parent / "static" / "cerdas" / "icons"
ROUNDED = (FOLDER / "icon.svg").read_text()
# Full bleed, the pin inside the central 80% (the "maskable" safe zone; iOS rounds itself).
FULL = (
    ROUNDED.replace('rx="14"', 'rx="0"')
    .replace("<path d=", '<g transform="translate(32 32) scale(.78) translate(-32 -32)"><path d=')
    .replace("</svg>", "</g></svg>")
)
JOBS = [
    ("favicon-32.png", ROUNDED, 32),
    ("icon-192.png", ROUNDED, 192),
    ("icon-512.png", ROUNDED, 512),
    ("maskable-512.png", FULL, 512),
    ("apple-touch-icon.png", FULL, 180),
]


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, svg, size in JOBS:
            page = browser.new_page(viewport={"width": size, "height": size})
            sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(f'<body style="margin:0;background:transparent">{sized}</body>')
            page.screenshot(path=str(FOLDER / name), omit_background=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
