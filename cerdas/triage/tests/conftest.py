import pytest

from cerdas.triage import store, training

from .fixtures import labelled


@pytest.fixture(autouse=True)
def _models_in_tmp(settings, tmp_path):
    """Every test gets its own model directory: a model never leaks into another test."""
    settings.DATA_DIR = tmp_path / "data"
    store._cache.clear()
    yield
    store._cache.clear()


@pytest.fixture
def trained():
    """A model trained on the small fixture (labels pupr, dlh, pju)."""
    texts, labels = labelled()
    version, router = training.train_and_save(texts, labels)
    return router
