"""Load on the two filing APIs with the production server: how many complaints per second
Cerdas creates, and how fast it answers at a steady 100 requests per second.

    .venv/bin/pip install -e '.[bench]'       # locust
    apt-get install wrk
    .venv/bin/python bench/api_load.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/api_load.py --backends postgres --seconds 30

For each database it makes a fresh one (SQLite in a temporary CERDAS_DATA_DIR; on
PostgreSQL the database `cerdas_bench`, dropped and created again on the server of
--postgres), migrates it, loads the demo city's agencies and categories (no complaints),
issues a `submit` key without a useful rate limit, and starts `cerdas serve` (gunicorn,
the worker and the periodic jobs, as `make run` does) on a free loopback port. Then, for
`POST /open311/v2/requests.json` (a form) and `POST /api/v1/complaints` (JSON):

- saturation: wrk with 16 connections for --seconds, after a 3-second warm-up that is
  not counted; every request files a new report (its own text and point). "created/s"
  counts the rows the database holds afterwards, not the answers wrk saw;
- steady rate: locust, 20 users each sending on its own Poisson schedule of 5 per
  second (together 100/s, arriving as independent citizens' reports do, not in lockstep),
  for --seconds; p50 and p99 of the answers.

Every figure goes into docs/benchmarks.md. The load generators run on the same two cores
as the server and the database, as they would on a small city's single machine.
"""

import argparse
import csv
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

BIN = Path(sys.executable).parent
CONNECTIONS = 16
STEADY_USERS = 20
STEADY_RATE_PER_USER = 5  # 20 x 5 = 100 requests per second
PG_DATABASE = "cerdas_bench"
WARM_UP_SECONDS = 3

# Points inside kelurahan of Manado (around Pasar 45, Wenang), varied per request.
WRK_SCRIPT = r"""
local key = os.getenv("BENCH_KEY")
local kind = os.getenv("BENCH_KIND")
local n = 0
local id = 0
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  math.randomseed(id * 7919)
end
request = function()
  n = n + 1
  local lat = string.format("%.5f", 1.4890 + (n % 40) * 0.0001)
  local text = "Jalan berlubang besar di depan toko nomor " .. id .. "-" .. n ..
    ", sudah dua minggu belum diperbaiki dan membahayakan pengendara motor."
  if kind == "open311" then
    local body = "api_key=" .. key .. "&service_code=jalan-rusak&lat=" .. lat ..
      "&long=124.84100&description=" .. text:gsub(" ", "+"):gsub(",", "%%2C") ..
      "&first_name=Budi&last_name=Santoso&email=budi%40example.com&phone=081234567890"
    return wrk.format("POST", "/open311/v2/requests.json",
      {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
  local body = '{"category":"jalan-rusak","description":"' .. text .. '","latitude":' ..
    lat .. ',"longitude":124.841,"reporter_name":"Budi Santoso",' ..
    '"reporter_phone":"081234567890","privacy":"publik"}'
  return wrk.format("POST", "/api/v1/complaints",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end
"""

LOCUST_FILE = r"""
import itertools
import os
import random
import time

from locust import FastHttpUser, task

KEY = os.environ["BENCH_KEY"]
KIND = os.environ["BENCH_KIND"]
RATE = float(os.environ["BENCH_RATE_PER_USER"])
counter = itertools.count()


# Each user sends on a Poisson schedule of its own, whatever the answers' latency (open
# loop: a slow answer does not slow the arrivals). The users' schedules add up to a
# Poisson stream at users x RATE per second, the way citizens' reports arrive.
class Reporter(FastHttpUser):

    def on_start(self):
        self.next_at = time.monotonic() + random.expovariate(RATE)

    def wait_time(self):
        wait = self.next_at - time.monotonic()
        self.next_at += random.expovariate(RATE)
        return max(0.0, wait)

    @task
    def file(self):
        n = next(counter)
        lat = round(1.4890 + (n % 40) * 0.0001, 5)
        text = f"Saluran tersumbat sampah di depan rumah nomor {n}, air meluap ke jalan."
        if KIND == "open311":
            self.client.post(
                "/open311/v2/requests.json",
                data={
                    "api_key": KEY, "service_code": "jalan-rusak", "lat": lat,
                    "long": 124.841, "description": text, "first_name": "Budi",
                    "email": "budi@example.com",
                },
                name=KIND,
            )
        else:
            self.client.post(
                "/api/v1/complaints",
                json={
                    "category": "jalan-rusak", "description": text, "latitude": lat,
                    "longitude": 124.841, "reporter_name": "Budi Santoso",
                },
                headers={"Authorization": "Bearer " + KEY},
                name=KIND,
            )
"""

