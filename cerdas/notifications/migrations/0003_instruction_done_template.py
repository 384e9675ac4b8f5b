from django.db import migrations

from cerdas.notifications.defaults import TEMPLATES


def create(apps, schema_editor):
    Template = apps.get_model("notifications", "Template")
    description, subject, body = TEMPLATES["instruction_done"]
    Template.objects.get_or_create(
        code="instruction_done",
        defaults={"description": description, "subject": subject, "body": body},
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_defaults")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
