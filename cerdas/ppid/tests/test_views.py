import io

import pytest
import time_machine
from openpyxl import load_workbook

from cerdas.ppid import services
from cerdas.ppid.models import InfoRequest, Objection, State

from .conftest import local

FORM = {
    "name": "Siti Rahmawati",
    "id_number": "7171014403880002",
    "address": "Jl. Sam Ratulangi No. 12, Wenang",
    "occupation": "Wartawan",
    "phone": "081234567891",
    "email": "siti@example.com",
    "information": "Salinan DPA Dinas PUPR tahun 2026.",
    "purpose": "Bahan liputan.",
    "obtain_method": "softcopy",
    "delivery_method": "email",
}
PERSONAL = [
    "Siti",
    "7171014403880002",
    "Sam Ratulangi",
    "081234567891",
    "+6281234567891",
    "siti@example.com",
]


def test_citizen_files_a_request_and_lands_on_its_tracking_page(client, ppid):
    assert client.get("/ppid/permohonan/").status_code == 200
    response = client.post("/ppid/permohonan/", FORM, follow=True)
    row = InfoRequest.objects.get()
    assert response.redirect_chain[-1][0] == f"/ppid/lacak/{row.number}/"
    html = response.content.decode()
    assert row.number in html and "Sedang diproses" in html
    assert row.name == "Siti Rahmawati" and row.phone == "+6281234567891"


def test_bad_form_is_answered_400_and_writes_nothing(client, ppid):
    response = client.post("/ppid/permohonan/", {**FORM, "phone": "", "email": ""})
    assert response.status_code == 400
    assert "nomor HP atau alamat e-mail" in response.content.decode()
    assert not InfoRequest.objects.exists()


def test_tracking_page_shows_the_clock_and_no_personal_data(client, file_request, ppid):
    row = file_request()
    services.request_extend(
        request=row, user=ppid.ppid, reason="Siti minta data tambahan.", now=local(2026, 8, 11, 9)
    )
    with time_machine.travel(local(2026, 8, 12, 10), tick=False):
        html = client.get(f"/ppid/lacak/{row.number}/").content.decode()
    # 7 Sep 10:00 is 15 working days from 12 Aug 10:00 (8 to 27 Aug, 7 more to 7 Sep).
    assert "15.0 hari kerja" in html or "15,0 hari kerja" in html
    assert "Diperpanjang" in html
    for secret in PERSONAL:
        assert secret not in html


