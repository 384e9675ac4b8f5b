"""Development: print each message to the console, or with CERDAS_NOTIFY_BACKEND=file
write it to CERDAS_DATA_DIR/notifications/<id>.txt. Never used for a real city."""

import sys

from django.conf import settings

from . import Result


def render(notification) -> str:
    lines = [
        f"Channel: {notification.channel}",
        f"To: {notification.address}",
        f"Key: {notification.key}",
    ]
    if notification.subject:
        lines.append(f"Subject: {notification.subject}")
    if notification.media_url:
        lines.append(f"Media: {notification.media_url}")
    return "\n".join([*lines, "", notification.body, ""])


def send(notification) -> Result:
    text = render(notification)
    if settings.CERDAS_NOTIFY_BACKEND == "file":
        folder = settings.DATA_DIR / "notifications"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{notification.pk}.txt").write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "-" * 60 + "\n")
        sys.stdout.flush()
    return Result(provider_id=f"console-{notification.pk}")
