"""Span P/R/F1 per field: the main view of ``hoinghi eval``.

Per document and per label, the tp/fp/fn of a matching strategy
(:mod:`hoinghi.eval.matching`: ``strict`` or ``overlap``), plus the SemEval-2013
outcome tally per schema (``correct``, ``label``, ``boundary``, ``boundary+label``,
``missed``, ``spurious``) so boundary errors and label errors are seen apart.
Labels are matched within themselves; the SemEval pairing crosses labels only
within one schema (spans of different schemas may overlap and never interact).

>>> from hoinghi.document import Document, Span
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

__all__ = ["span_keys", "doc_counts", "semeval_counts", "fields"]

from collections import Counter

from ...document import Document
from ..matching import SEMEVAL, get_strategy


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
