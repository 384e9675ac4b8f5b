"""Counted the existing database into the rollups; since the working times joined them
(0003) the count is made once all their tables exist, in 0004."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0001_initial"),
        ("complaints", "0006_leg_running_index"),
    ]

    operations = []
