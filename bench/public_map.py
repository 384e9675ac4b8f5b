"""The public map at 100,000 complaints: what the first view downloads, how fast it answers.

A fresh SQLite data directory with the demo city and ``cerdas seed --complaints N --days 90``
(every complaint inside the map's 90 days: the worst case), ``cerdas serve``, then Debian's
chromium (Playwright) at 360x740 opens /peta/ with the tile server blocked. It sums the
transferred (gzip) bytes of the map data (``/peta/data.json`` answers, and the kelurahan
outlines apart), then pans and zooms, timing with ``performance.now()`` from the move to the
moment the new answer is drawn (the page's ``cerdas:mapdata`` event after ``moveend``).

    .venv/bin/python bench/public_map.py --complaints 100000
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.api_load import cerdas, count_complaints, start_server, stop_server  # noqa: E402
from bench.report import write_section  # noqa: E402

CHROMIUM = "/usr/bin/chromium"

# One move, timed in the page: start the clock, move, stop at the next drawn answer.
MOVE = """([kind, arg]) => new Promise(done => {
  const el = document.getElementById('map'), map = window.cerdasMap;
  const t0 = performance.now();
  el.addEventListener('cerdas:mapdata', () => requestAnimationFrame(() =>
    done(performance.now() - t0)), {once: true});
  if (kind === 'pan') map.panBy(arg, {animate: false});
  else map.setZoom(map.getZoom() + arg, {animate: false});
})"""


def measure(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {"data": 0, "outlines": 0}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(base) else r.abort(),
        )

        def count(response):
            if "/peta/data.json" in response.url or "kelurahan.geojson" in response.url:
                key = "data" if "/peta/data.json" in response.url else "outlines"
                sizes[key] += response.request.sizes()["responseBodySize"]

        page.on("response", count)
        page.goto(base + "/peta/")
        page.wait_for_function("() => document.getElementById('map').dataset.mode")
        page.wait_for_load_state("networkidle")
        first = dict(sizes)
        mode = page.evaluate("() => document.getElementById('map').dataset.mode")
        total = int(page.evaluate("() => document.getElementById('map').dataset.total"))
        moves = [
            ("zoom", 1),
            ("pan", [120, 0]),
            ("pan", [0, 150]),
            ("zoom", 1),
            ("pan", [-100, 80]),
        ]
        moves += [("zoom", 1), ("pan", [90, -60]), ("zoom", -1), ("pan", [-150, 0]), ("zoom", -1)]
        timings = [page.evaluate(MOVE, list(m)) for m in moves * 2]
        browser.close()
    return {"first": first, "mode": mode, "total": total, "timings": timings}


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cerdas-map-") as workdir:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PORT"))}
        env["CERDAS_DATA_DIR"] = workdir
        cerdas(env, "migrate", "--noinput", "-v", "0")
        cerdas(env, "demo", "--complaints", "0", "-v", "0")
        cerdas(env, "seed", "--complaints", str(args.complaints), "--days", "90")
        complaints = count_complaints(env)
        server, base = start_server(env)
        try:
            result = measure(base)
        finally:
            stop_server(server)
    t = sorted(result["timings"])
    p95 = t[max(0, round(0.95 * len(t)) - 1)]
    rows = [
        "| what | figure |",
        "|---|---:|",
        f"| complaints in the database (all within 90 days) | {complaints:,} |",
        f"| public reports in the first view ({result['mode']}) | {result['total']:,} |",
        f"| map data on first view, `/peta/data.json` (gzip) | {kb(result['first']['data'])} |",
        f"| kelurahan outlines (gzip, cached an hour) | {kb(result['first']['outlines'])} |",
        f"| pan/zoom to drawn, {len(t)} moves: p50 / p95 / max | "
        f"{statistics.median(t):.0f} / {p95:.0f} / {t[-1]:.0f} ms |",
    ]
    write_section(
        "Public map at scale",
        "`bench/public_map.py`: a fresh SQLite data directory, the demo city and "
        f"`cerdas seed --complaints {args.complaints} --days 90`, `cerdas serve`, Debian's "
        "chromium at 360x740 with the tile server blocked. Map data is the transferred "
        "(gzip) size of the `/peta/data.json` answers of the first view; a move is timed in "
        "the page with `performance.now()` from `panBy`/`setZoom` (no animation) until the "
        "next answer is drawn (network, server clustering and drawing). Targets: at most "
        "200 KB of map data on first view, pan/zoom under 100 ms.",
        rows,
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
