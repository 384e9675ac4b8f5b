"""axe-core in chromium on every public page and every staff page, for each role: no
serious or critical violation.

axe-core is vendored for these tests only (tests/browser/vendor/, never served). One
demo city is loaded for the whole module and each role signs in once; every page is
then its own test, so a page another change is rebuilding can be marked xfail alone.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
PASSWORD = "cerdas-demo"  # the demo accounts' (cerdas/demo/data.py)
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
SERIOUS = ("serious", "critical")


def rebuilt(reason: str):
    return pytest.mark.xfail(strict=False, reason=reason)


# (role's username or None for a visitor, path with {case} / {request} / {instruction} /
# {agency} placeholders, marks)
PAGES = [
    (None, "/", ()),
    (None, "/lapor/", ()),
    (None, "/lacak/", ()),
    (None, "/lacak/{case}/", ()),
    (None, "/peta/", ()),
    (None, "/pengaduan/", ()),
    (None, "/berita/", ()),
    (None, "/data/", ()),
    (None, "/ppid/permohonan/", ()),
    (None, "/ppid/lacak/", ()),
    (None, "/ppid/keberatan/", ()),
    (None, "/akun/masuk/", ()),
    ("operator", "/cc/antrian/", ()),
    ("operator", "/cc/catat/", ()),
    ("operator", "/cc/duplikat/", ()),
    ("operator", "/kasus/{case}/", ()),
    ("petugas.pupr", "/opd/kotak-masuk/", ()),
    ("petugas.pupr", "/arahan/", ()),
    ("kepala.pupr", "/opd/kotak-masuk/", ()),
    ("kepala.pupr", "/pimpinan/opd/pupr/", ()),
    ("kepala.pupr", "/arahan/{instruction}/", ()),
    ("walikota", "/pimpinan/", ()),
    ("walikota", "/pimpinan/ringkasan/", ()),
    ("walikota", "/arahan/", ()),
    ("walikota", "/arahan/baru/", ()),
    ("walikota", "/ppid/atasan/keberatan/", ()),
    ("ppid", "/ppid/meja/", ()),
    ("ppid", "/ppid/meja/{request}/", ()),
    ("ppid", "/ppid/register/permohonan/", ()),
    ("ppid", "/ppid/laporan-tahunan/", ()),
    ("walidata", "/data/kelola/", ()),
    ("admin", "/arahan/", ()),
]


# Controls smaller than 44x44 CSS px (WCAG 2.5.5): buttons, fields, links in lists and
# menus, and radios and checkboxes by the label around them. Links inside running text
# are exempt (WCAG's "inline" exception), as is the map's attribution.
SMALL_TARGETS = """() => {
    const controls = document.querySelectorAll(
        "button, select, textarea, input:not([type=hidden]), .button, nav a, li > a, " +
        ".pager a, .leaflet-bar a");
    const small = [];
    for (const el of controls) {
        const target = (el.type === "radio" || el.type === "checkbox") && el.closest("label")
            ? el.closest("label") : el;
        const box = target.getBoundingClientRect();
        if (!box.width || !box.height || target.closest(".leaflet-control-attribution")) continue;
        if (box.width < 44 || box.height < 43.5) {
            small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim()
                .slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
        }
    }
    return small;
}"""


@pytest.fixture(autouse=True)
def _areas():
    """Instead of the browser tests' per-test areas: the module's demo city has them."""


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """Instead of a media folder per test: the demo's photos stay where `site` put them."""


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo city, loaded once for the module (its own data directory and media), and
    flushed at the end so the tests after it start from the usual empty database."""
    from cerdas.areas.services import areas_load
    from cerdas.complaints.models import Complaint, Privacy, State
    from cerdas.instructions.models import Instruction
    from cerdas.ppid.models import InfoRequest

    folder = tmp_path_factory.mktemp("axe-demo")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        override_settings(DATA_DIR=folder, MEDIA_ROOT=folder / "media", PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
    ):
        call_command("demo", complaints=40, seed=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
        case = (
            Complaint.objects.filter(privacy=Privacy.PUBLIC, state=State.IN_PROGRESS)
            .order_by("pk")
            .first()
        )
        values = {
            "case": case.code,
            "request": InfoRequest.objects.order_by("pk").first().number,
            "instruction": Instruction.objects.order_by("pk").first().pk,
        }
        try:
            yield values
        finally:
            call_command("flush", interactive=False, verbosity=0)
            areas_load()


@pytest.fixture(scope="module")
def db(site):
    """This module's `db`: the demo city of `site`, committed, not a transaction per test.
    (pytest-django creates the test database for the tests that use a fixture by this
    name, so the page tests need it even when they run alone.)"""
    return site


@pytest.fixture(scope="module")
def server(site):
    """A live server of the module's own. pytest-django's `live_server` would make every
    test transactional, flushing the demo city after the first page."""
    from pytest_django.live_server_helper import LiveServer

    live = LiveServer("localhost", start=False)
    live.thread.static_handler = lambda handler: handler  # WhiteNoise, as in production
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def contexts(browser, server, django_db_blocker):
    """One browser context per role, signed in once (a visitor's on a phone)."""
    made = {}

    def get(username):
        if username not in made:
            context = browser.new_context(
                base_url=server.url,
                viewport=PHONE if username is None else DESKTOP,
                locale="id-ID",
                timezone_id="Asia/Makassar",
                bypass_csp=True,  # to inject axe itself; the pages' CSP is tested elsewhere
            )
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(server.url) else route.abort()
                ),
            )
            page = context.new_page()
            if username:
                with django_db_blocker.unblock():
                    page.goto("/akun/masuk/")
                    page.fill("#id_username", username)
                    page.fill("#id_password", PASSWORD)
                    with page.expect_navigation():
                        page.press("#id_password", "Enter")
                assert "/akun/masuk/" not in page.url, (
                    f"login as {username} failed: " + page.inner_text("main")
                )
            made[username] = page
        return made[username]

    yield get
    for page in made.values():
        page.context.close()


