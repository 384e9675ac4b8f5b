from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from cerdas.dashboards.models import DisplayToken
from cerdas.news.models import EmergencyBanner

TEXT = "Peringatan banjir"


@pytest.fixture
def token(city):
    return DisplayToken.issue(name="TV lantai 2")[1]


@pytest.mark.parametrize("path", ["/", "/lapor/", "/berita/", "/ppid/permohonan/", "/lacak/"])
def test_banner_shows_on_public_pages(client, city, flood_banner, path):
    html = client.get(path).content.decode()
    assert TEXT in html and "level-siaga" in html


def test_banner_goes_at_expiry_and_waits_for_its_start(client, city, flood_banner):
    with time_machine.travel(flood_banner.expires_at + timedelta(seconds=1)):
        assert TEXT not in client.get("/").content.decode()
    with time_machine.travel(flood_banner.starts_at - timedelta(seconds=1)):
        assert TEXT not in client.get("/").content.decode()


def test_wall_data_carries_the_banner_until_it_expires(client, city, token, flood_banner):
    data = client.get(f"/pimpinan/dinding/{token}/data.json").json()
    assert [b["text"] for b in data["banners"]] == [flood_banner.text]
    assert data["banners"][0]["level"] == "siaga"
    with time_machine.travel(flood_banner.expires_at + timedelta(seconds=1)):
        assert client.get(f"/pimpinan/dinding/{token}/data.json").json()["banners"] == []


def test_new_banner_appears_without_waiting_for_the_cache(client, city, token):
    assert client.get(f"/pimpinan/dinding/{token}/data.json").json()["banners"] == []
    now = timezone.now()
    EmergencyBanner.objects.create(
        text="Jalan Piere Tendean ditutup",
        level="info",
        starts_at=now,
        expires_at=now + timedelta(hours=1),
    )
    assert (
        client.get(f"/pimpinan/dinding/{token}/data.json").json()["banners"][0]["level"] == "info"
    )


def test_banner_must_end_after_it_starts(db):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        EmergencyBanner.objects.create(text="x", level="info", starts_at=now, expires_at=now)


def test_wall_reads_banners_fresh_while_pages_use_the_cache(client, city, token, flood_banner):
    assert TEXT in client.get("/").content.decode()  # the page cache holds the banner now
    # A change no signal reports (another process, a raw update): the wall sees it at once.
    EmergencyBanner.objects.filter(pk=flood_banner.pk).update(text="Banjir surut")
    banners = client.get(f"/pimpinan/dinding/{token}/data.json").json()["banners"]
    assert [b["text"] for b in banners] == ["Banjir surut"]
    assert TEXT in client.get("/").content.decode()  # pages catch up within CACHE_SECONDS
