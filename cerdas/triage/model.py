"""The routing model: TF-IDF over words, characters and the place; one linear SVM.

Pure scikit-learn, no Django: train and score on lists of texts and labels (and, when
the model was trained with them, the place of each text: address, kelurahan, kecamatan).
The store (store.py) saves a fitted `Router` with joblib; loading one never fetches
anything.

Prediction is a sparse matrix times a small dense one, then a softmax: the SVM's scores
are turned into probabilities with one temperature fitted on a held-out fifth of the
training rows (Platt-like, but shared by all classes), so one model answers instead of
CalibratedClassifierCV's three.
"""

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.svm import LinearSVC

from .text import normalise, normalise_stemmed

OTHER = "lainnya"
COVERAGES = (0.5, 0.7, 0.9)


# The model reads the first part of a long text: what the report is about is said there,
# and character n-grams of a whole page would cost more than they tell.
MAX_CHARS = 1000
# How much the place counts beside the text (tuned on July-September of the Surabaya
# dev data with January-June for training; see docs/triage.md).
PLACE_WEIGHT = 0.3
SVM_C = 0.3
# "lainnya" folds many agencies and offices together: one hyperplane cannot hold them
# all. The SVM learns each folded label with at least this many rows as its own class,
# and their probabilities are summed back into "lainnya" (tuned on the validation
# months: 50 beat 0, 10-30, 80 and 120).
FINE_MIN_ROWS = 50
# Every n-th training row is held out to fit the temperature of the softmax.
CALIBRATION_EVERY = 5
# Up to 10: a perfectly separable training set asks for ever more, and probabilities
# that round to 1.0 would leave no room for a threshold.
TEMPERATURES = np.geomspace(0.3, 10, 61)


def _prep(text: str, stem: bool) -> str:
    return (normalise_stemmed if stem else normalise)((text or "")[:MAX_CHARS])


def _same(text: str) -> str:
    return text


CHAR_RANGE = (3, 4)


@lru_cache(maxsize=20_000)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    grams = []
    for n in range(CHAR_RANGE[0], CHAR_RANGE[1] + 1):
        if len(padded) <= n:  # a short word counts once, whole (as sklearn's char_wb)
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return tuple(grams)


def char_grams(text: str) -> list[str]:
    """sklearn's char_wb n-grams (CHAR_RANGE) of a normalised text, worked out once per
    distinct word: words repeat, so most of a text's n-grams come from the cache."""
    return [gram for word in text.split() for gram in _word_grams(word)]


class CachedGrams:
    """The transform of a fitted char-gram TfidfVectorizer (sublinear tf, idf, l2), the
    same numbers, but each distinct word's n-gram columns are looked up once and kept:
    counting n-grams one by one through a dict is most of the cost of sklearn's."""

    def __init__(self, fitted: TfidfVectorizer):
        self.vocabulary = fitted.vocabulary_
        self.idf = fitted.idf_.astype(np.float32)
        self.width = len(self.idf)
        self._columns: dict[str, tuple[int, ...]] = {}

    def __getstate__(self):
        return {**self.__dict__, "_columns": {}}

    def _word(self, word: str) -> tuple[int, ...]:
        found = self._columns.get(word)
        if found is None:
            vocabulary = self.vocabulary
            found = tuple(vocabulary[g] for g in _word_grams(word) if g in vocabulary)
            if len(self._columns) < 100_000:
                self._columns[word] = found
        return found

    def transform(self, texts) -> sp.csr_matrix:
        indptr, indices, data = [0], [], []
        for text in texts:
            columns = [c for word in text.split() for c in self._word(word)]
            if columns:
                cols, counts = np.unique(np.array(columns, dtype=np.int64), return_counts=True)
                values = (np.log(counts, dtype=np.float32) + 1) * self.idf[cols]
                values /= np.sqrt(np.dot(values, values))
                indices.append(cols)
                data.append(values)
            indptr.append(indptr[-1] + (len(cols) if columns else 0))
        return sp.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0, np.float32),
                np.concatenate(indices) if indices else np.zeros(0, np.int64),
                np.array(indptr),
            ),
            shape=(len(indptr) - 1, self.width),
        )


