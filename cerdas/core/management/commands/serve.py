"""`cerdas serve`: the whole application on one machine, in one command.

Collects the static files, then supervises three kinds of child process: gunicorn
(the web), `cerdas worker` (background tasks) and, every CERDAS_PERIODIC_SECONDS,
`cerdas periodic`. A signal to this process is passed on to the children; if the web
or the worker dies on its own, the other is stopped and this process fails, so that
systemd (or whoever started it) sees the failure instead of a half-working service.

Each child runs in its own process group, so a Ctrl-C in the terminal reaches it
once (through us) and not twice, and we can stop a child together with whatever it
started (gunicorn's workers). On Linux a child is also told to stop when this process
dies, even from SIGKILL, so a crashed supervisor never leaves gunicorn holding the port.
"""

import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.http.request import validate_host

from cerdas.settings import env_int

# Access logs carry the path only: the private reporter link's token travels in the
# query string (?k=...), and the Referer header would repeat it, so neither is logged.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
THREADS = 4
# gunicorn lets running requests finish for this long; we give every child a little
# more before SIGKILL. Both stay well under systemd's default TimeoutStopSec (90 s).
GRACEFUL_SECONDS = 20
STOP_SECONDS = 30
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to send the child SIGTERM when we die; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # we died between fork and prctl
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


class Child:
    """One supervised process, started in its own process group."""

    def __init__(self, name: str, args: list[str]):
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            args, process_group=0, preexec_fn=_die_with_parent()
        )

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def signal(self, signum: int) -> None:
        # Only while the leader is unreaped: its pid (the group id) cannot be reused then.
        if self.running:
            try:
                os.killpg(self.process.pid, signum)
            except ProcessLookupError:
                pass


class Command(BaseCommand):
    help = (
        "Run Cerdas: collect static files, then gunicorn, the task worker and the "
        "periodic jobs, until stopped (PORT, CERDAS_BIND_HOST, WEB_CONCURRENCY, "
        "CERDAS_PERIODIC_SECONDS)."
    )

    def handle(self, *args, **options) -> None:
        try:
            workers = env_int("WEB_CONCURRENCY", 2, minimum=1)
            period = env_int("CERDAS_PERIODIC_SECONDS", 300, minimum=0)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        # Read (and checked) by the settings, which build CERDAS_BASE_URL from them: the
        # links in notices and this server agree on the port.
        port, host = settings.PORT, settings.CERDAS_BIND_HOST

        call_command("collectstatic", interactive=False, verbosity=0)

        self.stop_signal: int | None = None
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        python = [sys.executable, "-m"]
        services = [
            Child(
                "gunicorn",
                [
                    *python,
                    "gunicorn",
                    "cerdas.wsgi:application",
                    f"--bind={bind}",
                    f"--workers={workers}",
                    "--worker-class=gthread",
                    f"--threads={THREADS}",
                    f"--graceful-timeout={GRACEFUL_SECONDS}",
                    f"--log-level={settings.LOG_LEVEL.lower()}",
                    "--access-logfile=-",
                    f"--access-logformat={ACCESS_LOG_FORMAT}",
                    # gunicorn >= 25.1 opens ~/.gunicorn/gunicorn.ctl by default: two
                    # instances on one account would fight over it, and we do not use it.
                    "--no-control-socket",
                ],
            ),
            Child("worker", [*python, "cerdas", "worker"]),
        ]
        if settings.CERDAS_MQTT_HOST:
            services.append(Child("sensors", [*python, "cerdas", "sensors", "listen"]))
        periodic: Child | None = None
        next_periodic = 0.0
        probe = _Probe(host, port)
        ready = False

        while self.stop_signal is None:
            dead = next((child for child in services if not child.running), None)
            if dead is not None:
                self.stderr.write(
                    f"Proses {dead.name} berhenti tiba-tiba (kode {dead.process.returncode}); "
                    "menghentikan yang lain."
                )
                self._stop([*services, periodic], signal.SIGTERM)
                raise CommandError(f"{dead.name} exited unexpectedly", returncode=1)

            if not ready:
                status = probe.status()
                if status is not None:
                    ready = True
                    self.stdout.write(
                        self.style.SUCCESS(f"Cerdas berjalan di http://{probe.display}:{port}")
                    )
                    local = f"http://{probe.display}:{port}"
                    if settings.CERDAS_BASE_URL != local:
                        self.stdout.write(f"Tautan dalam pemberitahuan: {settings.CERDAS_BASE_URL}")
                    if status != 200:
                        self.stderr.write(
                            f"Peringatan: /healthz menjawab {status}, bukan 200. "
                            "Periksa ALLOWED_HOSTS dan CERDAS_HTTPS."
                        )
                    self.stdout.flush()
                time.sleep(0.2)
                continue

            if periodic is not None and not periodic.running:
                if periodic.process.returncode != 0:
                    self.stderr.write(f"cerdas periodic gagal (kode {periodic.process.returncode})")
                periodic = None
            # Periodic jobs start once the web answers, then every `period` seconds from
            # the start of the previous run; a run still going is never doubled.
            if period and periodic is None and time.monotonic() >= next_periodic:
                next_periodic = time.monotonic() + period
                periodic = Child("periodic", [*python, "cerdas", "periodic", "--skip-checks"])
            time.sleep(0.5)

        self._stop([*services, periodic], self.stop_signal)

    def _on_signal(self, signum: int, frame) -> None:
        if self.stop_signal is None:
            # SIGHUP (the terminal closed) means stop; to gunicorn it would mean reload.
            self.stop_signal = signal.SIGTERM if signum == signal.SIGHUP else signum
        else:
            # A second Ctrl-C: the user does not want to wait for a graceful stop.
            self.stop_signal = signal.SIGKILL

    def _stop(self, children: list[Child | None], signum: int) -> None:
        live = [child for child in children if child is not None]
        for child in live:
            child.signal(signum)
        sent = signum
        deadline = time.monotonic() + STOP_SECONDS
        while any(child.running for child in live):
            if self.stop_signal == signal.SIGKILL or time.monotonic() > deadline:
                if sent != signal.SIGKILL:
                    names = ", ".join(child.name for child in live if child.running)
                    self.stderr.write(f"Menghentikan paksa: {names}")
                    for child in live:
                        child.signal(signal.SIGKILL)
                    sent = signal.SIGKILL
            time.sleep(0.1)


class _Probe:
    """Asks gunicorn for /healthz the way the reverse proxy would."""

    def __init__(self, host: str, port: int):
        wildcard = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104 (mapping, not binding)
        self.host = wildcard.get(host, host)
        self.port = port
        self.display = f"[{self.host}]" if ":" in self.host else self.host
        # Django answers 400 to a Host it does not allow, and with CERDAS_HTTPS it
        # redirects plain http: present an allowed name and say TLS ended at the proxy.
        self.headers = {"Host": f"{self._allowed_name()}:{port}"}
        if settings.HTTPS:
            self.headers["X-Forwarded-Proto"] = "https"

    def _allowed_name(self) -> str:
        allowed = settings.ALLOWED_HOSTS
        for name in (self.display, "localhost", "127.0.0.1"):
            if validate_host(name, allowed):
                return name
        for pattern in allowed:
            if pattern != "*":
                return pattern.lstrip(".")
        return self.display

    def status(self) -> int | None:
        """The HTTP status of /healthz, or None while nothing answers."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request("GET", "/healthz", headers=self.headers)
            return connection.getresponse().status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()