def test_tracking_lookup_normalises_and_says_when_unknown(client, file_request):
    row = file_request()
    response = client.get("/ppid/lacak/", {"nomor": row.number.lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"] == f"/ppid/lacak/{row.number}/"
    response = client.get("/ppid/lacak/", {"nomor": "PPID-2222-22"})
    assert "tidak ditemukan" in response.content.decode()
    assert client.get("/ppid/lacak/PPID-2222-22/").status_code == 404


PPID_PAGES = ["/ppid/meja/", "/ppid/register/permohonan/", "/ppid/register/keberatan/ekspor.xlsx"]


@pytest.mark.parametrize("path", PPID_PAGES)
def test_ppid_pages_are_forbidden_to_others(client, ppid, file_request, path):
    row = file_request()
    assert client.get(path).status_code == 302  # anonymous: to the login page
    for who in ["citizen", "officer", "leader", "operator"]:
        client.force_login(getattr(ppid, who))
        assert client.get(path).status_code == 403
        assert client.get(f"/ppid/meja/{row.number}/").status_code == 403
    client.force_login(ppid.ppid)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("who", [None, "citizen", "officer"])
def test_others_cannot_act_on_a_request(client, ppid, file_request, who):
    row = file_request()
    if who:
        client.force_login(getattr(ppid, who))
    response = client.post(
        f"/ppid/meja/{row.number}/decide/",
        {"decide-decision": "diberikan", "decide-note": "Ya"},
    )
    assert response.status_code == (302 if who is None else 403)
    row.refresh_from_db()
    assert row.state == State.PROCESSING and row.events.count() == 1


def test_ppid_extends_decides_and_delivers_on_the_desk(client, ppid, file_request):
    row = file_request()
    client.force_login(ppid.ppid)
    html = client.get("/ppid/meja/").content.decode()
    assert row.number in html
    with time_machine.travel(local(2026, 8, 12, 9), tick=False):
        response = client.post(
            f"/ppid/meja/{row.number}/extend/", {"extend-reason": "Arsip di OPD lain."}
        )
        assert response.status_code == 302
        response = client.post(
            f"/ppid/meja/{row.number}/decide/",
            {"decide-decision": "sebagian", "decide-note": "Sebagian dikecualikan."},
        )
        assert response.status_code == 400
        assert "Sebutkan dasar pengecualian" in response.content.decode()
        response = client.post(
            f"/ppid/meja/{row.number}/decide/",
            {"decide-decision": "sebagian", "decide-exemptions": ["h"], "decide-note": "Sebagian."},
        )
        assert response.status_code == 302
        response = client.post(f"/ppid/meja/{row.number}/deliver/", {"deliver-note": "E-mail."})
        assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == State.DELIVERED and row.exemptions == "h" and row.extended_at
    assert (
        client.post(f"/ppid/meja/{row.number}/extend/", {"extend-reason": "x"}).status_code == 400
    )


def test_objection_form_and_the_superiors_answer(client, ppid, refuse):
    row = refuse()
    data = {
        "number": row.number,
        "contact": "siti@example.com",
        "reason": "a",
        "description": "Bukan rahasia.",
    }
    with time_machine.travel(local(2026, 8, 12, 9), tick=False):
        assert (
            client.post("/ppid/keberatan/", {**data, "contact": "lain@example.com"}).status_code
            == 400
        )
        response = client.post("/ppid/keberatan/", data)
    objection = Objection.objects.get()
    assert response["Location"] == f"/ppid/lacak/{row.number}/"
    assert objection.number in client.get(response["Location"]).content.decode()

    path = f"/ppid/atasan/keberatan/{objection.number}/"
    answer = {"outcome": "diterima", "answer": "Informasi dibuka."}
    assert client.get(path).status_code == 302
    for who in ["citizen", "officer"]:
        client.force_login(getattr(ppid, who))
        assert client.get(path).status_code == 403
        assert client.post(path, answer).status_code == 403
    client.force_login(ppid.ppid)  # the PPID reads, but does not answer its own case
    assert client.get(path).status_code == 200
    assert client.post(path, answer).status_code == 403
    objection.refresh_from_db()
    assert objection.is_open
    client.force_login(ppid.leader)
    assert client.post(path, answer).status_code == 302
    objection.refresh_from_db()
    assert objection.outcome == "diterima" and objection.answered_by == ppid.leader


def _sheet(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_registers_list_the_legal_columns_and_export_them(client, ppid, refuse):
    row = refuse()
    objection = services.objection_file(
        number=row.number,
        contact="siti@example.com",
        reason="a",
        description="Kasus.",
        now=local(2026, 8, 12, 9),
    )
    client.force_login(ppid.ppid)
    html = client.get("/ppid/register/permohonan/?tahun=2026").content.decode()
    for text in [row.number, "Siti Rahmawati", "Tujuan penggunaan informasi", "Pasal 17 huruf h"]:
        assert text in html
    rows = _sheet(client.get("/ppid/register/permohonan/ekspor.xlsx?tahun=2026"))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:4] == ["No.", "Nomor registrasi", "Tanggal permohonan", "Nama"]
    assert first["Nomor registrasi"] == row.number
    assert first["Tanggal permohonan"] == "10-08-2026 10:00"
    assert first["Nomor kontak"] == "+6281234567891 / siti@example.com"
    assert first["Keputusan"] == "Permohonan ditolak (informasi dikecualikan)"
    assert first["Waktu (hari kerja)"] == 1.0
    assert first["Keberatan"] == objection.number
    assert len(rows) == 2
    rows = _sheet(client.get("/ppid/register/keberatan/ekspor.xlsx?tahun=2026"))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Nomor registrasi keberatan"] == objection.number
    assert first["Nomor registrasi permohonan"] == row.number
    assert first["Tanggapan atasan PPID"] == "belum ditanggapi"
    assert len(_sheet(client.get("/ppid/register/permohonan/ekspor.xlsx?tahun=2025"))) == 1


def test_register_title_follows_the_visitors_language(client, ppid):
    client.force_login(ppid.ppid)
    english = client.get("/ppid/register/permohonan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Register of public information requests" in english
    indonesian = client.get("/ppid/register/permohonan/", HTTP_ACCEPT_LANGUAGE="id").content
    assert "Register permohonan informasi publik" in indonesian.decode()
