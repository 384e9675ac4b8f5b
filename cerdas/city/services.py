"""Making an installation a city's own: `city_setup`, and the starter loaders it shares
with the demo.

Everything is checked before anything is written (the Kemendagri code, the boundary
file, the identity, that the data directory is writable), then the areas, agencies,
policies and categories are written in one transaction, and the city file once it
commits: a failure leaves the database and the file as they were.
Rows are matched by their code and only created, never overwritten, so a second run
changes nothing and the admin's edits survive a rerun.
"""

import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils.text import slugify

from cerdas.agencies.models import Agency, AgencyKind
from cerdas.areas.boundaries import BoundaryError, boundaries_read
from cerdas.areas.models import Area, AreaLevel
from cerdas.areas.regions import ZONE_NAMES, CityRegions, RegionError
from cerdas.areas.services import AreasResult, areas_create, regions_of, shipped_boundaries
from cerdas.complaints.models import Category, Complaint, DeadlinePolicy, Privacy
from cerdas.lib import cityfile
from cerdas.lib.cityfile import CityIdentity

from . import starter


class CityError(Exception):
    """The setup cannot go on; `problems` says every reason, in Indonesian."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


# --- the identity ------------------------------------------------------------------------

_SKIP_WORDS = {"kota", "kabupaten", "kab", "adm", "administrasi", "dan"}


def short_name(name: str) -> str:
    """`Kabupaten Minahasa Selatan` -> `Minahasa Selatan`; `Kota Dumai` -> `Dumai`."""
    return re.sub(r"^(Kota|Kabupaten)( Administrasi)?\s+", "", name.strip())


def code_prefix_for(name: str) -> str:
    """A tracking-code prefix from the name: three capitals an officer can say on the phone.

    One word: its first letter and the next two consonants (Dumai -> DMI, Manado -> MND,
    topped up with the last letter where consonants run out); several words: the first
    word's first letter and next consonant, then the second word's initial (Minahasa
    Selatan -> MNS). The admin may choose any other (`--prefix`, or CERDAS_CODE_PREFIX).
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z]+", ascii_name) if w and w.lower() not in _SKIP_WORDS]
    if not words:
        return "CRD"
    first = words[0].upper()
    consonants = [c for c in first[1:] if c not in "AEIOU"]
    if len(words) == 1:
        letters = [first[0], *consonants[:2]]
        if len(letters) < 3:
            letters.append(first[-1])
    else:
        letters = [first[0], *(consonants[:1] or [first[1:2]]), words[1][0].upper()]
    return "".join(letters)[:3].ljust(2, "X")


@contextmanager
def city_activate(identity: CityIdentity) -> Iterator[None]:
    """Run this process as `identity`'s installation, as a fresh start would (the demo
    of another city, the tests). A real installation reads the city file at start."""
    from cerdas.areas.services import _forget_outlines
    from cerdas.workdays.calendar import _forget_calendar

    zone = ZoneInfo(identity.time_zone)
    with override_settings(
        CERDAS_CITY_CODE=identity.code,
        CERDAS_CITY_NAME=identity.name,
        CERDAS_CODE_PREFIX=identity.code_prefix,
        CERDAS_TIME_ZONE=zone,
        TIME_ZONE=identity.time_zone,
    ):
        _forget_outlines()
        _forget_calendar()
        try:
            yield
        finally:
            _forget_outlines()
            _forget_calendar()


# --- starter rows, shared with the demo ----------------------------------------------------


def _ensure(model, lookup: dict, values: dict, *, update: bool) -> tuple[object, bool]:
    if update:
        return model.objects.update_or_create(**lookup, defaults=values)
    return model.objects.get_or_create(**lookup, defaults=values)


