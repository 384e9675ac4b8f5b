"""The committed .mo catalogues match their .po sources (run `make messages` after editing)."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[3] / "locale"


@pytest.mark.parametrize("po_path", sorted(LOCALE.glob("*/LC_MESSAGES/*.po")), ids=str)
def test_compiled_catalogue_is_up_to_date_and_complete(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    assert po.percent_translated() == 100
    assert {e.msgid: e.msgstr for e in po.translated_entries() if not e.msgid_plural} == {
        e.msgid: e.msgstr for e in mo if e.msgid and not e.msgid_plural
    }
