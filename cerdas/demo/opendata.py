"""The demo's open data: topics and a few Manado datasets, published through the review.

The tables are made up but plausible (written for this project): population per
kecamatan from the demo's own estimate (the city's total spread by land area), monthly
garbage hauled, street lights per kecamatan. They go through the same services as a
producer's upload (CSV, XLSX and JSON), so the demo shows the real import path. One
more waits for the walidata, and the complaint counts publish themselves.
"""

import csv
import io
import json
import random

from django.conf import settings
from openpyxl import Workbook

from cerdas.accounts.models import User
from cerdas.areas.models import Area, AreaLevel
from cerdas.complaints.services import Upload
from cerdas.opendata import services
from cerdas.opendata.models import Dataset, Frequency, Group

GROUPS = [
    ("kependudukan", "Kependudukan"),
    ("infrastruktur", "Infrastruktur"),
    ("lingkungan-hidup", "Lingkungan hidup"),
    ("layanan-publik", "Layanan publik"),
]
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"


def _population_csv() -> bytes:
    city = settings.CERDAS_CITY_CODE
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["kode_kecamatan", "kecamatan", "jumlah_kelurahan", "jumlah_penduduk"])
    for district in Area.objects.filter(level=AreaLevel.DISTRICT).in_city(city).order_by("code"):
        villages = Area.objects.villages().filter(code__startswith=f"{district.code}.")
        people = sum(v.population or 0 for v in villages)
        writer.writerow([district.code, district.name, villages.count(), people])
    return out.getvalue().encode()


def _garbage_xlsx(rng: random.Random, year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["bulan", "sampah_terangkut_ton", "ritase_truk"])
    for month in MONTHS.split():
        tons = round(rng.uniform(11_800, 13_600), 1)  # about 400-450 tonnes a day
        sheet.append([f"{month} {year}", tons, round(tons / 6.5)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lights_json(rng: random.Random) -> bytes:
    city = settings.CERDAS_CITY_CODE
    districts = Area.objects.filter(level=AreaLevel.DISTRICT).in_city(city).order_by("code")
    records = []
    for district in districts:
        total = rng.randint(900, 2600)
        records.append(
            {
                "kecamatan": district.name,
                "titik_lampu": total,
                "lampu_led": round(total * rng.uniform(0.35, 0.7)),
                "menyala_persen": round(rng.uniform(88, 98), 1),
            }
        )
    return json.dumps(records, ensure_ascii=False).encode()


def opendata_load(rng: random.Random, year: int) -> int:
    """Returns how many datasets the demo published (the complaint counts included)."""
    groups = {
        name: Group.objects.get_or_create(name=name, defaults={"title": title})[0]
        for name, title in GROUPS
    }
    walidata = User.objects.get(username="walidata")
    plans = [
        (
            "kepala.disdukcapil",
            services.DatasetFields(
                title=f"Jumlah penduduk per kecamatan {settings.CERDAS_CITY_NAME}",
                notes=(
                    "Jumlah kelurahan dan penduduk menurut kecamatan. Angka demo: total "
                    "penduduk kota dibagi menurut luas wilayah kelurahan."
                ),
                year=year,
                unit="jiwa",
                frequency=Frequency.YEARLY,
                reference_code=f"{settings.CERDAS_CITY_CODE}-KEPENDUDUKAN-001",
                definition=(
                    "Penduduk: warga yang berdomisili di wilayah kecamatan menurut data "
                    "administrasi kependudukan pada akhir tahun."
                ),
                classification="Menurut kecamatan (kode wilayah Kemendagri)",
                tags=("penduduk", "kecamatan"),
                groups=(groups["kependudukan"],),
            ),
            "penduduk-kecamatan.csv",
            _population_csv(),
            True,
        ),
        (
            "kepala.dlh",
            services.DatasetFields(
                title="Volume sampah terangkut per bulan",
                notes="Sampah yang diangkut ke TPA Sumompo per bulan, dengan jumlah ritase truk.",
                year=year,
                unit="ton",
                frequency=Frequency.MONTHLY,
                reference_code=f"{settings.CERDAS_CITY_CODE}-LINGKUNGAN-003",
                definition=(
                    "Berat sampah yang diangkut truk dinas dari TPS ke TPA dalam satu bulan, "
                    "menurut timbangan di TPA."
                ),
                classification="Menurut bulan",
                tags=("sampah", "persampahan"),
                groups=(groups["lingkungan-hidup"],),
            ),
            "sampah-bulanan.xlsx",
            _garbage_xlsx(rng, year),
            True,
        ),
        (
            "kepala.disperkim",
            services.DatasetFields(
                title="Titik penerangan jalan umum per kecamatan",
                notes="Jumlah titik lampu PJU, lampu LED dan persentase yang menyala.",
                year=year,
                unit="titik",
                reference_code=f"{settings.CERDAS_CITY_CODE}-INFRASTRUKTUR-012",
                definition="Titik penerangan jalan umum milik pemerintah kota yang tercatat.",
                classification="Menurut kecamatan dan jenis lampu (LED, non-LED)",
                tags=("pju", "infrastruktur"),
                groups=(groups["infrastruktur"],),
            ),
            "pju-kecamatan.json",
            _lights_json(rng),
            True,
        ),
        (
            "kepala.pupr",
            services.DatasetFields(
                title="Panjang jalan kota menurut kondisi",
                notes="Menunggu pemeriksaan walidata (contoh alur terbit).",
                year=year,
                unit="km",
                tags=("jalan",),
                groups=(groups["infrastruktur"],),
            ),
            "jalan-kondisi.csv",
            b"kondisi,panjang_km\nbaik,212.4\nsedang,96.1\nrusak ringan,41.7\nrusak berat,18.3\n",
            False,
        ),
    ]
    for username, fields, filename, content, publish in plans:
        if Dataset.objects.filter(title=fields.title).exists():
            continue  # loaded before
        producer = User.objects.get(username=username)
        dataset = services.dataset_create(user=producer, fields=fields)
        services.resource_upload(
            user=producer, dataset=dataset, name=fields.title, upload=Upload(filename, content)
        )
        services.dataset_submit(user=producer, dataset=dataset)
        if publish:
            services.dataset_publish(user=walidata, dataset=dataset)
    services.complaint_counts_refresh(force=True)
    return Dataset.objects.published().count()
