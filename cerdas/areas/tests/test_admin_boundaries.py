"""The admin uploads a boundary file (GeoJSON, zipped Shapefile, KML) and sees the map."""

import io
import json
import zipfile
from pathlib import Path

import pytest
import shapefile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cerdas.areas.models import Area
from cerdas.areas.services import area_at

pytestmark = pytest.mark.django_db

DUMAI = Path(__file__).resolve().parents[1] / "data" / "dumai_14.72_boundaries.geojson"
BINTAN, POINT = "14.72.06.1004", (1.667, 101.447)
UPLOAD = reverse("admin:areas_area_upload")


@pytest.fixture
def dumai(settings):
    settings.CERDAS_CITY_CODE = "14.72"
    settings.CERDAS_CITY_NAME = "Kota Dumai"


def _features():
    return json.loads(DUMAI.read_text(encoding="utf-8"))["features"]


def _villages():
    return [f for f in _features() if len(f["properties"]["kode"].split(".")) == 4]


def _shapefile_zip(*, prj: str = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]') -> bytes:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as w:
        w.field("KDEPUM", "C", size=16)  # BIG's field, with the code written without dots
        w.field("WADMKD", "C", size=60)
        for feature in _villages():
            w.record(feature["properties"]["kode"].replace(".", ""), feature["properties"]["nama"])
            w.shape(feature["geometry"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for ext, part in ((".shp", shp), (".shx", shx), (".dbf", dbf)):
            archive.writestr(f"batas_dumai/ADMINISTRASIDESA{ext}", part.getvalue())
        archive.writestr("batas_dumai/ADMINISTRASIDESA.prj", prj)
    return out.getvalue()


def _kml() -> bytes:
    def ring(coords):
        return " ".join(f"{lon},{lat},0" for lon, lat in coords)

    marks = []
    for feature in _villages():
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        body = "".join(
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>"
            f"{ring(polygon[0])}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
            for polygon in polygons
        )
        marks.append(
            f"<Placemark><name>{feature['properties']['nama']}</name><ExtendedData>"
            f'<Data name="kode"><value>{feature["properties"]["kode"]}</value></Data>'
            f"</ExtendedData><MultiGeometry>{body}</MultiGeometry></Placemark>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        f"<Document>{''.join(marks)}</Document></kml>"
    ).encode()


def _upload(client, name: str, data: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("dumai.geojson", lambda: DUMAI.read_bytes()),
        ("batas_dumai.zip", _shapefile_zip),
        ("dumai.kml", _kml),
    ],
)
def test_admin_uploads_boundaries_and_sees_them_on_the_map(client, city, dumai, name, make):
    client.force_login(city.admin)
    response = _upload(client, name, make())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("admin:areas_area_map")
    assert Area.objects.villages().in_city("14.72").filter(geometry__isnull=False).count() == 33
    assert Area.objects.villages().in_city("14.72").count() == 36
    assert area_at(*POINT).code == BINTAN

    page = client.get(response.url)
    assert page.status_code == 200
    assert "33 kelurahan/desa dengan batas" in page.content.decode()
    assert "Bagan Besar Timur" in page.content.decode()  # listed: no polygon in the file
    outlines = client.get(reverse("admin:areas_area_map_geojson")).json()
    assert len(outlines["features"]) == 33


def test_a_bad_file_changes_nothing_and_says_why(client, city, dumai):
    client.force_login(city.admin)
    assert _upload(client, "dumai.geojson", DUMAI.read_bytes()).status_code == 302
    before = dict(Area.objects.in_city("14.72").values_list("code", "geometry"))
    features = _features()
    bintan = next(f for f in features if f["properties"]["kode"] == BINTAN)
    x, y = POINT[1], POINT[0]
    bintan["geometry"] = {  # a bow tie: it crosses itself
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.01, y + 0.01], [x + 0.01, y], [x, y + 0.01], [x, y]]],
    }
    for feature in features:  # every other polygon moves: none of it may be kept
        if feature is not bintan:
            feature["geometry"]["coordinates"] = [[[[101.0, 1.0], [101.1, 1.0], [101.0, 1.1]]]]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    response = _upload(client, "dumai.geojson", data)
    assert response.status_code == 200
    assert f"{BINTAN}: poligon tidak sah" in response.content.decode()
    assert dict(Area.objects.in_city("14.72").values_list("code", "geometry")) == before

    response = _upload(client, "utm.zip", _shapefile_zip(prj='PROJCS["WGS_1984_UTM_Zone_47N"]'))
    assert response.status_code == 200 and "WGS 84 (EPSG:4326)" in response.content.decode()
    assert dict(Area.objects.in_city("14.72").values_list("code", "geometry")) == before


def test_only_an_admin_may_upload_or_see_the_map(client, city, dumai):
    for user in (city.operator, city.officer, city.leader):
        client.force_login(user)
        response = _upload(client, "dumai.geojson", DUMAI.read_bytes())
        assert response.status_code == 302 and "/admin/login/" in response.url
        assert client.get(reverse("admin:areas_area_map")).status_code == 302
    client.logout()
    assert _upload(client, "dumai.geojson", DUMAI.read_bytes()).status_code == 302
    assert client.get(reverse("admin:areas_area_map_geojson")).status_code == 302
    assert not Area.objects.in_city("14.72").exists()
