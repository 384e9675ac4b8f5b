"""Compile locale/*/LC_MESSAGES/django.po into .mo with polib.

Django's compilemessages needs GNU gettext, which a fresh machine may not have; the
compiled catalogues are committed so `make run` needs nothing more. Run `make messages`
after editing a .po file. To pick up new strings (needs GNU gettext's xgettext):
`cerdas makemessages -l en --ignore=.venv --ignore=var`.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(ROOT)}: {catalogue.percent_translated()}% translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
