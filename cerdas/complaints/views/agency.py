"""Agency (OPD) screens: an inbox with only that agency's cases."""

from django.http import HttpRequest, HttpResponse

from ..models import Complaint
from .common import agency_staff_required
from .operator import queue_page


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
        },
    )
