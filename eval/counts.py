"""``Counts(tp, fp, fn)``: the core object of every score (spaCy's ``PRFScore`` idea).

Counts add up (over documents, over fields); precision, recall and F1 are derived
from them, never averaged from other scores except in a macro average.

Policy for empty fields (one rule, everywhere):

* ``tp + fp + fn == 0`` (no gold and no prediction): precision, recall and F1 are
  ``None`` — shown as ``n/a`` with support 0 — and the field is **left out** of
  macro averages (it has nothing to say about the extractor).
* otherwise a zero denominator gives 0.0 (sklearn/seqeval ``zero_division=0``,
  spaCy): a field with only spurious predictions has P = R = F1 = 0 and **counts**
  in the macro average; F1 is ``2·tp / (2·tp + fp + fn)``.

>>> a = Counts(3, 1, 2)
>>> a + Counts(1, 0, 0)
Counts(tp=4, fp=1, fn=2)
>>> a.precision, a.recall, round(a.f1, 4), a.support
(0.75, 0.6, 0.6667, 5)
>>> Counts().f1 is None, Counts(0, 2, 0).f1
(True, 0.0)
>>> sum([Counts(1, 0, 0), Counts(0, 1, 0)], Counts())
Counts(tp=1, fp=1, fn=0)
"""
from __future__ import annotations

__all__ = ["Counts", "macro", "set_counts"]

from dataclasses import dataclass
from typing import Iterable, Mapping


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives, false negatives of one field (or a sum of them)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        if not isinstance(other, Counts):
            return NotImplemented
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __radd__(self, other):  # lets sum() start from 0
        if other == 0:
            return self
        return NotImplemented

    @property
    def support(self) -> int:
        """Number of gold items (``tp + fn``)."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """Number of predicted items (``tp + fp``)."""
        return self.tp + self.fp

    @property
    def empty(self) -> bool:
        """No gold and no prediction: scores are ``None`` (n/a)."""
        return self.tp == 0 and self.fp == 0 and self.fn == 0

    @property
    def precision(self) -> float | None:
        if self.empty:
            return None
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float | None:
        if self.empty:
            return None
        return self.tp / self.support if self.support else 0.0

    @property
    def f1(self) -> float | None:
        if self.empty:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def to_list(self) -> list[int]:
        return [self.tp, self.fp, self.fn]


def macro(counts: Iterable[Counts]) -> tuple[float | None, float | None, float | None, int]:
    """Macro precision, recall and F1 over fields, skipping empty ones (n/a);
    returns ``(p, r, f1, n_fields_averaged)``. Macro F1 is the mean of the
    per-field F1 (sklearn's and seqeval's definition), not the F1 of the means.

    >>> macro([Counts(1, 0, 0), Counts(0, 0, 1), Counts()])
    (0.5, 0.5, 0.5, 2)
    >>> macro([Counts()])
    (None, None, None, 0)
    """
    kept = [c for c in counts if not c.empty]
    if not kept:
        return None, None, None, 0
    n = len(kept)
    return (sum(c.precision for c in kept) / n, sum(c.recall for c in kept) / n,
            sum(c.f1 for c in kept) / n, n)


def set_counts(gold: Mapping[str, set], pred: Mapping[str, set]) -> dict[str, list[int]]:
    """``{key: [tp, fp, fn]}`` of two keyed families of sets (set P/R/F1 per key):
    ``tp = |gold ∩ pred|``, ``fp = |pred − gold|``, ``fn = |gold − pred|``.

    >>> set_counts({"A": {1, 2}, "B": {3}}, {"A": {2, 4}, "C": {5}})
    {'A': [1, 1, 1], 'B': [0, 0, 1], 'C': [0, 1, 0]}
    """
    out = {}
    for key in sorted(gold.keys() | pred.keys()):
        a, b = gold.get(key, set()), pred.get(key, set())
        tp = len(a & b)
        out[key] = [tp, len(b) - tp, len(a) - tp]
    return out
