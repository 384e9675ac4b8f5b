"""Open data fixtures: the walidata, a topic, and a dataset published through the review."""

from types import SimpleNamespace

import pytest

from cerdas.accounts.models import Role
from cerdas.agencies.models import Agency
from cerdas.complaints.services import Upload
from cerdas.opendata import services
from cerdas.opendata.models import Group
from conftest import make_user

POPULATION_CSV = (
    b"kecamatan;penduduk;luas_km2\nWenang;31250;3.64\nTikala;40110;7.11\nMalalayang;61900;16.98\n"
)


@pytest.fixture
def data_city(city):
    walidata = make_user("walidata", Role.WALIDATA)
    diskominfo = Agency.objects.create(
        code="diskominfo", name="Dinas Komunikasi dan Informatika", short_name="Diskominfo"
    )
    people = Group.objects.create(name="kependudukan", title="Kependudukan")
    roads = Group.objects.create(name="infrastruktur", title="Infrastruktur")
    return SimpleNamespace(
        **vars(city), walidata=walidata, diskominfo=diskominfo, people=people, roads=roads
    )


@pytest.fixture
def make_dataset(data_city):
    """A dataset of PUPR (by default) with one CSV, in the state asked for."""

    def _make(
        title="Jumlah penduduk per kecamatan",
        *,
        user=None,
        state="terbit",
        data=POPULATION_CSV,
        filename="penduduk.csv",
        **fields,
    ):
        user = user or data_city.officer
        values = dict(
            title=title,
            notes="Penduduk menurut kecamatan.",
            year=2024,
            unit="jiwa",
            tags=("penduduk",),
            groups=(data_city.people,),
        )
        values.update(fields)
        dataset = services.dataset_create(user=user, fields=services.DatasetFields(**values))
        services.resource_upload(
            user=user, dataset=dataset, name="Tabel", upload=Upload(name=filename, data=data)
        )
        if state in ("diajukan", "terbit"):
            services.dataset_submit(user=user, dataset=dataset)
        if state == "terbit":
            services.dataset_publish(user=data_city.walidata, dataset=dataset)
        dataset.refresh_from_db()
        return dataset

    return _make


@pytest.fixture
def portal(make_dataset, data_city):
    """Two published datasets of PUPR, a draft and one waiting for the walidata."""
    roads = make_dataset(
        "Panjang jalan kota",
        data=b"kecamatan,panjang_km\nWenang,42.5\nTikala,38\n",
        filename="jalan.csv",
        tags=("jalan", "infrastruktur"),
        groups=(data_city.roads,),
        year=2023,
    )
    people = make_dataset()
    draft = make_dataset("Masih draf", state="draf", tags=("penduduk",))
    submitted = make_dataset("Menunggu walidata", state="diajukan", tags=("penduduk",))
    return SimpleNamespace(roads=roads, people=people, draft=draft, submitted=submitted)
