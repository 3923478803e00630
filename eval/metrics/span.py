"""Span P/R/F1 per field: the main view of ``hoinghi eval``.

Per document and per label, the tp/fp/fn of a matching strategy
(:mod:`hoinghi.eval.matching`: ``strict`` or ``overlap``), plus the SemEval-2013
outcome tally per schema (``correct``, ``label``, ``boundary``, ``boundary+label``,
``missed``, ``spurious``) so boundary errors and label errors are seen apart.
Labels are matched within themselves; the SemEval pairing crosses labels only
within one schema (spans of different schemas may overlap and never interact).

>>> g = Document("d", "Nguyễn Văn An, Bí thư", (Span(0, 13, "PERSON"), Span(15, 21, "POSITION")))
>>> p = Document("d", None, (Span(0, 13, "PERSON"), Span(15, 18, "POSITION")))
>>> doc_counts(g, p, "strict")
({'PERSON': [1, 0, 0], 'POSITION': [0, 1, 1]}, 0)
>>> doc_counts(g, p, "overlap")[0]["POSITION"]
[1, 0, 0]
>>> dict(semeval_counts(g, p, {"PERSON": "officials", "POSITION": "officials"})["officials"])
{'correct': 1, 'boundary': 1}
"""
from __future__ import annotations

__all__ = ["span_key", "span_keys", "doc_counts", "semeval_counts", "fields", "count_array", "strict_columns",
           "set_columns"]

from collections import Counter
from operator import itemgetter
from typing import Iterable, Mapping

import numpy as np

from ...document import Document, Span, SpanKey
from ...errors import InputError, Location
from ..columns import SpanColumns, member_of
from ..matching import SEMEVAL, Strict, get_strategy

#: :attr:`Span.key <hoinghi.document.Span.key>` as a function: the property's own getter,
#: the fastest way to map it over millions of spans (the hot loops below and in scoring).
span_key = Span.key.fget
_end = itemgetter(1)
_label = itemgetter(2)


def span_keys(doc: Document) -> list[SpanKey]:
    """The :attr:`~hoinghi.document.Span.key` of every span of a document."""
    return list(map(span_key, doc.spans))


def fields(schemas) -> list[tuple[str, str]]:
    """``(schema, label)`` of every field, in schema order."""
    return [(s.name, label) for s in schemas.schemas for label in s.label_names]


def doc_counts(gold: Document, pred: Document, mode: str = "strict") -> tuple[dict[str, list[int]], int]:
    """``({label: [tp, fp, fn]}, duplicates_collapsed)`` for one document."""
    return get_strategy(mode).label_counts(span_keys(gold), span_keys(pred))


def semeval_counts(gold: Document, pred: Document, label_to_schema: dict[str, str]) -> dict[str, Counter]:
    """``{schema: Counter(outcome kind → n)}`` for one document."""
    out: dict[str, Counter] = {}
    for kind, g, p in SEMEVAL.kinds(span_keys(gold), span_keys(pred), label_to_schema)[0]:
        label = (g or p)[2]
        out.setdefault(label_to_schema.get(label, label), Counter())[kind] += 1
    return out


def _locate(doc: Document, known: Mapping, limit: int | None, what: str) -> None:
    """Raise the :class:`InputError` for the first bad span of ``doc`` (unknown label,
    offsets outside the gold text)."""
    for i, sp in enumerate(doc.spans):
        if sp.label not in known:
            raise InputError(f"{what}: unknown label {sp.label!r} (known: {', '.join(sorted(known))})",
                             Location(doc_id=doc.id, field=f"spans[{i}].label"))
        if limit is not None and sp.end > limit:
            raise InputError(f"{what}: offsets [{sp.start}, {sp.end}) out of range (gold text has {limit} characters)",
                             Location(doc_id=doc.id, field=f"spans[{i}].end"))


def count_array(pairs: Iterable[tuple[Document, Document]], index: Mapping[str, int], mode: str = "strict"
                ) -> tuple[np.ndarray, int]:
    """Per-document counts ``(n_docs, len(index), 3)`` and the number of duplicate
    predictions collapsed, streaming over ``(gold, prediction)`` pairs. Raises
    :class:`~hoinghi.errors.InputError` for a label not in ``index`` or a predicted
    span ending beyond the gold text (gold offsets are checked when gold is read,
    by :meth:`hoinghi.document.Document.from_json`).

    Strict mode is the hot path (:func:`strict_array`); other modes ask their
    strategy (:mod:`hoinghi.eval.matching`) document by document.

    >>> g = Document("a", "x" * 9, (Span(0, 2, "A"), Span(3, 5, "B")))
    >>> p = Document("a", None, (Span(0, 2, "A"), Span(3, 6, "B"), Span(3, 6, "B")))
    >>> arr, dup = count_array([(g, p)], {"A": 0, "B": 1})
    >>> arr.tolist(), dup
    ([[[1, 0, 0], [0, 1, 1]]], 1)
    >>> count_array([(g, p)], {"A": 0, "B": 1}, "overlap")[0].tolist()
    [[[1, 0, 0], [1, 0, 0]]]
    """
    strategy = get_strategy(mode)
    if isinstance(strategy, Strict):
        return strict_array(pairs, index)
    return _strategy_array(pairs, index, strategy)


