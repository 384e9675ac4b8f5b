"""Who hears what about a complaint: reporters of every change of state, agencies of a
new case; templates from the admin; privacy; opt-out links."""

import time

import pytest
from django.core.signing import Signer
from django.urls import reverse

from cerdas.complaints.links import private_url
from cerdas.complaints.models import Privacy
from cerdas.complaints.services import (
    complaint_accept,
    complaint_assign,
    complaint_dispose,
    complaint_reject,
    complaint_request_info,
)
from cerdas.notifications import notices
from cerdas.notifications.models import Notification, OptOut, Preference, Status, Template
from cerdas.notifications.notices import OPTOUT_SALT, reporter_recipients
from cerdas.notifications.services import notifications_deliver_due

pytestmark = pytest.mark.django_db


def open_window(fake, wa_id: str, hours: float = 1) -> None:
    """The person wrote to us on WhatsApp `hours` ago: we and Meta both know it."""
    from datetime import timedelta

    from django.utils import timezone

    from cerdas.channels.models import Conversation

    Conversation.objects.create(
        channel="whatsapp", address=wa_id, last_inbound_at=timezone.now() - timedelta(hours=hours)
    )
    fake.customer_wrote(wa_id, at=time.time() - hours * 3600)


def bodies(complaint, template=None):
    rows = Notification.objects.filter(complaint=complaint).order_by("id")
    if template:
        rows = rows.filter(template=template)
    return list(rows)


def test_reporter_hears_of_submission_on_whatsapp_with_the_tracking_code(fake, submit):
    # The reporter wrote to the city on WhatsApp an hour ago: free text is allowed.
    open_window(fake, "6281234567890")
    complaint = submit()
    [notice] = bodies(complaint)
    assert notice.template == "reporter_submit"
    assert notice.channel == "whatsapp" and notice.address == "6281234567890"
    assert complaint.code in notice.body
    assert f"/lacak/{complaint.code}/" in notice.body
    assert "BERHENTI" in notice.body  # no account: the opt-out command is offered
    assert notifications_deliver_due() == 1
    assert fake.sent_to("6281234567890")[0].text == notice.body


def test_without_whatsapp_the_reporter_gets_email_with_an_optout_link(settings, submit):
    settings.CERDAS_WHATSAPP_TOKEN = ""
    settings.CERDAS_SMS_GATEWAY_URL = ""
    complaint = submit()
    [notice] = bodies(complaint)
    assert notice.channel == "email" and notice.address == "budi@example.com"
    assert notice.subject == f"Laporan {complaint.code} diterima"
    assert "/notifikasi/berhenti/" in notice.body


def test_every_state_change_is_told_and_notes_follow_privacy(fake, city, submit):
    complaint = submit()
    complaint_request_info(complaint=complaint, user=city.operator, question="Di RT berapa?")
    [asked] = bodies(complaint, "reporter_request_info")
    assert "Di RT berapa?" in asked.body
    secret = submit(category=city.confidential, privacy=Privacy.CONFIDENTIAL)
    complaint_request_info(complaint=secret, user=city.operator, question="Nama pelaku?")
    [asked_secret] = bodies(secret, "reporter_request_info")
    assert "Nama pelaku" not in asked_secret.body


def test_dispose_tells_reporter_and_the_agency_staff_but_no_one_elses_data(fake, city, submit):
    city.officer.phone = "+6281111111111"
    city.officer.save()
    city.head.email = "kepala@pupr.example"
    city.head.save()
    complaint = submit()
    complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    [reporter] = bodies(complaint, "reporter_state")
    assert "Diteruskan ke OPD" in reporter.body
    staff = bodies(complaint, "officer_new_case")
    assert {(n.channel, n.address) for n in staff} == {
        ("whatsapp", "6281111111111"),
        ("email", "kepala@pupr.example"),
    }
    for notice in staff:
        assert complaint.code in notice.body
        # The reporter's name, phone and e-mail are nobody else's business.
        for personal in ("Budi", "081234567890", "6281234567890", "budi@example.com"):
            assert personal not in notice.body
    # Another agency's staff hear nothing.
    assert not Notification.objects.filter(user__in=[city.other_officer, city.other_head])


def test_accept_and_assign(fake, city, submit):
    city.officer2.email = "petugas2@pupr.example"
    city.officer2.save()
    complaint = submit()
    complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    complaint_accept(complaint=complaint, user=city.officer)
    assert len(bodies(complaint, "reporter_state")) == 2  # disposisi, diproses
    complaint_assign(complaint=complaint, user=city.head, officer=city.officer2)
    [assigned] = [n for n in bodies(complaint, "officer_new_case") if ":assigned:" in n.key]
    assert assigned.user == city.officer2
    assert assigned.address == "petugas2@pupr.example"


