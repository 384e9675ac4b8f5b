"""GET /stats/summary and /stats/agencies: who may read them, and what they say."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cerdas.complaints import services

from .util import API

WITA = ZoneInfo("Asia/Makassar")
SUMMARY = f"{API}/stats/summary"
AGENCIES = f"{API}/stats/agencies?start=2026-02-01&end=2026-02-28"


@pytest.fixture
def february(city, submit, time_machine):
    time_machine.move_to(datetime(2026, 2, 2, 9, 0, tzinfo=WITA), tick=False)
    for agency in (city.pupr, city.dlh):
        services.complaint_dispose(complaint=submit(), user=city.operator, agency=agency)
    time_machine.move_to(datetime(2026, 2, 27, 12, 0, tzinfo=WITA), tick=False)


def codes(response) -> list[str]:
    return [card["agency"] for card in response.json()]


@pytest.mark.parametrize("who", ["leader", "operator", "admin"])
def test_leaders_and_the_command_center_read_every_agency(client, city, february, who):
    client.force_login(getattr(city, who))
    response = client.get(AGENCIES)
    assert response.status_code == 200, response.content
    assert sorted(codes(response)) == ["dlh", "pupr"]  # a unit and external bodies are not
    pupr = next(card for card in response.json() if card["agency"] == "pupr")
    assert pupr["received"] == 1 and pupr["backlog"] == 1
    assert pupr["response_on_time"] == {"judged": 1, "met": 0, "rate": 0.0}
    assert pupr["score"] is None and pupr["zone"] is None  # data belum cukup
    assert client.get(SUMMARY).json()["open"] == 2


def test_a_read_all_key_reads_every_agency(client, city, keys, february):
    response = client.get(AGENCIES, headers=keys.read_all.headers)
    assert response.status_code == 200
    assert sorted(codes(response)) == ["dlh", "pupr"]
    assert client.get(SUMMARY, headers=keys.read_all.headers).status_code == 200


def test_an_agency_head_reads_only_their_own_agency(client, city, february):
    client.force_login(city.other_head)
    response = client.get(AGENCIES)
    assert response.status_code == 200 and codes(response) == ["dlh"]
    assert client.get(SUMMARY).status_code == 403  # the whole city is not theirs


@pytest.mark.parametrize("who", ["officer", "citizen"])
def test_officers_and_citizens_are_refused(client, city, february, who):
    client.force_login(getattr(city, who))
    assert client.get(AGENCIES).status_code == 403
    assert client.get(SUMMARY).status_code == 403


def test_other_keys_are_refused_and_anonymous_callers_must_authenticate(
    client, city, keys, february
):
    for key in (keys.submit, keys.pupr):
        assert client.get(AGENCIES, headers=key.headers).status_code == 403
    assert client.get(AGENCIES).status_code == 401
    assert client.get(SUMMARY).status_code == 401


@pytest.mark.parametrize(
    "query",
    [
        "start=2026-02-28&end=2026-02-01",
        "start=2025-01-01&end=2026-02-01",
        "start=kemarin&end=2026-02-01",
        "",
    ],
)
def test_a_bad_period_is_refused(client, city, query):
    client.force_login(city.leader)
    response = client.get(f"{API}/stats/agencies?{query}")
    assert response.status_code == 422
