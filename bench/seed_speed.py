"""Time `cerdas seed`: 100,000 and 1,000,000 complaints into fresh databases.

    .venv/bin/python bench/seed_speed.py [--sizes 100000 1000000] [--postgres URL]

Each size runs in its own process on a fresh SQLite database in a temporary
CERDAS_DATA_DIR and, with --postgres, in a database `cerdas_seed_bench` on that server
(dropped and re-created for each size). The demo city is loaded and migrations run
before the clock starts; the figure is the seed itself. Writes docs/benchmarks.md.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "cerdas_seed_bench"


def child(count: int) -> None:
    """In a fresh process whose environment names the database: migrate, load, seed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cerdas.demo.seed import seed_complaints
    from cerdas.demo.services import demo_load

    call_command("migrate", verbosity=0)
    demo_load(complaints=0)
    start = time.perf_counter()
    result = seed_complaints(
        count=count,
        progress=lambda done, total, sec, rows: print(
            f"  {done:,}/{total:,} {done / sec:,.0f}/s, {rows / sec:,.0f} rows/s",
            file=sys.stderr,
            flush=True,
        ),
    )
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "complaints": result.complaints,
                "events": result.events,
                "legs": result.legs,
                "photos": result.photos,
                "seconds": seconds,
            }
        )
    )


def _recreate(url: str) -> str:
    """Drop and create the bench database on the server of `url`; return its URL."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def run(count: int, database_url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="cerdas-seed-bench-") as data_dir:
        env = {**os.environ, "CERDAS_DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        proc = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--child", str(count)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        size = sum(f.stat().st_size for f in Path(data_dir).rglob("*") if f.is_file())
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["size_mb"] = size / 1e6 if not database_url else None
    return figures


INTRO = (
    "`cerdas seed --complaints N` (365 days, seed 42, batches of 20,000) into a fresh "
    "database with the demo city loaded: complaints with their events, deadline legs and "
    "photo rows (`bench/seed_speed.py`). SQLite in WAL mode in a temporary data "
    "directory; PostgreSQL in its own database `cerdas_seed_bench` on the same machine."
)


def write(rows: list[str]) -> None:
    from bench.report import write_section

    write_section("Bulk seed", INTRO, rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--postgres", help="postgres://user@host:port/db to create the bench db")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    rows = [
        "| database | complaints | seconds | complaints/s | events | legs | photos | file |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    targets = [("SQLite", None)]
    if args.postgres:
        targets.append(("PostgreSQL", args.postgres))
    for label, url in targets:
        for count in args.sizes:
            print(f"{label}, {count:,} complaints...", flush=True)
            f = run(count, _recreate(url) if url else None)
            rate = f["complaints"] / f["seconds"]
            size = f"{f['size_mb']:,.0f} MB" if f["size_mb"] else ""
            rows.append(
                f"| {label} | {f['complaints']:,} | {f['seconds']:.0f} s | {rate:,.0f} "
                f"| {f['events']:,} | {f['legs']:,} | {f['photos']:,} | {size} |"
            )
            print(rows[-1], flush=True)
            write(rows)  # after each size, so a failure later keeps what was measured


if __name__ == "__main__":
    main()
