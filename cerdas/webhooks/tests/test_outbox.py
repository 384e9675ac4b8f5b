"""Which changes write deliveries, for whom, and what the payload may carry."""

import json
from datetime import datetime

import pytest
from django.db import transaction

from cerdas.complaints import services as complaints
from cerdas.complaints.models import Action, Privacy
from cerdas.complaints.workflow import WorkflowError
from cerdas.webhooks import services as webhooks
from cerdas.webhooks.models import Delivery, DeliveryStatus


def _dispose(city, complaint, agency=None):
    return complaints.complaint_dispose(
        complaint=complaint, user=city.operator, agency=agency or city.pupr
    )


def test_transition_writes_one_pending_delivery_per_matching_subscription_in_its_transaction(
    city, submit, subscribe, receiver, django_capture_on_commit_callbacks
):
    complaint = submit()
    first, second = subscribe(), subscribe(name="Sistem Dinas PUPR", agencies=[city.pupr])
    subscribe(name="Hanya validasi", events=[Action.VALIDATE])
    subscribe(name="Nonaktif", is_active=False)

    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            _dispose(city, complaint)
            # Written before the commit, by the change's own transaction...
            rows = Delivery.objects.filter(event__action=Action.DISPOSE)
            assert sorted(d.subscription_id for d in rows) == [first.pk, second.pk]
            assert {d.status for d in rows} == {DeliveryStatus.PENDING}
    # ...and queued for sending only once it committed (other outboxes, the citizen's
    # notifications, queue their own).
    assert len([c for c in callbacks if getattr(c, "func", None) is webhooks._enqueue]) == 1
    assert receiver.requests == []


def test_rolled_back_change_leaves_no_delivery_and_sends_nothing(
    city, submit, subscribe, receiver, immediate_tasks, django_capture_on_commit_callbacks
):
    subscribe()
    complaint = submit()
    before = Delivery.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _dispose(city, complaint)
            assert Delivery.objects.count() == before + 1
            raise RuntimeError("something after the change failed")

    assert Delivery.objects.count() == before
    assert callbacks == []
    assert receiver.requests == []


def test_refused_transition_writes_no_delivery(city, submit, subscribe):
    subscribe()
    complaint = submit()
    before = Delivery.objects.count()

    with pytest.raises(WorkflowError):
        complaints.complaint_validate(complaint=complaint, user=city.operator)

    assert Delivery.objects.count() == before


def test_submit_and_auto_close_are_sent_too(city, submit, subscribe, photo):
    subscription = subscribe()
    complaint = submit()
    complaint = _dispose(city, complaint)
    complaint = complaints.complaint_accept(complaint=complaint, user=city.officer)
    complaint = complaints.complaint_follow_up(
        complaint=complaint, user=city.officer, note="Sudah ditambal.", photos=[photo]
    )
    complaints.complaint_validate(complaint=complaint, user=city.operator)
    complaints.complaints_auto_close(now=datetime(2100, 1, 1, tzinfo=complaint.created_at.tzinfo))

    types = list(
        subscription.deliveries.order_by("event__created_at", "event_id").values_list(
            "payload__type", flat=True
        )
    )
    assert types == [
        "complaint.submit",
        "complaint.dispose",
        "complaint.accept",
        "complaint.follow_up",
        "complaint.validate",
        "complaint.auto_close",
    ]


def test_agency_subscription_gets_only_its_agencys_cases(city, submit, subscribe):
    pupr_system = subscribe(name="Sistem PUPR", agencies=[city.pupr])
    dlh_case = _dispose(city, submit(), city.dlh)
    pupr_case = _dispose(city, submit(), city.pupr)
    unit_case = _dispose(city, submit(), city.uptd)  # a UPTD under PUPR

    codes = {d.payload["complaint"]["code"] for d in pupr_system.deliveries.all()}
    assert codes == {pupr_case.code, unit_case.code}
    assert dlh_case.code not in codes
    # Not even the submit events: before disposal no agency holds a case.
    assert not pupr_system.deliveries.filter(payload__type="complaint.submit").exists()


def test_transfer_reaches_the_agency_that_lost_the_case_then_stops(city, submit, subscribe):
    pupr_system = subscribe(name="Sistem PUPR", agencies=[city.pupr])
    dlh_system = subscribe(name="Sistem DLH", agencies=[city.dlh])
    case = _dispose(city, submit(), city.pupr)
    case = complaints.complaint_request_transfer(
        complaint=case, user=city.officer, target=city.dlh, reason="Sampah, bukan jalan."
    )
    case = complaints.complaint_approve_transfer(complaint=case, user=city.operator)
    complaints.complaint_accept(complaint=case, user=city.other_officer)

    def actions(subscription):
        return [
            d.payload["event"]["action"]
            for d in subscription.deliveries.order_by("event__created_at", "event_id")
        ]

    assert actions(pupr_system) == ["dispose", "request_transfer", "approve_transfer"]
    assert actions(dlh_system) == ["approve_transfer", "accept"]


