"""Browser tests: Debian's chromium driven by Playwright against Django's live server.

Each role gets its own browser context (its own cookies, so its own session). Nothing
leaves the machine: every request to a host other than the live server is aborted,
so the map must work from our own kelurahan outlines, without tiles.

The live server needs a transactional database, whose tables are flushed after each
test; the areas loaded once per session by the root conftest are therefore loaded
again around every browser test.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from pytest_django.plugin import blocking_manager_key

# Playwright's sync API keeps an asyncio loop in the main thread; without this Django's
# ORM refuses to run in the test itself ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent


def _is_browser_test(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)


def _load_areas() -> None:
    from cerdas.areas.services import areas_load

    areas_load()  # also clears the polygon index and outline caches


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the flush of a browser test, put the areas back for the tests that follow."""
    result = yield
    if _is_browser_test(item) and nextitem is not None and not _is_browser_test(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            _load_areas()
    return result


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but static files come from WhiteNoise, as in production.

    The stock live server serves /static/ through Django's finders, which know only the
    source names; our pages ask for the hashed names of the collected manifest storage
    (see the root conftest), which only WhiteNoise (in MIDDLEWARE) serves from STATIC_ROOT.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = lambda handler: handler
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _areas(transactional_db):
    """The shipped areas, present at the start of every browser test."""
    from cerdas.areas.models import Area

    if not Area.objects.exists():
        _load_areas()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CERDAS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _route_loopback_only(blocked: list[str]):
    def handle(route):
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    return handle


def _broken_resource(response, errors: list[str]) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        errors.append(f"{response.status} {response.url}")


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """Factory: a fresh context and page; `phone=True` for citizens, desktop for staff.

    The page gets `.blocked` (URLs refused because they left the machine) and `.errors`
    (uncaught JavaScript exceptions and our own scripts, styles or images that failed).
    """
    contexts = []

    def make(*, phone: bool = False, javascript: bool = True):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=PHONE if phone else DESKTOP,
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
            java_script_enabled=javascript,
            locale="id-ID",
            timezone_id="Asia/Makassar",
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        blocked: list[str] = []
        context.route("**/*", _route_loopback_only(blocked))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc} {exc.stack}"))
        page.on("response", lambda r: _broken_resource(r, errors))
        page.blocked = blocked
        page.errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login():
    """Sign a page's context in as a staff member (password from the root conftest)."""
    from conftest import PASSWORD

    def _login(page, username: str):
        page.goto("/akun/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.press("#id_password", "Enter")
        assert "/akun/masuk/" not in page.url, f"login as {username} failed"
        return page

    return _login


@pytest.fixture
def screenshots() -> SimpleNamespace:
    """Where to save screenshots for a human to look at: $CERDAS_BROWSER_SCREENSHOTS."""
    folder = os.environ.get("CERDAS_BROWSER_SCREENSHOTS")

    def save(page, name: str) -> None:
        if folder:
            page.screenshot(path=str(Path(folder) / name), full_page=True)

    return SimpleNamespace(save=save, folder=folder)
