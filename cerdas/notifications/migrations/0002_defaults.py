from django.db import migrations

from cerdas.notifications.defaults import ESCALATION, TEMPLATES


def create(apps, schema_editor):
    Template = apps.get_model("notifications", "Template")
    EscalationStep = apps.get_model("notifications", "EscalationStep")
    for code, (description, subject, body) in TEMPLATES.items():
        Template.objects.get_or_create(
            code=code, defaults={"description": description, "subject": subject, "body": body}
        )
    for rung, hours in ESCALATION:
        EscalationStep.objects.get_or_create(category=None, rung=rung, defaults={"after_hours": hours})


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
