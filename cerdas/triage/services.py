"""Routing a new complaint, and the labels operators' decisions leave behind."""

import logging
import time

from django.db import transaction
from django.utils import timezone

from cerdas.agencies.models import Agency
from cerdas.complaints.models import Category, Complaint, State
from cerdas.complaints.services import WorkflowError, complaint_dispose

from . import store
from .model import OTHER
from .models import LabelSource, RoutingDecision, TrainingLabel, TriageSettings

log = logging.getLogger(__name__)


def complaint_text(complaint: Complaint) -> str:
    """What the model reads: the title, the description and the address."""
    parts = [complaint.title, complaint.description, complaint.address]
    return "\n".join(p for p in parts if p)


def complaint_place(complaint: Complaint) -> tuple[str, str, str]:
    """Where the complaint is, as a model trained with --place-cols reads it: the address,
    the kelurahan and its kecamatan."""
    area = complaint.area
    parent = area.parent if area is not None else None
    return (complaint.address or "", area.name if area else "", parent.name if parent else "")


def agency_for_label(label: str) -> Agency | None:
    """The internal agency a label stands for: an agency's code, name or short name, or
    a category's code or name (its default agency). None for "lainnya" and unknowns."""
    if not label or label == OTHER:
        return None
    agency = (
        Agency.objects.filter(code__iexact=label).first()
        or Agency.objects.filter(name__iexact=label).first()
        or Agency.objects.filter(short_name__iexact=label).first()
    )
    if agency is None:
        category = (
            Category.objects.filter(code__iexact=label).first()
            or Category.objects.filter(name__iexact=label).first()
        )
        agency = category.default_agency if category else None
    if agency is None or agency.is_external or not agency.is_active:
        return None
    return agency


def effective_threshold(router) -> float:
    chosen = TriageSettings.current().threshold
    if chosen is not None:
        return chosen
    return float(router.meta.get("threshold", 1.0))


def complaint_route(
    *, complaint_id: int, now=None, may_dispose: bool = True
) -> RoutingDecision | None:
    """Ask the current model about a complaint just filed; dispose it when the model is
    sure enough and the admin allows it, otherwise keep its top three for the operator.
    `may_dispose=False`: suggestions only (cases filed before the model existed, which
    the operators were already looking at: the demo's backlog).

    Does nothing without a model, or when the case was routed already or left triage.
    The decision is written even when the dispose is refused (the operator sees why)."""
    router = store.load_current_or_none()
    if router is None:
        return None
    now = now or timezone.now()
    complaint = Complaint.objects.select_related("category", "area__parent").get(pk=complaint_id)
    if complaint.state != State.NEW or RoutingDecision.objects.filter(complaint=complaint).exists():
        return None
    started = time.perf_counter()
    places = [complaint_place(complaint)] if router.uses_places else None
    top = router.top([complaint_text(complaint)], k=3, places=places)[0]
    elapsed_ms = (time.perf_counter() - started) * 1000
    suggestions = []
    for label, confidence in top:
        agency = agency_for_label(label)
        suggestions.append(
            {"label": label, "confidence": round(confidence, 4), "agency": agency and agency.pk}
        )
    settings_row = TriageSettings.current()
    threshold = effective_threshold(router)
    best = suggestions[0]
    version = router.meta.get("version", "?")
    with transaction.atomic():
        decision = RoutingDecision.objects.create(
            complaint=complaint,
            model_version=version,
            suggestions=suggestions,
            confidence=best["confidence"],
            threshold=threshold,
            milliseconds=round(elapsed_ms, 2),
            created_at=now,
        )
        # 1.0 means never: a model that is all but certain can still round to 1.0.
        sure = threshold < 1.0 and best["confidence"] >= threshold
        if may_dispose and settings_row.auto_dispose and best["agency"] and sure:
            note = (
                f"Disposisi otomatis oleh model rute versi {version} "
                f"(keyakinan {best['confidence']:.2f}, ambang {threshold:.2f})."
            )
            try:
                with transaction.atomic():
                    complaint_dispose(
                        complaint=complaint,
                        user=None,
                        system=True,
                        agency=Agency.objects.get(pk=best["agency"]),
                        note=note,
                        now=now,
                    )
            except WorkflowError as exc:
                log.info("auto-dispose of %s refused: %s", complaint.code, exc)
            else:
                decision.auto_disposed = True
                decision.save(update_fields=["auto_disposed"])
    return decision


def route_after_commit(complaint_id: int) -> None:
    """The submit path's hook: a routing failure never fails the citizen's report."""
    try:
        complaint_route(complaint_id=complaint_id)
    except Exception:
        log.exception("routing complaint %s failed", complaint_id)


def suggestions_for(complaint: Complaint) -> list[dict]:
    """The stored top three, with the agency objects, for the operator's screens."""
    decision = getattr(complaint, "routing", None) if complaint.pk else None
    if decision is None:
        return []
    agencies = Agency.objects.in_bulk([s["agency"] for s in decision.suggestions if s["agency"]])
    return [
        {**s, "agency": agencies.get(s["agency"]), "percent": round(s["confidence"] * 100)}
        for s in decision.suggestions
    ]


def label_record(*, complaint: Complaint, label: str, source: str = LabelSource.OPERATOR, now=None):
    """Keep an operator's decision as a training label (one per case: the latest wins)."""
    now = now or timezone.now()
    TrainingLabel.objects.update_or_create(
        complaint=complaint,
        source=source,
        defaults={"text": complaint_text(complaint), "label": label, "created_at": now},
    )