def agencies_ensure(
    *,
    opds: Iterable[tuple[str, str, str]],
    units: Iterable[tuple[str, str, str, str]] = (),
    externals: Iterable[tuple[str, str, str, str]] = (),
    update: bool = False,
) -> tuple[dict[str, Agency], int]:
    """The agencies by code (and how many were created). Existing ones are left as the
    admin made them, unless `update` (the demo, which owns its rows)."""
    agencies: dict[str, Agency] = {}
    created = 0

    def put(code, values):
        nonlocal created
        agencies[code], new = _ensure(Agency, {"code": code}, values, update=update)
        created += new

    for code, name, short in opds:
        put(code, {"name": name, "short_name": short, "kind": AgencyKind.OPD})
    for code, name, short, parent in units:
        values = {"name": name, "short_name": short, "kind": AgencyKind.UNIT}
        put(code, {**values, "parent": agencies.get(parent) or Agency.objects.get(code=parent)})
    for code, name, short, contact in externals:
        put(
            code,
            {
                "name": name,
                "short_name": short,
                "kind": AgencyKind.EXTERNAL,
                "public_contact": contact,
            },
        )
    return agencies, created


def policies_ensure(specs: dict[str, tuple]) -> tuple[dict[str, DeadlinePolicy], int]:
    policies, created = {}, 0
    for name, (va, vu, ra, ru, sa, su) in specs.items():
        policies[name], new = DeadlinePolicy.objects.get_or_create(
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
        created += new
    return policies, created


def categories_ensure(
    specs: dict[str, dict],
    *,
    agencies: dict[str, Agency],
    policies: dict[str, DeadlinePolicy],
    update: bool = False,
) -> tuple[dict[str, Category], int]:
    categories, created = {}, 0
    for order, (code, spec) in enumerate(specs.items(), start=1):
        categories[code], new = _ensure(
            Category,
            {"code": code},
            {
                "name": spec["name"],
                "description": spec["description"],
                "icon": spec["icon"],
                "default_agency": agencies[spec["agency"]],
                "policy": policies[spec["policy"]],
                "default_privacy": spec.get("privacy", Privacy.PUBLIC),
                # Lainnya last, whatever its place in the list.
                "sort_order": 999 if code == "lainnya" else order * 10,
            },
            update=update,
        )
        created += new
    return categories, created


def _district_offices(regions: CityRegions) -> list[tuple[str, str, str]]:
    """Every kecamatan office is a perangkat daerah (PP 17/2018)."""
    offices, used = [], set()
    for code, district in sorted(regions.districts.items()):
        slug = f"kec-{slugify(district.name)}"[:32]
        if slug in used:  # two kecamatan of one name: tell them apart by their code
            slug = f"kec-{code.replace('.', '-')}"
        used.add(slug)
        offices.append((slug, f"Kecamatan {district.name}", f"Kec. {district.name}"))
    return offices


def starter_agencies(regions: CityRegions) -> dict[str, list]:
    values = {
        "city": regions.city.name,
        "short": short_name(regions.city.name),
        "province": regions.province.name,
    }
    opds = list(starter.OPDS) + (starter.REGENCY_OPDS if regions.is_regency else [])
    externals = [
        (code, name.format(**values), short.format(**values), contact.format(**values))
        for code, name, short, contact in starter.EXTERNALS
    ]
    return {"opds": opds + _district_offices(regions), "externals": externals}


def starter_categories(regions: CityRegions) -> dict[str, dict]:
    specs = dict(starter.CATEGORIES)
    if regions.is_regency:
        lainnya = specs.pop("lainnya")
        specs.update(starter.REGENCY_CATEGORIES)
        specs["lainnya"] = lainnya
    return specs


# --- the setup -----------------------------------------------------------------------------


@dataclass
class SetupResult:
    identity: CityIdentity
    regions: CityRegions
    city_file: Path
    areas: AreasResult
    agencies: int = 0  # created by this run
    policies: int = 0
    categories: int = 0
    file_written: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.file_written
            or self.areas.created
            or self.areas.outlined
            or self.agencies
            or self.policies
            or self.categories
        )

    @property
    def zone_name(self) -> str:
        return ZONE_NAMES.get(self.identity.time_zone, self.identity.time_zone)


def _writable(data_dir: Path) -> bool:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data_dir):
            return True
    except OSError:
        return False


def _read_boundaries(path: Path | None, regions: CityRegions):
    city = regions.city
    if path is None:
        path = shipped_boundaries(city.code)
        if path is None:
            raise CityError(
                f"Cerdas tidak membawa batas wilayah {city.name} ({city.code}): berikan "
                "--boundaries BERKAS (GeoJSON, Shapefile .zip atau KML) dengan poligon "
                "kelurahan/desa berkode Kemendagri."
            )
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CityError(
            f"Berkas batas wilayah tidak bisa dibaca: {exc.strerror} ({path})."
        ) from None
    try:
        return boundaries_read(data, filename=Path(path).name, regions=regions)
    except BoundaryError as exc:
        raise CityError([f"{Path(path).name}: {p}" for p in exc.problems]) from None


