from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cerdas.api.models import ApiKey, RateWindow
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
