"""A real HTTP receiver on 127.0.0.1, told per test how to answer."""

import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cerdas.webhooks.models import Subscription

HANG = "hang"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """Answers POSTs from a queue: a status, (status, headers), or HANG (no answer until
    the test ends). With the queue empty it answers 200."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.server = server
        self.requests: list[Received] = []
        self.answers: deque = deque()
        self.release = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook?token=abc"

    def answer(self, *answers) -> None:
        self.answers.extend(answers)

    def next_answer(self):
        return self.answers.popleft() if self.answers else 200


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
        answer = receiver.next_answer()
        if answer == HANG:
            receiver.release.wait(15)
            return
        status, headers = answer if isinstance(answer, tuple) else (answer, {})
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.receiver = Receiver(server)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.receiver
    server.receiver.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at enqueue, in the test's thread (a deferred retry is left to the poller)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def subscribe(db, receiver):
    def _subscribe(*, agencies=(), **kwargs):
        values = {"name": "Jembatan SP4N-LAPOR!", "url": receiver.url, **kwargs}
        subscription = Subscription.objects.create(**values)
        subscription.agencies.set(agencies)
        return subscription

    return _subscribe
