"""Who may see and change what: staff-only views refuse anonymous visitors, citizens
and another agency's officers; the public page carries no key or credential."""

from cerdas.sensors.models import Alarm, Camera
from cerdas.sensors.services import reading_ingest


def _alarm(river):
    reading_ingest(sensor=river.river, payload={"value": 230})
    return Alarm.objects.get()


def test_alarm_list_refuses_anonymous_and_citizen(client, river):
    _alarm(river)
    response = client.get("/sensor/alarm/")
    assert response.status_code == 302 and "/akun/" in response["Location"]
    client.force_login(river.citizen)
    assert client.get("/sensor/alarm/").status_code == 403


def test_other_agency_sees_nor_acknowledges_bpbd_alarm(client, river):
    alarm = _alarm(river)
    client.force_login(river.other_officer)
    page = client.get("/sensor/alarm/")
    assert page.status_code == 200 and river.river.name not in page.content.decode()
    assert client.post(f"/sensor/alarm/{alarm.pk}/terima").status_code == 404
    assert client.post(f"/sensor/alarm/{alarm.pk}/selesai").status_code == 404
    assert client.get(f"/sensor/{river.river.code}/grafik.json").status_code == 404
    alarm.refresh_from_db()
    assert alarm.acknowledged_at is None and alarm.resolved_at is None


def test_bpbd_officer_acknowledges_operator_resolves(client, river):
    alarm = _alarm(river)
    client.force_login(river.bpbd_officer)
    assert river.river.name in client.get("/sensor/alarm/").content.decode()
    assert client.post(f"/sensor/alarm/{alarm.pk}/terima").status_code == 302
    client.force_login(river.operator)
    assert client.post(f"/sensor/alarm/{alarm.pk}/selesai").status_code == 302
    alarm.refresh_from_db()
    assert alarm.acknowledged_by == river.bpbd_officer and alarm.resolved_by == river.operator
    assert client.post(f"/sensor/alarm/{alarm.pk}/selesai").status_code == 409


def test_chart_refuses_anonymous_and_citizen(client, river):
    _alarm(river)
    assert client.get(f"/sensor/{river.river.code}/grafik.json").status_code == 302
    client.force_login(river.citizen)
    assert client.get(f"/sensor/{river.river.code}/grafik.json").status_code == 403
    client.force_login(river.bpbd_officer)
    data = client.get(f"/sensor/{river.river.code}/grafik.json").json()
    assert data["points"][0]["max"] == 230


def test_public_levels_have_no_key(client, river):
    _alarm(river)
    Camera.objects.create(
        code="cam-1", name="Jembatan", lat=1.49, lon=124.84,
        snapshot_url="http://admin:rahasia@127.0.0.1:9/snap.jpg",
    )  # fmt: skip
    for url in ("/sensor/", "/sensor/?format=json"):
        body = client.get(url).content.decode()
        assert "Siaga 2" in body and river.river.name in body
        sensor = river.river
        sensor.refresh_from_db()
        assert sensor.key_hash not in body and river.river_key not in body
        assert "rahasia" not in body and "127.0.0.1" not in body


def test_snapshot_proxy_staff_only(client, river):
    Camera.objects.create(
        code="cam-1", name="Jembatan", lat=1.49, lon=124.84,
        snapshot_url="http://127.0.0.1:9/snap.jpg",
    )  # fmt: skip
    assert client.get("/kamera/cam-1/snapshot.jpg").status_code == 302
    for user in (river.citizen, river.bpbd_officer):
        client.force_login(user)
        assert client.get("/kamera/cam-1/snapshot.jpg").status_code == 403
    client.force_login(river.operator)
    # Nothing listens on port 9: a clear 502, not a 500.
    assert client.get("/kamera/cam-1/snapshot.jpg").status_code == 502
