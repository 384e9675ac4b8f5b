"""Where a case stands, in the plain words a citizen reads on the hub: what is happening,
what happens next and by when, and what the reporter may do now.

One function for every state, so the page never says "nothing to do" on a case the
reporter can still rate, nor promises a step that the workflow no longer allows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from .models import OPEN_STATES, Complaint, Privacy, State
from .services import reopen_deadline


@dataclass(frozen=True)
class Outlook:
    now: str  # what is happening
    next: str = ""  # what happens next (by `due`, when there is one)
    due: datetime | None = None
    # For the reporter: what they may do now (empty: nothing is expected of them).
    yours: str = ""
    tone: str = "info"  # info, wait (something is asked of the reporter), done, stop


def outlook(complaint: Complaint, *, reporter: bool, now: datetime) -> Outlook:
    state = complaint.state
    agency = str(complaint.agency) if complaint.agency_id else _("OPD")
    add_hint = (
        _("Ada yang berubah atau foto baru? Tambahkan keterangan kapan saja di bawah.")
        if reporter
        else ""
    )
    if state == State.NEW:
        return Outlook(
            _("Laporan diterima dan menunggu diperiksa command center."),
            _("Command center memeriksa laporan dan meneruskannya ke OPD yang berwenang."),
            complaint.verify_due_at,
            add_hint,
        )
    if state == State.NEEDS_INFO:
        return Outlook(
            _("Command center membutuhkan informasi tambahan dari pelapor."),
            _("Laporan menunggu jawaban pelapor; tenggat berhenti sampai ada jawaban."),
            None,
            _("Jawab pertanyaan command center di bawah agar laporan dapat diproses.")
            if reporter
            else "",
            "wait",
        )
    if state == State.DISPOSED:
        return Outlook(
            _("Laporan sudah diteruskan ke %(agency)s.") % {"agency": agency},
            _("%(agency)s menerima laporan dan mulai menindaklanjutinya.") % {"agency": agency},
            complaint.response_due_at,
            add_hint,
        )
    if state == State.IN_PROGRESS:
        return Outlook(
            _("%(agency)s sedang menindaklanjuti laporan.") % {"agency": agency},
            _("%(agency)s melaporkan hasilnya dengan foto bukti.") % {"agency": agency},
            complaint.resolution_due_at,
            add_hint,
        )
    if state == State.AWAITING_VALIDATION:
        return Outlook(
            _("%(agency)s melaporkan sudah menindaklanjuti.") % {"agency": agency},
            _("Command center memeriksa bukti tindak lanjut sebelum laporan dinyatakan selesai."),
            complaint.due_at,
            add_hint,
        )
    if state == State.RESOLVED:
        until = reopen_deadline(complaint)
        can_reopen = until is not None and now <= until
        if not reporter:
            return Outlook(
                _("Laporan selesai ditindaklanjuti."),
                _("Pelapor dapat menilai hasilnya atau membuka kembali laporan."),
                until if can_reopen else None,
                tone="done",
            )
        return Outlook(
            _("Laporan selesai ditindaklanjuti."),
            _("Tanpa tanggapan, laporan ditutup otomatis.") if can_reopen else "",
            until if can_reopen else None,
            _(
                "Beri penilaian bila masalahnya sudah beres, atau buka kembali laporan bila "
                "belum tuntas."
            )
            if can_reopen
            else _("Beri penilaian atas hasil tindak lanjut."),
            "wait",
        )
    if state == State.CLOSED:
        if complaint.rating is not None:
            return Outlook(
                _("Laporan ditutup dengan penilaian %(rating)s dari 5.")
                % {"rating": complaint.rating},
                yours=_("Terima kasih atas penilaian Anda. Tidak ada lagi yang perlu dilakukan.")
                if reporter
                else "",
                tone="done",
            )
        return Outlook(
            _("Laporan ditutup."),
            yours=_("Anda masih dapat memberi penilaian atas hasil tindak lanjut.")
            if reporter
            else "",
            tone="done",
        )
    if state == State.REJECTED:
        return Outlook(
            _("Laporan tidak dapat ditindaklanjuti."),
            yours=_("Alasannya tertulis di riwayat. Bila ada informasi baru, kirim laporan baru.")
            if reporter
            else "",
            tone="stop",
        )
    if state == State.DUPLICATE:
        master = complaint.duplicate_of.code if complaint.duplicate_of_id else ""
        return Outlook(
            _("Laporan digabung dengan laporan %(code)s tentang masalah yang sama.")
            % {"code": master},
            _("Perkembangannya diikuti pada laporan %(code)s.") % {"code": master},
            yours=_("Anda tetap dikabari setiap perkembangannya.") if reporter else "",
            tone="stop",
        )
    # Handed off to a body outside the city's authority.
    body = complaint.external_body
    name = body.name if body else _("instansi berwenang")
    contact = f" ({body.public_contact})" if body and body.public_contact else ""
    return Outlook(
        _("Masalah ini di luar wewenang pemerintah kota dan diserahkan kepada %(body)s.")
        % {"body": name + contact},
        tone="stop",
    )


def brief_state(complaint: Complaint) -> str:
    """The state the code alone may tell. A rahasia case says only whether it is still
    being handled: which step it waits at (the reporter being asked, say) is its own."""
    if complaint.privacy != Privacy.CONFIDENTIAL:
        return str(State(complaint.state).label)
    if complaint.state in OPEN_STATES:
        return _("Sedang diproses")
    if complaint.state in (State.RESOLVED, State.CLOSED):
        return _("Selesai")
    return _("Ditutup")
