"""The leaders' figures at scale: the wall's data, the leaders' overview and a month of
scorecards, at 100,000 and 1,000,000 complaints, on SQLite and PostgreSQL.

    .venv/bin/python bench/dashboards.py [--sizes 100000 1000000] [--postgres URL] [--runs 20]
    .venv/bin/python bench/dashboards.py --reuse DATA_DIR postgres://.../DB --sizes 100000
        (the databases given are timed as they are; --sizes are seeded afresh after them,
        and on PostgreSQL into `cerdas_dash_bench`, dropped first)

Each size gets a fresh database (SQLite in a temporary CERDAS_DATA_DIR; on PostgreSQL the
database `cerdas_dash_bench`, dropped and created again), filled by `cerdas seed` (a year
of plausible history), then each reading is timed `--runs` times in one process, as a
web worker runs it: the wall's JSON (`wall_data`, its ranking cache cleared before every
run so that each run pays for the scorecards), the leaders' overview (`/pimpinan/`
through Django's test client, signed in as a leader) and the scorecards of the last
month (`agency_scorecards`). Targets at 1,000,000: wall p95 under 150 ms, scorecards for
a month p95 under 300 ms. Writes docs/benchmarks.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "cerdas_dash_bench"


def child(count: int, runs: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cerdas.accounts.models import Role, User
    from cerdas.complaints.models import Complaint
    from cerdas.dashboards import wall
    from cerdas.demo.seed import seed_complaints
    from cerdas.demo.services import demo_load
    from cerdas.performance.queries import Period, agency_scorecards

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    seeded = None
    if count > 0:
        demo_load(complaints=0)
        started = time.perf_counter()
        seed_complaints(count=count)
        seeded = time.perf_counter() - started

    def timed(fn) -> dict:
        fn()  # warm: caches of the calendar, areas and categories
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        return {
            "p50": statistics.median(samples),
            "p95": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        }

    def wall_poll():
        wall.wall_data()  # as the TVs poll it: the slow panels from this minute's cache

    def wall_full():
        wall._slow_cache.clear()  # once a minute per process: ranking, trend, shading
        wall.wall_data()

    leader = User.objects.filter(role=Role.LEADER).first()
    client = Client()
    client.force_login(leader)

    def overview():
        response = client.get("/pimpinan/", HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            raise SystemExit(f"/pimpinan/ answered {response.status_code}")

    month = Period.last_days(30)
    result = {
        "complaints": Complaint.objects.count(),
        "seed_seconds": seeded,
        "wall": timed(wall_poll),
        "wall_full": timed(wall_full),
        "overview": timed(overview),
        "scorecards": timed(lambda: agency_scorecards(period=month)),
    }
    print("RESULT " + json.dumps(result))


def run(count: int, runs: int, env: dict) -> dict:
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", str(count), "--runs", str(runs)],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--postgres", default="")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--child", type=int, default=None)  # complaints to seed; 0: none
    parser.add_argument(
        "--reuse",
        nargs="+",
        default=[],
        metavar="DIR_OR_URL",
        help="time existing databases instead of seeding: a data directory (SQLite) "
        "or a postgres:// URL, each already filled by `cerdas seed`",
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.runs)
        return

    from bench.report import write_section

    rows = [
        "| database | complaints | seed | wall poll p50 / p95 | wall, slow panels recomputed "
        "p50 / p95 | leaders' overview p50 / p95 | scorecards, 30 days p50 / p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def add_row(backend: str, result: dict) -> None:
        print(backend, json.dumps(result), flush=True)
        w, f, o, s = (result[k] for k in ("wall", "wall_full", "overview", "scorecards"))
        seed = f"{result['seed_seconds']:.0f} s" if result["seed_seconds"] else "existing"
        rows.append(
            f"| {backend} | {result['complaints']:,} | {seed} | "
            f"{w['p50']:.0f} / {w['p95']:.0f} ms | {f['p50']:.0f} / {f['p95']:.0f} ms | "
            f"{o['p50']:.0f} / {o['p95']:.0f} ms | {s['p50']:.0f} / {s['p95']:.0f} ms |"
        )

    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    for target in args.reuse:
        env = dict(base)
        if target.startswith("postgres"):
            env["DATABASE_URL"] = target
        else:
            env["CERDAS_DATA_DIR"] = target
        add_row("postgres" if target.startswith("postgres") else "sqlite", run(0, args.runs, env))
    backends = ["sqlite"] + (["postgres"] if args.postgres else [])
    for backend in backends:
        for size in args.sizes:
            with tempfile.TemporaryDirectory(prefix="cerdas-dash-") as tmp:
                env = dict(base)
                env["CERDAS_DATA_DIR"] = tmp
                if backend == "postgres":
                    import psycopg

                    with psycopg.connect(args.postgres, autocommit=True) as conn:
                        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
                        conn.execute(f"CREATE DATABASE {BENCH_DB}")
                    parts = urlsplit(args.postgres)
                    env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + BENCH_DB))
                add_row(backend, run(size, args.runs, env))
    head, body = rows[:2], rows[2:]
    body.sort(key=lambda row: (row.split("|")[1], int(row.split("|")[2].replace(",", ""))))
    rows = head + body
    print("\n".join(rows))
    if not args.no_write:
        write_section(
            "Leaders' figures at scale",
            f"A year of seeded history (`cerdas seed`); each reading timed {args.runs} times in "
            "one process after a warm-up (`bench/dashboards.py`). Targets at 1,000,000 "
            "complaints: wall data p95 under 150 ms, scorecards for a month p95 under 300 ms.",
            rows,
        )


if __name__ == "__main__":
    main()
