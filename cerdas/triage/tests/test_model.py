import numpy as np
import pytest

from cerdas.triage import model, store, training
from cerdas.triage.text import normalise

from .fixtures import labelled


def test_normalise_informal_writing():
    assert normalise("Jln RUSAK dgn lubang yg besarrr, sdh 2 bln gak diperbaiki!!") == (
        "jalan rusak dengan lubang yang besar sudah 2 bulan tidak diperbaiki"
    )
    assert normalise("lihat https://x.example/abc tolonggg") == "lihat tolong"


def test_collapse_labels_top_and_min_count():
    labels = ["a"] * 5 + ["b"] * 4 + ["c"] * 3 + ["d"]
    assert model.collapse_labels(labels, top=2, min_count=1).count(model.OTHER) == 4
    collapsed = model.collapse_labels(labels, top=None, min_count=3)
    assert set(collapsed) == {"a", "b", "c", model.OTHER}
    assert collapsed.count(model.OTHER) == 1


def test_threshold_for_precision():
    confidence = np.array([0.99, 0.95, 0.9, 0.8, 0.7, 0.6])
    correct = np.array([True, True, True, False, True, False])
    # Top three all right; a fourth brings precision to 0.75, the fifth to 0.8.
    assert model.threshold_for_precision(confidence, correct, 0.95) == 0.9
    assert model.threshold_for_precision(confidence, correct, 0.8) == 0.7
    assert model.threshold_for_precision(confidence, np.zeros(6, bool), 0.95) == 1.0


def test_train_predicts_and_calibrates(trained):
    top = trained.top(["sampah menumpuk dan bau di depan rumah", "jalan berlubang di pasar"], k=3)
    assert [t[0][0] for t in top] == ["dlh", "pupr"]
    for suggestions in top:
        assert len(suggestions) == 3
        assert abs(sum(p for _, p in suggestions) - 1) < 1e-6
        assert suggestions[0][1] >= suggestions[1][1] >= suggestions[2][1]
    meta = trained.meta
    assert meta["labels"] == ["dlh", "pju", "pupr"]
    assert 0 < meta["threshold"] <= 1
    assert meta["held_out"]["accuracy"] >= 0.9


def test_score_counts_unknown_labels_as_other(trained):
    texts = ["sampah menumpuk di sario", "anjing liar menggigit warga"]
    figures = model.score(trained, texts, ["dlh", "dinas-peternakan"])
    assert figures["rows"] == 2
    assert "lainnya" in figures["_confusion"]["labels"]
    # The model has no "lainnya" class: the unknown label is always wrong.
    assert figures["accuracy"] == 0.5
    assert set(figures["precision_at_coverage"]) == {"0.5", "0.7", "0.9"}


def test_versions_and_rollback():
    texts, labels = labelled()
    first, _ = training.train_and_save(texts, labels)
    second, _ = training.train_and_save(texts, labels, top=2)
    assert store.versions() == [first, second]
    assert store.current_version() == second
    # Equal counts: the tie is broken by name, so pupr is the one folded into "lainnya".
    assert set(store.load().classes) == {"dlh", "pju", "lainnya"}
    assert store.rollback() == first
    assert store.load().meta["version"] == first
    with pytest.raises(store.NoModelError):
        store.rollback()


def test_training_refuses_too_little():
    with pytest.raises(training.TrainingError):
        training.train_and_save(["a b c"] * 5, ["x"] * 5)
    with pytest.raises(training.TrainingError):
        training.train_and_save(["jalan rusak"] * 30, ["pupr"] * 30)


def test_lainnya_is_learnt_as_the_labels_it_folds(monkeypatch):
    """top=1 folds pju and pupr into "lainnya" (equal counts: dlh wins by name); the SVM
    still learns them apart (they have at least FINE_MIN_ROWS rows) and their
    probabilities are summed back."""
    monkeypatch.setattr(model, "FINE_MIN_ROWS", 10)
    texts, raw = labelled()
    labels = model.collapse_labels(raw, top=1, min_count=1)
    router = model.train(texts, labels, raw=raw)
    assert router.classes == ["dlh", "lainnya"] and router.meta["svm_classes"] == 3
    probs = router.proba(["sampah menumpuk di pasar", "lampu jalan mati", "jalan berlubang"])
    assert np.allclose(probs.sum(axis=1), 1)
    assert list(probs.argmax(axis=1)) == [0, 1, 1]
    without = model.train(texts, labels)
    assert without.meta["svm_classes"] == 2


def test_a_model_of_the_older_kind_is_refused():
    """A version pickled before the model changed has no char_columns: refused with a
    clear message, and routing acts as if there were no model."""
    from types import SimpleNamespace

    import joblib

    texts, labels = labelled()
    version, _ = training.train_and_save(texts, labels)
    joblib.dump(SimpleNamespace(pipeline=None, meta={}), store.folder(version) / "model.joblib")
    store._cache.clear()
    with pytest.raises(store.NoModelError, match="latih ulang"):
        store.load()
    assert store.load_current_or_none() is None