def place_text(values) -> str:
    """The place as tokens: each value whole ("@jemur_wonosari", so a kelurahan is one
    feature) and its words ("jemur", "wonosari", which an address shares)."""
    tokens = []
    for value in values:
        words = normalise(value or "").split()
        if words:
            tokens.append("@" + "_".join(words))
            tokens.extend(words)
    return " ".join(tokens)


def _vectorizers(places: bool) -> dict:
    common = {"preprocessor": _same, "lowercase": False, "sublinear_tf": True}
    found = {
        "words": TfidfVectorizer(ngram_range=(1, 2), min_df=2, dtype=np.float32, **common),
        "chars": TfidfVectorizer(
            analyzer=char_grams, min_df=2, max_features=100_000, dtype=np.float32, sublinear_tf=True
        ),
    }
    if places:
        found["places"] = TfidfVectorizer(analyzer=str.split, dtype=np.float32, sublinear_tf=True)
    return found


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def _columns(svm: LinearSVC) -> tuple[np.ndarray, np.ndarray]:
    """Weights as classes x features and one intercept per class (a two-class SVM has
    one score: each class gets half of it, with opposite signs)."""
    coef, intercept = svm.coef_, svm.intercept_
    if len(svm.classes_) == 2:
        coef, intercept = np.vstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
    return coef, intercept


def _scores_as_columns(svm: LinearSVC, x) -> np.ndarray:
    coef, intercept = _columns(svm)
    return np.asarray(x @ coef.T) + intercept


def fit_temperature(scores: np.ndarray, truth: np.ndarray, fold: np.ndarray) -> float:
    """The temperature whose softmax gives the held-out answers the lowest log loss."""
    rows = np.arange(len(truth))
    losses = [
        -np.log(np.maximum((_softmax(scores * t) @ fold)[rows, truth], 1e-12)).mean()
        for t in TEMPERATURES
    ]
    return float(TEMPERATURES[int(np.argmin(losses))])


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
    vectorizers: dict
    coef: np.ndarray  # features x classes, float32
    intercept: np.ndarray
    temperature: float
    labels: list[str]
    fold: np.ndarray  # the SVM's classes x the labels: which label each class counts to
    stem: bool
    char_columns: CachedGrams
    meta: dict = field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        return list(self.labels)

    @property
    def uses_places(self) -> bool:
        return "places" in self.vectorizers

    def features(self, texts, places=None):
        prepped = [_prep(t, self.stem) for t in texts]
        parts = [self.vectorizers["words"].transform(prepped)]
        parts.append(self.char_columns.transform(prepped))
        if self.uses_places:
            where = [place_text(p) for p in (places or [()] * len(prepped))]
            parts.append(self.vectorizers["places"].transform(where) * PLACE_WEIGHT)
        return sp.hstack(parts, format="csr", dtype=np.float32)

    def scores(self, texts, places=None) -> np.ndarray:
        return np.asarray(self.features(texts, places) @ self.coef) + self.intercept

    def proba(self, texts, places=None) -> np.ndarray:
        """Probabilities, one row per text. `places`: per text a sequence of place
        values (address, kelurahan, kecamatan); ignored by a model trained without."""
        scores = self.scores(list(texts), places).astype(np.float64)
        return _softmax(scores * self.temperature) @ self.fold

    def top(self, texts, k: int = 3, places=None) -> list[list[tuple[str, float]]]:
        """The k most likely labels of each text with their probabilities, best first."""
        probs = self.proba(texts, places)
        classes = self.classes
        order = np.argsort(-probs, axis=1)[:, :k]
        return [
            [(classes[j], float(row[j])) for j in idx]
            for row, idx in zip(probs, order, strict=True)
        ]


def _svm(x, y) -> LinearSVC:
    # Balanced class weights: "lainnya" and the small agencies are not drowned out by
    # the big ones (tuned on the validation months, docs/triage.md).
    return LinearSVC(C=SVM_C, class_weight="balanced").fit(x, y)


