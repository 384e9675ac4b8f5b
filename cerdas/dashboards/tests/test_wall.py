"""The wall's token and data: read-only, revocable, and never personal."""

import pytest
from django.contrib.messages import get_messages

from cerdas.areas.models import Area
from cerdas.complaints import services
from cerdas.complaints.models import Privacy
from cerdas.dashboards.models import DisplayToken
from cerdas.dashboards.wall import _slow_cache


@pytest.fixture(autouse=True)
def _fresh_ranking():
    _slow_cache.clear()
    yield
    _slow_cache.clear()


@pytest.fixture
def token(db):
    return DisplayToken.issue(name="TV ruang kendali")


def data(client, raw, **params):
    response = client.get(f"/pimpinan/dinding/{raw}/data.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_token_opens_the_wall_and_its_data(client, token):
    _, raw = token
    page = client.get(f"/pimpinan/dinding/{raw}/")
    assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer"
    assert set(data(client, raw)) >= {"summary", "pins", "breaches", "feed", "ranking", "trend"}


def test_the_token_opens_nothing_else(client, token, city):
    _, raw = token
    client.get(f"/pimpinan/dinding/{raw}/")
    for url in ("/pimpinan/", "/cc/antrian/", "/pimpinan/opd/pupr/"):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert client.get(f"/api/v1/stats/summary?api_key={raw}").status_code == 401


def test_an_unknown_or_revoked_token_shows_nothing(client, token):
    stored, raw = token
    assert client.get("/pimpinan/dinding/wall_tebakan/").status_code == 404
    assert client.get(raw[:-1] + "x").status_code == 404
    stored.is_active = False
    stored.save()
    assert client.get(f"/pimpinan/dinding/{raw}/").status_code == 404
    assert client.get(f"/pimpinan/dinding/{raw}/data.json").status_code == 404


def test_the_wall_shows_no_personal_data_and_no_rahasia_case(client, token, city, submit):
    _, raw = token
    public = submit(reporter_name="Budi Santoso")
    secret = submit(category=city.confidential, description="Pungutan liar di kantor lurah.")
    assert secret.privacy == Privacy.CONFIDENTIAL
    services.complaint_dispose(complaint=public, user=city.operator, agency=city.pupr)
    body = client.get(f"/pimpinan/dinding/{raw}/data.json").content.decode()
    assert public.code in body
    assert secret.code not in body and "Pungutan liar" not in body
    for personal in ("Budi", "081234567890", "budi@example.com"):
        assert personal not in body
    assert data(client, raw)["summary"]["open"] == 2  # the rahasia case is counted


def test_the_wall_can_show_one_kecamatan(client, token, city, submit):
    _, raw = token
    district = submit().area.parent  # Pinaesaan, kecamatan Wenang
    wenang = data(client, raw, wilayah=district.code)
    assert wenang["area"]["name"] == "Wenang" and wenang["summary"]["open"] == 1
    elsewhere = Area.objects.filter(level=district.level).exclude(pk=district.pk).first()
    other = data(client, raw, wilayah=elsewhere.code)
    assert other["summary"]["open"] == 0 and other["pins"] == []


def test_wall_data_takes_a_fixed_number_of_queries(
    client, token, city, submit, django_assert_max_num_queries
):
    _, raw = token
    for _ in range(3):
        submit()
    data(client, raw)  # warms the ranking cache and the token's last_seen_at
    with django_assert_max_num_queries(14):
        data(client, raw)


def test_the_admin_shows_the_new_address_once_and_revokes(client, city):
    client.force_login(city.admin)
    response = client.post("/admin/dashboards/displaytoken/add/", {"name": "TV lobi"})
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request) if "/dinding/" in str(m)]
    raw = message.split("/pimpinan/dinding/")[1].rstrip("/")
    assert client.get(f"/pimpinan/dinding/{raw}/").status_code == 200
    stored = DisplayToken.objects.get()
    assert raw not in stored.token_hash
    client.post(
        "/admin/dashboards/displaytoken/",
        {"action": "revoke", "_selected_action": [stored.pk]},
    )
    assert client.get(f"/pimpinan/dinding/{raw}/").status_code == 404


def test_the_command_prints_the_address_alone_on_its_last_line(client, db, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("displaytoken", "create", "TV ruang rapat")
    url = capsys.readouterr().out.strip().splitlines()[-1]
    path = url.split("127.0.0.1:8000", 1)[1]
    assert client.get(path).status_code == 200
    prefix = DisplayToken.objects.get().prefix
    call_command("displaytoken", "revoke", prefix)
    assert client.get(path).status_code == 404
    with pytest.raises(CommandError):
        call_command("displaytoken", "revoke", "tidakada")


@pytest.mark.parametrize("utc_hour", [15, 16, 23])
def test_the_trend_counts_by_the_citys_day(client, token, city, submit, time_machine, utc_hour):
    """16:00 UTC is midnight in WITA: a report at 15:xx UTC belongs to the day before."""
    from datetime import UTC, datetime

    _, raw = token
    time_machine.move_to(datetime(2026, 2, 10, utc_hour, 30, tzinfo=UTC), tick=False)
    submit()
    trend = {d["day"]: d["received"] for d in data(client, raw)["trend"]}
    expected = "2026-02-10" if utc_hour < 16 else "2026-02-11"
    assert trend[expected] == 1 and sum(trend.values()) == 1
