from datetime import timedelta

import pytest
from django.utils import timezone

from cerdas.news import banners
from cerdas.news.models import Article, Category, EmergencyBanner
from cerdas.news.services import article_save


@pytest.fixture(autouse=True)
def _fresh_banners():
    # The per-process cache outlives each test's rolled-back rows.
    banners.forget()
    yield
    banners.forget()


@pytest.fixture
def make_article(db):
    def _make(**kwargs):
        values = dict(
            title="Jadwal pengangkutan sampah baru",
            body="Mulai Senin, truk sampah melewati Kecamatan Wenang pukul 06.00.",
            summary="Jadwal baru truk sampah.",
            publish_at=timezone.now() - timedelta(hours=1),
        )
        category = kwargs.pop("category", None)
        image = kwargs.pop("image", None)
        values.update(kwargs)
        article = Article(**values, category=category)
        return article_save(article=article, user=None, image=image)

    return _make


@pytest.fixture
def category(db):
    return Category.objects.create(name="Lingkungan", slug="lingkungan")


@pytest.fixture
def flood_banner(db):
    now = timezone.now()
    return EmergencyBanner.objects.create(
        text="Peringatan banjir: Sungai Tondano siaga, warga bantaran harap waspada.",
        level="siaga",
        starts_at=now - timedelta(minutes=5),
        expires_at=now + timedelta(hours=2),
    )
