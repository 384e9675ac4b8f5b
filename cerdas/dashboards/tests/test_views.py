"""The leaders' pages over HTTP: who sees what, the filters, and a pinned query count."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cerdas.complaints import services

WITA = ZoneInfo("Asia/Makassar")
OVERVIEW = "/pimpinan/"


@pytest.fixture
def cases(city, submit, time_machine):
    time_machine.move_to(datetime(2026, 2, 2, 9, 0, tzinfo=WITA), tick=False)
    pupr = services.complaint_dispose(complaint=submit(), user=city.operator, agency=city.pupr)
    services.complaint_accept(complaint=pupr, user=city.head, officer=city.officer)
    dlh = services.complaint_dispose(
        complaint=submit(category=city.garbage), user=city.operator, agency=city.dlh
    )
    time_machine.move_to(datetime(2026, 2, 20, 10, 0, tzinfo=WITA), tick=False)
    return {"pupr": pupr, "dlh": dlh}


@pytest.mark.parametrize("who", ["leader", "operator", "admin"])
def test_leaders_and_the_command_center_see_every_agency(client, city, cases, who):
    client.force_login(getattr(city, who))
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dinas PUPR" in page and "DLH" in page
    assert "data belum cukup" in page  # two cases are too few for a score
    assert "Cara menghitung skor kepatuhan" in page  # the formula is on the page
    assert client.get("/pimpinan/opd/dlh/").status_code == 200


def test_agencies_without_cases_are_named_in_one_line_not_given_cards(client, city, cases):
    from cerdas.agencies.models import Agency

    Agency.objects.create(code="kec-wenang", name="Kecamatan Wenang", short_name="Kec. Wenang")
    client.force_login(city.leader)
    response = client.get(OVERVIEW)
    cards = [c.name for c in response.context["cards"]]
    assert "Dinas PUPR" in cards and "DLH" in cards and "Kec. Wenang" not in cards
    idle = response.content.decode().split('id="idle-agencies"')[1].split("</p>")[0]
    assert 'href="/pimpinan/opd/kec-wenang/"' in idle and "Dinas PUPR" not in idle


def test_an_agency_head_is_sent_to_their_own_agency_and_nowhere_else(client, city, cases):
    client.force_login(city.head)
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and response["Location"] == "/pimpinan/opd/pupr/"
    own = client.get("/pimpinan/opd/pupr/")
    assert own.status_code == 200
    assert cases["pupr"].code in own.content.decode()
    assert cases["dlh"].code not in own.content.decode()
    assert client.get("/pimpinan/opd/dlh/").status_code == 404


@pytest.mark.parametrize("who", ["officer", "other_officer", "citizen"])
def test_officers_and_citizens_are_refused(client, city, cases, who):
    client.force_login(getattr(city, who))
    assert client.get(OVERVIEW).status_code == 403
    assert client.get("/pimpinan/opd/pupr/").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, cases):
    for url in (OVERVIEW, "/pimpinan/opd/pupr/"):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_an_unknown_or_external_agency_does_not_exist(client, city, cases):
    client.force_login(city.leader)
    assert client.get("/pimpinan/opd/tidak-ada/").status_code == 404
    assert client.get("/pimpinan/opd/pln/").status_code == 404  # an external body
    assert client.get("/pimpinan/opd/uptd-jalan/").status_code == 404  # counted in its OPD


def test_the_drill_down_narrows_to_one_officer(client, city, cases):
    client.force_login(city.leader)
    response = client.get(f"/pimpinan/opd/pupr/?petugas={city.officer.pk}")
    assert response.status_code == 200
    assert cases["pupr"].code in response.content.decode()
    empty = client.get(f"/pimpinan/opd/pupr/?petugas={city.officer2.pk}")
    assert cases["pupr"].code not in empty.content.decode()
    assert client.get(f"/pimpinan/opd/pupr/?petugas={city.other_officer.pk}").status_code == 404


def test_filters_by_category_and_a_bad_period_says_why(client, city, cases):
    client.force_login(city.leader)
    garbage = client.get(f"{OVERVIEW}?period=90&category={city.garbage.pk}")
    assert garbage.status_code == 200
    bad = client.get(f"{OVERVIEW}?period=custom&start=2026-02-10&end=2026-02-01")
    assert bad.status_code == 200
    assert "Tanggal akhir sebelum tanggal awal." in bad.content.decode()


def test_an_htmx_request_gets_only_the_figures(client, city, cases):
    client.force_login(city.leader)
    response = client.get(OVERVIEW, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="figures">') and "<html" not in page


def test_pages_take_a_fixed_number_of_queries(client, city, cases, django_assert_max_num_queries):
    client.force_login(city.leader)
    client.get(OVERVIEW)  # the session, the categories and the areas of the pickers warm up
    with django_assert_max_num_queries(24):
        assert client.get(OVERVIEW).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get("/pimpinan/opd/pupr/").status_code == 200
