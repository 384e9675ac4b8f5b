from django.db import migrations

# SP4N-LAPOR!'s legs: verify and dispose in 3 working days, the OPD's first response in
# 5, the resolution in 14. A fresh installation can file its first category at once; the
# admin edits or replaces it. Kept literal here: a migration must not change with the code.
NAME = "Standar SP4N-LAPOR! (14 hari kerja)"


def create_default_policy(apps, schema_editor):
    DeadlinePolicy = apps.get_model("complaints", "DeadlinePolicy")
    if not DeadlinePolicy.objects.exists():
        DeadlinePolicy.objects.create(
            name=NAME,
            verify_amount=3,
            verify_unit="days",
            response_amount=5,
            response_unit="days",
            resolution_amount=14,
            resolution_unit="days",
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0008_reporter_confirms_fixed")]

    operations = [migrations.RunPython(create_default_policy, migrations.RunPython.noop)]
