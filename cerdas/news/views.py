"""Public news pages. An article scheduled for later, or a draft, does not exist yet (404)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cerdas.complaints.views.common import paginate

from .models import Article, Category, Kind


def _published():
    return Article.objects.published(timezone.now()).select_related("category")


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    qs = _published()
    category = request.GET.get("kategori", "")
    if category:
        qs = qs.filter(category__slug=category)
    kind = request.GET.get("jenis", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    context = {
        "page": paginate(request, qs, 12),
        "categories": Category.objects.all(),
        "kinds": Kind.choices,
        "category": category,
        "kind": kind,
    }
    return render(request, "news/list.html", context)


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(_published(), slug=slug)
    return render(request, "news/detail.html", {"article": article})


@require_GET
def image(request: HttpRequest, pk: int) -> FileResponse:
    article = get_object_or_404(_published().exclude(image=""), pk=pk)
    response = FileResponse(article.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response
