"""The migration that added the grid cell fills existing rows in SQL: the same cell as
cerdas.lib.geo.grid_cell, on SQLite and PostgreSQL, south of the equator too."""

import importlib
import random
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from cerdas.complaints.models import Complaint
from cerdas.lib.geo import grid_cell

backfill = importlib.import_module("cerdas.complaints.migrations.0005_complaint_cell")


def test_the_sql_backfill_gives_grid_cell(city, submit):
    rng = random.Random(8)
    first = submit()
    points = [(rng.uniform(-11, 6), rng.uniform(95, 141)) for _ in range(200)]
    points += [(-6.2, 106.816666), (1.4748, 124.8421), (0.0, 120.0), (-0.0025, 100.0025)]
    rows = []
    for i, (lat, lon) in enumerate(points):
        first.pk, first.code, first.submission_key = None, f"T{i:05d}", None
        first.latitude, first.longitude, first.cell = lat, lon, None
        rows.append(
            Complaint(
                **{
                    f.attname: getattr(first, f.attname)
                    for f in Complaint._meta.concrete_fields
                    if not f.primary_key
                }
            )
        )
    Complaint.objects.bulk_create(rows)
    Complaint.objects.update(cell=None)
    # What fill_cells uses of a schema editor (SQLite's cannot open inside a test's
    # transaction): the connection and execute().
    editor = SimpleNamespace(
        connection=connection, execute=lambda sql: connection.cursor().execute(sql)
    )
    backfill.fill_cells(apps, editor)
    for lat, lon, cell in Complaint.objects.values_list("latitude", "longitude", "cell"):
        assert cell == grid_cell(lat, lon), (lat, lon)