def strict_array(pairs: Iterable[tuple[Document, Document]], index: Mapping[str, int]) -> tuple[np.ndarray, int]:
    """:class:`~hoinghi.eval.matching.Strict` counting of a whole corpus at once: per
    document only C-level set operations (one set intersection of span keys); the
    labels of every document are then counted together with ``numpy.bincount``. The
    same numbers as :meth:`Strict.label_counts <hoinghi.eval.matching.Strict.label_counts>`
    per document (tested against it)."""
    docs, labels, lens, dup = _strict_labels(pairs, index)
    n, k = len(docs), len(index)
    if n == 0:
        return np.zeros((0, k, 3), dtype=np.int64), dup
    try:
        gi, pi, ti = (np.fromiter(map(index.__getitem__, labs), dtype=np.int64, count=len(labs)) for labs in labels)
    except KeyError:
        for gold, pred in docs:
            _locate(gold, index, None, "gold")
            _locate(pred, index, None, "prediction")
        raise
    lens_a = np.array(lens, dtype=np.int64).reshape(n, 3)
    doc = np.arange(n, dtype=np.int64)

    def tally(lab_idx, col):
        rows = np.repeat(doc, lens_a[:, col])
        return np.bincount(rows * k + lab_idx, minlength=n * k).reshape(n, k)

    ng, np_, nt = tally(gi, 0), tally(pi, 1), tally(ti, 2)
    out = np.zeros((n, k, 3), dtype=np.int64)
    out[:, :, 0] = nt
    out[:, :, 1] = np_ - nt
    out[:, :, 2] = ng - nt
    return out, dup


def _strict_labels(pairs: Iterable[tuple[Document, Document]], index: Mapping[str, int]):
    """The streaming loop of :func:`strict_array`: ``(pairs kept, (gold labels,
    predicted labels, true-positive labels), [(n_gold, n_pred, n_tp)] per document,
    duplicates)``, checking predicted offsets against the gold text."""
    docs: list[tuple[Document, Document]] = []
    g_labels: list[str] = []
    p_labels: list[str] = []
    t_labels: list[str] = []
    lens: list[tuple[int, int, int]] = []
    dup = 0
    # local names: this loop is the hot path
    keep, g_ext, p_ext, t_ext, add_len = docs.append, g_labels.extend, p_labels.extend, t_labels.extend, lens.append
    key, end, label = span_key, _end, _label
    for gold, pred in pairs:
        keep((gold, pred))
        g = set(map(key, gold.spans))
        p = set(map(key, pred.spans))
        t = g & p
        text = gold.text
        if text is not None and p and max(map(end, p)) > len(text):
            _locate(gold, index, len(text), "gold")
            _locate(pred, index, len(text), "prediction")
        g_ext(map(label, g))
        p_ext(map(label, p))
        t_ext(map(label, t))
        add_len((len(g), len(p), len(t)))
        dup += len(pred.spans) - len(p)
    return docs, (g_labels, p_labels, t_labels), lens, dup


def _strategy_array(pairs: Iterable[tuple[Document, Document]], index: Mapping[str, int], strategy
                    ) -> tuple[np.ndarray, int]:
    """Counting with any strategy's ``label_counts``, document by document."""
    k, n, dup = len(index), 0, 0
    rows = []
    for i, (gold, pred) in enumerate(pairs):
        n += 1
        gk, pk = span_keys(gold), span_keys(pred)
        limit = None if gold.text is None else len(gold.text)
        if not set(map(_label, gk + pk)) <= index.keys() or (limit is not None and max(map(_end, gk + pk), default=0) > limit):
            _locate(gold, index, limit, "gold")
            _locate(pred, index, limit, "prediction")
        counts, d = strategy.label_counts(gk, pk)
        dup += d
        rows += [(i, index[lab], *c) for lab, c in counts.items()]
    out = np.zeros((n, k, 3), dtype=np.int64)
    if rows:
        r = np.array(rows, dtype=np.int64)
        out[r[:, 0], r[:, 1]] = r[:, 2:]
    return out, dup


def strict_columns(gold: SpanColumns, pred: SpanColumns, n_docs: int, n_labels: int,
                   hit: np.ndarray | None = None) -> np.ndarray:
    """:class:`~hoinghi.eval.matching.Strict` counts of a batch of documents from
    columns (:mod:`hoinghi.eval.columns`): ``(n_docs, n_labels, 3)`` tp, fp, fn. The
    same numbers as :func:`strict_array` (tested against it). ``hit``: which predicted
    spans gold also holds, when the caller knows it already.

    >>> g = SpanColumns.from_keys([(0, (0, 2, 0)), (0, (3, 5, 1))])
    >>> p = SpanColumns.from_keys([(0, (0, 2, 0)), (0, (3, 6, 1))])
    >>> strict_columns(g, p, 1, 2).tolist()
    [[[1, 0, 0], [0, 1, 1]]]
    """
    return set_columns(gold.doc * n_labels + gold.label, pred.doc * n_labels + pred.label,
                       member_of(pred, gold) if hit is None else hit, n_docs * n_labels).reshape(n_docs, n_labels, 3)


def set_columns(gold_cell: np.ndarray, pred_cell: np.ndarray, pred_hit: np.ndarray, n_cells: int) -> np.ndarray:
    """tp, fp, fn per cell (a document and key) of two sets of items, each item given by
    its cell; ``pred_hit`` marks the predicted items that gold also has. ``(n_cells, 3)``."""
    ng = np.bincount(gold_cell, minlength=n_cells)
    npred = np.bincount(pred_cell, minlength=n_cells)
    nt = np.bincount(pred_cell[pred_hit], minlength=n_cells)
    return np.stack((nt, npred - nt, ng - nt), axis=-1).astype(np.int64)
