"""The demo city's reference data: agencies, deadline policies, categories and accounts.

Everything here is matched by its code or username, so loading twice changes nothing.
"""

import random
from dataclasses import dataclass, field

from django.db import transaction

from cerdas.accounts.models import Role, User
from cerdas.agencies.models import Agency, AgencyKind
from cerdas.complaints.models import Category, DeadlinePolicy, Privacy

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


@transaction.atomic
def agencies_load() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for code, name, short in data.OPDS:
        agencies[code], _ = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "kind": AgencyKind.OPD}
        )
    for code, name, short, parent in data.UNITS:
        agencies[code], _ = Agency.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": AgencyKind.UNIT,
                "parent": agencies[parent],
            },
        )
    for code, name, short, contact in data.EXTERNALS:
        agencies[code], _ = Agency.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": AgencyKind.EXTERNAL,
                "public_contact": contact,
            },
        )
    return agencies


@transaction.atomic
def categories_load(agencies: dict[str, Agency]) -> dict[str, Category]:
    policies = {}
    for name, (va, vu, ra, ru, sa, su) in data.POLICIES.items():
        policies[name], _ = DeadlinePolicy.objects.update_or_create(
            name=name,
            defaults={
                "verify_amount": va,
                "verify_unit": vu,
                "response_amount": ra,
                "response_unit": ru,
                "resolution_amount": sa,
                "resolution_unit": su,
            },
        )
    categories = {}
    for order, (code, spec) in enumerate(data.CATEGORIES.items(), start=1):
        categories[code], _ = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "icon": spec["icon"],
                "default_agency": agencies[spec["agency"]],
                "policy": policies[spec["policy"]],
                "default_privacy": spec.get("privacy", Privacy.PUBLIC),
                # Lainnya last, whatever its place in the list.
                "sort_order": 999 if code == "lainnya" else order * 10,
            },
        )
    return categories


def _person(rng: random.Random, used: set[tuple[str, str]]) -> tuple[str, str]:
    while True:
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        if (first, last) not in used:
            used.add((first, last))
            return first, last


def accounts_load(agencies: dict[str, Agency], rng: random.Random) -> City:
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
        account("walikota", Role.LEADER, name=("Wali Kota", "Manado (demo)"))
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
