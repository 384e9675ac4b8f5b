"""Inbound chat messages: how fast the WhatsApp webhook answers, and how many messages
(and reports) the processing handles per second. Writes docs/benchmarks.md.

    .venv/bin/python bench/channels.py [SENDERS]

A fresh SQLite file database (migrated) with one agency and category. Each sender sends
a whole report in four messages (description, category "1", an address, "lewati"), each
a signed webhook call in Meta's format through Django's full request stack (test
client: no network, no gunicorn). The webhook only stores and queues a task (database
backend); the processing is then run as the worker runs it (`conversation_process` per
sender), replies written to the outbox. Sending the replies is not counted (see
"Notifications delivered by one worker").
"""

import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

SECRET = "bench-app-secret"  # noqa: S105 (the benchmark's own throwaway database)
TEXTS = [
    "Jalan berlubang besar di depan sekolah, berbahaya untuk motor",
    "1",
    "Jl. Sam Ratulangi depan toko Roda",
    "lewati",
]


def payload(sender: str, n: int, text: str) -> bytes:
    data = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "15550783881",
                                "phone_number_id": "1",
                            },
                            "contacts": [{"profile": {"name": "Warga"}, "wa_id": sender}],
                            "messages": [
                                {
                                    "from": sender,
                                    "id": f"wamid.{sender}.{n}",
                                    "timestamp": "1764620000",
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(data).encode()


def main() -> None:
    senders = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    tmp = tempfile.mkdtemp()
    os.environ.update(
        CERDAS_DATA_DIR=tmp,
        DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
        CERDAS_WHATSAPP_APP_SECRET=SECRET,
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
    )
    env = {k: v for k, v in os.environ.items()}
    subprocess.run(
        [sys.executable, "-m", "cerdas", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )  # noqa: S603
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
    import django

    django.setup()
    from django.test import Client

    from cerdas.agencies.models import Agency
    from cerdas.channels.models import InboundMessage
    from cerdas.channels.services import conversation_process
    from cerdas.complaints.models import Category, Complaint, DeadlinePolicy

    agency = Agency.objects.create(code="pupr", name="Dinas PUPR", short_name="PUPR")
    Category.objects.create(
        code="jalan",
        name="Jalan rusak",
        icon="🕳️",
        default_agency=agency,
        policy=DeadlinePolicy.objects.create(name="Jalan"),
    )
    client = Client()
    latencies = []
    started = time.perf_counter()
    for step, text in enumerate(TEXTS):
        for s in range(senders):
            body = payload(f"62812{s:07d}", step, text)
            signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            t0 = time.perf_counter()
            response = client.post(
                "/kanal/whatsapp/",
                body,
                content_type="application/json",
                headers={"X-Hub-Signature-256": signature},
            )
            latencies.append(time.perf_counter() - t0)
            if response.status_code != 200:
                raise SystemExit(f"webhook answered {response.status_code}")
    stored_in = time.perf_counter() - started
    calls = len(latencies)
    started = time.perf_counter()
    ids = sorted(set(InboundMessage.objects.values_list("conversation_id", flat=True)))
    handled = sum(conversation_process(conversation_id=pk) for pk in ids)
    processed_in = time.perf_counter() - started
    reports = Complaint.objects.count()
    if handled != calls or reports != senders:
        raise SystemExit(f"handled {handled} of {calls}, {reports} reports of {senders}")
    p50 = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    rows = [
        "| what | count | per second | latency p50 / p95 |",
        "|---|---:|---:|---:|",
        f"| webhook calls stored (answer 200) | {calls} | {calls / stored_in:.0f} "
        f"| {p50:.1f} / {p95:.1f} ms |",
        f"| messages processed (replies to the outbox) | {handled} "
        f"| {handled / processed_in:.0f} | |",
        f"| reports filed from them | {reports} | {reports / processed_in:.1f} | |",
    ]
    print("\n".join(rows))
    write_section(
        "Inbound chat messages",
        f"{senders} WhatsApp senders, each filing one report in four messages "
        "(`bench/channels.py`): the webhook (signature check, store, task queued) through "
        "Django's request stack without network, then the processing as the worker runs "
        "it, on a fresh SQLite database.",
        rows,
    )


if __name__ == "__main__":
    main()
