"""`cerdas periodic`: run every periodic job once.

`cerdas serve` runs it every CERDAS_PERIODIC_SECONDS; without `serve`, run it from
cron or a systemd timer. Running it on several hosts at the same time is safe: each
job claims its rows with a conditional UPDATE, so a row is handled by one host only.

To add a job, add it to JOBS: a function that takes no argument and returns how
many rows it handled.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError

from cerdas.accounts.otp import one_time_codes_purge
from cerdas.channels.services import channels_poll
from cerdas.complaints.services import complaints_auto_close
from cerdas.dashboards.digest import digest_send
from cerdas.notifications.deadlines import deadlines_escalate, deadlines_warn
from cerdas.notifications.services import notifications_deliver_due
from cerdas.opendata.services import complaint_counts_refresh, sensor_hours_refresh
from cerdas.sensors.services import sensors_check_silent
from cerdas.triage.training import router_retrain_due
from cerdas.webhooks.services import webhooks_deliver_due

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], int]
    done: str  # what the count means, for the output line


JOBS: list[Job] = [
    Job(
        "complaints_auto_close",
        complaints_auto_close,
        "pengaduan ditutup otomatis (10 hari kerja setelah selesai)",
    ),
    Job(
        "webhooks_deliver_due",
        webhooks_deliver_due,
        "pengiriman webhook dicoba (yang jatuh tempo, bila antrean tugas tertinggal)",
    ),
    Job("digest_send", digest_send, "e-mail ringkasan harian terkirim ke pimpinan"),
    Job("router_retrain_due", router_retrain_due, "model rute dilatih ulang dari label baru"),
    Job("opendata_complaint_counts", complaint_counts_refresh, "baris data terbuka pengaduan"),
    Job("opendata_sensor_hours", sensor_hours_refresh, "baris data terbuka pembacaan sensor"),
    Job("deadlines_warn", deadlines_warn, "kasus yang tenggatnya segera tiba diingatkan"),
    Job("deadlines_escalate", deadlines_escalate, "langkah eskalasi tenggat terlewati"),
    Job(
        "notifications_deliver_due",
        notifications_deliver_due,
        "notifikasi dicoba (yang jatuh tempo, bila antrean tugas tertinggal)",
    ),
    Job("channels_poll", channels_poll, "pesan masuk (e-mail baru, chat yang tertinggal) diproses"),
    Job("sensors_check_silent", sensors_check_silent, "alarm sensor tanpa data dibuka"),
    Job(
        "one_time_codes_purge",
        one_time_codes_purge,
        "kode sekali pakai lama dihapus (isi pesannya dihapus saat kedaluwarsa)",
    ),
]


class Command(BaseCommand):
    help = "Run every periodic job once (auto-close resolved complaints, ...)."

    def handle(self, *args, **options) -> None:
        failed = []
        for job in JOBS:
            started = time.monotonic()
            try:
                count = job.run()
            except Exception:
                # One broken job must not keep the others from running.
                logger.exception("periodic job %s failed", job.name)
                failed.append(job.name)
                continue
            elapsed = time.monotonic() - started
            self.stdout.write(f"{job.name}: {count} {job.done} ({elapsed:.1f} s)")
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
