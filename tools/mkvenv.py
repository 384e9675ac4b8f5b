"""Create .venv even on a Debian Python without the python3-venv package.

Debian splits ensurepip out of python3, so `python3 -m venv` fails on a fresh
machine. We then create the venv without pip and bootstrap pip from its wheel on
PyPI (the only network this needs is the package index pip would use anyway).
"""

import json
import subprocess
import sys
import urllib.request
import venv
from pathlib import Path

INDEX = "https://pypi.org/pypi/pip/json"


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    python = target / "bin" / "python"
    try:
        venv.create(target, with_pip=True, clear=True)
        return 0
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"venv with pip failed ({exc}); bootstrapping pip from PyPI", file=sys.stderr)
    venv.create(target, with_pip=False, clear=True)
    with urllib.request.urlopen(INDEX, timeout=60) as resp:  # noqa: S310 (fixed https URL)
        release = json.load(resp)
    wheel = next(f for f in release["urls"] if f["filename"].endswith(".whl"))
    dest = target / wheel["filename"]
    urllib.request.urlretrieve(wheel["url"], dest)  # noqa: S310
    subprocess.run([str(python), f"{dest}/pip", "install", "--quiet", str(dest)], check=True)
    dest.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
