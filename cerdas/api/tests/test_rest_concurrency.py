"""Two retries of one report racing on two real connections (PostgreSQL).

The requests run in threads, each on its own database connection, so the test needs a
transactional database; its flush removes the areas loaded once per session, which are
put back when this module ends.
"""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from cerdas.api import idempotency
from cerdas.api.models import ApiSubmission, IdempotencyRecord
from cerdas.complaints.models import Complaint

from .util import API, post_json, report

pytestmark = pytest.mark.usefixtures("restore_areas")


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_file_one_case(city, keys):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (SQLite serializes them by design)")
    headers = {**keys.submit.headers, "Idempotency-Key": "gleiche-anfrage"}
    looked = threading.Barrier(2, timeout=20)
    first_look = threading.local()
    real_find = idempotency.find

    def find(scope, key):
        # Both requests look for a stored answer before either has written one.
        record = real_find(scope, key)
        if not getattr(first_look, "done", False):
            first_look.done = True
            looked.wait()
        return record

    answers = []

    def retry():
        try:
            answers.append(post_json(Client(), f"{API}/complaints", report(), headers))
        finally:
            connection.close()

    with mock.patch.object(idempotency, "find", find):
        threads = [threading.Thread(target=retry) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
    assert Complaint.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1 and ApiSubmission.objects.count() == 1