ENDPOINTS = [
    ("open311", "`POST /open311/v2/requests.json` (form)"),
    ("rest", "`POST /api/v1/complaints` (JSON)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cerdas(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "cerdas"), *args], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def count_complaints(env: dict) -> int:
    out = cerdas(
        env,
        "shell",
        "-c",
        "from cerdas.complaints.models import Complaint; print(Complaint.objects.count())",
    )
    return int(out.strip().splitlines()[-1])


def prepare(backend: str, postgres: str, workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PORT"))}
    env["CERDAS_DATA_DIR"] = str(workdir / backend)
    if backend == "postgres":
        import psycopg

        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        env["DATABASE_URL"] = postgres.rsplit("/", 1)[0] + "/" + PG_DATABASE
    cerdas(env, "migrate", "--noinput", "-v", "0")
    cerdas(env, "demo", "--complaints", "0", "-v", "0")
    env["BENCH_KEY"] = cerdas(
        env, "apikey", "create", "bench", "--scope", "submit", "--rate", "100000000"
    ).splitlines()[-1]
    return env


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "cerdas"), "serve"],
        env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        process_group=0,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("cerdas serve did not answer /readyz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, 9)


def parse_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(env: dict, base: str, kind: str, seconds: int, workdir: Path) -> str:
    script = workdir / "post.lua"
    script.write_text(WRK_SCRIPT)
    return subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            base,
        ],
        env={**env, "BENCH_KIND": kind},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def saturate(env: dict, base: str, kind: str, seconds: int, workdir: Path) -> dict:
    # Warm-up, not counted: every thread's first request loads the kelurahan index, the
    # categories and the calendar, and opens its database connection.
    wrk(env, base, kind, WARM_UP_SECONDS, workdir)
    time.sleep(1)
    before = count_complaints(env)
    started = time.monotonic()
    out = wrk(env, base, kind, seconds, workdir)
    elapsed = time.monotonic() - started
    # Let requests still in flight when wrk stopped finish before counting.
    time.sleep(2)
    created = count_complaints(env) - before
    duration = float(re.search(r"requests in ([\d.]+)(m?s)", out).group(1))
    if re.search(r"requests in [\d.]+ms", out):
        duration /= 1000
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    print(out)
    return {
        "created_per_s": created / duration,
        "created": created,
        "requests": requests,
        "failed": int(errors.group(1)) if errors else 0,
        "p50": parse_ms(latency["50"]),
        "p99": parse_ms(latency["99"]),
        "seconds": round(elapsed),
    }


def steady(env: dict, base: str, kind: str, seconds: int, workdir: Path) -> dict:
    locustfile = workdir / "locustfile.py"
    locustfile.write_text(LOCUST_FILE)
    prefix = workdir / f"steady-{kind}"
    before = count_complaints(env)
    subprocess.run(  # noqa: S603
        [
            str(BIN / "locust"),
            "-f",
            str(locustfile),
            "--headless",
            "--only-summary",
            "-u",
            str(STEADY_USERS),
            "-r",
            str(STEADY_USERS),
            "-t",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--exit-code-on-error",
            "0",
        ],
        env={**env, "BENCH_KIND": kind, "BENCH_RATE_PER_USER": str(STEADY_RATE_PER_USER)},
        capture_output=True,
        text=True,
        check=True,
    )
    time.sleep(2)
    created = count_complaints(env) - before
    with open(f"{prefix}_stats.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == kind)
    return {
        "rate": float(row["Requests/s"]),
        "requests": int(row["Request Count"]),
        "failed": int(row["Failure Count"]),
        "created": created,
        "p50": float(row["50%"]),
        "p99": float(row["99%"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help=f"a server to create the database {PG_DATABASE} on",
    )
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help="print, do not touch docs/")
    args = parser.parse_args()
    for tool in ("wrk", str(BIN / "locust")):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install wrk; pip install -e '.[bench]'")

    rows = [
        "| database | endpoint | created/s (wrk, 16 connections) | p50 | p99 | "
        "at 100 req/s (locust): achieved | p50 | p99 | failed |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    results = {}
    with tempfile.TemporaryDirectory(prefix="cerdas-bench-") as tmp:
        workdir = Path(tmp)
        for backend in args.backends.split(","):
            env = prepare(backend, args.postgres, workdir)
            server, base = start_server(env)
            try:
                for kind, label in ENDPOINTS:
                    sat = saturate(env, base, kind, args.seconds, workdir)
                    st = steady(env, base, kind, args.seconds, workdir)
                    results[f"{backend}/{kind}"] = {"saturation": sat, "steady": st}
                    print(backend, kind, json.dumps(results[f"{backend}/{kind}"]))
                    rows.append(
                        f"| {backend} | {label} | {sat['created_per_s']:.0f} | "
                        f"{sat['p50']:.0f} ms | {sat['p99']:.0f} ms | {st['rate']:.0f}/s | "
                        f"{st['p50']:.0f} ms | {st['p99']:.0f} ms | "
                        f"{sat['failed'] + st['failed']} |"
                    )
            finally:
                stop_server(server)
    print("\n".join(rows))
    if not args.no_write:
        write_section(
            "Filing APIs under load",
            "`cerdas serve` (gunicorn: WEB_CONCURRENCY=2 workers x 4 threads, with the task "
            "worker and periodic jobs running), every request a new report; load from the "
            f"same machine, {args.seconds} s per run; created/s counts database rows "
            "(`bench/api_load.py`). Target with PostgreSQL: 300 created/s, p99 under "
            "200 ms at 100 req/s.",
            rows,
        )


if __name__ == "__main__":
    main()
