from django.apps import AppConfig
from django.db.models.signals import post_migrate

HUMAS_GROUP = "Humas"


def _humas_group(sender, using="default", **kwargs) -> None:
    """The editors' group: every permission of this app. An account edits news in the
    admin with is_staff and this group (or as a superuser)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # This app's handler may run before auth's: make the permissions first (idempotent).
    create_permissions(sender, verbosity=0, using=using)
    group, _created = Group.objects.db_manager(using).get_or_create(name=HUMAS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="news"))


class NewsConfig(AppConfig):
    name = "cerdas.news"
    verbose_name = "Kehumasan"

    def ready(self) -> None:
        from . import banners  # noqa: F401 (connects the cache's signal)

        post_migrate.connect(_humas_group, sender=self)
