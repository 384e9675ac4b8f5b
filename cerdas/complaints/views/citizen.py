"""A signed-in citizen's own cases ("Laporan saya"): the reports filed or kept in the
account, and the ones followed with "saya juga". Nobody else's, ever."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..models import Complaint


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:citizen_login")
    user = request.user
    filed = (
        Complaint.objects.filter(reporter=user)
        .select_related("category", "agency")
        .order_by("-created_at")
    )
    followed = (
        Complaint.objects.filter(supporters__user=user, supporters__confirmed_at__isnull=False)
        .exclude(reporter=user)
        .select_related("category", "agency")
        .distinct()
        .order_by("-created_at")
    )
    return render(
        request,
        "complaints/mine.html",
        {"filed": list(filed[:200]), "followed": list(followed[:200])},
    )
