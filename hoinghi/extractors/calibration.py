"""Reliability of span scores: how often a predicted span with a given ``score`` is right.

:func:`reliability` bins the scored predicted spans of a run by score and counts, per bin,
how many match a gold span — the observed precision the bin's scores claim to be. A
calibrated extractor has, in each bin, a precision close to the bin's mean score;
:attr:`Reliability.ece` (expected calibration error) is the support-weighted mean gap.

A predicted span is **right** when the gold document has a span with the same
``(start, end, label)`` (``mode="strict"``) or an overlapping span with the same label
(``mode="overlap"``). Predicted spans without a score are counted in
:attr:`Reliability.unscored`, never dropped silently.

>>> from hoinghi.document import Document, Span
>>> gold = [Document("d", "abcdefghij", (Span(0, 3, "A"), Span(5, 8, "B")))]
>>> pred = [Document("d", "abcdefghij", (Span(0, 3, "A", score=0.95), Span(5, 7, "B", score=0.55),
...                                       Span(8, 9, "A", score=0.52)))]
>>> rel = reliability(gold, pred, bins=2)
>>> [(r.lo, r.hi, r.n, r.correct) for r in rel.rows]
[(0.0, 0.5, 0, 0), (0.5, 1.0, 3, 1)]
>>> [(r.n, r.correct) for r in reliability(gold, pred, bins=2, mode="overlap").rows]
[(0, 0), (3, 2)]
"""
from __future__ import annotations

__all__ = ["ReliabilityRow", "Reliability", "reliability", "format_reliability"]

import math
from dataclasses import dataclass
from typing import Iterable

from ..document import Document, Span


@dataclass(frozen=True)
class ReliabilityRow:
    """One score bin ``[lo, hi)`` (the last bin includes 1.0)."""

    lo: float
    hi: float
    n: int              # scored predicted spans in the bin
    correct: int        # of which match gold
    score_sum: float    # sum of their scores

    @property
    def precision(self) -> float | None:
        """Observed precision, or None for an empty bin."""
        return self.correct / self.n if self.n else None

    @property
    def mean_score(self) -> float | None:
        return self.score_sum / self.n if self.n else None


@dataclass(frozen=True)
class Reliability:
    rows: tuple[ReliabilityRow, ...]
    unscored: int       # predicted spans without a score (not in any bin)
    mode: str

    @property
    def n(self) -> int:
        return sum(r.n for r in self.rows)

    @property
    def ece(self) -> float | None:
        """Expected calibration error: Σ n_bin/n · |precision − mean score|; None without spans."""
        if not self.n:
            return None
        return sum(r.n / self.n * abs(r.precision - r.mean_score) for r in self.rows if r.n)


def _right(span: Span, gold: list[Span], mode: str) -> bool:
    if mode == "strict":
        return any(g.key == span.key for g in gold)
    return any(g.label == span.label and g.start < span.end and span.start < g.end for g in gold)


def reliability(gold: Iterable[Document], predicted: Iterable[Document], *, bins: int = 10,
                mode: str = "strict") -> Reliability:
    """The reliability table of ``predicted`` against ``gold`` (matched by document id;
    a predicted document without gold counts all its spans as wrong) in ``bins`` equal
    score bins over [0, 1]."""
    if bins < 1:
        raise ValueError("bins must be at least 1")
    if mode not in ("strict", "overlap"):
        raise ValueError(f"mode must be 'strict' or 'overlap', not {mode!r}")
    by_id = {d.id: list(d.spans) for d in gold}
    n = [0] * bins
    correct = [0] * bins
    sums = [0.0] * bins
    unscored = 0
    for doc in predicted:
        g = by_id.get(doc.id, [])
        for s in doc.spans:
            if s.score is None:
                unscored += 1
                continue
            b = min(bins - 1, int(math.floor(s.score * bins)))
            n[b] += 1
            sums[b] += s.score
            correct[b] += _right(s, g, mode)
    rows = tuple(ReliabilityRow(round(i / bins, 6), round((i + 1) / bins, 6), n[i], correct[i], sums[i])
                 for i in range(bins))
    return Reliability(rows, unscored, mode)


def format_reliability(rel: Reliability) -> str:
    """A text table: bin, spans, right, observed precision, mean score.

    >>> from hoinghi.document import Document, Span
    >>> d = [Document("d", "abc", (Span(0, 1, "A", score=0.9),))]
    >>> print(format_reliability(reliability(d, d, bins=2)))
    score bin     spans  right  precision  mean score
    [0.00, 0.50)      0      0          -           -
    [0.50, 1.00]      1      1      1.000       0.900
    all               1      1      1.000       0.900  (ECE 0.100, unscored 0, strict)
    """
    lines = ["score bin     spans  right  precision  mean score"]
    last = len(rel.rows) - 1
    for i, r in enumerate(rel.rows):
        close = "]" if i == last else ")"
        p = "-" if r.precision is None else f"{r.precision:.3f}"
        m = "-" if r.mean_score is None else f"{r.mean_score:.3f}"
        lines.append(f"[{r.lo:.2f}, {r.hi:.2f}{close}  {r.n:>5}  {r.correct:>5}  {p:>9}  {m:>10}")
    total = sum(r.correct for r in rel.rows)
    if rel.n:
        p = f"{total / rel.n:.3f}"
        m = f"{sum(r.score_sum for r in rel.rows) / rel.n:.3f}"
        ece = f"{rel.ece:.3f}"
    else:
        p = m = ece = "-"
    lines.append(f"all           {rel.n:>5}  {total:>5}  {p:>9}  {m:>10}  (ECE {ece}, unscored {rel.unscored}, {rel.mode})")
    return "\n".join(lines)
