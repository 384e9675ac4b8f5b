"""The leaders' daily digest: its figures, its page, and an e-mail sent exactly once."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from cerdas.complaints import services
from cerdas.dashboards.digest import digest_for, digest_send
from cerdas.dashboards.models import DigestRun

WITA = ZoneInfo("Asia/Makassar")


def wita(*args):
    return datetime(*args, tzinfo=WITA)


@pytest.fixture
def monday(city, submit, time_machine):
    """Mon 2 Feb 2026: two reports, one sent to PUPR; Tue 3 Feb: one more."""
    city.leader.email = "walikota@manadokota.go.id"
    city.leader.save()
    time_machine.move_to(wita(2026, 2, 2, 9, 0), tick=False)
    first = submit()
    submit(category=city.garbage)  # verify within 4 working hours: overdue at 13:00
    services.complaint_dispose(complaint=first, user=city.operator, agency=city.pupr)
    time_machine.move_to(wita(2026, 2, 3, 9, 0), tick=False)
    submit()
    return first


def test_the_digest_counts_the_day_before(city, monday):
    digest = digest_for(wita(2026, 2, 2).date(), now=wita(2026, 2, 3, 7, 30))
    assert (digest.received, digest.resolved) == (2, 0)
    assert digest.new_breaches == 1 and digest.overdue_now == 1
    assert [c.category for c in digest.breaches] == [city.garbage]


def test_the_digest_is_sent_once_to_each_leader_from_its_hour(city, monday, time_machine):
    assert digest_send(now=wita(2026, 2, 3, 6, 59)) == 0  # before CERDAS_DIGEST_HOUR
    assert mail.outbox == []
    assert digest_send(now=wita(2026, 2, 3, 7, 0)) == 1
    assert digest_send(now=wita(2026, 2, 3, 9, 0)) == 0  # already sent today
    (message,) = mail.outbox
    assert message.to == ["walikota@manadokota.go.id"]
    assert "2 Februari 2026" in message.subject
    assert "Laporan masuk: 2" in message.body
    html = message.alternatives[0][0]
    assert "/kasus/" in html and "Budi" not in html and "081234567890" not in html
    run = DigestRun.objects.get()
    assert (run.status, run.recipients) == (DigestRun.Status.SENT, 1)


def test_a_failed_send_is_tried_again_on_the_next_run(city, monday):
    with mock.patch("cerdas.dashboards.digest.send_mail", side_effect=OSError("refused")):
        assert digest_send(now=wita(2026, 2, 3, 7, 0)) == 0
    run = DigestRun.objects.get()
    assert run.status == DigestRun.Status.FAILED and "refused" in run.error
    assert digest_send(now=wita(2026, 2, 3, 7, 5)) == 1
    run.refresh_from_db()
    assert (run.status, run.attempts) == (DigestRun.Status.SENT, 2)


def test_no_leader_with_an_address_means_nothing_is_claimed(city, monday):
    city.leader.email = ""
    city.leader.save()
    assert digest_send(now=wita(2026, 2, 3, 8, 0)) == 0
    assert not DigestRun.objects.exists()


def test_the_page_shows_the_same_digest(client, city, monday):
    client.force_login(city.leader)
    response = client.get("/pimpinan/ringkasan/?hari=2026-02-02")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ringkasan harian 2 Februari 2026" in page and "OPD yang paling tertinggal" in page
    assert client.get("/pimpinan/ringkasan/?hari=kemarin").status_code == 404


@pytest.mark.parametrize("who", ["head", "officer", "citizen"])
def test_the_digest_page_is_for_leaders_and_the_command_center(client, city, monday, who):
    client.force_login(getattr(city, who))
    assert client.get("/pimpinan/ringkasan/").status_code == 403
