"""The reporter's notices carry their private link and say what happens next and by
when; a template for the agency when the reporter adds information."""

from django.db import migrations

from cerdas.notifications.defaults import TEMPLATES

# The bodies shipped before (0002): a row still holding one was never edited by an
# admin and takes the new text; an edited one is left as the admin wrote it.
OLD_BODIES = {
    'reporter_submit': (
        'Terima kasih, laporan Anda sudah kami terima dengan kode lacak {{ code'
        ' }} ({{ category }}). Command center {{ city }} akan memverifikasinya.'
        '\n\nLacak: {{ url }}{% if optout_hint %}\n{{ optout_hint }}{% endif %}'
    ),
    'reporter_request_info': (
        'Laporan {{ code }} memerlukan informasi tambahan dari Anda.{% if note '
        '%}\nPertanyaan petugas: {{ note }}{% endif %}\nBalas lewat halaman lacak'
        ' agar laporan dapat diproses.\n\nLacak: {{ url }}{% if optout_hint %}\n{{'
        ' optout_hint }}{% endif %}'
    ),
    'reporter_reject': (
        'Mohon maaf, laporan {{ code }} tidak dapat ditindaklanjuti.{% if note '
        '%}\nAlasan: {{ note }}{% endif %}\n\nLacak: {{ url }}{% if optout_hint %}'
        '\n{{ optout_hint }}{% endif %}'
    ),
    'reporter_validate': (
        'Laporan {{ code }} telah selesai ditindaklanjuti oleh {{ agency }}. Mo'
        'hon beri penilaian 1-5, atau buka kembali dalam 10 hari kerja bila bel'
        'um tuntas.\n\nLacak: {{ url }}{% if optout_hint %}\n{{ optout_hint }}{% e'
        'ndif %}'
    ),
    'reporter_state': (
        'Status laporan {{ code }} kini: {{ state }}.{% if agency %}\nDitangani:'
        ' {{ agency }}.{% endif %}{% if note %}\nCatatan: {{ note }}{% endif %}\n'
        '\nLacak: {{ url }}{% if optout_hint %}\n{{ optout_hint }}{% endif %}'
    ),
}
NEW = ("officer_reporter_info",)


def update(apps, schema_editor):
    Template = apps.get_model("notifications", "Template")
    for code, old_body in OLD_BODIES.items():
        description, subject, body = TEMPLATES[code]
        Template.objects.filter(code=code, body=old_body).update(body=body, subject=subject)
    for code in NEW:
        description, subject, body = TEMPLATES[code]
        Template.objects.get_or_create(
            code=code, defaults={"description": description, "subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_instruction_done_template")]

    operations = [migrations.RunPython(update, migrations.RunPython.noop)]
