"""Category icons: an emoji became the name of a vendored SVG icon (complaints.icons)."""

from django.db import migrations, models

from cerdas.complaints import icons


def emoji_to_names(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for category in Category.objects.all():
        category.icon = icons.from_emoji(category.icon)
        category.save(update_fields=["icon"])


def names_to_emoji(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for category in Category.objects.all():
        category.icon = icons.emoji(category.icon)
        category.save(update_fields=["icon"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_default_deadline_policy"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="icon",
            field=models.CharField(
                choices=icons.CHOICES,
                default=icons.DEFAULT,
                help_text="Gambar kecil di samping nama kategori, di formulir, daftar, peta dan layar.",
                max_length=40,
                verbose_name="ikon",
            ),
        ),
        migrations.RunPython(emoji_to_names, names_to_emoji),
    ]
