"""The SemEval-2013 outcome tally per schema, counted on columns (issue 12's columnar scorer).

:func:`tally_columns` gives, for a batch of documents, the numbers
:func:`hoinghi.eval.scoring.evaluate` tallies with ``breakdown=True``: per document,
``SEMEVAL.kinds(gold keys, predicted keys, label_to_schema)``
(:class:`hoinghi.eval.matching.SemEval`), each outcome counted under the schema of its gold
span's label, else its predicted span's. The same rule, in array operations:

1. **Gold that overlaps within a schema** (never in checked gold): the object path then
   splits off no exact match in that document (``_exact_first``), so such a document is
   counted whole by ``SEMEVAL.kinds`` (slow road 1).
2. **Exact matches**: a prediction identical to a gold span (start, end, label) is
   ``correct`` (a searchsorted of one sort code per span into the gold's codes).
3. **Clusters**: the remaining spans of one document and one schema, sorted by start and
   cut where a start reaches the running maximum of the ends before it (touching spans
   ``[0,5)``, ``[5,9)`` do not overlap), are the clusters of overlapping intervals. No
   pair crosses a cluster, so the optimum of the matching decomposes over them, and a
   cluster holds exactly the connected components the object path solves
   (``_components``), with its spans in the same relative order: solving one cluster
   alone gives the same pairs.
4. A cluster **without gold** is all ``spurious``, one **without predictions** all
   ``missed``. A cluster with **one gold span** (or **one prediction**) has exactly one
   pair (every member of a cluster overlaps another one), whose kind is the best quality
   among the spans overlapping that one span (``label`` > ``boundary`` >
   ``boundary+label``; ties between partners of equal quality change which span pairs,
   never the count of a kind); the rest are ``spurious`` (or ``missed``). Cluster of one
   gold span and one prediction included.
5. A cluster with **two or more gold spans and two or more predictions** goes to
   ``SEMEVAL.kinds`` on that cluster's spans alone (slow road 2: the maximum matching of
   ``_max_matching``; on the benchmark's synthetic data about 1 cluster in 4,000 documents,
   see benchmarks/README.md).

>>> from hoinghi.schema import load_schemas
>>> ix = LabelIndex.from_schemas(load_schemas())
>>> P, POS, DATE = ix.label_id("PERSON"), ix.label_id("POSITION"), ix.label_id("DATE")
>>> gold = SpanColumns.from_keys([(0, (0, 13, P)), (0, (15, 21, POS)), (1, (0, 4, DATE))])
>>> pred = SpanColumns.from_keys([(0, (0, 13, POS)), (0, (15, 18, POS)), (1, (9, 12, DATE))])
>>> counts = tally_columns(gold, pred, ix, n_docs=2)
>>> dict(zip(OUTCOME_KINDS, counts[ix.schemas.index("officials")].tolist()))
{'correct': 0, 'label': 1, 'boundary': 1, 'boundary+label': 0, 'missed': 0, 'spurious': 0}
>>> counts[ix.schemas.index("meetings")].tolist()
[0, 0, 0, 0, 1, 1]
"""
from __future__ import annotations

__all__ = ["SemEvalTally", "semeval_tally", "tally_columns"]

from dataclasses import dataclass

import numpy as np

from ..columns import LabelIndex, SpanColumns
from ..matching import SEMEVAL
from ..outcomes import OUTCOME_KINDS

_KIND = {kind: i for i, kind in enumerate(OUTCOME_KINDS)}
_MISSED, _SPURIOUS = _KIND["missed"], _KIND["spurious"]
#: Pair quality (as :class:`~hoinghi.eval.matching.SemEval` ranks it) -> outcome column.
_QUALITY_KIND = np.array([_KIND[k] for k in ("boundary+label", "boundary", "label", "correct")], dtype=np.int64)
_INT64_LIMIT = 2 ** 62


@dataclass(frozen=True)
class SemEvalTally:
    """A batch's tally and how much of it took the slow road (module doc, steps 1 and 5)."""

    counts: np.ndarray  # int64 (n_schemas, len(OUTCOME_KINDS))
    slow_docs: int = 0      # documents counted whole by SEMEVAL.kinds (gold overlapping within a schema)
    slow_clusters: int = 0  # clusters of 2+ gold and 2+ predicted spans solved by SEMEVAL.kinds


def tally_columns(gold: SpanColumns, pred: SpanColumns, index: LabelIndex, n_docs: int) -> np.ndarray:
    """int64 ``(len(index.schemas), len(OUTCOME_KINDS))``: how many outcomes of each kind
    per schema in the batch (the rule and the example are in the module doc)."""
    return semeval_tally(gold, pred, index, n_docs).counts