def city_setup(
    *,
    code: str,
    boundaries: Path | None = None,
    name: str | None = None,
    prefix: str | None = None,
    data_dir: Path | None = None,
) -> SetupResult:
    """Make the installation in `data_dir` (CERDAS_DATA_DIR) that of kabupaten/kota `code`.

    Raises CityError, having written nothing, for an unknown code, a boundary file that
    does not fit the code, an installation already set up for another city, or a bad
    name or prefix.
    """
    data_dir = Path(data_dir or settings.DATA_DIR)
    try:
        regions = regions_of(code.strip())
        existing = cityfile.read(data_dir)
    except (RegionError, cityfile.CityFileError) as exc:
        raise CityError(str(exc)) from None
    city = regions.city
    if existing and existing.code != city.code:
        raise CityError(
            f"Direktori data {data_dir} sudah disiapkan untuk {existing.name} "
            f"({existing.code}). Satu instalasi melayani satu kota/kabupaten: pakai "
            "CERDAS_DATA_DIR (dan basis data) yang kosong untuk kota lain."
        )
    foreign = Complaint.objects.exclude(area=None).exclude(area__code__startswith=f"{city.code}.")
    if foreign.exists():
        raise CityError(
            f"Basis data ini sudah berisi pengaduan di luar {city.name}. Siapkan kota pada "
            "basis data yang kosong."
        )
    loaded = _read_boundaries(boundaries, regions)
    identity = CityIdentity(
        code=city.code,
        name=(name or (existing.name if existing else city.name)).strip(),
        code_prefix=(prefix or (existing.code_prefix if existing else code_prefix_for(city.name)))
        .strip()
        .upper(),
        time_zone=existing.time_zone if existing else regions.time_zone,
    )
    if not re.fullmatch(r"[A-Z]{2,4}", identity.code_prefix):
        raise CityError(
            f"Awalan kode lacak {identity.code_prefix!r}: 2 sampai 4 huruf kapital, mis. DUM."
        )
    problems = identity.problems()
    if problems:
        raise CityError(problems)

    path = cityfile.path_in(data_dir)
    if not _writable(data_dir):
        raise CityError(f"Direktori data {data_dir} tidak bisa ditulis oleh pengguna ini.")
    result = SetupResult(identity=identity, regions=regions, city_file=path, areas=AreasResult())
    with transaction.atomic():
        result.areas = areas_create(regions=regions, boundaries=loaded)
        policies, result.policies = policies_ensure(starter.POLICIES)
        agencies, result.agencies = agencies_ensure(**starter_agencies(regions))
        _, result.categories = categories_ensure(
            starter_categories(regions), agencies=agencies, policies=policies
        )
        if identity != existing:
            # Once the rows are committed (also when an outer transaction, the demo's,
            # commits): a rollback must not leave a city file behind.
            transaction.on_commit(lambda: cityfile.write(data_dir, identity))
            result.file_written = True
    if loaded.missing:
        names = ", ".join(regions.villages[c].name for c in loaded.missing[:8])
        result.notes.append(
            f"{len(loaded.missing)} kelurahan/desa tanpa poligon di berkas ({names}): "
            "dibuat tanpa batas; laporan dengan titik peta tidak akan jatuh ke sana sampai "
            "batasnya diunggah di admin."
        )
    return result


def city_summary(city_code: str) -> dict[str, int]:
    """What an installation has for its city: for the command's report and the checks."""
    prefix = f"{city_code}."
    return {
        "districts": Area.objects.filter(level=AreaLevel.DISTRICT, code__startswith=prefix).count(),
        "villages": Area.objects.villages().in_city(city_code).count(),
        "outlined": Area.objects.villages()
        .in_city(city_code)
        .filter(geometry__isnull=False)
        .count(),
        "agencies": Agency.objects.internal().count(),
        "categories": Category.objects.filter(is_active=True).count(),
        "policies": DeadlinePolicy.objects.count(),
    }
