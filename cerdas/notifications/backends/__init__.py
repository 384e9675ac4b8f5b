"""Channel backends: one module per channel, each with `send(notification) -> Result`.

A backend raises `RetryableError` when trying again later may work (the provider
answered 5xx or 429, timed out, or could not be reached) and `PermanentError` when it
will not (a 4xx: a wrong number, a blocked bot, a bad token), with the provider's own
reason in the message. It never logs the address or the body.

`CERDAS_NOTIFY_BACKEND=console` (or `file`) sends every channel to the console or to
files in CERDAS_DATA_DIR/notifications, for development and the demo.
"""

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from django.conf import settings

CHANNELS = ("email", "whatsapp", "telegram", "sms", "console")


@dataclass(frozen=True)
class Result:
    """What the provider said when it took the message: its id for it, if any."""

    provider_id: str = ""


class SendError(Exception):
    """The provider did not take the message. `str()` is the reason, kept on the row."""

    def __init__(self, reason: str, *, status: int | None = None):
        super().__init__(reason[:300])
        self.status = status


class RetryableError(SendError):
    """5xx, 429, a timeout, no connection: the provider may take it later."""


class PermanentError(SendError):
    """4xx: the provider refused this message; sending it again changes nothing."""


class ChannelRefusedError(PermanentError):
    """This channel cannot take this notice at all (WhatsApp outside the 24-hour window
    without an approved template, or Meta refused the template): the outbox tells the
    person on their next channel instead and keeps this reason on the refused row."""


def backend_for(channel: str) -> ModuleType:
    """The module that sends `channel`, or the development one that stands for all."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    forced = settings.CERDAS_NOTIFY_BACKEND
    name = forced if forced in ("console", "file") else channel
    return import_module(f"{__name__}.{'console' if name == 'file' else name}")
