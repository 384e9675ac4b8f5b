"""Time what the first `make run` does before it serves: migrate a fresh SQLite database
and load the demo city (`cerdas demo`: 2,000 complaints through the real services, the
routing model trained on them, the duplicates, instructions, open data and PPID parts).

    .venv/bin/python bench/demo_load.py

Runs in a temporary data directory; prints and records each phase the demo reports,
the wall and CPU time of the whole, and what it left in the outbox and in mail/.
"""

import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import child_env, write_section  # noqa: E402

CERDAS = str(Path(sys.executable).with_name("cerdas"))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cerdas-demo-load-") as data_dir:
        env = child_env(data_dir)
        started = time.perf_counter()
        subprocess.run([CERDAS, "migrate", "--noinput", "-v", "0"], env=env, check=True)  # noqa: S603
        migrated = time.perf_counter() - started
        out = subprocess.run(  # noqa: S603
            [CERDAS, "demo", "--if-empty"], env=env, check=True, capture_output=True, text=True
        ).stdout
        total = time.perf_counter() - started
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        phases = re.search(r"Waktu: (.*)\.\n", out).group(1)
        with sqlite3.connect(Path(data_dir) / "cerdas.sqlite3") as db:
            notices = db.execute("select count(*) from notifications_notification").fetchone()[0]
            decisions = db.execute("select count(*) from triage_routingdecision").fetchone()[0]
        mail = Path(data_dir) / "mail"
        mails = len(list(mail.iterdir())) if mail.is_dir() else 0
    rows = [
        "| what | figure |",
        "|---|---:|",
        f"| migrate (fresh SQLite) | {migrated:.1f} s |",
        *(
            f"| demo: {name} | {seconds} s |"
            for name, seconds in re.findall(r"([^\d]+?) ([\d.]+) dtk(?:, |$)", phases)
        ),
        f"| migrate + demo, wall time | {total:.1f} s |",
        f"| migrate + demo, CPU time (user + system) | {cpu.ru_utime + cpu.ru_stime:.1f} s |",
        f"| notices queued by the history / mail files written | {notices} / {mails} |",
        f"| routing decisions (cases waiting for verification) | {decisions} |",
    ]
    print("\n".join(rows))
    write_section(
        "Demo load (the first make run)",
        "`bench/demo_load.py`: `cerdas migrate` and `cerdas demo --if-empty` in a fresh data "
        "directory, as the first `make run` does before it serves. The phases are the "
        "demo's own timings; *model rute* is training the routing model on the demo's "
        "dispositions and routing the cases waiting for verification.",
        rows,
    )


if __name__ == "__main__":
    main()
