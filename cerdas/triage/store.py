"""Model versions on disk: CERDAS_DATA_DIR/router/<version>/ and a CURRENT pointer.

Each version directory holds model.joblib (the fitted Router), meta.json (when, from
what, the held-out figures and the auto-dispose threshold) and, after `router evaluate`,
confusion.csv. Training writes a new version and points CURRENT at it; the previous
versions stay (the last KEEP) so `router rollback` can point back. Loading reads a local
file only: nothing is ever fetched.
"""

import json
import shutil
import threading
from pathlib import Path

import joblib
from django.conf import settings
from django.utils import timezone

from .model import Router

KEEP = 5
_lock = threading.Lock()
_cache: dict[str, Router] = {}


class NoModelError(Exception):
    pass


def root() -> Path:
    return Path(settings.DATA_DIR) / "router"


def versions() -> list[str]:
    if not root().is_dir():
        return []
    return sorted(p.name for p in root().iterdir() if (p / "model.joblib").is_file())


def current_version() -> str | None:
    pointer = root() / "CURRENT"
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return name if name in versions() else None


def _point(version: str) -> None:
    tmp = root() / "CURRENT.tmp"
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(root() / "CURRENT")  # atomic: a reader sees the old or the new name


def save(router: Router) -> str:
    root().mkdir(parents=True, exist_ok=True)
    existing = versions()
    number = int(existing[-1].split("-")[0]) + 1 if existing else 1
    version = f"{number:04d}-{timezone.now():%Y%m%d%H%M%S}"
    router.meta["version"] = version
    folder = root() / version
    folder.mkdir()
    joblib.dump(router, folder / "model.joblib", compress=3)
    (folder / "meta.json").write_text(
        json.dumps(router.meta, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    _point(version)
    for old in versions()[:-KEEP]:
        shutil.rmtree(root() / old)
    return version


def rollback() -> str:
    """Point CURRENT at the version before the current one; returns its name."""
    current = current_version()
    names = versions()
    if current is None or names.index(current) == 0:
        raise NoModelError("Tidak ada versi model sebelumnya untuk dipulihkan.")
    previous = names[names.index(current) - 1]
    _point(previous)
    return previous


def folder(version: str) -> Path:
    return root() / version


def load(version: str | None = None) -> Router:
    """The current (or the named) model, loaded once per process and version."""
    version = version or current_version()
    if version is None:
        raise NoModelError("Belum ada model rute: jalankan `cerdas router train`.")
    with _lock:
        router = _cache.get(version)
        if router is None:
            router = joblib.load(folder(version) / "model.joblib")
            if not hasattr(router, "char_columns"):  # pickled by the CalibratedClassifierCV model
                raise NoModelError(
                    f"Model {version} dibuat oleh versi Cerdas yang lebih lama: "
                    "latih ulang dengan `cerdas router train`."
                )
            _cache.clear()
            _cache[version] = router
    return router


def load_current_or_none() -> Router | None:
    try:
        return load()
    except NoModelError:
        return None


def warm() -> None:
    """Load the current model into this process, if there is one (web workers at start)."""
    import logging

    try:
        load_current_or_none()
    except Exception:
        logging.getLogger(__name__).exception("loading the routing model failed")
