"""THE KILL TEST: a real `cerdas worker` process is killed with SIGKILL in the middle of
a batch of deliveries, started again, and every notice reaches the (fake) provider
exactly once. Run on the database task backend and on RQ (Redis).

The worker cannot share the test's in-memory SQLite database: on SQLite it works on a
temporary file database, on PostgreSQL on the test database itself (transactional_db,
so the rows are committed and visible to it).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

from .fakeprovider import FakeProvider

BATCH = 200
LEASE = 3  # seconds: how long the notice being sent at the kill stays claimed


# Its own Redis database; CI runs the SQLite and PostgreSQL suites side by side and
# gives each its own number, so neither flushes nor takes the other's jobs.
REDIS_DB = int(os.environ.get("CERDAS_TEST_REDIS_DB", "15"))


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("killdb") / "cerdas.sqlite3"
    return path


@pytest.fixture
def worker_env(request, tmp_path, sqlite_file):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CERDAS_")}
    env["CERDAS_DATA_DIR"] = str(tmp_path / "data")
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
        # Its flush at the end empties the areas loaded once per session: put them back.
        request.getfixturevalue("restore_areas")
        settings = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
        if not sqlite_file.exists():
            _run(env, ["-m", "cerdas", "migrate", "-v0"])
    return env


def _run(env, args) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _worker(env, log):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "cerdas", "worker", "--interval=0.2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        process_group=0,
    )


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.parametrize("backend", ["db", "rq"])
def test_sigkill_mid_batch_loses_nothing_and_sends_nothing_twice(backend, worker_env, tmp_path):
    if backend == "rq" and not _redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"kill-{backend}-{uuid.uuid4().hex[:8]}"
    with FakeProvider() as fake:
        fake.delay = 0.02  # a provider that takes a little time: the kill lands mid-send
        for n in range(BATCH):  # replies to people who just wrote: Meta's window is open
            fake.customer_wrote(
                f"62812{n:08d}"
            )  # a provider that takes a little time: the kill lands mid-send
        env = {
            **worker_env,
            **fake.settings(),
            "CERDAS_TASKS_BACKEND": backend,
            "CERDAS_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "CERDAS_NOTIFY_TIMEOUT": "2",
            "CERDAS_NOTIFY_LEASE_SECONDS": str(LEASE),
        }
        if backend == "rq":
            _run(env, ["-c", f"import redis; redis.Redis(db={REDIS_DB}).flushdb()"])
        _run(env, ["-m", "cerdas.notifications.tests.killhelper", "queue", str(BATCH), prefix])

        with open(tmp_path / "worker.log", "w") as log:
            worker = _worker(env, log)
            try:
                _wait(lambda: len(fake.delivered) >= BATCH // 3, 60, "the first third")
            finally:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
            at_kill = len(fake.delivered)
            assert at_kill < BATCH, "the worker finished before the kill: nothing proven"

            worker = _worker(env, log)
            try:
                _wait(lambda: len(fake.delivered) >= BATCH - 1, 90, "the rest of the batch")
                # The notice in flight at the kill, if any, waits for its lease to end;
                # the periodic sweep (what `cerdas periodic` runs) sends it again.
                time.sleep(LEASE + 0.5)
                _run(env, ["-m", "cerdas.notifications.tests.killhelper", "sweep"])
                _wait(lambda: len(fake.delivered) >= BATCH, 10, "the last notice")
            finally:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait(5)

        report = json.loads(
            _run(env, ["-m", "cerdas.notifications.tests.killhelper", "report", prefix])
        )
    keys = [d.key for d in fake.delivered]
    assert sorted(keys) == sorted(f"{prefix}-{n}" for n in range(BATCH))  # each once
    assert report == {"sent": BATCH}
    # At most the one notice being sent at the kill was offered twice (and deduplicated
    # by its key): the at-least-once window docs/notifications.md describes.
    assert len(fake.duplicates) <= 1
    assert 0 < at_kill < BATCH
