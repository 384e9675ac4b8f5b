"""The routing model: TF-IDF over words and characters, a calibrated linear classifier.

Pure scikit-learn, no Django: train and score on lists of texts and labels. The store
(store.py) saves a fitted `Router` with joblib; loading one never fetches anything.
"""

import json
import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.svm import LinearSVC

from .text import normalise, normalise_stemmed

OTHER = "lainnya"
COVERAGES = (0.5, 0.7, 0.9)


# The model reads the first part of a long text: what the report is about is said there,
# and character n-grams of a whole page would cost more than they tell.
MAX_CHARS = 1000


def _prep(text: str) -> str:
    return normalise(text[:MAX_CHARS])


def _prep_stemmed(text: str) -> str:
    return normalise_stemmed(text[:MAX_CHARS])


def build_pipeline(*, stem: bool = False):
    prep = _prep_stemmed if stem else _prep
    words = TfidfVectorizer(
        preprocessor=prep, ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float32
    )
    chars = TfidfVectorizer(
        preprocessor=prep,
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=200_000,
        dtype=np.float32,
    )
    # Platt scaling over a linear SVM: the probabilities it gives are what the
    # auto-dispose threshold compares against, so they must mean what they say.
    classifier = CalibratedClassifierCV(LinearSVC(C=0.5), cv=3, method="sigmoid")
    return make_pipeline(FeatureUnion([("words", words), ("chars", chars)]), classifier)


def collapse_labels(labels: list[str], *, top: int | None, min_count: int) -> list[str]:
    """Labels outside the `top` most frequent, or with fewer than `min_count` rows,
    become "lainnya". Ties in frequency are broken by name, so the result is stable."""
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    ranked = sorted((c for c in counts if c != OTHER), key=lambda c: (-counts[c], c))
    kept = {c for c in ranked[: top or len(ranked)] if counts[c] >= min_count}
    return [label if label in kept else OTHER for label in labels]


@dataclass
class Router:
    pipeline: object
    stem: bool
    meta: dict = field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]

    def proba(self, texts: list[str]) -> np.ndarray:
        return self.pipeline.predict_proba(list(texts))

    def top(self, texts: list[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """The k most likely labels of each text with their probabilities, best first."""
        probs = self.proba(texts)
        classes = self.classes
        order = np.argsort(-probs, axis=1)[:, :k]
        return [
            [(classes[j], float(row[j])) for j in idx]
            for row, idx in zip(probs, order, strict=True)
        ]


def train(texts: list[str], labels: list[str], *, stem: bool = False) -> Router:
    started = time.perf_counter()
    pipeline = build_pipeline(stem=stem)
    pipeline.fit(list(texts), list(labels))
    router = Router(pipeline=pipeline, stem=stem)
    router.meta = {"rows": len(texts), "train_seconds": round(time.perf_counter() - started, 2)}
    return router


def threshold_for_precision(confidence: np.ndarray, correct: np.ndarray, target: float) -> float:
    """The lowest confidence above which the answers reach `target` precision.

    Walks the held-out answers from the most confident down and keeps the largest set
    whose precision is still at least `target`; 1.0 (never automatic) when none is."""
    order = np.argsort(-confidence, kind="stable")
    hits = np.cumsum(correct[order])
    precision = hits / np.arange(1, len(order) + 1)
    ok = np.nonzero(precision >= target)[0]
    if len(ok) == 0:
        return 1.0
    return float(confidence[order][ok[-1]])


def score(router: Router, texts: list[str], labels: list[str]) -> dict:
    """The figures of `cerdas router evaluate`. Labels the model does not know count as
    "lainnya" (the model can only be right about them by saying "lainnya")."""
    classes = router.classes
    known = set(classes)
    truth = np.array([label if label in known else OTHER for label in labels])
    probs = router.proba(texts)
    order = np.argsort(-probs, axis=1)
    names = np.array(classes)
    best = names[order[:, 0]]
    top3 = names[order[:, :3]]
    confidence = probs[np.arange(len(texts)), order[:, 0]]
    correct = best == truth
    by_confidence = np.argsort(-confidence, kind="stable")
    at_coverage = {}
    for coverage in COVERAGES:
        n = max(1, int(round(coverage * len(texts))))
        at_coverage[str(coverage)] = round(float(correct[by_confidence[:n]].mean()), 4)
    label_names = sorted(set(truth) | set(best))
    matrix = confusion_matrix(truth, best, labels=label_names)
    return {
        "rows": len(texts),
        "accuracy": round(float(correct.mean()), 4),
        "macro_f1": round(float(f1_score(truth, best, average="macro", zero_division=0)), 4),
        "top3_accuracy": round(float((top3 == truth[:, None]).any(axis=1).mean()), 4),
        "precision_at_coverage": at_coverage,
        "_confusion": {"labels": label_names, "matrix": matrix.tolist()},
        "_confidence": confidence,
        "_correct": correct,
    }


def public_figures(figures: dict) -> dict:
    """The figures without the arrays kept for the threshold and the confusion file."""
    return {k: v for k, v in figures.items() if not k.startswith("_")}


def dumps(figures: dict) -> str:
    return json.dumps(public_figures(figures), ensure_ascii=False, sort_keys=True)
