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
    result = subprocess.run(
        [sys.executable, "-m", "cerdas", "check"], env=env, capture_output=True, timeout=60
    )
    assert result.returncode == 0
    key = tmp_path / "secret_key"
    assert len(key.read_text().strip()) >= 50
    assert key.stat().st_mode & 0o077 == 0
