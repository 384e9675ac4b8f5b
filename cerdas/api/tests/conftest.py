"""REST API fixtures: keys of every scope and a few cases in telling states."""

from types import SimpleNamespace

import pytest

from cerdas.api.models import ApiKey
from cerdas.complaints import services
from cerdas.complaints.models import Privacy

from .util import auth


@pytest.fixture
def keys(city):
    def issue(name, *scopes, rate=1000):
        key, raw = ApiKey.issue(name=name, scopes=list(scopes), rate_per_minute=rate)
        return SimpleNamespace(key=key, raw=raw, headers=auth(raw))

    return SimpleNamespace(
        issue=issue,
        submit=issue("Aplikasi warga", "submit"),
        other_submit=issue("Aplikasi lain", "submit"),
        read_all=issue("Dasbor pimpinan", "read_all"),
        pupr=issue("SIM PUPR", "agency:pupr"),
        dlh=issue("SIM DLH", "agency:dlh"),
    )


@pytest.fixture
def cases(city, submit):
    """One case per situation the privacy rules tell apart."""

    def disposed(agency, **kwargs):
        complaint = submit(**kwargs)
        return services.complaint_dispose(complaint=complaint, user=city.operator, agency=agency)

    return SimpleNamespace(
        new=submit(),
        pupr=disposed(city.pupr),
        pupr_secret=disposed(city.pupr, privacy=Privacy.CONFIDENTIAL),
        dlh_anon=disposed(
            city.dlh, category=city.garbage, privacy=Privacy.ANONYMOUS, reporter_name="Rina Anonim"
        ),
        dlh_secret=disposed(city.dlh, category=city.garbage, privacy=Privacy.CONFIDENTIAL),
        uptd=disposed(city.uptd),
    )
