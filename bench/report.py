"""Write a benchmark's figures into docs/benchmarks.md, with the machine and the date."""

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = "# Benchmarks\n\nEach section is rewritten by the script named in it.\n"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def write_section(title: str, intro: str, rows: list[str]) -> None:
    text = DOC.read_text() if DOC.exists() else HEADER
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = f"## {title}\n\n{intro}\n\nMeasured {stamp} on {machine()}.\n\n" + "\n".join(rows) + "\n"
    pattern = re.compile(rf"## {re.escape(title)}\n.*?(?=\n## |\Z)", re.S)
    text = (
        pattern.sub(body.rstrip("\n"), text)
        if pattern.search(text)
        else text.rstrip("\n") + "\n\n" + body
    )
    DOC.write_text(text.rstrip("\n") + "\n")


def child_env(data_dir: str, postgres_url: str = "", database: str = "") -> dict:
    """The environment of a benchmark's child process: its own data directory, and on
    PostgreSQL the database `database` on the server of `postgres_url`, dropped and
    created again."""
    from urllib.parse import urlsplit, urlunsplit

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CERDAS_DATA_DIR"] = data_dir
    if postgres_url:
        import psycopg

        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database}")
            conn.execute(f"CREATE DATABASE {database}")
        parts = urlsplit(postgres_url)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + database))
    return env
