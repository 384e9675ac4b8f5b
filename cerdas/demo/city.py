"""The demo city's reference data: agencies, deadline policies, categories and accounts.

Everything here is matched by its code or username, so loading twice changes nothing.
"""

import random
from dataclasses import dataclass, field

from django.db import transaction

from cerdas.accounts.models import Role, User
from cerdas.agencies.models import Agency
from cerdas.city.services import agencies_ensure, categories_ensure, policies_ensure, short_name
from cerdas.complaints.models import Category

from . import data


@dataclass
class City:
    """What the complaint history needs to know about the demo city."""

    agencies: dict[str, Agency]
    categories: dict[str, Category]
    operators: list[User]
    heads: dict[str, User]  # agency code -> kepala (units: the parent's kepala)
    officers: dict[str, list[User]]  # agency code -> petugas of that agency
    citizen: User
    accounts: list[User] = field(default_factory=list)


# Kota Manado's own names for the bodies outside the city's authority; another city's
# demo keeps the starter set's names, made from its own name and province.
MANADO = "71.71"


@transaction.atomic
def agencies_load(city_code: str = MANADO) -> dict[str, Agency]:
    """The demo's units under the starter OPDs (the setup made those) and outside bodies."""
    agencies = {a.code: a for a in Agency.objects.all()}
    externals = data.EXTERNALS if city_code == MANADO else []
    loaded, _ = agencies_ensure(opds=data.OPDS, units=data.UNITS, externals=externals, update=True)
    return {**agencies, **loaded}


@transaction.atomic
def categories_load(agencies: dict[str, Agency]) -> dict[str, Category]:
    policies, _ = policies_ensure(data.POLICIES)
    categories, _ = categories_ensure(
        data.CATEGORIES, agencies=agencies, policies=policies, update=True
    )
    return categories


def _person(rng: random.Random, used: set[tuple[str, str]]) -> tuple[str, str]:
    while True:
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        if (first, last) not in used:
            used.add((first, last))
            return first, last


def accounts_load(
    agencies: dict[str, Agency], rng: random.Random, *, city_name: str = "Kota Manado"
) -> City:
    """One account per role, a kepala and petugas for every OPD, all with the demo password.

    The password is hashed once and the hash shared: every account has the same, printed
    password anyway, and hashing it fifty times would cost half a minute.
    """
    template = User()
    template.set_password(data.PASSWORD)
    password_hash = template.password
    used: set[tuple[str, str]] = set()
    accounts: list[User] = []

    def account(username, role, agency=None, *, name=None, **extra) -> User:
        first, last = name or _person(rng, used)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=role,
                agency=agency,
                first_name=first,
                last_name=last,
                email=f"{username}@demo.cerdas.invalid",
                password=password_hash,
                **extra,
            )
            user.save()
        accounts.append(user)
        return user

    with transaction.atomic():
        account("admin", Role.ADMIN, name=("Admin", "Sistem"), is_staff=True, is_superuser=True)
        operators = [account("operator", Role.OPERATOR)]
        operators += [account(f"operator{n}", Role.OPERATOR) for n in (2, 3)]
        leader = "Bupati" if city_name.startswith("Kabupaten") else "Wali Kota"
        account("walikota", Role.LEADER, name=(leader, f"{short_name(city_name)} (demo)"))
        account("sekda", Role.LEADER, name=("Sekretaris Daerah", "(demo)"))
        account("ppid", Role.PPID)
        account("walidata", Role.WALIDATA)
        heads: dict[str, User] = {}
        officers: dict[str, list[User]] = {}
        for code, _name, _short in data.OPDS:
            agency = agencies[code]
            heads[code] = account(f"kepala.{code}", Role.AGENCY_HEAD, agency)
            count = 3 if code in ("pupr", "dlh", "dishub") else 2
            officers[code] = [
                account(f"petugas{n if n > 1 else ''}.{code}", Role.OFFICER, agency)
                for n in range(1, count + 1)
            ]
        for code, _name, _short, parent in data.UNITS:
            heads[code] = heads[parent]
            officers[code] = [account(f"petugas.{code}", Role.OFFICER, agencies[code])]
        citizen = account("warga", Role.CITIZEN, name=("Ronald", "Wenas"))
    return City(
        agencies=agencies,
        categories={},
        operators=operators,
        heads=heads,
        officers=officers,
        citizen=citizen,
        accounts=accounts,
    )
