"""Demo PPID requests, news and a banner for Manado, through the real services."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from cerdas.accounts.models import User
from cerdas.news.models import Article, Category, EmergencyBanner
from cerdas.news.services import article_save, banner_save
from cerdas.ppid import services as ppid
from cerdas.workdays.calendar import city_calendar

REQUESTERS = [
    ("Meiske Tumbelaka", "7171015507900003", "Jl. Piere Tendean No. 8, Sario", "Mahasiswa"),
    ("Johny Rondonuwu", "7171021203850001", "Jl. Babe Palar No. 21, Wanea", "Wartawan"),
    ("LSM Suara Warga Manado", "AHU0012345AH0107", "Jl. Sam Ratulangi No. 40", "Lembaga"),
    ("Grace Pangemanan", "7171036610920004", "Kel. Malalayang Satu, Malalayang", "Guru"),
    ("Steven Lumowa", "7171040101880002", "Kel. Tikala Baru, Tikala", "Wiraswasta"),
]
INFORMATION = [
    "Salinan DPA Dinas PUPR 2026 untuk pemeliharaan drainase.",
    "Daftar penerima hibah bantuan sosial tahun lalu beserta nilainya.",
    "Dokumen AMDAL reklamasi pantai Boulevard.",
    "Jadwal dan rute pengangkutan sampah Kecamatan Malalayang.",
    "Data titik rawan banjir dan rencana normalisasi Sungai Tondano.",
]
NEWS = [
    (
        "berita",
        "Kerja bakti serentak bersihkan saluran di 11 kecamatan",
        "Pemerintah Kota mengajak warga membersihkan saluran air menjelang musim hujan.",
    ),
    (
        "pengumuman",
        "Jadwal baru pengangkutan sampah mulai bulan depan",
        "Truk sampah melewati setiap kelurahan dua kali seminggu mulai pukul 06.00 WITA.",
    ),
    (
        "berita",
        "Layanan permohonan informasi publik kini daring",
        "Warga dapat memohon informasi publik dan melacak jawabannya tanpa datang ke kantor.",
    ),
]


def _working_start(day_offset: int, now: datetime) -> datetime:
    local = timezone.localtime(now, settings.CERDAS_TIME_ZONE).date() - timedelta(days=day_offset)
    start = datetime.combine(local, time(9, 0), tzinfo=settings.CERDAS_TIME_ZONE)
    return city_calendar().next_working_moment(start)


def public_info_load(*, now: datetime) -> int:
    """A few requests in every kind of state, three articles and one banner; only on
    an instance that has none yet. Returns the number of requests made."""
    if Article.objects.exists():
        return 0
    officer = User.objects.get(username="ppid")
    superior = User.objects.get(username="sekda")
    cal = city_calendar()
    made = []
    for n, (name, id_number, address, job) in enumerate(REQUESTERS):
        received = _working_start(40 - 8 * n, now)
        made.append(
            ppid.request_submit(
                name=name,
                id_number=id_number,
                address=address,
                occupation=job,
                phone=f"08134000{n:04d}",
                email=f"pemohon{n + 1}@demo.cerdas.invalid",
                information=INFORMATION[n],
                purpose="Bahan kajian dan pemantauan layanan publik.",
                obtain_method="softcopy",
                delivery_method="email",
                now=received,
            )
        )
    granted, refused, extended, not_held, _open = made
    at = cal.add(granted.received_at, 4, "days")
    ppid.request_decide(
        request=granted, user=officer, decision="diberikan", note="Terlampir.", now=at
    )
    ppid.request_deliver(request=granted, user=officer, note="Dikirim lewat e-mail.", now=at)
    at = cal.add(refused.received_at, 6, "days")
    ppid.request_decide(
        request=refused,
        user=officer,
        decision="sebagian",
        exemptions=["h"],
        note="Nilai hibah diberikan; NIK dan alamat penerima dihitamkan (rahasia pribadi).",
        now=at,
    )
    objection = ppid.objection_file(
        number=refused.number,
        contact=refused.email,
        reason="a",
        description="Nama penerima hibah bukan rahasia pribadi.",
        now=cal.add(at, 2, "days"),
    )
    ppid.objection_answer(
        objection=objection,
        user=superior,
        outcome="ditolak",
        answer="Menguatkan keputusan PPID: data pribadi penerima tetap dikecualikan.",
        now=cal.add(at, 9, "days"),
    )
    ppid.request_extend(
        request=extended,
        user=officer,
        reason="Dokumen AMDAL disimpan Dinas Lingkungan Hidup; sedang disalin.",
        now=cal.add(extended.received_at, 8, "days"),
    )
    ppid.request_decide(
        request=not_held,
        user=officer,
        decision="tidak_dikuasai",
        note="Jadwal dikelola UPTD Persampahan; permohonan diteruskan ke sana.",
        now=cal.add(not_held.received_at, 2, "days"),
    )

    categories = {
        slug: Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("lingkungan", "Lingkungan"), ("layanan", "Layanan publik")]
    }
    for n, (kind, title, body) in enumerate(NEWS):
        article_save(
            article=Article(
                kind=kind,
                title=title,
                summary=body,
                body=body,
                category=categories["layanan" if n == 2 else "lingkungan"],
                publish_at=now - timedelta(days=2 * (len(NEWS) - n)),
            ),
            user=None,
            now=now,
        )
    banner_save(
        banner=EmergencyBanner(
            text="Musim hujan: warga bantaran Sungai Tondano dan Sawangan diminta waspada banjir.",
            level="waspada",
            starts_at=now,
            expires_at=now + timedelta(days=3),
        ),
        user=None,
    )
    return len(made)