def semeval_tally(gold: SpanColumns, pred: SpanColumns, index: LabelIndex, n_docs: int) -> SemEvalTally:
    """:func:`tally_columns` with how many documents and clusters took the slow road."""
    for side, cols in (("gold", gold), ("pred", pred)):
        if len(cols) and not 0 <= cols.doc[0] <= cols.doc[-1] < n_docs:
            raise ValueError(f"{side} spans name documents outside the batch of {n_docs}")
    counts = np.zeros((len(index.schemas), len(OUTCOME_KINDS)), dtype=np.int64)
    slow = _docs_with_overlapping_gold(gold, index.schema_of[gold.label])
    if len(slow):
        _add_kinds(counts, index, [(index.keys(gold, d), index.keys(pred, d)) for d in slow.tolist()])
        gold, pred = gold.take(~np.isin(gold.doc, slow)), pred.take(~np.isin(pred.doc, slow))
    gold_hit, pred_hit = _exact(gold, pred)
    counts[:, _KIND["correct"]] += np.bincount(index.schema_of[gold.label[gold_hit]], minlength=len(index.schemas))
    n_slow = _count_clusters(counts, gold.take(~gold_hit), pred.take(~pred_hit), index)
    return SemEvalTally(counts, len(slow), n_slow)


def _docs_with_overlapping_gold(gold: SpanColumns, schema: np.ndarray) -> np.ndarray:
    """The documents (sorted) where two gold spans of one schema share a character."""
    if len(gold) < 2:
        return np.zeros(0, dtype=np.int64)
    order = _order(gold.doc, schema, gold.start)
    start, end = gold.start[order], gold.end[order]
    group = _runs(gold.doc[order], schema[order])
    return np.unique(gold.doc[order][_overlaps_before(group, start, end)])


def _exact(gold: SpanColumns, pred: SpanColumns) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the gold and predicted spans with an identical twin on the other side."""
    gold_hit, pred_hit = np.zeros(len(gold), dtype=bool), np.zeros(len(pred), dtype=bool)
    if not len(gold) or not len(pred):
        return gold_hit, pred_hit
    cols = [np.concatenate(pair) for pair in ((gold.doc, pred.doc), (gold.start, pred.start),
                                               (gold.end - gold.start, pred.end - pred.start), (gold.label, pred.label))]
    code = _code(cols)
    if code is not None:  # both sides sorted by (doc, start, end, label), so by code too
        g, p = code[:len(gold)], code[len(gold):]
        at = np.minimum(np.searchsorted(g, p), len(g) - 1)
        pred_hit = g[at] == p
        gold_hit[at[pred_hit]] = True
        return gold_hit, pred_hit
    order = np.lexsort(cols[::-1])  # stable: an identical gold span comes right before its prediction
    same = np.all([np.diff(c[order]) == 0 for c in cols], axis=0)
    first = order[:-1][same]
    gold_hit[first] = True
    pred_hit[order[1:][same] - len(gold)] = True
    return gold_hit, pred_hit


@dataclass(frozen=True)
class _Clusters:
    """Spans of both sides sorted by (document, schema, start); cluster ``c`` is rows
    ``cut[c]:cut[c + 1]`` (the last one runs to the end)."""

    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    side: np.ndarray    # 0 gold, 1 prediction
    cut: np.ndarray     # first row of each cluster
    schema: np.ndarray  # per cluster
    n_gold: np.ndarray  # per cluster
    n_pred: np.ndarray  # per cluster

    def bounds(self, c: int) -> tuple[int, int]:
        return int(self.cut[c]), int(self.cut[c + 1]) if c + 1 < len(self.cut) else len(self.side)


def _clusters(gold: SpanColumns, pred: SpanColumns, index: LabelIndex) -> _Clusters:
    """The clusters of overlapping spans per document and schema (module doc, step 3)."""
    side = np.repeat(np.array([0, 1], dtype=np.int64), [len(gold), len(pred)])
    doc, start, end, label = (np.concatenate([getattr(gold, a), getattr(pred, a)]) for a in ("doc", "start", "end", "label"))
    schema = index.schema_of[label]
    order = _order(doc, schema, start)
    doc, start, end, label, schema, side = (a[order] for a in (doc, start, end, label, schema, side))
    cut = np.flatnonzero(~_overlaps_before(_runs(doc, schema), start, end))
    n_pred = np.add.reduceat(side, cut) if len(cut) else np.zeros(0, dtype=np.int64)
    n_gold = np.diff(np.append(cut, len(side))) - n_pred
    return _Clusters(start, end, label, side, cut, schema[cut], n_gold, n_pred)


def _count_clusters(counts: np.ndarray, gold: SpanColumns, pred: SpanColumns, index: LabelIndex) -> int:
    """Add the outcomes of the spans without an identical twin, cluster by cluster (module
    doc, steps 3-5); returns how many clusters took the slow road."""
    cl = _clusters(gold, pred, index)
    one = (cl.n_gold > 0) & (cl.n_pred > 0) & ((cl.n_gold == 1) | (cl.n_pred == 1))
    slow = (cl.n_gold > 1) & (cl.n_pred > 1)
    fast, pairs, n_schemas = ~slow, one.astype(np.int64), len(index.schemas)
    for column, n in ((_MISSED, cl.n_gold), (_SPURIOUS, cl.n_pred)):
        counts[:, column] += np.bincount(cl.schema[fast], weights=(n - pairs)[fast], minlength=n_schemas).astype(np.int64)
    kind = _QUALITY_KIND[_best_quality(cl, one)[one]]
    counts += np.bincount(cl.schema[one] * counts.shape[1] + kind, minlength=counts.size).reshape(counts.shape)
    _add_kinds(counts, index, [_cluster_keys(cl, index, c) for c in np.flatnonzero(slow).tolist()])
    return int(slow.sum())


def _best_quality(cl: _Clusters, one: np.ndarray) -> np.ndarray:
    """Per cluster with one gold span or one prediction (``one``; the gold span when it
    has one of each): the best pair quality between that lone span and the spans of the
    other side that overlap it (3 ``correct``, 2 ``label``, 1 ``boundary``, 0
    ``boundary+label``); -1 for the other clusters."""
    n = len(cl.side)
    if not n:
        return np.zeros(0, dtype=np.int64)
    row, is_gold = np.arange(n), cl.side == 0
    in_one = np.repeat(one, np.diff(np.append(cl.cut, n)))
    last_gold = np.maximum.reduceat(np.where(is_gold, row, -1), cl.cut)
    last_pred = np.maximum.reduceat(np.where(is_gold, -1, row), cl.cut)
    lone = np.repeat(np.where(cl.n_gold == 1, last_gold, last_pred), np.diff(np.append(cl.cut, n)))
    lone = np.where(in_one, lone, row)
    start, end = cl.start[lone], cl.end[lone]
    overlap = np.minimum(cl.end, end) > np.maximum(cl.start, start)
    same_b = (cl.start == start) & (cl.end == end)
    same_l = cl.label == cl.label[lone]
    quality = np.where(same_b, 2 + same_l, same_l.astype(np.int64))
    quality = np.where(in_one & (cl.side != cl.side[lone]) & overlap, quality, -1)
    return np.maximum.reduceat(quality, cl.cut)


def _cluster_keys(cl: _Clusters, index: LabelIndex, c: int) -> tuple[list, list]:
    """Cluster ``c``'s gold and predicted spans as keys with label names."""
    lo, hi = cl.bounds(c)
    keys = list(zip(cl.start[lo:hi].tolist(), cl.end[lo:hi].tolist(), [index.labels[x] for x in cl.label[lo:hi].tolist()]))
    sides = cl.side[lo:hi].tolist()
    return [k for k, s in zip(keys, sides) if s == 0], [k for k, s in zip(keys, sides) if s == 1]


