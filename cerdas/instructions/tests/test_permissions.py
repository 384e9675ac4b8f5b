"""Who reaches which instruction screen: one row per person, one column per endpoint.

An instruction not sent to a person's agency does not exist for them (404); people
without a role here get 403; anonymous visitors are sent to the login page.
"""

import pytest

from cerdas.instructions import services
from cerdas.instructions.models import Instruction, InstructionRecipient, Status

LOGIN = "login"
WHO = ["leader", "admin", "head", "officer", "other_officer", "operator", "citizen", "anonymous"]


def _client(client, city, who):
    if who != "anonymous":
        client.force_login(getattr(city, who))
    return client


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/")
    else:
        assert response.status_code == expected


@pytest.fixture
def sent(city, send, pdf):
    instruction = send(files=[pdf])
    return instruction, instruction.recipients.get(), instruction.files.get()


READ = {
    "leader": 200,
    "admin": 200,
    "head": 200,
    "officer": 200,
    "other_officer": 404,
    "operator": 403,
    "citizen": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("who", WHO)
def test_list(city, client, sent, who):
    instruction, _part, _file = sent
    response = _client(client, city, who).get("/arahan/")
    expected = 200 if READ[who] in (200, 404) else READ[who]
    _check(response, expected)
    if expected == 200:
        listed = f"instruction-{instruction.pk}" in response.content.decode()
        assert listed is (READ[who] == 200)


@pytest.mark.parametrize("who", WHO)
def test_detail(city, client, sent, who):
    instruction, _part, _file = sent
    _check(_client(client, city, who).get(f"/arahan/{instruction.pk}/"), READ[who])


@pytest.mark.parametrize("who", WHO)
def test_attachment(city, client, sent, who):
    _instruction, _part, item = sent
    _check(_client(client, city, who).get(f"/arahan/lampiran/{item.pk}/"), READ[who])


CREATE = {
    "leader": 200,
    "admin": 200,
    "head": 403,
    "officer": 403,
    "other_officer": 403,
    "operator": 403,
    "citizen": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("who", WHO)
def test_create(city, client, who):
    c = _client(client, city, who)
    _check(c.get("/arahan/baru/"), CREATE[who])
    response = c.post(
        "/arahan/baru/",
        {
            "subject": "Perihal",
            "body": "Isi",
            "agencies": [city.pupr.pk],
            "priority": "biasa",
            "deadline": "2099-01-01T10:00",
        },
    )
    _check(response, 302 if CREATE[who] == 200 else CREATE[who])
    assert Instruction.objects.count() == (1 if CREATE[who] == 200 else 0)


# Each action from the status it starts from: who succeeds (302 and the status moves),
# who is refused by the table (400), and who never sees the part (404) or the page.
RECIPIENT_ACTS = {
    "leader": 400,
    "admin": 400,
    "head": 302,
    "officer": 302,
    "other_officer": 404,
    "operator": 403,
    "citizen": 403,
    "anonymous": LOGIN,
}
ISSUER_ACTS = {**RECIPIENT_ACTS, "leader": 302, "admin": 302, "head": 400, "officer": 400}
ACTIONS = [
    # action, status before, the form's fields, status after, who may
    ("acknowledge", Status.SENT, {}, Status.ACKNOWLEDGED, RECIPIENT_ACTS),
    ("report_progress", Status.ACKNOWLEDGED, {"note": "Jalan"}, Status.IN_PROGRESS, RECIPIENT_ACTS),
    ("mark_done", Status.IN_PROGRESS, {}, Status.DONE, RECIPIENT_ACTS),
    ("accept", Status.DONE, {}, Status.ACCEPTED, ISSUER_ACTS),
    ("return", Status.DONE, {"note": "Kurang"}, Status.IN_PROGRESS, ISSUER_ACTS),
]


def _bring_to(city, part, status):
    path = [Status.SENT, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.DONE]
    steps = [
        lambda p: services.instruction_acknowledge(recipient=p, user=city.head),
        lambda p: services.instruction_report_progress(recipient=p, user=city.head, note="x"),
        lambda p: services.instruction_mark_done(recipient=p, user=city.head),
    ]
    for step in steps[: path.index(status)]:
        part = step(part)
    return part


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("action", "start", "fields", "after", "table"), ACTIONS)
def test_action(city, client, sent, who, action, start, fields, after, table):
    _instruction, part, _file = sent
    part = _bring_to(city, part, start)
    data = {f"r{part.pk}-{action}-{k}": v for k, v in fields.items()}
    response = _client(client, city, who).post(
        f"/arahan/{part.instruction_id}/penerima/{part.pk}/{action}/", data
    )
    _check(response, table[who])
    status = InstructionRecipient.objects.get(pk=part.pk).status
    assert status == (after if table[who] == 302 else start)
