"""Agency (OPD) screens: an inbox with only that agency's cases."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ..models import Complaint
from .common import agency_staff_required
from .operator import export_page, queue_page


@agency_staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    base = Complaint.objects.visible_to(request.user)
    return queue_page(
        request,
        base,
        "complaints/agency_inbox.html",
        {
            "agency": request.user.agency,
            "pending_transfers": base.open().filter(transfer_to__isnull=False).count(),
            "export_name": "complaints:agency_inbox_export",
        },
    )


@agency_staff_required
@require_GET
def inbox_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The agency's own cases only, as the inbox lists them."""
    return export_page(
        request,
        Complaint.objects.visible_to(request.user),
        fmt,
        f"pengaduan-{request.user.agency.code}",
    )
