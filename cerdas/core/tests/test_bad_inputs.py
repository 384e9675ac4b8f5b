"""Nothing a visitor sends gives a server error: the four known 500s, then a bounded
hypothesis fuzz over every public query parameter and header the views read."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cerdas.channels.tests.conftest import APP_SECRET


@pytest.mark.parametrize(
    "url",
    [
        "/open311/v2/requests.json?start_date=0001-01-01",
        "/open311/v2/requests.json?end_date=9999-12-31",
        "/open311/v2/servicerequestupdates.json?start_date=0001-01-01",
        "/open311/v2/servicerequestupdates.json?end_date=9999-12-31T23:59:59",
        "/lapor/sekitar/?category=abc",
        "/lapor/sekitar/?category=%D9%A3",  # an Arabic-Indic digit: isdigit() but not int-able
    ],
)
def test_bad_query_is_a_4xx(client, city, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, url


def test_non_ascii_whatsapp_signature_is_refused(client, city, settings):
    settings.CERDAS_WHATSAPP_APP_SECRET = APP_SECRET
    response = client.post(
        "/kanal/whatsapp/",
        b"{}",
        content_type="application/json",
        headers={"X-Hub-Signature-256": "sha256=\u00e9\u00e9"},
    )
    assert response.status_code == 403


# Every public query parameter the views read (grep GET.get / param(data, ...)).
PARAMS = {
    "/pengaduan/": ["q", "kategori", "kelurahan", "status", "urut", "halaman", "page"],
    "/peta/": ["kategori", "kelurahan", "status"],
    "/pengaduan.geojson": ["kategori", "kelurahan", "status"],
    "/lacak/": ["kode", "k"],
    "/lapor/sekitar/": ["category", "lat", "lon"],
    "/berita/": ["q", "page", "jenis"],
    "/data/": ["q", "page", "kategori"],
    "/open311/v2/requests.json": [
        "start_date",
        "end_date",
        "status",
        "service_code",
        "service_request_id",
        "page",
        "page_size",
        "lat",
        "long",
        "api_key",
    ],
    "/open311/v2/servicerequestupdates.json": [
        "start_date",
        "end_date",
        "update_id",
        "service_request_id",
        "page",
        "page_size",
    ],
    "/open311/v2/services.json": ["api_key"],
}
HEADERS = ["X-Forwarded-For", "X-Api-Key", "Authorization", "Accept-Language", "Idempotency-Key"]
POSTS = {
    "/kanal/whatsapp/": "X-Hub-Signature-256",
    "/kanal/telegram/": "X-Telegram-Bot-Api-Secret-Token",
}

# Dates, numbers, near-misses and any text (no NUL or surrogates: HTTP cannot carry them).
_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
values = st.one_of(
    _text,
    st.dates().map(str),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0001-01-01", "9999-12-31T23:59:59Z", "-1", "1e309", "abc", "٣", ""]),
)
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60)
FUZZ = settings(
    max_examples=25,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@FUZZ
@given(
    url=st.sampled_from(sorted(PARAMS)),
    data=st.data(),
)
def test_public_get_parameters_never_give_a_500(url, data):
    names = data.draw(st.lists(st.sampled_from(PARAMS[url]), min_size=1, max_size=3, unique=True))
    query = {name: data.draw(values) for name in names}
    headers = {h: data.draw(header_values) for h in data.draw(st.sets(st.sampled_from(HEADERS)))}
    response = Client(raise_request_exception=False).get(url, query, headers=headers)
    assert response.status_code < 500, (url, query, headers)


@pytest.mark.django_db
@FUZZ
@given(url=st.sampled_from(sorted(POSTS)), value=header_values, body=st.binary(max_size=200))
def test_webhook_headers_never_give_a_500(url, value, body):
    client = Client(raise_request_exception=False)
    response = client.post(url, body, content_type="application/json", headers={POSTS[url]: value})
    assert response.status_code < 500, (url, value, body)