def _add_kinds(counts: np.ndarray, index: LabelIndex, parts: list[tuple[list, list]]) -> None:
    """The slow road: add ``SEMEVAL.kinds`` of each ``(gold keys, predicted keys)`` part,
    each outcome under the schema of its gold span, else its prediction (as scoring does)."""
    l2s = index.label_to_schema()
    row = {name: i for i, name in enumerate(index.schemas)}
    for gold_keys, pred_keys in parts:
        for kind, g, p in SEMEVAL.kinds(gold_keys, pred_keys, l2s, ordered=False)[0]:
            counts[row[l2s[(g or p)[2]]], _KIND[kind]] += 1


def _runs(doc: np.ndarray, schema: np.ndarray) -> np.ndarray:
    """Rows sorted by (doc, schema): a group number per row, counting up from 0."""
    change = np.zeros(len(doc), dtype=np.int64)
    change[1:] = (doc[1:] != doc[:-1]) | (schema[1:] != schema[:-1])
    return np.cumsum(change)


def _overlaps_before(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Rows sorted by (group, start): True where a span starts before the end of an
    earlier span of its group (they share a character). A running maximum of the ends,
    made per group by adding ``group * step`` (``step`` above any offset); offsets too large
    for that are replaced by their ranks first (the same order)."""
    out = np.zeros(len(start), dtype=bool)
    if len(start) < 2:
        return out
    step = int(end.max()) + 1
    if (int(group[-1]) + 1) * step >= _INT64_LIMIT:
        points = np.unique(np.concatenate([start, end]))
        start, end, step = np.searchsorted(points, start), np.searchsorted(points, end), len(points) + 1
    base = group * step
    running = np.maximum.accumulate(base + end)
    out[1:] = base[1:] + start[1:] < running[:-1]
    return out


def _code(cols: list[np.ndarray]) -> np.ndarray | None:
    """One int64 per row that sorts as the tuple of the non-negative ``cols`` (first most
    significant), or None when it would not fit in 62 bits."""
    radix = [int(c.max()) + 1 if len(c) else 1 for c in cols]
    total = 1
    for r in radix:
        total *= r
    if total >= _INT64_LIMIT:
        return None
    code = cols[0].astype(np.int64)
    for c, r in zip(cols[1:], radix[1:]):
        code = code * r + c
    return code


def _order(doc: np.ndarray, schema: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The row order by (doc, schema, start), ties in the given order."""
    code = _code([doc, schema, start])
    return np.argsort(code, kind="stable") if code is not None else np.lexsort((start, schema, doc))
