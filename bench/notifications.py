"""Notifications per second that ONE `cerdas worker` delivers to the fake WhatsApp
provider (a loopback HTTP server answering at once), on the database task backend and,
when Redis answers on 127.0.0.1:6379, on RQ. Writes docs/benchmarks.md.

    .venv/bin/python bench/notifications.py [COUNT]

Each run: a fresh SQLite file database (migrated), COUNT notices queued in one
transaction, one worker started; the clock runs from the worker's start to the last
notice at the provider (so it includes the worker's start-up, ~1 s).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402
from cerdas.notifications.tests.fakeprovider import FakeProvider  # noqa: E402


def run(env, *args):
    subprocess.run([sys.executable, *args], env=env, check=True, cwd=ROOT)  # noqa: S603


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def measure(backend: str, count: int) -> float:
    with tempfile.TemporaryDirectory() as tmp, FakeProvider() as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CERDAS_")}
        env.update(fake.settings())
        env.update(
            CERDAS_DATA_DIR=tmp,
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            CERDAS_TASKS_BACKEND=backend,
            CERDAS_REDIS_URL="redis://127.0.0.1:6379/13",
            LOG_LEVEL="WARNING",
        )
        run(env, "-m", "cerdas", "migrate", "-v0")
        if backend == "rq":
            run(env, "-c", "import redis; redis.Redis(db=13).flushdb()")
        run(env, "-m", "cerdas.notifications.tests.killhelper", "queue", str(count), "bench")
        started = time.monotonic()
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "cerdas", "worker", "--interval=0.1"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while len(fake.delivered) < count:
                time.sleep(0.01)
            elapsed = time.monotonic() - started
        finally:
            worker.terminate()
            worker.wait(30)
        return count / elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rows = ["| task backend | notices | per second |", "|---|---:|---:|"]
    backends = ["db"] + (["rq"] if redis_answers() else [])
    for backend in backends:
        rate = measure(backend, count)
        rows.append(f"| {backend} | {count} | {rate:.0f} |")
        print(f"{backend}: {rate:.1f} notifications/s")
    write_section(
        "Notifications delivered by one worker",
        "One `cerdas worker` sending WhatsApp notices to the fake provider on loopback "
        "(answers at once), SQLite database, from the worker's start to the last notice "
        "(`bench/notifications.py`). Each notice: claim (UPDATE), HTTP POST, result (UPDATE).",
        rows,
    )


if __name__ == "__main__":
    main()
