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

__all__ = ["span_keys", "doc_counts", "semeval_counts", "fields", "count_array"]

from collections import Counter
from operator import attrgetter, itemgetter
from typing import Iterable, Mapping

import numpy as np

from ...document import Document, Span  # noqa: F401  (Span: doctests)
from ...errors import InputError, Location
from ..matching import SEMEVAL, get_strategy

_key = attrgetter("start", "end", "label")
_end = itemgetter(1)
_label = itemgetter(2)


def span_keys(doc: Document) -> list[tuple[int, int, str]]:
    """The ``(start, end, label)`` of every span of a document."""
    return [(s.start, s.end, s.label) for s in doc.spans]


def fields(schemas) -> list[tuple[str, str]]:
    """``(schema, label)`` of every field, in schema order."""
    return [(s.name, label) for s in schemas.schemas for label in s.label_names]


def doc_counts(gold: Document, pred: Document, mode: str = "strict") -> tuple[dict[str, list[int]], int]:
    """``({label: [tp, fp, fn]}, duplicates_collapsed)`` for one document."""
    return get_strategy(mode).label_counts(span_keys(gold), span_keys(pred))


def semeval_counts(gold: Document, pred: Document, label_to_schema: dict[str, str]) -> dict[str, Counter]:
    """``{schema: Counter(outcome kind → n)}`` for one document."""
    out: dict[str, Counter] = {}
    for o in SEMEVAL.outcomes(span_keys(gold), span_keys(pred), label_to_schema):
        label = (o.gold or o.pred)[2]
        out.setdefault(label_to_schema.get(label, label), Counter())[o.kind] += 1
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

    Strict mode is the hot path: per document only C-level set operations (one set
    intersection); labels are counted for all documents at once with ``numpy.bincount``.

    >>> g = Document("a", "x" * 9, (Span(0, 2, "A"), Span(3, 5, "B")))
    >>> p = Document("a", None, (Span(0, 2, "A"), Span(3, 6, "B"), Span(3, 6, "B")))
    >>> arr, dup = count_array([(g, p)], {"A": 0, "B": 1})
    >>> arr.tolist(), dup
    ([[[1, 0, 0], [0, 1, 1]]], 1)
    >>> count_array([(g, p)], {"A": 0, "B": 1}, "overlap")[0].tolist()
    [[[1, 0, 0], [1, 0, 0]]]
    """
    k = len(index)
    dup = 0
    docs: list[tuple[Document, Document]] = []
    if mode == "strict":
        g_labels: list[str] = []
        p_labels: list[str] = []
        t_labels: list[str] = []
        lens: list[tuple[int, int, int]] = []
        # local names: this loop is the hot path
        keep, g_ext, p_ext, t_ext, add_len = docs.append, g_labels.extend, p_labels.extend, t_labels.extend, lens.append
        key, end, label = _key, _end, _label
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
        n = len(docs)
        out = np.zeros((n, k, 3), dtype=np.int64)
        if n == 0:
            return out, dup
        lens_a = np.array(lens, dtype=np.int64).reshape(n, 3)
        try:
            gi, pi, ti = (np.fromiter(map(index.__getitem__, labs), dtype=np.int64, count=len(labs))
                          for labs in (g_labels, p_labels, t_labels))
        except KeyError:
            for gold, pred in docs:
                _locate(gold, index, None, "gold")
                _locate(pred, index, None, "prediction")
            raise
        doc = np.arange(n, dtype=np.int64)

        def tally(lab_idx, col):
            rows = np.repeat(doc, lens_a[:, col])
            return np.bincount(rows * k + lab_idx, minlength=n * k).reshape(n, k)

        ng, np_, nt = tally(gi, 0), tally(pi, 1), tally(ti, 2)
        out[:, :, 0] = nt
        out[:, :, 1] = np_ - nt
        out[:, :, 2] = ng - nt
        return out, dup
    strategy = get_strategy(mode)
    rows = []
    for i, (gold, pred) in enumerate(pairs):
        docs.append((gold, pred))
        gk, pk = list(map(_key, gold.spans)), list(map(_key, pred.spans))
        limit = None if gold.text is None else len(gold.text)
        if not set(map(_label, gk + pk)) <= index.keys() or (limit is not None and max(map(_end, gk + pk), default=0) > limit):
            _locate(gold, index, limit, "gold")
            _locate(pred, index, limit, "prediction")
        counts, d = strategy.label_counts(gk, pk)
        dup += d
        rows += [(i, index[lab], *c) for lab, c in counts.items()]
    out = np.zeros((len(docs), k, 3), dtype=np.int64)
    if rows:
        r = np.array(rows, dtype=np.int64)
        out[r[:, 0], r[:, 1]] = r[:, 2:]
    return out, dup
