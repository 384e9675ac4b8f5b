"""The quality figures on real data (../shared/data, evaluation only: skipped without it).

Trains on January-September 2022 of Surabaya and scores October-December, with the 8
largest agencies plus "lainnya", with the place (address, kelurahan, kecamatan) as
`router train --place-cols` passes it, as docs/triage.md reports. The assertions are the
figures measured, less a small margin, so a change that makes routing worse fails here;
the issue's targets (0.88 / 0.98 / 0.95) are not met yet and docs/triage.md says by
how much.
"""

import csv
from pathlib import Path

import pytest

from cerdas.triage import model

DEV = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "complaints"
DEV_FILE = DEV / "surabaya_2022_dev.csv"

pytestmark = pytest.mark.skipif(not DEV_FILE.is_file(), reason="shared dev data not present")


def test_quality_on_surabaya_time_split():
    with DEV_FILE.open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: r["created_at"])
    train = [r for r in rows if r["created_at"] < "2022-10"]
    test = [r for r in rows if r["created_at"] >= "2022-10"]
    labels = model.collapse_labels([r["agency"] for r in train], top=8, min_count=1)

    def places(rows):
        return [(r["address"], r["kelurahan"], r["kecamatan"]) for r in rows]

    router = model.train(
        [r["text"] for r in train], labels, places=places(train), raw=[r["agency"] for r in train]
    )
    figures = model.score(
        router, [r["text"] for r in test], [r["agency"] for r in test], places=places(test)
    )
    assert len(router.classes) == 9
    # Measured: 0.8091 / 0.9651 / 0.8978 / 0.9353.
    assert figures["accuracy"] >= 0.80
    assert figures["top3_accuracy"] >= 0.958
    assert figures["precision_at_coverage"]["0.7"] >= 0.89
    assert figures["precision_at_coverage"]["0.5"] >= 0.928
