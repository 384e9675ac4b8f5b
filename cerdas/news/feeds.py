"""RSS 2.0 and Atom feeds of the published news and announcements."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .models import Article

ITEMS = 30


class ArticleFeed(Feed):
    link = reverse_lazy("news:list")

    def title(self) -> str:
        return f"Berita dan pengumuman {settings.CERDAS_CITY_NAME}"

    def description(self) -> str:
        return f"Berita dan pengumuman Pemerintah {settings.CERDAS_CITY_NAME}"

    def items(self):
        return Article.objects.published(timezone.now()).select_related("category")[:ITEMS]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary or item.body[:500]

    def item_pubdate(self, item: Article):
        return item.publish_at

    def item_updateddate(self, item: Article):
        return max(item.updated_at, item.publish_at)

    def item_categories(self, item: Article):
        return [item.category.name] if item.category_id else []


class AtomFeed(ArticleFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
