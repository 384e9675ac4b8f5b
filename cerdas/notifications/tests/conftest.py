import pytest

from cerdas.notifications import notices

from .fakeprovider import FakeProvider


@pytest.fixture(autouse=True)
def _fresh_templates():
    """Templates are cached per process; a test that edits one must not leak it."""
    notices._templates_cache.clear()
    yield
    notices._templates_cache.clear()


@pytest.fixture
def fake(settings):
    """The fake providers on loopback, every channel's settings pointing at them."""
    with FakeProvider() as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        settings.CERDAS_NOTIFY_BACKEND = ""
        settings.CERDAS_NOTIFY_TIMEOUT = 1
        settings.CERDAS_NOTIFY_LEASE_SECONDS = 5
        yield provider


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at enqueue, in the test's thread (a deferred retry is left to the poller)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def set_emails(pairs) -> None:
    """Give accounts e-mail addresses (the city fixture's have none)."""
    for user, address in pairs:
        user.email = address
        user.save(update_fields=["email"])
