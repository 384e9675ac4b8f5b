"""Leaders' instructions (arahan pimpinan) for the demo, played through the real services
with past timestamps: one part in every status, on time and late, one sent back by the
leader, some with linked complaints and evidence photos."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cerdas.accounts.models import User
from cerdas.complaints.models import OPEN_STATES, Complaint, Privacy
from cerdas.instructions import services
from cerdas.instructions.models import Priority

from .city import City


@dataclass
class Part:
    """What one OPD does with its part: each step at this share of the time from the
    instruction to its deadline (above 1: after the deadline); stops at `until`."""

    agency: str
    ack: float | None = None
    progress: float | None = None
    done: float | None = None
    returned: float | None = None  # the leader sends the report back
    again: float | None = None  # progress after being sent back
    accepted: float | None = None


@dataclass
class Spec:
    leader: str
    subject: str
    body: str
    priority: str
    days_ago: float  # when it was sent
    days_given: float  # deadline, counted from then
    parts: list[Part] = field(default_factory=list)
    link_from: str = ""  # link the agency's oldest open cases


SPECS = [
    Spec(
        "walikota",
        "Tuntaskan genangan di Jl. Sam Ratulangi sebelum puncak musim hujan",
        "Genangan di ruas Jl. Sam Ratulangi depan Gereja Sentrum dan sekitar Pasar 45 "
        "dilaporkan warga berulang kali. Dinas PUPR membersihkan dan memperbaiki saluran; "
        "BPBD menyiapkan pompa portabel dan menempatkan personel saat hujan lebat. "
        "Laporkan perkembangan dengan foto.",
        Priority.IMPORTANT,
        38,
        14,
        [
            Part("pupr", ack=0.05, progress=0.4, done=0.85, accepted=0.95),
            Part("bpbd", ack=0.2, progress=0.7, done=1.3, accepted=1.4),
        ],
        link_from="pupr",
    ),
    Spec(
        "walikota",
        "Percepat pengangkutan sampah di Pasar Bersehati",
        "Tumpukan sampah di sekitar Pasar Bersehati sudah viral di media sosial. Angkut "
        "setiap pagi sebelum pukul 07.00 WITA, tambah ritase truk dan laporkan dengan foto "
        "TPS yang sudah bersih.",
        Priority.URGENT,
        11,
        5,
        [Part("dlh", ack=0.05, progress=0.3, done=0.6, returned=0.7, again=0.9)],
        link_from="dlh",
    ),
    Spec(
        "sekda",
        "Perbaiki PJU padam di kawasan Boulevard",
        "Sejumlah titik lampu penerangan jalan di Jl. Piere Tendean padam sejak pekan lalu "
        "dan kawasan itu ramai pada malam hari. Periksa dan perbaiki semua titik.",
        Priority.NORMAL,
        6,
        7.5,
        [Part("disperkim", ack=0.1)],
        link_from="disperkim",
    ),
    Spec(
        "walikota",
        "Tindak tegas dugaan pungutan liar di layanan adminduk",
        "Ada laporan warga tentang permintaan uang untuk mempercepat KTP-el dan Kartu "
        "Keluarga. Inspektorat memeriksa; Disdukcapil memasang pengumuman layanan gratis "
        "di semua loket dan kantor kelurahan.",
        Priority.IMPORTANT,
        3,
        14,
        [Part("inspektorat"), Part("disdukcapil", ack=0.05, progress=0.15)],
    ),
    Spec(
        "sekda",
        "Evaluasi antrean pelayanan di puskesmas",
        "Keluhan antrean panjang di beberapa puskesmas terus masuk. Susun jadwal petugas "
        "pada jam sibuk dan terapkan nomor antrean daring, lalu laporkan hasilnya.",
        Priority.NORMAL,
        20,
        14,
        [Part("dinkes", ack=0.1, progress=0.5, done=0.95)],
    ),
    Spec(
        "walikota",
        "Kerja bakti bersihkan saluran di 11 kecamatan",
        "Menjelang musim hujan, koordinasikan kerja bakti serentak membersihkan saluran di "
        "setiap kecamatan bersama camat dan lurah, Sabtu pagi ini.",
        Priority.NORMAL,
        0.1,
        10,
        [Part("pupr"), Part("dlh")],
    ),
]

PROGRESS_NOTES = [
    "Tim sudah turun ke lokasi; pekerjaan berjalan, foto terlampir.",
    "Separuh pekerjaan selesai; sisanya dijadwalkan pekan ini.",
    "Personel dan peralatan sudah disiagakan di lokasi.",
]
DONE_NOTES = [
    "Pekerjaan selesai; foto sesudah terlampir.",
    "Sudah dilaksanakan sesuai arahan, laporan dan foto terlampir.",
]
ACCEPT_NOTES = ["Terima kasih, hasilnya baik."]
RETURN_NOTE = "Foto belum menunjukkan lokasi yang bersih pagi hari; mohon dilengkapi."
AGAIN_NOTE = "Ritase ditambah menjadi tiga kali sehari; foto pagi ini terlampir."


def instructions_load(city: City, rng: random.Random, now: datetime, photo) -> int:
    """Send and play each instruction; `photo()` gives an evidence JPEG (an Upload)."""
    leaders = {u.username: u for u in User.objects.filter(username__in=["walikota", "sekda"])}
    made = 0
    for spec in SPECS:
        leader = leaders.get(spec.leader)
        if leader is None:
            continue
        sent = now - timedelta(days=spec.days_ago)
        deadline = sent + timedelta(days=spec.days_given)
        instruction = services.instruction_create(
            user=leader,
            subject=spec.subject,
            body=spec.body,
            agencies=[city.agencies[p.agency] for p in spec.parts],
            deadline=deadline,
            priority=spec.priority,
            complaint_codes=_linked(city, spec.link_from),
            now=sent,
        )
        made += 1
        parts = {r.agency.code: r for r in instruction.recipients.select_related("agency")}
        for part in spec.parts:
            _play(part, parts[part.agency], city, leader, rng, sent, deadline, now, photo)
    return made


def _play(part: Part, recipient, city: City, leader, rng, sent, deadline, now, photo) -> None:
    head = city.heads[part.agency]
    officer = rng.choice(city.officers.get(part.agency) or [head])
    span = deadline - sent

    steps = [
        (part.ack, services.instruction_acknowledge, {"user": head}),
        (
            part.progress,
            services.instruction_report_progress,
            {"user": officer, "note": rng.choice(PROGRESS_NOTES), "files": [photo()]},
        ),
        (
            part.done,
            services.instruction_mark_done,
            {"user": head, "note": rng.choice(DONE_NOTES), "files": [photo()]},
        ),
        (part.returned, services.instruction_return, {"user": leader, "reason": RETURN_NOTE}),
        (
            part.again,
            services.instruction_report_progress,
            {"user": officer, "note": AGAIN_NOTE, "files": [photo()]},
        ),
        (part.accepted, services.instruction_accept, {"user": leader, "note": ACCEPT_NOTES[0]}),
    ]
    for share, service, kwargs in steps:
        if share is None:
            continue  # not a step of this part's story
        moment = sent + share * span
        if moment >= now:
            return  # the part stops here: its next step has not happened yet
        recipient = service(recipient=recipient, now=moment, **kwargs)


def _linked(city: City, code: str) -> list[str]:
    """The agency's two oldest open, non-rahasia cases: what the leader points at."""
    if not code:
        return []
    return list(
        Complaint.objects.filter(agency=city.agencies[code], state__in=OPEN_STATES)
        .exclude(privacy=Privacy.CONFIDENTIAL)
        .order_by("created_at")
        .values_list("code", flat=True)[:2]
    )
