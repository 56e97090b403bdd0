"""A bag-of-words classifier for the evaluations' baselines: multinomial naive Bayes over lowercased words,
with TF-IDF-like damping (log counts), in numpy. Small on purpose: it is the yardstick, not the product."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

WORD = re.compile(r"[a-z][a-z'-]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


class NaiveBayes:
    def __init__(self, min_count: int = 2, alpha: float = 0.5) -> None:
        self.min_count, self.alpha = min_count, alpha
        self.vocabulary: dict[str, int] = {}
        self.labels: list[str] = []

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "NaiveBayes":
        counts = Counter(w for text in texts for w in set(words(text)))
        self.vocabulary = {w: i for i, w in enumerate(sorted(w for w, n in counts.items() if n >= self.min_count))}
        self.labels = sorted(set(labels))
        by_label = np.full((len(self.labels), len(self.vocabulary)), self.alpha)
        priors = np.zeros(len(self.labels))
        for text, label in zip(texts, labels):
            row = self.labels.index(label)
            priors[row] += 1
            for index, value in self._features(text).items():
                by_label[row, index] += value
        self.log_prior = np.log(priors / priors.sum())
        self.log_likelihood = np.log(by_label / by_label.sum(axis=1, keepdims=True))
        return self

    def _features(self, text: str) -> dict[int, float]:
        found = Counter(self.vocabulary[w] for w in words(text) if w in self.vocabulary)
        return {i: 1.0 + np.log(n) for i, n in found.items()}

    def predict(self, text: str) -> str:
        scores = self.log_prior.copy()
        for index, value in self._features(text).items():
            scores += value * self.log_likelihood[:, index]
        return self.labels[int(np.argmax(scores))]


def cross_validated(texts: Sequence[str], labels: Sequence[str], folds: int = 5, seed: int = 13) -> list[str]:
    """Each text's label as predicted by a model fitted on the other folds (so no text is scored by a
    model that saw it)."""
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    predicted = [""] * len(texts)
    for fold in range(folds):
        held = set(order[fold::folds])
        model = NaiveBayes().fit([t for i, t in enumerate(texts) if i not in held],
                                 [y for i, y in enumerate(labels) if i not in held])
        for i in held:
            predicted[i] = model.predict(texts[i])
    return predicted


def macro_f1(gold: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> float:
    scores = []
    for label in classes:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0
