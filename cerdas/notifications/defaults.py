"""The message templates Cerdas ships, in Indonesian: copied into the database by a data
migration, then edited in the admin. Variables: docs/notifications.md."""

# The reporter's message ends with their private link (`private`: the hub where they add
# information, rate and reopen); a supporter's with the public tracking page.
REPORTER_FOOTER = (
    "{% if private %}\n\nBuka laporan Anda (tautan pribadi, jangan dibagikan): {{ url }}"
    "{% else %}\n\nLacak: {{ url }}{% endif %}"
    "{% if optout_hint %}\n{{ optout_hint }}{% endif %}"
)

TEMPLATES = {
    "reporter_submit": (
        "Pelapor: laporan diterima",
        "Laporan {{ code }} diterima",
        "Terima kasih, laporan Anda sudah kami terima dengan kode lacak {{ code }} "
        "({{ category }}). Command center {{ city }} akan memverifikasinya"
        "{% if due %} paling lambat {{ due }}{% endif %}." + REPORTER_FOOTER,
    ),
    "reporter_request_info": (
        "Pelapor: diminta menambahkan informasi",
        "Laporan {{ code }}: mohon tambahkan informasi",
        "Laporan {{ code }} memerlukan informasi tambahan dari Anda."
        "{% if note %}\nPertanyaan petugas: {{ note }}{% endif %}\n"
        "{% if private %}Jawab lewat tautan di bawah ini agar laporan dapat diproses; "
        "sampai Anda menjawab, laporan menunggu.{% else %}Laporan menunggu jawaban pelapor."
        "{% endif %}" + REPORTER_FOOTER,
    ),
    "reporter_reject": (
        "Pelapor: laporan ditolak",
        "Laporan {{ code }} ditolak",
        "Mohon maaf, laporan {{ code }} tidak dapat ditindaklanjuti."
        "{% if note %}\nAlasan: {{ note }}{% endif %}" + REPORTER_FOOTER,
    ),
    "reporter_validate": (
        "Pelapor: laporan selesai, mohon penilaian",
        "Laporan {{ code }} selesai",
        "Laporan {{ code }} telah selesai ditindaklanjuti oleh {{ agency }}."
        "{% if private %} Mohon beri penilaian 1-5 lewat tautan di bawah ini, atau buka "
        "kembali laporan bila belum tuntas{% if reopen_until %} (sampai {{ reopen_until }})"
        "{% endif %}.{% endif %}" + REPORTER_FOOTER,
    ),
    "reporter_state": (
        "Pelapor: status laporan berubah",
        "Laporan {{ code }}: {{ state }}",
        "Status laporan {{ code }} kini: {{ state }}."
        "{% if agency %}\nDitangani: {{ agency }}.{% endif %}"
        "{% if note %}\nCatatan: {{ note }}{% endif %}" + REPORTER_FOOTER,
    ),
    "officer_reporter_info": (
        "Petugas/OPD: pelapor menambahkan informasi",
        "Kasus {{ code }}: informasi baru dari pelapor",
        "Pelapor kasus {{ code }} ({{ category }}) menambahkan informasi."
        "{% if title %}\n{{ title }}{% endif %}\nBuka: {{ staff_url }}",
    ),
    "officer_new_case": (
        "Petugas/OPD: kasus baru",
        "Kasus baru {{ code }} untuk {{ agency }}",
        "Kasus baru {{ code }} ({{ category }}) untuk {{ agency }}."
        "{% if title %}\n{{ title }}{% endif %}"
        "{% if due %}\nTenggat: {{ due }}.{% endif %}\nBuka: {{ staff_url }}",
    ),
    "deadline_near": (
        "Petugas: tenggat segera tiba",
        "Tenggat kasus {{ code }} segera tiba",
        "Tenggat kasus {{ code }} ({{ category }}) tinggal {{ hours_left }} jam kerja "
        "(pukul {{ due }}).\nBuka: {{ staff_url }}",
    ),
    "deadline_passed": (
        "Eskalasi: tenggat terlewati",
        "Tenggat kasus {{ code }} terlewati",
        "Tenggat kasus {{ code }} ({{ category }}{% if agency %}, {{ agency }}{% endif %}) "
        "terlewati {{ hours_late }} jam kerja (tenggat {{ due }}). "
        "Anda menerima pesan ini sebagai {{ rung }}.\nBuka: {{ staff_url }}",
    ),
    "instruction_new": (
        "OPD: arahan pimpinan baru",
        "Arahan baru: {{ subject }}",
        "Arahan pimpinan baru untuk {{ agency }}: {{ subject }}."
        "{% if due %}\nTenggat: {{ due }}.{% endif %}\nBuka: {{ staff_url }}",
    ),
    "instruction_done": (
        "Pimpinan: arahan dilaporkan selesai",
        "Arahan dilaporkan selesai: {{ subject }}",
        '{{ agency }} melaporkan arahan "{{ subject }}" selesai. Mohon diperiksa dan '
        "diterima atau dikembalikan.\nBuka: {{ staff_url }}",
    ),
}

# The ladder for every category without its own: (rung, working hours after the
# running deadline passed).
ESCALATION = (("officer", 0), ("agency_head", 8), ("operator", 16), ("leader", 40))

# The variables a template may use (docs/notifications.md): a WhatsApp template's
# parameters name some of them.
VARIABLES = (
    "agency",
    "category",
    "city",
    "code",
    "due",
    "hours_late",
    "hours_left",
    "note",
    "optout_hint",
    "reopen_until",
    "rung",
    "staff_url",
    "state",
    "subject",
    "title",
    "url",
)
