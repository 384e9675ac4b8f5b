"""Writes to the news app: articles with their image, and emergency banners.

The editors work in the Django admin; its save goes through these functions, so the
image is always re-encoded without metadata and the slug and times are set here.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cerdas.complaints.services import Upload, clean_text
from cerdas.complaints.workflow import WorkflowError
from cerdas.lib.images import CleanImage, ImageError, clean_image

from .models import Article, EmergencyBanner

MAX_BODY = 20000


def clean_article_image(upload: Upload) -> CleanImage:
    try:
        return clean_image(upload.data, max_bytes=settings.CERDAS_MAX_UPLOAD_MB * 1024 * 1024)
    except ImageError as exc:
        raise WorkflowError(f"{upload.name}: {exc}") from None


def _unique_slug(article: Article) -> str:
    base = slugify(article.slug or article.title)[:100] or "berita"
    slug = base
    while Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


@transaction.atomic
def article_save(
    *, article: Article, user, image: CleanImage | None = None, now: datetime | None = None
) -> Article:
    """Create or update an article; `image` replaces the picture when given."""
    now = now or timezone.now()
    article.title = clean_text(article.title, field="Judul", limit=200)
    article.body = clean_text(article.body, field="Isi", limit=MAX_BODY)
    article.summary = clean_text(article.summary, field="Ringkasan", required=False, limit=300)
    if article.publish_at is None:
        article.publish_at = now
    article.slug = _unique_slug(article)
    if article.pk is None:
        article.created_at = now
        article.created_by = user
    article.updated_at = now
    if image is not None:
        name = f"{secrets.token_hex(8)}.jpg"
        article.image.save(name, ContentFile(image.content), save=False)
    article.save()
    return article


@transaction.atomic
def banner_save(*, banner: EmergencyBanner, user) -> EmergencyBanner:
    banner.text = clean_text(banner.text, field="Teks", limit=300)
    if banner.starts_at is None or banner.expires_at is None:
        raise WorkflowError("Waktu mulai dan berakhir wajib diisi.")
    if banner.expires_at <= banner.starts_at:
        raise WorkflowError("Waktu berakhir harus setelah waktu mulai.")
    if banner.pk is None:
        banner.created_by = user
    banner.save()
    return banner
