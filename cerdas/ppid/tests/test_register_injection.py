"""Requester text in the PPID registers is text, never a formula (the form needs no login
and the register holds every requester's NIK, phone and e-mail)."""

import pytest

from cerdas.lib.tests.test_spreadsheets import PAYLOADS, _cells, read_back
from cerdas.ppid.models import InfoRequest


@pytest.mark.parametrize("payload", PAYLOADS)
def test_ppid_register_writes_formulas_as_text(client, ppid, file_request, payload):
    # Stored as typed (the form strips blanks; an import or the admin may not).
    row = file_request()
    InfoRequest.objects.filter(pk=row.pk).update(name=payload, purpose=payload)
    client.force_login(ppid.ppid)
    response = client.get("/ppid/register/permohonan/ekspor.xlsx?tahun=2026")
    cells = _cells(response.content)
    text = read_back(payload)
    found = [c for c in cells if isinstance(c.value, str) and text in c.value]
    assert len(found) == 2
    assert all(c.data_type == "s" and c.value == text and c.quotePrefix for c in found)
    assert not any(c.data_type == "f" for c in cells)
