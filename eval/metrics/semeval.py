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
   ``correct`` (one sort code per span; both sides come sorted, so a merge finds the twins).
3. **Clusters**: the remaining spans of one document and one schema, sorted by start and
   cut where a start reaches the running maximum of the ends before it (touching spans
   ``[0,5)``, ``[5,9)`` do not overlap), are the clusters of overlapping intervals. No
   pair crosses a cluster, so the optimum of the matching decomposes over them: each
   connected component the object path solves (``_components``) lies in one cluster, with
   its spans in the same relative order, so solving one cluster alone gives the same pairs.
4. A cluster **without gold** is all ``spurious``, one **without predictions** all
   ``missed``. A cluster with **one gold span** (or **one prediction**) has exactly one
   pair (every member of a cluster of two or more overlaps another one, and gold spans
   never overlap each other after step 1), whose kind is the best quality
   among the spans overlapping that one span (``label`` > ``boundary`` >
   ``boundary+label``; ties between partners of equal quality change which span pairs,
   never the count of a kind); the rest are ``spurious`` (or ``missed``). Cluster of one
   gold span and one prediction included.
5. A cluster with **two or more gold spans and two or more predictions** goes to
   ``SEMEVAL.kinds`` on that cluster's spans alone (slow road 2: the maximum matching of
   ``_max_matching``). On the synthetic data of ``benchmarks/bench_scoring.py`` that is 259
   clusters in 100,000 documents (3 M gold spans); see benchmarks/README.md.

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

from dataclasses import dataclass, fields

import numpy as np

from ..columns import LabelIndex, SpanColumns, overlaps_before
from ..matching import SEMEVAL
from ..outcomes import OUTCOME_KINDS

_KIND = {kind: i for i, kind in enumerate(OUTCOME_KINDS)}
_CORRECT, _MISSED, _SPURIOUS = _KIND["correct"], _KIND["missed"], _KIND["spurious"]
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
    slow = _docs_with_overlapping_gold(gold, index)
    if len(slow):
        _add_kinds(counts, index, [(index.keys(gold, d), index.keys(pred, d)) for d in slow.tolist()])
        gold, pred = gold.take(~np.isin(gold.doc, slow)), pred.take(~np.isin(pred.doc, slow))
    rows = _Rows.of(gold, pred, index)
    twin = _twins(rows, index)
    counts[:, _CORRECT] += np.bincount(rows.schema[twin & (rows.side == 0)], minlength=len(index.schemas))
    n_slow = _count_clusters(counts, rows.sorted(~twin), index)
    return SemEvalTally(counts, len(slow), n_slow)


@dataclass(frozen=True)
class _Rows:
    """Both sides' spans in one table: gold then predictions (:meth:`of`), or some of them
    sorted by (schema, doc, start) (:meth:`sorted`)."""

    schema: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    side: np.ndarray  # 0 gold, 1 prediction

    @classmethod
    def of(cls, gold: SpanColumns, pred: SpanColumns | None, index: LabelIndex) -> "_Rows":
        parts = (gold,) if pred is None else (gold, pred)
        doc, start, end, label = (np.concatenate([getattr(p, name) for p in parts])
                                  for name in ("doc", "start", "end", "label"))
        side = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) for p in parts])
        return cls(index.schema_of[label], doc, start, end, label, side)

    def sorted(self, keep: np.ndarray) -> "_Rows":
        """The rows where ``keep`` is true, sorted by (schema, doc, start), ties in table order."""
        at = np.flatnonzero(keep)
        return self.take(at[_order(self.schema[at], self.doc[at], self.start[at])])

    def take(self, at: np.ndarray) -> "_Rows":
        return _Rows(*(getattr(self, f.name)[at] for f in fields(self)))


def _docs_with_overlapping_gold(gold: SpanColumns, index: LabelIndex) -> np.ndarray:
    """The documents (sorted) where two gold spans of one schema share a character: first
    the documents where any two gold spans do (``gold`` is sorted by doc and start), then
    those sorted by schema."""
    some = overlaps_before(gold.doc, gold.start, gold.end)
    if not some.any():
        return np.zeros(0, dtype=np.int64)
    candidates = gold.take(np.isin(gold.doc, gold.doc[some]))
    rows = _Rows.of(candidates, None, index).sorted(np.ones(len(candidates), dtype=bool))
    return np.unique(rows.doc[overlaps_before(_runs(rows.schema, rows.doc), rows.start, rows.end)])


def _twins(rows: _Rows, index: LabelIndex) -> np.ndarray:
    """Mask of the gold spans and predictions with an identical twin on the other side.
    Each side comes sorted by (doc, start, end, label), so by one sort code per span, and a
    stable sort of the two runs merges them (a gold span right before its twin; each side
    is unique, so no more than two are ever equal)."""
    cols = [rows.doc, rows.start, rows.end, rows.label]
    offsets = int(rows.end.max(initial=0)) + 1
    code = _code(cols, [int(rows.doc.max(initial=0)) + 1, offsets, offsets, len(index.labels)])
    if code is not None:
        order = np.argsort(code, kind="stable")
        code = code[order]
        first = np.flatnonzero(code[1:] == code[:-1])
    else:
        order = np.lexsort(cols[::-1])
        first = np.flatnonzero(np.all([np.diff(c[order]) == 0 for c in cols], axis=0))
    twin = np.zeros(len(rows.doc), dtype=bool)
    twin[order[first]] = True
    twin[order[first + 1]] = True
    return twin


