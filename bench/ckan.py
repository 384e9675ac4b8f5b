"""The CKAN Action API at a realistic size: package_search over a city portal's datasets
and datastore_search over a large table, on SQLite and PostgreSQL.

    .venv/bin/python bench/ckan.py [--datasets 2000] [--rows 100000] [--postgres URL] [--runs 20]

A fresh database (SQLite in a temporary CERDAS_DATA_DIR; on PostgreSQL the database
`cerdas_ckan_bench`, dropped and created again) gets the demo's agencies and accounts,
`--datasets` published datasets (three tags, a group and a resource each; written in bulk,
not through the review, to keep the set-up short) and one CSV of `--rows` rows uploaded
through the real import (`resource_upload`). Each request goes through Django's test
client, as a web worker answers it (view, query, JSON), `--runs` times after a warm-up.
Writes its section of docs/benchmarks.md.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "cerdas_ckan_bench"
TOPICS = ["kependudukan", "infrastruktur", "kesehatan", "pendidikan", "lingkungan", "ekonomi"]
WORDS = "jumlah data penduduk sekolah jalan sampah pasar puskesmas air lampu banjir pajak".split()


def seed(n_datasets: int, n_rows: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    from cerdas.accounts.models import User
    from cerdas.agencies.models import Agency
    from cerdas.complaints.services import Upload
    from cerdas.opendata import services
    from cerdas.opendata.models import Dataset, Group, Resource, Tag

    rng = random.Random(1)  # noqa: S311 (made-up data, not secrets)
    agencies = list(Agency.objects.internal())
    groups = [Group.objects.get_or_create(name=t, defaults={"title": t.title()})[0] for t in TOPICS]
    tags = [Tag.objects.get_or_create(name=f"{w}-{i}")[0] for i in range(20) for w in WORDS[:10]]
    now = timezone.now()
    datasets = []
    for i in range(n_datasets):
        when = now - timedelta(days=rng.randint(0, 1500), minutes=rng.randint(0, 1440))
        words = " ".join(rng.sample(WORDS, 3))
        datasets.append(
            Dataset(
                name=f"dataset-{i}",
                title=f"{words.capitalize()} {i}",
                notes=f"Data {words} menurut kecamatan.",
                agency=rng.choice(agencies),
                walidata="Diskominfo",
                year=rng.randint(2018, 2025),
                state="terbit",
                created_at=when,
                modified_at=when,
                published_at=when,
            )
        )
    Dataset.objects.bulk_create(datasets, batch_size=1000)
    through_tags, through_groups, resources = [], [], []
    for d in datasets:
        for tag in rng.sample(tags, 3):
            through_tags.append(Dataset.tags.through(dataset_id=d.id, tag_id=tag.id))
        through_groups.append(
            Dataset.groups.through(dataset_id=d.id, group_id=rng.choice(groups).id)
        )
        resources.append(
            Resource(
                dataset=d,
                position=1,
                name="Tabel",
                format=rng.choice(["CSV", "XLSX", "JSON"]),
                url="https://example.invalid/data.csv",
                created_at=d.created_at,
                modified_at=d.modified_at,
            )
        )
    Dataset.tags.through.objects.bulk_create(through_tags, batch_size=2000)
    Dataset.groups.through.objects.bulk_create(through_groups, batch_size=2000)
    Resource.objects.bulk_create(resources, batch_size=1000)

    producer = User.objects.get(username="kepala.dlh")
    big = services.dataset_create(
        user=producer, fields=services.DatasetFields(title="Tabel besar", year=2025)
    )
    lines = ["tanggal,kelurahan,kategori,jumlah"]
    for i in range(n_rows):
        lines.append(f"2024-{1 + i % 12:02d}-{1 + i % 28:02d},kel-{i % 87},kat-{i % 15},{i % 50}")
    started = time.perf_counter()
    resource = services.resource_upload(
        user=producer,
        dataset=big,
        name="Tabel besar",
        upload=Upload("besar.csv", ("\n".join(lines) + "\n").encode()),
    )
    print(f"upload of {n_rows} rows: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    services.dataset_submit(user=producer, dataset=big)
    services.dataset_publish(user=User.objects.get(username="walidata"), dataset=big)
    return str(resource.id)


def child(n_datasets: int, n_rows: int, runs: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cerdas.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cerdas.demo.services import demo_load

    setup_test_environment()
    call_command("migrate", verbosity=0)
    demo_load(complaints=0)
    started = time.perf_counter()
    resource_id = seed(n_datasets, n_rows)
    seeded = time.perf_counter() - started
    client = Client()

    def action(name: str, **params):
        def call():
            response = client.post(
                f"/api/3/action/{name}", params, content_type="application/json",
                HTTP_HOST="127.0.0.1",
            )  # fmt: skip
            if response.status_code != 200:
                raise SystemExit(f"{name} answered {response.status_code}: {response.content}")

        return call

    facets = ["organization", "groups", "tags", "res_format", "license_id", "tahun"]
    cases = {
        "package_search (default, 10 rows)": action("package_search"),
        "package_search q + 6 facets": action(
            "package_search", q="sampah", **{"facet.field": facets}
        ),
        "package_search fq range, sort id asc, 1000 rows": action(
            "package_search",
            fq="metadata_modified:[2024-01-01T00:00:00Z TO *]",
            sort="id asc",
            rows=1000,
        ),
        "datastore_search (default, 100 records)": action(
            "datastore_search", resource_id=resource_id
        ),
        "datastore_search filters + sort": action(
            "datastore_search",
            resource_id=resource_id,
            filters={"kelurahan": "kel-5", "kategori": ["kat-5", "kat-10"]},
            sort="jumlah desc",
        ),
        "datastore_search q, offset 5000": action(
            "datastore_search", resource_id=resource_id, q="kat-7", offset=5000
        ),
        "datastore_search limit 32000": action(
            "datastore_search", resource_id=resource_id, limit=32000
        ),
    }  # fmt: skip
    result = {"seed_seconds": seeded}
    for name, fn in cases.items():
        fn()
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        result[name] = {
            "p50": statistics.median(samples),
            "p95": samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        }
    print("RESULT " + json.dumps(result))


def run(args, env: dict) -> dict:
    out = subprocess.run(  # noqa: S603
        [
            sys.executable,
            __file__,
            "--child",
            "--datasets",
            str(args.datasets),
            "--rows",
            str(args.rows),
            "--runs",
            str(args.runs),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    print(out.stderr.strip(), flush=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres", default="")
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.datasets, args.rows, args.runs)
        return

    from bench.report import child_env, write_section

    results = {}
    backends = ["sqlite"] + (["postgres"] if args.postgres else [])
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="cerdas-ckan-") as tmp:
            url = args.postgres if backend == "postgres" else ""
            env = child_env(tmp, url, BENCH_DB)
            results[backend] = run(args, env)
        print(backend, json.dumps(results[backend]), flush=True)
    names = [k for k in results["sqlite"] if k != "seed_seconds"]
    rows = [
        "| request | " + " | ".join(f"{b} p50 / p95" for b in backends) + " |",
        "|---|" + "---:|" * len(backends),
    ]
    for name in names:
        cells = [
            f"{results[b][name]['p50']:.0f} / {results[b][name]['p95']:.0f} ms" for b in backends
        ]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    print("\n".join(rows))
    if not args.no_write:
        write_section(
            "CKAN Action API",
            f"{args.datasets:,} published datasets (three tags, a group and a resource each) "
            f"and one table of {args.rows:,} rows imported through the upload; each request "
            f"through Django's test client (view, queries, JSON), timed {args.runs} times "
            "after a warm-up (`bench/ckan.py`).",
            rows,
        )


if __name__ == "__main__":
    main()
