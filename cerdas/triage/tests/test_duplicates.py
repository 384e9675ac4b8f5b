from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cerdas.complaints.models import Privacy, State
from cerdas.complaints.services import (
    WorkflowError,
    complaint_dispose,
    complaint_mark_duplicate,
)
from cerdas.lib.geo import grid_cell, grid_cells_around, haversine_m
from cerdas.triage import duplicates
from cerdas.triage.models import Supporter
from conftest import PASAR_45

HOLE = "Jalan berlubang besar di depan Pasar 45, motor sering jatuh"
NEAR = (PASAR_45[0] + 0.001, PASAR_45[1])  # about 110 m north
FAR = (PASAR_45[0], PASAR_45[1] + 0.01)  # about 1.1 km east


def test_grid_cells_cover_the_radius():
    lat, lon = PASAR_45
    cells = grid_cells_around(lat, lon, 300)
    assert grid_cell(lat, lon) in cells
    assert grid_cell(*NEAR) in cells
    assert grid_cell(*FAR) not in cells
    # Every point within 300 m lies in a listed cell (a ring of probes around the point).
    for step in range(36):
        import math

        angle = math.radians(step * 10)
        p = (lat + 0.0027 * math.cos(angle), lon + 0.0027 * math.sin(angle))
        assert haversine_m(lat, lon, *p) <= 301
        assert grid_cell(*p) in cells


def test_submit_fills_the_cell(submit):
    complaint = submit()
    assert complaint.cell == grid_cell(*PASAR_45)
    assert submit(latitude=None, longitude=None, address="Jl. Sam Ratulangi").cell is None


def test_similarity_and_score():
    assert duplicates.text_similarity(HOLE, HOLE.upper() + "!!") == 1.0
    assert duplicates.text_similarity(HOLE, "sampah menumpuk di got") < 0.1
    same = duplicates.score(similarity=1, distance_m=0, radius=300, age_s=0, window_s=100)
    apart = duplicates.score(similarity=1, distance_m=290, radius=300, age_s=90, window_s=100)
    assert same == 1.0 and apart < same


def test_nearby_same_category_radius_and_window(city, submit):
    now = timezone.now()
    near = submit(description=HOLE, latitude=NEAR[0], longitude=NEAR[1])
    submit(description=HOLE, latitude=FAR[0], longitude=FAR[1])
    submit(description=HOLE, category=city.garbage)
    submit(description=HOLE, now=now - timedelta(days=60))
    found = duplicates.nearby(category=city.road, lat=PASAR_45[0], lon=PASAR_45[1], text=HOLE)
    assert [c.complaint for c in found] == [near]
    assert 100 < found[0].distance_m < 130 and found[0].similarity > 0.9


def test_citizen_sees_verified_public_cases_only(city, submit, client):
    public = submit(description=HOLE)
    secret = submit(description="Rahasia: pungutan di jalan", category=city.confidential)
    waiting = submit(description=HOLE)
    for c in (public, secret):
        complaint_dispose(complaint=c, user=city.operator, agency=city.pupr)
    url = reverse("triage:nearby")
    lat, lon = PASAR_45
    page = client.get(url, {"category": city.road.pk, "lat": lat, "lon": lon}).content.decode()
    assert public.title in page and "Saya juga" in page
    assert waiting.code not in page  # unverified
    assert "Budi" not in page  # no reporter
    secret_page = client.get(url, {"category": city.confidential.pk, "lat": lat, "lon": lon})
    assert b"pungutan" not in secret_page.content and b"Saya juga" not in secret_page.content


def test_support_and_merge_keep_everyone_informed(city, submit, client):
    master = submit(description=HOLE, reporter=city.citizen)
    complaint_dispose(complaint=master, user=city.operator, agency=city.pupr)
    client.force_login(city.other_citizen)
    response = client.post(reverse("triage:support", args=[master.code]))
    assert response.status_code == 302
    assert Supporter.objects.get(complaint=master).user == city.other_citizen
    client.post(reverse("triage:support", args=[master.code]))  # twice: still one
    assert Supporter.objects.filter(complaint=master).count() == 1

    dup = submit(description=HOLE, latitude=NEAR[0], longitude=NEAR[1])
    dup_supporter = Supporter.objects.create(
        complaint=dup, phone="+6281298765432", created_at=timezone.now()
    )
    complaint_mark_duplicate(complaint=dup, user=city.operator, master=master)
    followers = Supporter.objects.filter(complaint=master)
    assert followers.count() == 3
    moved = followers.get(pk=dup_supporter.pk)
    assert moved.came_from == dup
    reporter = followers.get(came_from=dup, phone="+6281234567890")
    assert reporter.email == "budi@example.com"


def test_support_refuses_confidential_and_unreachable(city, submit):
    secret = submit(description="pungutan liar", category=city.confidential)
    complaint_dispose(complaint=secret, user=city.operator, agency=city.pupr)
    assert secret.privacy == Privacy.CONFIDENTIAL
    with pytest.raises(WorkflowError):
        duplicates.complaint_support(complaint=secret, user=city.other_citizen)
    public = submit(description=HOLE)
    complaint_dispose(complaint=public, user=city.operator, agency=city.pupr)
    with pytest.raises(WorkflowError):
        duplicates.complaint_support(complaint=public)  # nobody to tell
    assert not Supporter.objects.exists()


def test_operator_pairs_and_merge(city, submit, client):
    master = submit(description=HOLE)
    dup = submit(description=HOLE + " tolong", latitude=NEAR[0], longitude=NEAR[1])
    submit(description="sampah di got", category=city.garbage)
    client.force_login(city.operator)
    page = client.get(reverse("triage:pairs")).content.decode()
    assert dup.code in page and master.code in page
    response = client.post(reverse("triage:merge"), {"complaint": dup.code, "master": master.code})
    assert response.status_code == 302
    dup.refresh_from_db()
    assert dup.state == State.DUPLICATE and dup.duplicate_of == master


def test_pairs_are_for_the_command_center_only(city, submit, client):
    secret = submit(description="pungutan liar di jalan", category=city.confidential)
    submit(description="pungutan liar di jalan", category=city.confidential)
    assert client.get(reverse("triage:pairs")).status_code == 302
    for user in (city.citizen, city.officer, city.leader):
        client.force_login(user)
        assert client.get(reverse("triage:pairs")).status_code == 403
        response = client.post(reverse("triage:merge"), {"complaint": secret.code, "master": "x"})
        assert response.status_code == 403
    assert Supporter.objects.count() == 0


def test_first_lookup_gathers_sqlite_statistics(city, submit, monkeypatch):
    """Without statistics SQLite reads the lookup through the state/date index (the whole
    city's month); the first lookup of a process gathers them, once."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics (autovacuum)")
    submit(description=HOLE, latitude=PASAR_45[0], longitude=PASAR_45[1])
    monkeypatch.setattr(duplicates, "_statistics_gathered", False)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    duplicates.nearby(category=city.road, lat=PASAR_45[0], lon=PASAR_45[1], text=HOLE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'complaints_complaint'")
        assert "complaint_cell" in {row[0] for row in cursor.fetchall()}
        cursor.execute("DROP TABLE sqlite_stat1")
    duplicates.nearby(category=city.road, lat=PASAR_45[0], lon=PASAR_45[1], text=HOLE)
    with connection.cursor() as cursor:  # once per process: not gathered again
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 0
