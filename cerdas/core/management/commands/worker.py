"""`cerdas worker`: run queued background tasks (django-tasks-db's `db_worker`).

A thin front for `db_worker` with defaults for one Cerdas installation: every queue,
no code reloading, and a worker id that says which host and process it is.
"""

import os
import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand


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
