import pytest

from cerdas.accounts.models import Role
from cerdas.agencies.models import Agency
from cerdas.sensors.models import Kind, Sensor
from conftest import make_user


@pytest.fixture
def river(city):
    """A water level sensor of BPBD on the Tondano river, Siaga 3/2/1 at 150/200/250 cm,
    an alarm from Siaga 2, with operators and BPBD staff who have an e-mail."""
    bpbd = Agency.objects.create(
        code="bpbd", name="Badan Penanggulangan Bencana Daerah", short_name="BPBD"
    )
    city.bpbd = bpbd
    city.operator.email = "operator@cerdas.test"
    city.operator.save()
    city.bpbd_officer = make_user("petugas_bpbd", Role.OFFICER, bpbd, email="bpbd@cerdas.test")
    sensor = Sensor(
        code="tondano-1",
        name="Sungai Tondano, Jembatan Megawati",
        kind=Kind.WATER,
        unit="cm",
        lat=1.4930,
        lon=124.8400,
        agency=bpbd,
        thresholds=[150, 200, 250],
        hysteresis=10,
        alarm_level=2,
        silence_minutes=15,
    )
    city.river_key = sensor.new_key()
    sensor.save()
    city.river = sensor
    return city
