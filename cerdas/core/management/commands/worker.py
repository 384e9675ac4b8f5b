"""`cerdas worker`: run queued background tasks (django-tasks-db's `db_worker`, or
with CERDAS_TASKS_BACKEND=rq django-rq's `rqworker` on Redis).

A thin front for either with defaults for one Cerdas installation: every queue, no
code reloading, and a worker id that says which host and process it is. The RQ worker
runs each job in its own process (SimpleWorker: no fork per job, which would share the
parent's database connection) and with RQ's scheduler, so deferred retries run on time.
"""

import os
import socket

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections


class Command(BaseCommand):
    help = "Run the background task worker until stopped (SIGINT/SIGTERM finish the current task)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Queues to process, comma separated; '*' for all (default: all).",
        )
        parser.add_argument(
            "--interval",
            default="1",
            help="Seconds to wait when the queue is empty before looking again (default: 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the tasks already queued, then exit.",
        )
        parser.add_argument(
            "--max-tasks",
            help="Exit after running this many tasks (a supervisor restarts the worker).",
        )
        parser.add_argument(
            "--worker-id",
            help="Unique id of this worker among all workers (default: host-pid).",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Restart on code changes (development only).",
        )

    def handle(self, *args, **options) -> None:
        worker_id = options["worker_id"] or f"{socket.gethostname()}-{os.getpid()}"[-64:]
        # One thread, one connection kept for the worker's life. The workers close "old"
        # connections around every task, and with SQLite's CONN_MAX_AGE=0 that closed the
        # file each time (a WAL checkpoint, ~15 ms: most of a notice's cost).
        for alias in connections:
            if connections[alias].vendor == "sqlite":
                connections[alias].settings_dict["CONN_MAX_AGE"] = None
        if settings.CERDAS_TASKS_BACKEND == "rq":
            self._rq(worker_id, options)
            return
        # Passed as command-line text so db_worker's own parser validates every value.
        argv = [
            f"--queue-name={options['queue_name']}",
            f"--interval={options['interval']}",
            f"--worker-id={worker_id}",
            "--reload" if options["reload"] else "--no-reload",
        ]
        if options["batch"]:
            argv.append("--batch")
        if options["max_tasks"]:
            argv.append(f"--max-tasks={options['max_tasks']}")
        call_command("db_worker", *argv, verbosity=options["verbosity"])

    def _rq(self, worker_id: str, options) -> None:
        queues = settings.TASKS["default"]["QUEUES"]
        if options["queue_name"] != "*":
            queues = [name.strip() for name in options["queue_name"].split(",") if name.strip()]
        argv = [
            *queues,
            "--job-class=django_tasks_rq.Job",
            "--worker-class=rq.worker.SimpleWorker",
            "--with-scheduler",
            f"--name={worker_id}",
        ]
        if options["batch"]:
            argv.append("--burst")
        if options["max_tasks"]:
            argv.append(f"--max-jobs={options['max_tasks']}")
        call_command("rqworker", *argv, verbosity=options["verbosity"])
