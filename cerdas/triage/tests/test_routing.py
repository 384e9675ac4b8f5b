import pytest
from django.urls import reverse

from cerdas.agencies.models import Agency
from cerdas.complaints.models import Action, State
from cerdas.complaints.services import complaint_dispose
from cerdas.triage.models import RoutingDecision, TrainingLabel, TriageSettings
from cerdas.triage.services import agency_for_label

from .fixtures import labelled

ROAD = "Jalan berlubang besar di depan pasar, motor sering jatuh, mohon ditambal"


@pytest.fixture
def pju(city):
    return Agency.objects.create(code="pju", name="Dinas Perhubungan", short_name="Dishub")


def _submit_routed(submit, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = submit(**kwargs)
    complaint.refresh_from_db()
    return complaint


def test_clear_case_is_disposed_automatically(
    city, pju, trained, submit, django_capture_on_commit_callbacks
):
    complaint = _submit_routed(submit, django_capture_on_commit_callbacks, description=ROAD)
    decision = RoutingDecision.objects.get(complaint=complaint)
    assert decision.auto_disposed
    assert decision.suggestions[0]["label"] == "pupr"
    assert decision.confidence >= decision.threshold == trained.meta["threshold"]
    assert complaint.state == State.DISPOSED
    assert complaint.agency == city.pupr
    event = complaint.events.get(action=Action.DISPOSE)
    assert event.actor is None and event.actor_label == "Sistem"
    assert trained.meta["version"] in event.note and "otomatis" in event.note
    assert not TrainingLabel.objects.exists()  # the model's own decision teaches nothing


def test_below_threshold_the_operator_sees_three_suggestions(
    city, pju, trained, submit, client, django_capture_on_commit_callbacks
):
    TriageSettings.objects.create(threshold=1.0)
    complaint = _submit_routed(submit, django_capture_on_commit_callbacks, description=ROAD)
    assert complaint.state == State.NEW
    decision = complaint.routing
    assert not decision.auto_disposed and decision.threshold == 1.0
    assert [s["label"] for s in decision.suggestions][0] == "pupr"
    assert len(decision.suggestions) == 3
    client.force_login(city.operator)
    page = client.get(reverse("complaints:detail", args=[complaint.code])).content.decode()
    assert "Saran model rute" in page and city.pupr.short_name in page
    queue = client.get(reverse("complaints:operator_queue")).content.decode()
    assert "triage-suggestion" in queue


def test_auto_dispose_off_keeps_suggestions(
    city, pju, trained, submit, django_capture_on_commit_callbacks
):
    TriageSettings.objects.create(auto_dispose=False)
    complaint = _submit_routed(submit, django_capture_on_commit_callbacks, description=ROAD)
    assert complaint.state == State.NEW and complaint.routing.suggestions


def test_a_case_filed_before_the_model_gets_suggestions_only(city, pju, trained, submit):
    from cerdas.triage.services import complaint_route

    complaint = submit(description=ROAD)  # no on-commit routing here: as before a model
    decision = complaint_route(complaint_id=complaint.pk, may_dispose=False)
    complaint.refresh_from_db()
    assert complaint.state == State.NEW and not decision.auto_disposed
    assert decision.suggestions[0]["label"] == "pupr" and decision.confidence >= decision.threshold


def test_no_model_no_routing(city, submit, django_capture_on_commit_callbacks):
    complaint = _submit_routed(submit, django_capture_on_commit_callbacks, description=ROAD)
    assert complaint.state == State.NEW
    assert not RoutingDecision.objects.exists()


def test_label_without_internal_agency_is_never_disposed(
    city, trained, submit, django_capture_on_commit_callbacks
):
    # No agency "pju" exists: a street-light text is suggested but cannot be disposed.
    complaint = _submit_routed(
        submit, django_capture_on_commit_callbacks, description="lampu jalan mati di sario, gelap"
    )
    assert complaint.state == State.NEW
    best = complaint.routing.suggestions[0]
    assert best["label"] == "pju" and best["agency"] is None


def test_labels_map_to_agencies_and_categories(city):
    assert agency_for_label("pupr") == city.pupr
    assert agency_for_label("Dinas Lingkungan Hidup") == city.dlh
    assert agency_for_label("sampah") == city.dlh  # a category: its default agency
    assert agency_for_label("pln") is None  # external body: never a dispose target
    assert agency_for_label("lainnya") is None


def test_operator_decision_becomes_a_training_label(city, submit):
    complaint = submit(description="sampah menumpuk di depan pasar")
    complaint_dispose(complaint=complaint, user=city.operator, agency=city.dlh)
    label = TrainingLabel.objects.get(complaint=complaint)
    assert label.label == "dlh" and label.source == "operator"
    assert "sampah menumpuk" in label.text


def test_feedback_loop_retrains_from_labels(city, submit):
    from django.core.management import call_command

    from cerdas.triage import store

    texts, labels = labelled(per_class=20)
    for text, label in zip(texts, labels, strict=True):
        agency = {"pupr": city.pupr, "dlh": city.dlh, "pju": city.uptd}[label]
        complaint = submit(description=text)
        complaint_dispose(complaint=complaint, user=city.operator, agency=agency)
    assert TrainingLabel.objects.count() == 60
    call_command("router", "train")
    router = store.load()
    assert router.meta["source"] == "db"
    assert set(router.classes) == {"pupr", "dlh", "uptd-jalan"}


def test_suggestions_are_staff_only(
    city, pju, trained, submit, client, django_capture_on_commit_callbacks
):
    TriageSettings.objects.create(threshold=1.0)
    complaint = _submit_routed(
        submit, django_capture_on_commit_callbacks, description=ROAD, reporter=city.citizen
    )
    url = reverse("complaints:detail", args=[complaint.code])
    assert client.get(url).status_code == 302  # anonymous: to the login
    for user in (city.citizen, city.other_officer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert b"Saran model rute" not in response.content
    # The leader and the agency holding the case read the case, not the model's guesses.
    complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    for user in (city.leader, city.officer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"Saran model rute" not in response.content


def test_periodic_retrain_after_enough_new_labels(city, submit, settings):
    from django.utils import timezone

    from cerdas.triage import store
    from cerdas.triage.training import router_retrain_due, train_and_save

    settings.CERDAS_ROUTER_RETRAIN_LABELS = 3
    assert router_retrain_due() == 0  # no model
    texts, labels = labelled(per_class=10)
    train_and_save(texts, labels)  # trained from a file, not the labels: left alone
    assert router_retrain_due() == 0
    TrainingLabel.objects.bulk_create(
        TrainingLabel(text=t, label=x, source="impor", created_at=timezone.now())
        for t, x in zip(texts, labels, strict=True)
    )
    train_and_save(texts, labels, source="db")
    first = store.current_version()
    for text in texts[:2]:
        complaint = submit(description=text)
        complaint_dispose(complaint=complaint, user=city.operator, agency=city.dlh)
    assert router_retrain_due() == 0  # two new labels, three wanted
    complaint = submit(description=texts[2])
    complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    assert router_retrain_due() == 1
    assert store.current_version() != first
    assert store.load().meta["rows"] == 33
    assert router_retrain_due() == 0


def test_a_model_with_places_reads_the_complaints_kelurahan(
    city, submit, django_capture_on_commit_callbacks
):
    """Trained with --place-cols, the model gets the complaint's address, kelurahan and
    kecamatan at routing time: here only the kelurahan tells the labels apart."""
    from cerdas.triage import training
    from cerdas.triage.services import complaint_place

    texts = [f"mohon bantuan segera nomor {i % 7}" for i in range(120)]
    places = [("", ("Pinaesaan", "Tikala", "Sario")[i % 3], "") for i in range(120)]
    labels = ["pupr" if p[1] == "Pinaesaan" else "dlh" for p in places]
    training.train_and_save(texts, labels, places=places, place_cols=["kelurahan"])
    complaint = _submit_routed(
        submit,
        django_capture_on_commit_callbacks,
        description="mohon bantuan segera nomor 3",
        address="dekat pasar",
    )
    assert complaint_place(complaint) == ("dekat pasar", "Pinaesaan", "Wenang")
    assert complaint.routing.suggestions[0]["label"] == "pupr"
