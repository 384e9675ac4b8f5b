import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

START_SECONDS = 120  # collectstatic, gunicorn and Django start on a slow CI machine
STOP_SECONDS = 15


def test_periodic_reports_zero_on_empty_database(db, capsys):
    call_command("periodic")

    out = capsys.readouterr().out
    assert "complaints_auto_close: 0 " in out


def test_close_resolved_dry_run_counts_nothing_on_empty_database(db, capsys):
    call_command("close_resolved", "--dry-run")

    assert capsys.readouterr().out.startswith("0 pengaduan akan ditutup")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_time(pid: int) -> str | None:
    """The kernel's start time of a live (non-zombie) process, None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    if fields[0] in ("Z", "X"):  # exited; only waiting for a parent to reap it
        return None
    return fields[19]


def _descendants(root: int) -> dict[int, str]:
    """Every process below `root`, with its start time (to survive pid reuse)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except (FileNotFoundError, ProcessLookupError):
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                started = _start_time(pid)
                if started is not None:
                    found[pid] = started
                    frontier.append(pid)
    return found


def _alive(processes: dict[int, str]) -> list[int]:
    return [pid for pid, started in processes.items() if _start_time(pid) == started]


def _get(url: str, **headers: str) -> int | None:
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (local http)
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (local http)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_serve_answers_health_checks_and_stops_on_sigterm(tmp_path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        # A clean SQLite installation of its own, whatever database the suite uses.
        if key not in {"DATABASE_URL", "DEBUG", "CERDAS_HTTPS", "ALLOWED_HOSTS"}
    }
    env.update(
        CERDAS_DATA_DIR=str(tmp_path / "data"),
        PORT=str(port),
        CERDAS_BIND_HOST="127.0.0.1",
        WEB_CONCURRENCY="1",
        PYTHONUNBUFFERED="1",
    )
    cerdas = [sys.executable, "-m", "cerdas"]
    subprocess.run(  # noqa: S603
        [*cerdas, "migrate", "--noinput"],
        env=env,
        check=True,
        capture_output=True,
        timeout=START_SECONDS,
    )

    log = tmp_path / "serve.log"
    children: dict[int, str] = {}
    with log.open("wb") as out:
        serve = subprocess.Popen(  # noqa: S603
            [*cerdas, "serve"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, so `finally` can stop all of it
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_SECONDS
        while _get(f"{base}/healthz") != 200:
            assert serve.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        assert _get(f"{base}/readyz") == 200
        # A private reporter link carries its token in the query string (and the
        # Referer repeats it): the access log must keep neither.
        assert _get(f"{base}/healthz?k=token-rahasia", Referer=f"{base}/?k=token-rahasia") == 200

        banner = f"Cerdas berjalan di http://127.0.0.1:{port}"
        while banner not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        children = _descendants(serve.pid)
        assert len(children) >= 3, children  # gunicorn master, its worker, the task worker

        serve.send_signal(signal.SIGTERM)
        assert serve.wait(timeout=STOP_SECONDS) == 0, log.read_text()
        assert _alive(children) == [], log.read_text()
        assert '"GET /healthz HTTP/1.1" 200' in log.read_text()
        assert "token-rahasia" not in log.read_text()
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait(timeout=STOP_SECONDS)
        for pid in _alive(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