def test_account_preferences_choose_channels_and_opt_out(fake, city, submit):
    city.citizen.email = "warga@example.com"
    city.citizen.save()
    Preference.objects.create(
        user=city.citizen, channels=["telegram", "email"], telegram_chat_id="555"
    )
    complaint = submit(reporter=city.citizen)
    assert {(n.channel, n.address) for n in bodies(complaint)} == {
        ("telegram", "555"),
        ("email", "warga@example.com"),
    }
    Preference.objects.filter(user=city.citizen).update(opted_out=True)
    complaint_reject(complaint=complaint, user=city.operator, reason="Bukan laporan.")
    assert not bodies(complaint, "reporter_reject")
    # Queued before the opt-out: not sent either.
    assert notifications_deliver_due() == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SKIPPED}
    assert fake.requests == []


def test_template_edited_in_the_admin_is_used_and_can_be_switched_off(fake, city, submit):
    edited = Template.objects.get(code="reporter_submit")
    edited.body = "Kode Anda: {{ code }}"
    edited.save()  # as the admin does: the cached templates are dropped
    complaint = submit()
    # The private link is added when the edited text lost it: the reporter must be able
    # to answer, rate and reopen from every notice.
    assert bodies(complaint)[0].body == (
        f"Kode Anda: {complaint.code}\n\nBuka laporan Anda: {private_url(complaint.code)}"
    )
    switched_off = Template.objects.get(code="reporter_reject")
    switched_off.is_active = False
    switched_off.save()
    complaint_reject(complaint=complaint, user=city.operator, reason="Spam.")
    assert not bodies(complaint, "reporter_reject")


def test_templates_cannot_reach_personal_data(fake, submit):
    Template.objects.filter(code="reporter_submit").update(
        body="{{ code }} {{ complaint.reporter_phone }} {{ reporter_phone }}"
    )
    notices._templates_cache.clear()
    complaint = submit()
    assert bodies(complaint)[0].body.split("\n")[0] == complaint.code
    assert "6281234567890" not in bodies(complaint)[0].body


def test_admin_refuses_a_broken_template(client, city):
    client.force_login(city.admin)
    template = Template.objects.get(code="reporter_submit")
    url = reverse("admin:notifications_template_change", args=[template.pk])
    response = client.post(url, {"description": "x", "subject": "s", "body": "{% if %}"})
    assert response.status_code == 200
    assert "Templat tidak valid" in response.content.decode()
    template.refresh_from_db()
    assert template.body != "{% if %}"


def test_optout_link_needs_a_post_and_a_valid_signature(client, db):
    token = Signer(salt=OPTOUT_SALT).sign_object(["email", "budi@example.com"])
    url = reverse("notifications:optout", args=[token])
    assert client.get(url).status_code == 200
    assert not OptOut.objects.exists()  # a mail scanner's GET changes nothing
    assert client.post(url).status_code == 200
    assert OptOut.objects.filter(channel="email", address="budi@example.com").exists()
    forged = reverse("notifications:optout", args=[token[:-2] + "xx"])
    assert client.post(forged).status_code == 404
    assert OptOut.objects.count() == 1


def test_opted_out_reporter_address_is_skipped_at_send_time(fake, submit):
    complaint = submit()
    OptOut.objects.create(channel="whatsapp", address="6281234567890")
    notifications_deliver_due()
    assert bodies(complaint)[0].status == Status.SKIPPED
    assert fake.requests == []
    assert reporter_recipients(complaint)  # still chosen; refused when sending


def test_supporters_hear_of_state_changes_like_the_reporter(fake, city, submit):
    from cerdas.triage.duplicates import complaint_support

    complaint = submit()
    complaint_dispose(complaint=complaint, user=city.operator, agency=city.pupr)
    supporter = complaint_support(complaint=complaint, phone="0812 9999 8888", name="Tetangga")
    supporter.confirmed_at = supporter.created_at  # its one-time code came back
    supporter.save()
    complaint_accept(complaint=complaint, user=city.officer)
    told = {(n.channel, n.address) for n in bodies(complaint, "reporter_state")}
    # The reporter (disposisi, diproses) and the supporter who joined in between.
    assert ("whatsapp", "6281299998888") in told
    assert ("whatsapp", "6281234567890") in told
    [to_supporter] = [
        n for n in bodies(complaint, "reporter_state") if "6281299998888" in n.address
    ]
    assert "Budi" not in to_supporter.body and "081234567890" not in to_supporter.body


def test_history_played_in_silence_queues_no_notice(fake, city, submit):
    from cerdas.notifications.receivers import silenced

    with silenced():
        quiet = complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    assert quiet.events.count() == 2 and not Notification.objects.exists()
    submit()  # outside it, notices as ever
    assert Notification.objects.exists()