def _params() -> list:
    return [
        pytest.param(username, path, marks=marks, id=f"{username or 'visitor'}:{path}")
        for username, path, marks in PAGES
    ]


@pytest.mark.parametrize(("username", "path"), _params())
def test_no_serious_accessibility_violation(db, contexts, site, django_db_blocker, username, path):
    page = contexts(username)
    with django_db_blocker.unblock():
        response = page.goto(path.format(**site))
        assert response.status == 200, f"{path}: {response.status}"
        page.wait_for_load_state("networkidle")
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        """async (serious) => {
            const result = await axe.run(document, { resultTypes: ["violations"] });
            return result.violations
                .filter((v) => serious.includes(v.impact))
                .map((v) => `${v.impact} ${v.id}: ${v.help} at ` +
                    v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | "));
        }""",
        list(SERIOUS),
    )
    assert violations == [], "\n".join(violations)
    if username is None:  # a citizen's phone: every control big enough for a thumb
        small = page.evaluate(SMALL_TARGETS)
        assert small == [], f"{path}: tap targets under 44 px: {small}"


def test_axe_is_vendored_for_the_tests_only_with_its_licence():
    assert (AXE.parent / "LICENSE").read_text().startswith("Mozilla Public License")
    assert not list(Path(__file__).resolve().parents[2].glob("static/**/axe*.js"))


# Every role on a 360 px phone: its landing page, then every page its menu links to (and
# the first case its queue lists): none may scroll sideways.
ROLES = ["operator", "kepala.pupr", "petugas.pupr", "walikota", "ppid", "walidata", "admin"]
WIDTH = """() => ({
    width: document.scrollingElement.scrollWidth,
    wide: [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > 361)
        .slice(0, 3).map((el) => el.tagName.toLowerCase() + "." + el.className),
})"""
NAV_LINKS = """() => [...document.querySelectorAll("header nav a, main a[href^='/kasus/']")]
    .map((a) => new URL(a.href)).filter((u) => u.origin === location.origin)
    .map((u) => u.pathname)"""


@pytest.mark.parametrize("username", ROLES)
def test_no_staff_page_scrolls_sideways_on_a_phone(
    db, browser, server, django_db_blocker, username
):
    context = browser.new_context(
        base_url=server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        timezone_id="Asia/Makassar",
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(server.url) else route.abort()
        ),
    )
    page = context.new_page()
    wide, seen = [], []
    try:
        with django_db_blocker.unblock():
            page.goto("/akun/masuk/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            with page.expect_navigation():
                page.press("#id_password", "Enter")
            todo = [page.url.removeprefix(server.url)]
            while todo:
                path = todo.pop(0)
                if path in seen or path.startswith("/akun/"):
                    continue
                seen.append(path)
                response = page.goto(path)
                assert response.status < 400, f"{username} {path}: {response.status}"
                page.wait_for_load_state("networkidle")
                found = page.evaluate(WIDTH)
                if found["width"] > PHONE["width"]:
                    wide.append(f"{path}: {found['width']} px ({found['wide']})")
                if len(seen) == 1 or path.startswith("/kasus/") is False:
                    links = page.evaluate(NAV_LINKS)
                    cases = [u for u in links if u.startswith("/kasus/")][:1]
                    todo += [u for u in links if not u.startswith("/kasus/")] + cases
    finally:
        context.close()
    # The admin lands on Django's admin site, which has no site menu to follow.
    assert len(seen) >= (1 if username == "admin" else 3), f"{username} walked only {seen}"
    assert wide == [], f"{username}: pages wider than {PHONE['width']} px:\n" + "\n".join(wide)