def _dedupe(texts, labels, places):
    """Exact re-submissions (same normalised text, place and label) count once."""
    seen, keep = set(), []
    for i, key in enumerate(zip(texts, labels, places or [None] * len(texts), strict=True)):
        key = (key[0], key[1], tuple(key[2] or ()))
        if key not in seen:
            seen.add(key)
            keep.append(i)
    return keep


def _fine_labels(labels, raw, min_count: int) -> list[str]:
    """The classes the SVM learns: "lainnya" split back into the raw labels it folds
    that have at least `min_count` rows (the rest stay "lainnya")."""
    counts: dict[str, int] = {}
    for label in raw:
        counts[label] = counts.get(label, 0) + 1
    return [
        f"{OTHER}:{r}" if label == OTHER and counts[r] >= min_count and r != OTHER else label
        for label, r in zip(labels, raw, strict=True)
    ]


def train(texts, labels, *, places=None, raw=None, stem: bool = False) -> Router:
    """Fit on the rows; `places` (per row a sequence of place values) adds the place
    features; `raw` (the labels before collapse_labels) lets "lainnya" be learnt as the
    larger labels it folds (FINE_MIN_ROWS). The softmax temperature comes from a model
    fitted without every fifth row; the saved weights are then fitted on all of them."""
    started = time.perf_counter()
    prepped = [_prep(t, stem) for t in texts]
    keep = _dedupe(prepped, list(labels), places)
    prepped = [prepped[i] for i in keep]
    fine = list(labels) if raw is None else _fine_labels(list(labels), list(raw), FINE_MIN_ROWS)
    y = np.array([fine[i] for i in keep])
    outputs = sorted(set(labels))
    fine_classes = np.unique(y)
    fold = np.zeros((len(fine_classes), len(outputs)), dtype=np.float64)
    for i, name in enumerate(fine_classes):
        fold[i, outputs.index(name.split(":", 1)[0] if name.startswith(OTHER + ":") else name)] = 1
    vectorizers = _vectorizers(places is not None)
    parts = [vectorizers["words"].fit_transform(prepped)]
    parts.append(vectorizers["chars"].fit_transform(prepped))
    if places is not None:
        where = [place_text(places[i]) for i in keep]
        parts.append(vectorizers["places"].fit_transform(where) * PLACE_WEIGHT)
    x = sp.hstack(parts, format="csr", dtype=np.float32)
    held = np.arange(len(y)) % CALIBRATION_EVERY == 0
    temperature = 1.0
    if len(set(y[~held])) == len(set(y)) and held.sum() >= 10:
        trial = _svm(x[~held], y[~held])
        coarse = np.array([labels[i] for i in keep])[held]
        truth = np.searchsorted(outputs, coarse)
        temperature = fit_temperature(_scores_as_columns(trial, x[held]), truth, fold)
    svm = _svm(x, y)
    coef, intercept = _columns(svm)
    for vectorizer in vectorizers.values():
        vectorizer.stop_words_ = None  # the terms cut by min_df/max_features: not needed
    router = Router(
        vectorizers=vectorizers,
        coef=np.ascontiguousarray(coef.T, dtype=np.float32),
        intercept=intercept.astype(np.float32),
        temperature=temperature,
        labels=[str(c) for c in outputs],
        fold=fold,
        stem=stem,
        char_columns=CachedGrams(vectorizers["chars"]),
    )
    router.meta = {
        "rows": len(texts),
        "distinct_rows": len(keep),
        "temperature": round(temperature, 3),
        "places": places is not None,
        "svm_classes": len(fine_classes),
        "train_seconds": round(time.perf_counter() - started, 2),
    }
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


def score(router: Router, texts: list[str], labels: list[str], *, places=None) -> dict:
    """The figures of `cerdas router evaluate`. Labels the model does not know count as
    "lainnya" (the model can only be right about them by saying "lainnya")."""
    classes = router.classes
    known = set(classes)
    truth = np.array([label if label in known else OTHER for label in labels])
    probs = router.proba(texts, places)
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
