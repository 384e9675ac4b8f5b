"""A typo in the environment stops Cerdas at start, naming the variable."""

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CERDAS_TIME_ZONE", "Mars/Olympus"),
        ("CERDAS_WORKING_HOURS", "16:00-08:00"),
        ("CERDAS_MAX_UPLOAD_MB", "sepuluh"),
        ("CERDAS_HTTPS", "mungkin"),
        ("CERDAS_CODE_PREFIX", "manado"),
        ("DATABASE_URL", "mysql://root@localhost/cerdas"),
        ("SECRET_KEY", "pendek"),
        ("LOG_LEVEL", "VERBOSE"),
        ("PORT", "80a"),
        ("PORT", "70000"),
    ],
)
def test_bad_value_stops_the_start_and_names_the_variable(tmp_path, name, value):
    env = {**os.environ, "CERDAS_DATA_DIR": str(tmp_path), name: value}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "cerdas", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert name in result.stderr


def test_first_start_generates_a_private_secret_key(tmp_path):
    env = {**os.environ, "CERDAS_DATA_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    # `check` would also ask the (unmigrated) database whether a city is set up.
    result = subprocess.run(
        [sys.executable, "-m", "cerdas", "help"], env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0
    key = tmp_path / "secret_key"
    assert len(key.read_text().strip()) >= 50
    assert key.stat().st_mode & 0o077 == 0


def _base_url(tmp_path, **environ) -> str:
    env = {**os.environ, "CERDAS_DATA_DIR": str(tmp_path), **environ}
    for name in ("DJANGO_SETTINGS_MODULE", "CERDAS_BASE_URL", "PORT", "CERDAS_BIND_HOST"):
        if name not in environ:
            env.pop(name, None)
    code = "from django.conf import settings; print(settings.CERDAS_BASE_URL)"
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-m", "cerdas", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_links_follow_the_port_unless_the_base_url_is_set(tmp_path):
    assert _base_url(tmp_path) == "http://127.0.0.1:8000"
    assert _base_url(tmp_path, PORT="8101") == "http://127.0.0.1:8101"
    assert _base_url(tmp_path, PORT="8101", CERDAS_BIND_HOST="0.0.0.0") == (  # noqa: S104
        "http://127.0.0.1:8101"
    )
    assert _base_url(tmp_path, PORT="8101", CERDAS_BIND_HOST="::") == "http://[::1]:8101"
    explicit = {"PORT": "8101", "CERDAS_BASE_URL": "https://lapor.manadokota.go.id/"}
    assert _base_url(tmp_path, **explicit) == "https://lapor.manadokota.go.id"
