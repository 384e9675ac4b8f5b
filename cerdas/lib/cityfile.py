"""The installation's city, kept in `CERDAS_DATA_DIR/city.json` (pure Python, no Django).

`cerdas city setup` writes it; `cerdas/settings.py` reads it at start as the default of
CERDAS_CITY_CODE, CERDAS_CITY_NAME, CERDAS_CODE_PREFIX and CERDAS_TIME_ZONE, which the
environment variables still override. It lives beside the generated `secret_key` for
the same reason: the settings need it before any database connection exists (Django's
TIME_ZONE is fixed at start), and a data directory then describes one installation.

    {"code": "14.72", "name": "Kota Dumai", "code_prefix": "DUM", "time_zone": "Asia/Jakarta"}
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FILENAME = "city.json"
_CODE = re.compile(r"^\d{2}\.\d{2}$")
_PREFIX = re.compile(r"^[A-Z]{2,4}$")


class CityFileError(ValueError):
    pass


@dataclass(frozen=True)
class CityIdentity:
    code: str  # Kemendagri code of the kabupaten/kota, e.g. "14.72"
    name: str  # "Kota Dumai", "Kabupaten Minahasa Selatan"
    code_prefix: str  # tracking codes: DUM-4K7Q-2P
    time_zone: str  # IANA: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)

    def problems(self) -> list[str]:
        found = []
        if not _CODE.match(self.code):
            found.append(f"code {self.code!r}: expected a kabupaten/kota code such as 14.72")
        if not self.name.strip():
            found.append("name: empty")
        if not _PREFIX.match(self.code_prefix):
            found.append(f"code_prefix {self.code_prefix!r}: 2 to 4 capital letters, e.g. DUM")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            found.append(f"time_zone {self.time_zone!r}: not an IANA time zone")
        return found


def path_in(data_dir: Path) -> Path:
    return Path(data_dir) / FILENAME


def read(data_dir: Path) -> CityIdentity | None:
    """The identity written by the setup, None when there is none; CityFileError if broken."""
    path = path_in(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        values = json.loads(raw)
        identity = CityIdentity(
            **{key: str(values[key]) for key in ("code", "name", "code_prefix", "time_zone")}
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CityFileError(
            f"{path}: not a city file written by `cerdas city setup` ({exc})"
        ) from None
    problems = identity.problems()
    if problems:
        raise CityFileError(f"{path}: " + "; ".join(problems))
    return identity


def write(data_dir: Path, identity: CityIdentity) -> Path:
    """Replace the file in one step (write a temporary file, then rename over it), so a
    reader never sees half of it."""
    problems = identity.problems()
    if problems:
        raise CityFileError("; ".join(problems))
    path = path_in(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".city-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(identity), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
