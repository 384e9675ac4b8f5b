"""Django's `check`, which here also asks the database whether the city is set up.

Django runs database checks only for the databases named with `--database`; a city
administrator typing `cerdas check` means "is this installation ready?", so the default
database is named unless others are.
"""

from django.core.management.commands import check

from cerdas.city import checks


class Command(check.Command):
    def handle(self, *app_labels, **options):
        options["databases"] = options.get("databases") or ["default"]
        checks.ask()
        try:
            return super().handle(*app_labels, **options)
        finally:
            checks.ask(False)
