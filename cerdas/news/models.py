"""The city's news and announcements (kehumasan) and the emergency banner.

An article is public from its `publish_at` on (scheduled publication), unless it is
kept as a draft. A banner (a flood warning, a road closure) shows on every public page
and on the command center wall from `starts_at` until `expires_at`.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEWS = "berita", _("Berita")
    ANNOUNCEMENT = "pengumuman", _("Pengumuman")


class Category(models.Model):
    name = models.CharField(_("nama"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("kategori berita")
        verbose_name_plural = _("kategori berita")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self, now: datetime):
        return self.filter(is_draft=False, publish_at__lte=now)


def _image_path(instance: "Article", filename: str) -> str:
    return f"news/{instance.publish_at:%Y/%m}/{filename}"


class Article(models.Model):
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind, default=Kind.NEWS)
    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = models.TextField(_("isi"), max_length=20000)
    # Always a re-encoded JPEG without metadata (cerdas.lib.images); never the upload.
    image = models.FileField(_("gambar"), upload_to=_image_path, max_length=200, blank=True)
    image_caption = models.CharField(_("keterangan gambar"), max_length=200, blank=True)
    publish_at = models.DateTimeField(
        _("terbit pada"), help_text=_("Tidak tampil untuk publik sebelum waktu ini.")
    )
    is_draft = models.BooleanField(_("draf"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("berita / pengumuman")
        verbose_name_plural = _("berita / pengumuman")
        ordering = ["-publish_at", "-id"]
        constraints = [
            models.CheckConstraint(name="article_kind_valid", condition=Q(kind__in=Kind.values)),
            models.CheckConstraint(name="article_title_not_empty", condition=~Q(title="")),
        ]
        indexes = [models.Index(fields=["is_draft", "-publish_at"], name="article_published")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])


class Level(models.TextChoices):
    """The warning levels Indonesian disaster agencies (BPBD) announce."""

    INFO = "info", _("Informasi")
    WASPADA = "waspada", _("Waspada")
    SIAGA = "siaga", _("Siaga")
    AWAS = "awas", _("Awas")


class BannerQuerySet(models.QuerySet):
    def active(self, now: datetime):
        return self.filter(starts_at__lte=now, expires_at__gt=now)


class EmergencyBanner(models.Model):
    text = models.CharField(_("teks"), max_length=300)
    level = models.CharField(_("tingkat"), max_length=8, choices=Level, default=Level.WASPADA)
    link = models.URLField(_("tautan"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    expires_at = models.DateTimeField(_("berakhir"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BannerQuerySet.as_manager()

    class Meta:
        verbose_name = _("spanduk darurat")
        verbose_name_plural = _("spanduk darurat")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(name="banner_level_valid", condition=Q(level__in=Level.values)),
            models.CheckConstraint(name="banner_text_not_empty", condition=~Q(text="")),
            models.CheckConstraint(
                name="banner_expires_after_start",
                condition=Q(expires_at__gt=F("starts_at")),
                violation_error_message=_("Waktu berakhir harus setelah waktu mulai."),
            ),
        ]

    def __str__(self) -> str:
        return self.text
