"""Duplicate lookup at scale: `cerdas.triage.duplicates.nearby` at N seeded complaints.

    .venv/bin/python bench/duplicates.py [--count 1000000] [--runs 300] [--database-url URL]
    .venv/bin/python bench/duplicates.py --data-dir DIR   # an existing, migrated database
    .venv/bin/python bench/duplicates.py --database-url URL --reuse   # the same, PostgreSQL

A fresh database (SQLite in a temporary CERDAS_DATA_DIR unless --database-url, whose
database is dropped and created again), the demo city, `seed_complaints(count)` (a year
of history; the grid cell of each point is written in bulk with the rows), then
`nearby()` is timed `--runs` times at the points of random seeded complaints, with their
category and text, at their own filing time: what the intake check and the operator's
pair list do. Target at 1,000,000: p95 under 20 ms. Prints a markdown table row: wall
time p50 / p95, then CPU time of this process (SQLite runs in it; on a shared machine
that is what one free core would take), and the share of lookups that found one.

--data-dir reuses the SQLite database of that CERDAS_DATA_DIR as it is (no migrate, no
seeding; the "seeded" column then says "-"): a 1,000,000-row seed takes long.
`--reuse` with `--database-url` does the same for a PostgreSQL database (not dropped).
"""

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run(count: int, runs: int, *, reuse: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cerdas.complaints.models import Complaint
    from cerdas.demo.seed import seed_complaints
    from cerdas.demo.services import demo_load
    from cerdas.triage import duplicates

    seeded = "-"
    if not reuse:
        call_command("migrate", verbosity=0)
        demo_load(complaints=0)
        started = time.perf_counter()
        seed_complaints(count=count)
        seeded = f"{time.perf_counter() - started:.0f} s"
    total = Complaint.objects.count()
    with_cell = Complaint.objects.filter(cell__isnull=False).count()
    ids = list(Complaint.objects.filter(cell__isnull=False).values_list("id", flat=True)[:200000])
    rng = random.Random(7)  # noqa: S311 - a repeatable sample, not a secret
    probes = list(
        Complaint.objects.filter(id__in=rng.sample(ids, min(runs, len(ids)))).select_related(
            "category"
        )
    )
    samples, cpu_samples, found = [], [], 0
    for c in probes[:5]:  # warm-up
        duplicates.nearby(category=c.category, lat=c.latitude, lon=c.longitude, now=c.created_at)
    for c in probes:
        t, cpu = time.perf_counter(), time.process_time()
        hits = duplicates.nearby(
            category=c.category,
            lat=c.latitude,
            lon=c.longitude,
            text=f"{c.title}\n{c.description}",
            now=c.created_at,
            exclude_pk=c.pk,
        )
        samples.append((time.perf_counter() - t) * 1000)
        cpu_samples.append((time.process_time() - cpu) * 1000)
        found += bool(hits)
    samples.sort()
    cpu_samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(0.95 * (len(samples) - 1))]
    cpu50 = statistics.median(cpu_samples)
    cpu95 = cpu_samples[int(0.95 * (len(cpu_samples) - 1))]
    print(
        f"| {connection.vendor} | {total:,} | {with_cell:,} | {seeded} | {len(samples)} | "
        f"{p50:.1f} / {p95:.1f} ms | {cpu50:.1f} / {cpu95:.1f} ms | {found / len(samples):.0%} |"
    )
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--database-url")
    parser.add_argument("--data-dir", help="reuse this CERDAS_DATA_DIR's database")
    parser.add_argument("--reuse", action="store_true", help="with --database-url: as it is")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        run(args.count, args.runs, reuse=bool(os.environ.get("BENCH_REUSE")))
        return
    if args.data_dir or (args.reuse and args.database_url):
        env = {**os.environ, "BENCH_REUSE": "1"}
        if args.data_dir:
            env["CERDAS_DATA_DIR"] = args.data_dir
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        cmd = [sys.executable, __file__, "--child", "--runs", str(args.runs)]
        subprocess.run(cmd, env=env, check=True)  # noqa: S603
        return
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "CERDAS_DATA_DIR": data}
        if args.database_url:
            name = args.database_url.rsplit("/", 1)[1]
            admin = args.database_url.rsplit("/", 1)[0] + "/postgres"
            for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
                subprocess.run(["psql", admin, "-c", sql], check=True, capture_output=True)  # noqa: S603, S607
            env["DATABASE_URL"] = args.database_url
        cmd = [
            sys.executable,
            __file__,
            "--child",
            "--count",
            str(args.count),
            "--runs",
            str(args.runs),
        ]
        subprocess.run(cmd, env=env, check=True)  # noqa: S603


if __name__ == "__main__":
    main()