def test_handed_off_case_reaches_the_external_body(city, submit, subscribe):
    pln_bridge = subscribe(name="Jembatan PLN", agencies=[city.pln])
    complaints.complaint_hand_off(
        complaint=submit(), user=city.operator, body=city.pln, note="Tiang listrik milik PLN."
    )
    [delivery] = pln_bridge.deliveries.all()
    assert delivery.payload["complaint"]["external_body"] == "pln"
    assert delivery.payload["complaint"]["state"] == "bukan_wewenang"


def test_payload_shape(city, submit, subscribe, settings):
    settings.CERDAS_BASE_URL = "https://pengaduan.manadokota.go.id"
    subscription = subscribe(include_content=True)
    complaint = _dispose(city, submit(title="Lubang di Jl. Sam Ratulangi"))
    delivery = subscription.deliveries.get(payload__type="complaint.dispose")

    payload = delivery.payload
    assert payload["id"] == str(delivery.pk)
    assert payload["occurred_at"].endswith("+08:00")  # WITA
    assert payload["complaint"] == {
        "code": complaint.code,
        "state": "disposisi",
        "state_label": "Diteruskan ke OPD",
        "category": "jalan-rusak",
        "agency": "pupr",
        "external_body": None,
        "privacy": "publik",
        "due_at": payload["complaint"]["due_at"],
        "url": f"https://pengaduan.manadokota.go.id/lacak/{complaint.code}/",
        "title": "Lubang di Jl. Sam Ratulangi",
        "description": complaint.description,
        "latitude": complaint.latitude,
        "longitude": complaint.longitude,
        "kelurahan": complaint.area.name,
    }
    assert payload["complaint"]["due_at"].endswith("+08:00")
    assert payload["event"] == {
        "id": delivery.event_id,
        "action": "dispose",
        "action_label": "Diverifikasi dan diteruskan ke OPD",
        "from_state": "baru",
        "to_state": "disposisi",
        "public": True,
        "note": None,
        "actor": "Command Center",
    }


def test_content_only_when_the_subscription_asks_for_it(city, submit, subscribe):
    plain = subscribe()
    submit()
    assert not {"title", "description", "latitude", "longitude", "kelurahan"} & set(
        plain.deliveries.get().payload["complaint"]
    )


REPORTER = ("Budi", "Santoso", "081234567890", "6281234567890", "budi@example.com")


def _all_payloads(subscription) -> str:
    return json.dumps([d.payload for d in subscription.deliveries.all()], ensure_ascii=False)


def test_payload_never_carries_the_reporters_identity(city, submit, subscribe):
    subscription = subscribe(include_content=True)
    complaint = submit(privacy=Privacy.PUBLIC)
    complaint = _dispose(city, complaint)
    complaint = complaints.complaint_accept(complaint=complaint, user=city.officer)
    complaint = complaints.complaint_assign(
        complaint=complaint, user=city.head, officer=city.officer2
    )
    complaints.complaint_comment(
        complaint=complaint, user=city.operator, note="Pelapor Budi minta ditelepon."
    )

    sent = _all_payloads(subscription)
    assert subscription.deliveries.count() == 5
    for secret in REPORTER:
        assert secret not in sent
    # Internal events are sent, their notes (officer names, staff remarks) are not.
    assert "Petugas2_Pupr" not in sent and "ditelepon" not in sent
    internal = subscription.deliveries.get(payload__type="complaint.assign").payload["event"]
    assert internal["public"] is False and internal["note"] is None


def test_rahasia_case_text_never_leaves_even_with_content(city, submit, subscribe):
    subscription = subscribe(include_content=True, agencies=[])
    agency_system = subscribe(name="Sistem PUPR", include_content=True, agencies=[city.pupr])
    complaint = submit(
        category=city.confidential,
        title="Pungli di kantor kelurahan",
        description="Oknum meminta uang Rp500.000 untuk surat keterangan.",
    )
    assert complaint.privacy == Privacy.CONFIDENTIAL
    complaint = complaints.complaint_request_info(
        complaint=complaint, user=city.operator, question="Kapan kejadiannya?"
    )
    complaint = complaints.complaint_provide_info(
        complaint=complaint, user=None, reporter_link=True, text="Senin pagi, oknum berbaju dinas."
    )
    _dispose(city, complaint, city.pupr)

    for sub in (subscription, agency_system):
        sent = _all_payloads(sub)
        for text in ("Pungli di kantor", "Rp500.000", "Kapan kejadiannya", "berbaju dinas"):
            assert text not in sent
        for secret in REPORTER:
            assert secret not in sent
    payload = agency_system.deliveries.get().payload
    assert payload["complaint"]["privacy"] == "rahasia"
    assert "latitude" not in payload["complaint"] and payload["event"]["note"] is None
