"""A task's score for Label Studio's queue: one number per prediction, low = look first.

Label Studio's uncertainty sampling serves the unlabelled task whose prediction (of the
project's ``model_version``) has the **lowest** ``score`` first. Two scores are made here:

* :func:`confidence_score` — how sure the extractor is about an article: the **mean**
  of its span scores (``Span.score``, the extractor's confidence in [0, 1]) over the
  spans the project shows. Measured against the minimum and the product in the queue
  simulation (``benchmarks/bench_queue.py``, ``docs/ml-backend.md``), the mean was the
  best or tied on both pools (the minimum lets one doubtful span decide). An article where
  the extractor found nothing is ``0.0`` (an article of the genre without a meeting, an
  official or a figure is the case to check first); an extractor that gives no span
  scores at all gives no task score (``None``), and the queue refuses to order by it.
* :func:`agreement_score` — how much two extractors agree on an article: strict span
  F1 between them over the project's labels (1.0 when both find the same spans,
  including both finding nothing). Lowest first puts the articles where they differ
  most at the front; :func:`field_agreement` gives the same per field for the "why".

>>> from hoinghi.document import Span
>>> confidence_score([Span(0, 4, "DATE", score=0.9), Span(5, 9, "MEETING", score=0.4)])
0.65
>>> confidence_score([]), confidence_score([Span(0, 4, "DATE")])
(0.0, None)
>>> a = [Span(0, 4, "DATE"), Span(5, 9, "MEETING")]
>>> agreement_score(a, [Span(0, 4, "DATE")]), agreement_score([], [])
(0.6667, 1.0)
"""
from __future__ import annotations

__all__ = ["confidence_score", "agreement_score", "field_agreement", "AGGREGATES"]

import math
from typing import Callable, Iterable, Sequence

from ..document import Span
from ..eval.counts import Counts
from ..eval.matching import Strict

#: Ways to fold span scores into a task score; ``mean`` is the one push and the ML backend use
#: (the simulation benchmark compares them).
AGGREGATES: dict[str, Callable[[Sequence[float]], float]] = {
    "min": min,
    "mean": lambda xs: sum(xs) / len(xs),
    "product": math.prod,
}


def confidence_score(spans: Iterable[Span], aggregate: str = "mean") -> float | None:
    """The task score of a prediction's spans (see the module doc): ``aggregate``
    (``mean``) of the span scores, ``0.0`` when there are no spans, ``None`` when spans
    exist but none carries a score. Rounded to 4 decimals."""
    spans = list(spans)
    if not spans:
        return 0.0
    scores = [s.score for s in spans if s.score is not None]
    if not scores:
        return None
    return round(AGGREGATES[aggregate](scores), 4)


def _counts(a: Iterable[Span], b: Iterable[Span]) -> dict[str, Counts]:
    """Per label, ``a``'s spans matched strictly against ``b``'s (``a`` plays gold)."""
    by_label, _ = Strict().label_counts([s.key for s in a], [s.key for s in b])
    return {label: Counts(*c) for label, c in by_label.items()}


def agreement_score(a: Iterable[Span], b: Iterable[Span]) -> float:
    """Strict span F1 between two extractors' spans of one article, 1.0 when both are
    empty (symmetric; rounded to 4 decimals)."""
    total = sum(_counts(a, b).values(), Counts())
    return 1.0 if total.empty else round(total.f1, 4)


def field_agreement(a: Iterable[Span], b: Iterable[Span]) -> dict[str, tuple[int, int, float]]:
    """Per label where either extractor found something: ``(n in a, n in b, F1)``.

    >>> field_agreement([Span(0, 4, "DATE")], [Span(0, 4, "DATE"), Span(5, 9, "TERM")])
    {'DATE': (1, 1, 1.0), 'TERM': (0, 1, 0.0)}
    """
    return {label: (c.support, c.predicted, round(c.f1, 4)) for label, c in sorted(_counts(a, b).items())}
