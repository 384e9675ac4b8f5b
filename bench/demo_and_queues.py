"""Time the demo city load (2,000 complaints through the real services) and the busiest
screens on top of it: the operator queue, an agency inbox, the public list and map data.

    CERDAS_DATA_DIR=/tmp/bench-demo .venv/bin/python bench/demo_and_queues.py

Uses its own SQLite database in CERDAS_DATA_DIR (or DATABASE_URL if set).
"""

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from bench.report import write_section  # noqa: E402
from cerdas.accounts.models import User  # noqa: E402
from cerdas.complaints.models import Complaint  # noqa: E402

SCREENS = [
    ("operator", "/cc/antrian/", "operator queue"),
    ("operator", "/cc/antrian/?overdue=on", "operator queue, overdue only"),
    ("kepala.pupr", "/opd/kotak-masuk/", "agency inbox (Dinas PUPR)"),
    (None, "/pengaduan/", "public list"),
    (None, "/pengaduan.geojson", "public map data (90 days)"),
]


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    rows = ["| what | median | p95 | queries |", "|---|---:|---:|---:|"]
    if not Complaint.objects.exists():
        start = time.perf_counter()
        call_command("demo", complaints=2000, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        load = time.perf_counter() - start
        rows.append(f"| `cerdas demo` (2,000 complaints) | {load:.1f} s (one run) | | |")
        print(f"demo load: {load:.1f} s")
    for username, path, label in SCREENS:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        client.get(path)  # warm caches (areas index, calendar)
        times = []
        for _ in range(20):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        rows.append(
            f"| {label} `{path}` | {statistics.median(times):.0f} ms | {p95:.0f} ms "
            f"| {len(queries)} |"
        )
        print(f"{path}: median {statistics.median(times):.0f} ms, {len(queries)} queries")
    write_section(
        "Demo city and busiest screens",
        f"{Complaint.objects.count():,} complaints in {connection.vendor}; 20 requests per "
        "screen through Django's test client, in one process (`bench/demo_and_queues.py`).",
        rows,
    )


if __name__ == "__main__":
    main()
