from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cerdas.news.banners import active_banners, forget
from cerdas.news.models import Article
from cerdas.ppid.models import InfoRequest, Objection, State


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    forget()
    out = StringIO()
    call_command("demo", complaints=0, seed=7, stdout=out)
    yield out.getvalue()
    forget()


def test_demo_has_requests_in_every_state_news_and_a_banner_once(demo, client):
    assert "5 permohonan informasi" in demo
    states = set(InfoRequest.objects.values_list("state", flat=True))
    assert states == {State.PROCESSING, State.EXTENDED, State.ANSWERED, State.DELIVERED}
    assert Objection.objects.filter(outcome="ditolak").count() == 1
    assert Article.objects.published(timezone.now()).count() == 3
    assert [b.level for b in active_banners()] == ["waspada"]
    assert "Kerja bakti serentak" in client.get("/berita/").content.decode()
    # A second load (it adds complaints) adds no second set.
    call_command("demo", complaints=0, seed=7, stdout=StringIO())
    assert InfoRequest.objects.count() == 5 and Article.objects.count() == 3
