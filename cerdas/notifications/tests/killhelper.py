"""Run by the kill test in its own process, against the database the worker uses:

    python -m cerdas.notifications.tests.killhelper queue 200 PREFIX
    python -m cerdas.notifications.tests.killhelper sweep
    python -m cerdas.notifications.tests.killhelper report PREFIX   (prints JSON)

A separate process because the test's own database may be an in-memory SQLite one,
which no other process can open.
"""

import json
import os
import sys


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.db.models import Count

    from cerdas.notifications.models import Notification
    from cerdas.notifications.services import notification_queue, notifications_deliver_due

    command = argv[0]
    if command == "queue":
        count, prefix = int(argv[1]), argv[2]
        with transaction.atomic():
            for n in range(count):
                notification_queue(
                    channel="whatsapp",
                    address=f"62812{n:08d}",
                    body=f"Pesan uji nomor {n}",
                    key=f"{prefix}-{n}",
                )
    elif command == "sweep":
        print(notifications_deliver_due())
    elif command == "report":
        rows = Notification.objects.filter(key__startswith=argv[1] + "-")
        print(json.dumps(dict(rows.values_list("status").annotate(n=Count("id")))))


if __name__ == "__main__":
    main(sys.argv[1:])
