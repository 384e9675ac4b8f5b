"""Editors (the Humas group, or a superuser) write news and banners here; saving goes
through the services, so images are re-encoded without metadata."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from cerdas.complaints.services import Upload
from cerdas.complaints.workflow import WorkflowError

from . import services
from .models import Article, Category, EmergencyBanner


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "kind",
            "title",
            "slug",
            "category",
            "summary",
            "body",
            "image",
            "image_caption",
            "publish_at",
            "is_draft",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        self.clean_upload = None

    def clean_image(self):
        value = self.cleaned_data.get("image")
        if isinstance(value, UploadedFile):
            try:
                self.clean_upload = services.clean_article_image(
                    Upload(name=value.name, data=value.read())
                )
            except WorkflowError as exc:
                raise forms.ValidationError(str(exc)) from None
            # Keep the stored file; the service writes the re-encoded one.
            return self.instance.image
        return value


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "kind", "category", "publish_at", "is_draft"]
    list_filter = ["kind", "category", "is_draft"]
    search_fields = ["title", "body"]
    date_hierarchy = "publish_at"

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj, user=request.user, image=form.clean_upload)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class BannerForm(forms.ModelForm):
    link = forms.URLField(label=_("tautan"), required=False, assume_scheme="https")

    class Meta:
        model = EmergencyBanner
        fields = ["text", "level", "link", "starts_at", "expires_at"]

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("expires_at")
        if start and end and end <= start:
            raise forms.ValidationError(_("Waktu berakhir harus setelah waktu mulai."))
        return data


@admin.register(EmergencyBanner)
class BannerAdmin(admin.ModelAdmin):
    form = BannerForm
    list_display = ["text", "level", "starts_at", "expires_at"]
    list_filter = ["level"]

    def save_model(self, request, obj, form, change):
        services.banner_save(banner=obj, user=request.user)
