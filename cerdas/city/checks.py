"""`cerdas check`: is this installation ready to take a city's reports?

Registered with Django's check framework under the tag "city" and the database tag:
they read the database, so like Django's own database checks they run only when a
database is named. Our `check` command names the default one unless told otherwise, so
a plain `cerdas check` answers; `migrate` and the other commands do not ask them
(migrating must never wait for a city to be set up).
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError

from cerdas.lib import cityfile

SETUP = "cerdas city setup --code {code} --boundaries BERKAS"
_asked = False


def ask(value: bool = True) -> None:
    """Only the `check` command turns the city checks on (see the module docstring)."""
    global _asked
    _asked = value


def _pending_migrations(alias: str) -> int:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@register("city", Tags.database)
def city_ready(app_configs=None, databases=None, **kwargs):
    if not _asked or not databases:
        return []
    from cerdas.city.services import city_summary

    code = settings.CERDAS_CITY_CODE
    alias = DEFAULT_DB_ALIAS if DEFAULT_DB_ALIAS in databases else databases[0]
    setup = SETUP.format(code=code)
    try:
        pending = _pending_migrations(alias)
    except DatabaseError as exc:
        return [Error(f"The database does not answer: {exc}", id="cerdas.E000")]
    if pending:
        return [
            Error(
                f"The database has {pending} unapplied migrations.",
                hint=f"Run `cerdas migrate`, then `{setup}`.",
                id="cerdas.E000",
            )
        ]
    counts = city_summary(code)
    starter = f"Run `{setup}` for the starter set, or add them in the admin."
    lacking = [
        (
            "outlined",
            f"{settings.CERDAS_CITY_NAME} ({code}) has no kelurahan/desa with boundaries "
            f"({counts['villages']} without): every report with a map point would be refused "
            "as outside the city.",
            f"Run `{setup}`, or upload the boundaries in the admin (Wilayah).",
        ),
        ("agencies", "No active agency (OPD) to send reports to.", starter),
        ("categories", "No active category: citizens cannot file a report.", starter),
        (
            "policies",
            "No deadline policy: a category cannot be created without one.",
            "Add one in the admin (Kebijakan tenggat); SP4N-LAPOR!: 3, 5, 14 days.",
        ),
    ]
    problems = [
        Error(message, hint=hint, id=f"cerdas.E00{n}")
        for n, (key, message, hint) in enumerate(lacking, start=1)
        if not counts[key]
    ]
    identity = cityfile.read(settings.DATA_DIR)
    if identity and identity.code != code:
        problems.append(
            Warning(
                f"CERDAS_CITY_CODE={code} overrides {identity.name} ({identity.code}) "
                f"set up in {cityfile.path_in(settings.DATA_DIR)}.",
                hint="Unset the variable unless this is intended.",
                id="cerdas.W001",
            )
        )
    return problems
