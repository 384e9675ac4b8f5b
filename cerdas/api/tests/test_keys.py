from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from cerdas.api.models import ApiKey, ApiSubmission, RateWindow
from cerdas.api.services import submission_record
from cerdas.complaints.workflow import WorkflowError


def test_issued_key_authenticates_and_only_its_hash_is_stored(city):
    key, raw = ApiKey.issue(name="Aplikasi", scopes=["submit", "agency:pupr"])
    assert raw not in key.key_hash
    assert ApiKey.authenticate(raw) == key
    assert ApiKey.authenticate(raw[:-1] + ("x" if raw[-1] != "x" else "y")) is None
    assert key.agency_codes == ["pupr"]


def test_revoked_key_no_longer_authenticates(city):
    key, raw = ApiKey.issue(name="Aplikasi", scopes=["read_all"])
    call_command("apikey", "revoke", key.prefix)
    assert ApiKey.authenticate(raw) is None


def test_cli_prints_the_key_alone_on_its_last_line(city, capsys):
    call_command("apikey", "create", "Bridge LAPOR", "--scope", "read_all", "--scope", "submit")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiKey.authenticate(last).name == "Bridge LAPOR"


@pytest.mark.parametrize("scope", ["everything", "agency:tidak-ada", "agency:pln"])
def test_unknown_scope_or_agency_is_refused_and_nothing_is_created(city, scope):
    with pytest.raises(WorkflowError):
        ApiKey.issue(name="x", scopes=[scope])
    with pytest.raises(CommandError):
        call_command("apikey", "create", "x", "--scope", scope)
    assert not ApiKey.objects.exists()


def test_rate_window_allows_the_limit_then_says_when_to_retry(db):
    now = datetime(2026, 11, 23, 10, 0, 15, tzinfo=UTC)
    assert [RateWindow.hit("ip:1", limit=3, now=now) for _ in range(3)] == [0, 0, 0]
    assert RateWindow.hit("ip:1", limit=3, now=now) == 45
    assert RateWindow.hit("ip:2", limit=3, now=now) == 0
    assert RateWindow.hit("ip:1", limit=3, now=now.replace(minute=1)) == 0


def test_rate_window_counts_each_request_once_whether_or_not_it_existed(db):
    now = datetime(2026, 11, 23, 10, 0, 15, tzinfo=UTC)
    assert RateWindow.hit("ip:1", limit=2, now=now) == 0  # creates the window
    assert RateWindow.hit("ip:1", limit=2, now=now) == 0  # one UPDATE
    assert RateWindow.objects.get(bucket="ip:1").count == 2
    assert RateWindow.hit("ip:1", limit=2, now=now) == 45
    assert RateWindow.objects.get(bucket="ip:1").count == 2  # a refusal is not counted


def test_last_used_is_written_at_most_once_a_minute(city, django_assert_num_queries):
    key, raw = ApiKey.issue(name="Aplikasi", scopes=["submit"])
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), tick=False):
        with django_assert_num_queries(2):  # read the key, write last_used_at
            ApiKey.authenticate(raw)
        with django_assert_num_queries(1):
            ApiKey.authenticate(raw)
    with time_machine.travel(datetime(2026, 11, 23, 10, 1, tzinfo=UTC), tick=False):
        ApiKey.authenticate(raw)
    key.refresh_from_db()
    assert key.last_used_at == datetime(2026, 11, 23, 10, 1, tzinfo=UTC)


def test_a_submission_is_recorded_once_for_its_first_key(city, submit):
    complaint = submit()
    first, _ = ApiKey.issue(name="A", scopes=["submit"])
    second, _ = ApiKey.issue(name="B", scopes=["submit"])
    submission_record(key=first, complaint=complaint)
    submission_record(key=second, complaint=complaint)  # a replay: nothing changes
    assert ApiSubmission.objects.get(complaint=complaint).key == first