def _count_clusters(counts: np.ndarray, rows: _Rows, index: LabelIndex) -> int:
    """Add the outcomes of the spans without an identical twin (``rows``, sorted), cluster by
    cluster (module doc, steps 3-5); returns how many clusters took the slow road. Clusters
    of one span (most) are counted first, the rest on their own rows."""
    first = ~overlaps_before(_runs(rows.schema, rows.doc), rows.start, rows.end)  # starts a cluster
    alone = first & np.append(first[1:], True)
    n_schemas = len(index.schemas)
    singles = np.bincount(rows.schema[alone] * 2 + rows.side[alone], minlength=2 * n_schemas)
    counts[:, [_MISSED, _SPURIOUS]] += singles.reshape(n_schemas, 2)
    at = np.flatnonzero(~alone)
    if not len(at):
        return 0
    rows, cut = rows.take(at), np.flatnonzero(first[at])
    size = np.diff(np.append(cut, len(rows.doc)))
    n_pred = np.add.reduceat(rows.side, cut)
    n_gold = size - n_pred
    one = (n_gold > 0) & (n_pred > 0) & ((n_gold == 1) | (n_pred == 1))
    slow = (n_gold > 1) & (n_pred > 1)
    fast, pairs, schema = ~slow, one.astype(np.int64), rows.schema[cut]
    for column, n in ((_MISSED, n_gold), (_SPURIOUS, n_pred)):
        unpaired = np.bincount(schema[fast], weights=(n - pairs)[fast], minlength=n_schemas)
        counts[:, column] += unpaired.astype(np.int64)
    kind = _QUALITY_KIND[_best_quality(rows, cut, size, n_gold == 1, one)[one]]
    counts += np.bincount(schema[one] * counts.shape[1] + kind, minlength=counts.size).reshape(counts.shape)
    bounds = np.append(cut, len(rows.doc)).tolist()
    _add_kinds(counts, index, [_cluster_keys(rows, index, bounds[c], bounds[c + 1])
                               for c in np.flatnonzero(slow).tolist()])
    return int(slow.sum())


def _best_quality(rows: _Rows, cut: np.ndarray, size: np.ndarray, lone_gold: np.ndarray,
                  one: np.ndarray) -> np.ndarray:
    """Per cluster with one gold span or one prediction (``one``): the best pair quality
    between that lone span (the gold span when ``lone_gold``) and the spans of the other
    side that overlap it (3 ``correct``, 2 ``label``, 1 ``boundary``, 0 ``boundary+label``);
    -1 for the other clusters."""
    lone_side = np.repeat(np.where(lone_gold, 0, 1), size)
    mine = rows.side == lone_side
    lone = np.repeat(np.maximum.reduceat(np.where(mine, np.arange(len(mine)), -1), cut), size)
    lone[lone < 0] = 0  # clusters without a span of that side (not ``one``: masked below)
    start, end = rows.start[lone], rows.end[lone]
    overlap = np.minimum(rows.end, end) > np.maximum(rows.start, start)
    same_b = (rows.start == start) & (rows.end == end)
    same_l = rows.label == rows.label[lone]
    quality = np.where(same_b, 2 + same_l, same_l.astype(np.int64))
    quality[mine | ~overlap | ~np.repeat(one, size)] = -1
    return np.maximum.reduceat(quality, cut)


def _cluster_keys(rows: _Rows, index: LabelIndex, lo: int, hi: int) -> tuple[list, list]:
    """Rows ``lo:hi`` as gold keys and predicted keys with label names."""
    labels = [index.labels[x] for x in rows.label[lo:hi].tolist()]
    keys = list(zip(rows.start[lo:hi].tolist(), rows.end[lo:hi].tolist(), labels))
    sides = rows.side[lo:hi].tolist()
    return [k for k, s in zip(keys, sides) if s == 0], [k for k, s in zip(keys, sides) if s == 1]


def _add_kinds(counts: np.ndarray, index: LabelIndex, parts: list[tuple[list, list]]) -> None:
    """The slow road: add ``SEMEVAL.kinds`` of each ``(gold keys, predicted keys)`` part,
    each outcome under the schema of its gold span, else its prediction (as scoring does)."""
    l2s = index.label_to_schema()
    row = {name: i for i, name in enumerate(index.schemas)}
    for gold_keys, pred_keys in parts:
        for kind, g, p in SEMEVAL.kinds(gold_keys, pred_keys, l2s, ordered=False)[0]:
            counts[row[l2s[(g or p)[2]]], _KIND[kind]] += 1


def _runs(schema: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Rows sorted by (schema, doc): a group number per row, counting up from 0."""
    change = np.zeros(len(doc), dtype=np.int64)
    change[1:] = (doc[1:] != doc[:-1]) | (schema[1:] != schema[:-1])
    return np.cumsum(change)


def _code(cols: list[np.ndarray], radix: list[int] | None = None) -> np.ndarray | None:
    """One int64 per row that sorts as the tuple of the non-negative ``cols`` (first most
    significant; ``radix``: above each column's values, by default its maximum + 1), or
    None when it would not fit in 62 bits."""
    radix = radix or [int(c.max(initial=0)) + 1 for c in cols]
    total = 1
    for r in radix:
        total *= r
    if total >= _INT64_LIMIT:
        return None
    code = cols[0].astype(np.int64)
    for c, r in zip(cols[1:], radix[1:]):
        code = code * r + c
    return code


def _order(schema: np.ndarray, doc: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The stable row order by (schema, doc, start): a stable radix pass over the schema,
    then a stable sort of one code per row, which merges the already sorted runs of each
    side (each comes sorted by doc and start); ``numpy.lexsort`` if the code would not fit."""
    code = _code([schema, doc, start])
    if code is None:
        return np.lexsort((start, doc, schema))
    small = schema.max(initial=0) < 2 ** 15
    by_schema = np.argsort(schema.astype(np.int16), kind="stable") if small else np.arange(len(code))
    return by_schema[np.argsort(code[by_schema], kind="stable")]
