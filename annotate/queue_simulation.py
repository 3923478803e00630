"""How fast annotation fixes a pre-annotated corpus when articles are taken in queue order
rather than in sequence: a simulation with a gold set as the "annotator".

Start: every article carries the extractor's prediction (what annotators see). Each
annotation step replaces one article's prediction by its gold. After ``k`` steps the
corpus is gold for the first ``k`` articles of the order and prediction for the rest;
:func:`simulate` reports, after every step,

* ``f1``: strict span micro-F1 of that corpus against the gold (1.0 when all are done);
* ``errors_fixed``: the share of the extractor's span errors (false positives + false
  negatives, strict) that lie in the articles annotated so far.

Orders (:func:`orders`): ``sequential`` (the gold set's own order), ``uncertainty``
(the task score of :mod:`~hoinghi.annotate.task_scores`, lowest first; also with the
other aggregates of span scores), ``disagreement``
(span F1 between the extractor and a second one, lowest first), ``random`` (mean over
seeded shuffles: the expected curve of an order that knows nothing) and ``oracle`` (most
errors first: the best any order could do).

>>> from hoinghi.document import Document, Span
>>> gold = [Document("a", "xx yy", (Span(0, 2, "DATE"),)), Document("b", "xx yy", (Span(3, 5, "DATE"),))]
>>> pred = {"a": Document("a", "xx yy", (Span(0, 2, "DATE", score=0.9),)),
...         "b": Document("b", "xx yy", (Span(0, 2, "DATE", score=0.2),))}
>>> [(p.done, p.f1, p.errors_fixed) for p in simulate(gold, pred, ["b", "a"])]
[(0, 0.5, 0.0), (1, 1.0, 1.0), (2, 1.0, 1.0)]
>>> orders(gold, pred)["uncertainty"]
['b', 'a']
"""
from __future__ import annotations

__all__ = ["simulate", "orders", "random_curve", "CurvePoint", "area_under"]

import random
from dataclasses import dataclass
from typing import Sequence

from ..document import Document
from ..eval.counts import Counts
from ..eval.matching import Strict
from .task_scores import AGGREGATES, agreement_score, confidence_score


@dataclass(frozen=True)
class CurvePoint:
    """The corpus after ``done`` articles were annotated."""

    done: int
    f1: float
    errors_fixed: float


def _counts(gold: Document, pred: Document) -> Counts:
    by_label, _ = Strict().label_counts([s.key for s in gold.spans], [s.key for s in pred.spans])
    return sum((Counts(*c) for c in by_label.values()), Counts())


def simulate(gold: Sequence[Document], predictions: dict[str, Document], order: Sequence[str]) -> list[CurvePoint]:
    """The curve of ``order`` (every gold id once): one point per number of articles done,
    from 0 to all."""
    ids = [d.id for d in gold]
    if sorted(order) != sorted(ids):
        raise ValueError("order must name every gold document once")
    by_id = {d.id: d for d in gold}
    per_doc = {i: _counts(by_id[i], predictions.get(i) or Document(i, by_id[i].text)) for i in ids}
    gold_only = {i: Counts(tp=len(by_id[i].spans)) for i in ids}
    errors = sum(c.fp + c.fn for c in per_doc.values())
    current = dict(per_doc)
    fixed = 0
    points = [CurvePoint(0, _f1(current), 0.0)]
    for k, doc_id in enumerate(order, 1):
        fixed += per_doc[doc_id].fp + per_doc[doc_id].fn
        current[doc_id] = gold_only[doc_id]
        points.append(CurvePoint(k, _f1(current), round(fixed / errors, 4) if errors else 1.0))
    return points


def _f1(counts: dict[str, Counts]) -> float:
    total = sum(counts.values(), Counts())
    return 1.0 if total.empty else round(total.f1, 4)


def orders(gold: Sequence[Document], predictions: dict[str, Document], *,
           second: dict[str, Document] | None = None) -> dict[str, list[str]]:
    """The orders to compare (see the module doc): ``uncertainty`` (the task score push
    uses, the mean) and ``uncertainty:min`` / ``uncertainty:product`` (the other
    aggregates of :data:`~hoinghi.annotate.task_scores.AGGREGATES`) only when the extractor
    gives span scores, ``disagreement`` only with a ``second`` extractor's predictions.
    Ties keep the gold set's order."""
    ids = [d.id for d in gold]
    by_id = {d.id: d for d in gold}
    out = {"sequential": list(ids)}
    if any(s.score is not None for i in ids for s in predictions[i].spans):
        for agg in AGGREGATES:
            scores = {i: confidence_score(predictions[i].spans, agg) for i in ids}
            name = "uncertainty" if agg == "mean" else f"uncertainty:{agg}"
            out[name] = sorted(ids, key=lambda i: 1.0 if scores[i] is None else scores[i])
    if second is not None:
        agree = {i: agreement_score(predictions[i].spans, second[i].spans) for i in ids}
        out["disagreement"] = sorted(ids, key=agree.__getitem__)
    errors = {i: -(lambda c: c.fp + c.fn)(_counts(by_id[i], predictions[i])) for i in ids}
    out["oracle"] = sorted(ids, key=errors.__getitem__)
    return out


def random_curve(gold: Sequence[Document], predictions: dict[str, Document], *, rounds: int = 200,
                 seed: int = 12345) -> list[CurvePoint]:
    """The mean curve over ``rounds`` seeded random orders."""
    rng = random.Random(seed)
    ids = [d.id for d in gold]
    total = None
    for _ in range(rounds):
        order = ids[:]
        rng.shuffle(order)
        curve = simulate(gold, predictions, order)
        total = curve if total is None else [CurvePoint(a.done, a.f1 + b.f1, a.errors_fixed + b.errors_fixed)
                                              for a, b in zip(total, curve)]
    return [CurvePoint(p.done, round(p.f1 / rounds, 4), round(p.errors_fixed / rounds, 4)) for p in total]


def area_under(curve: Sequence[CurvePoint], attr: str = "errors_fixed") -> float:
    """Mean of ``attr`` over the steps 0..n (1.0 = everything fixed before the first article).

    >>> area_under([CurvePoint(0, 0.5, 0.0), CurvePoint(1, 1.0, 1.0)])
    0.5
    """
    return round(sum(getattr(p, attr) for p in curve) / len(curve), 4)
