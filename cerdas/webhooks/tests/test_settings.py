"""CERDAS_BASE_URL: the host of the tracking links in every payload."""

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("value", ["pengaduan.manadokota.go.id", "ftp://x.go.id", "https://"])
def test_bad_base_url_stops_the_start_and_names_the_variable(tmp_path, value):
    env = {**os.environ, "CERDAS_DATA_DIR": str(tmp_path), "CERDAS_BASE_URL": value}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "cerdas", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CERDAS_BASE_URL" in result.stderr
