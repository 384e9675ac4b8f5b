"""Count what is already in the database into the rollups (a no-op when empty)."""

from django.db import migrations


def fill(apps, schema_editor):
    # The recount reads the complaint tables through the current models: the rollups are
    # derived data, and `cerdas rollups --rebuild` does the same at any later time.
    from cerdas.performance.rollups import rebuild

    rebuild()


class Migration(migrations.Migration):
    dependencies = [("performance", "0003_working_times")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
