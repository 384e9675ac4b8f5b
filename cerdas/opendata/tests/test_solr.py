"""package_search reads the Solr syntax CKAN clients send, on SQLite and PostgreSQL alike;
what it cannot read is CKAN's "Search Query Error", never a silent empty answer."""

import pytest

from cerdas.opendata import solr
from cerdas.opendata.solr import And, Not, Or, SearchQueryError, Term


def test_parser_reads_the_operators_with_and_binding_tighter_than_or():
    assert solr.parse("tags:sampah OR tags:penduduk") == Or(
        (Term("tags", "sampah", "word"), Term("tags", "penduduk", "word"))
    )
    assert solr.parse("a b OR c") == Or(
        (And((Term(None, "a", "word"), Term(None, "b", "word"))), Term(None, "c", "word"))
    )
    assert solr.parse("a AND NOT b") == And((Term(None, "a", "word"), Not(Term(None, "b", "word"))))
    assert solr.parse("-tags:x +y") == And(
        (Not(Term("tags", "x", "word")), Term(None, "y", "word"))
    )
    assert solr.parse("tags:(jalan || pju) && !z") == And(
        (
            Or((Term("tags", "jalan", "word"), Term("tags", "pju", "word"))),
            Not(Term(None, "z", "word")),
        )
    )
    assert solr.parse('title:"air bersih"') == Term("title", "air bersih", "phrase")
    assert solr.parse("samp*") == Term(None, "samp*", "wildcard")
    assert solr.parse("tahun:[2020 TO *]") == Term("tahun", "[2020 TO *]", "range")
    assert solr.parse("*:*") == solr.MATCH_ALL
    assert solr.parse("") == solr.MATCH_ALL


@pytest.mark.parametrize(
    "text",
    [
        "sampah^2",
        "sampah~1",
        '"air bersih"~3',
        "(sampah",
        "sampah)",
        '"air bersih',
        "tags:",
        ":sampah",
        "sampah AND",
        "OR sampah",
        "/samp.*/",
        "tags:(a:b)",
    ],
)
def test_parser_refuses_what_it_cannot_read(text):
    with pytest.raises(SearchQueryError):
        solr.parse(text)


def test_wildcards_become_anchored_regular_expressions_with_the_rest_literal():
    assert solr.wildcard_regex("samp*") == "^samp.*$"
    assert solr.wildcard_regex("a?c.d") == r"^a.c\.d$"
    assert solr.wildcard_regex(r"a\*b") == r"^a\*b$"


@pytest.fixture
def catalogue(make_dataset, data_city):
    garbage = make_dataset(
        "Volume sampah terangkut",
        notes="Sampah diangkut ke TPA per bulan.",
        tags=("sampah", "persampahan"),
        groups=(data_city.roads,),
        year=2022,
        user=data_city.other_officer,  # DLH
    )
    people = make_dataset(
        "Jumlah penduduk per kecamatan",
        notes="Penduduk menurut kecamatan, air bersih tidak termasuk.",
        tags=("penduduk",),
        year=2023,
    )
    roads = make_dataset(
        "Panjang jalan kota",
        notes="Jalan menurut kondisi.",
        tags=("jalan", "infrastruktur"),
        groups=(data_city.roads,),
        year=2024,
        data=b"kondisi,km\nbaik,1\n",
        filename="jalan.csv",
    )
    return {"garbage": garbage, "people": people, "roads": roads}


def _names(client, **params):
    response = client.get("/api/3/action/package_search", {"rows": 100, **params})
    body = response.json()
    assert response.status_code == 200, body
    assert body["success"] is True
    return sorted(d["name"] for d in body["result"]["results"])


CASES = [
    ({"fq": "tags:sampah OR tags:penduduk"}, {"garbage", "people"}),
    ({"fq": "tags:sampah || tags:jalan"}, {"garbage", "roads"}),
    ({"q": "samp*"}, {"garbage"}),
    ({"q": "SAMP*"}, {"garbage"}),
    ({"q": "pendud*"}, {"people"}),
    ({"q": "s?mpah"}, {"garbage"}),
    ({"q": "sampah"}, {"garbage"}),
    ({"q": "samp"}, set()),  # a whole word, as Solr's tokens are
    ({"q": '"air bersih"'}, {"people"}),
    ({"q": '"bersih air"'}, set()),
    ({"q": "kecamatan OR kondisi"}, {"people", "roads"}),
    ({"q": "jalan kota"}, {"roads"}),
    ({"q": "jalan AND penduduk"}, set()),
    ({"q": "NOT sampah"}, {"people", "roads"}),
    ({"q": "-tags:sampah"}, {"people", "roads"}),
    ({"q": "*:* -tags:sampah -tags:jalan"}, {"people"}),
    ({"fq": "tags:(jalan OR penduduk) AND NOT tahun:2023"}, {"roads"}),
    ({"fq": "tags:persamp*"}, {"garbage"}),
    ({"fq": "tags:*"}, {"garbage", "people", "roads"}),
    ({"fq": "tahun:[2023 TO *]"}, {"people", "roads"}),
    ({"fq": "tahun:{2022 TO 2024}"}, {"people"}),
    ({"fq": "organization:dlh"}, {"garbage"}),
    ({"fq": "-organization:dlh"}, {"people", "roads"}),
    ({"fq": "groups:infrastruktur AND (tahun:2022 OR tahun:2024)"}, {"garbage", "roads"}),
    ({"fq": "res_format:csv"}, {"garbage", "people", "roads"}),
    ({"q": "text:kondisi"}, {"roads"}),
    ({"q": "dinas"}, {"garbage", "people", "roads"}),  # the OPD's name counts as text
    ({"q": "lingkungan", "fq": "tags:sampah"}, {"garbage"}),
]


@pytest.mark.parametrize(("params", "expected"), CASES, ids=[str(c[0]) for c in CASES])
def test_solr_syntax_finds_what_solr_would(client, catalogue, params, expected):
    assert _names(client, **params) == sorted(catalogue[k].name for k in expected)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "sampah^2"},
        {"q": "sampah~"},
        {"fq": "tags:(sampah"},
        {"fq": "warna:merah"},
        {"q": "tags:[a TO b]"},
        {"fq": "id:a*"},
    ],
)
def test_unreadable_queries_get_ckans_search_query_error(client, catalogue, params):
    response = client.get("/api/3/action/package_search", params)
    body = response.json()
    assert response.status_code == 400
    assert body["success"] is False
    assert body["error"]["__type"] == "Search Query Error"


def test_fl_returns_only_the_fields_asked_for(client, catalogue):
    response = client.get(
        "/api/3/action/package_search", {"fq": "tags:jalan", "fl": "name,title,extras_tahun"}
    )
    result = response.json()["result"]
    assert result["count"] == 1
    assert result["results"] == [
        {"name": catalogue["roads"].name, "title": "Panjang jalan kota", "extras_tahun": "2024"}
    ]
    # ckanapi sends a JSON list in a POST body.
    response = client.post(
        "/api/3/action/package_search",
        {"fq": "tags:jalan", "fl": ["id", "num_resources", "nonexistent"]},
        content_type="application/json",
    )
    assert response.json()["result"]["results"] == [
        {"id": str(catalogue["roads"].id), "num_resources": 1}
    ]
