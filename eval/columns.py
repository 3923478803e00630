"""Spans as columns: the shape the columnar scorer counts from.

``hoinghi eval`` on a prediction file reads gold and predictions into Arrow tables
(:mod:`hoinghi.eval.columnar_load`) and counts every view with array operations over a
batch of documents at a time, never building a :class:`~hoinghi.document.Span` per span.
A batch holds, per side, one :class:`SpanColumns`: four equal-length integer arrays,
**sorted by (doc, start, end, label) and without repeats** (identical predicted spans are
collapsed before counting, the ``dedup:collapse`` rule of :mod:`hoinghi.eval.matching`).
``label`` indexes the schemas' field list (:func:`hoinghi.eval.metrics.span.fields`);
:class:`LabelIndex` maps it to its schema.

>>> cols = SpanColumns.from_keys([(1, (5, 9, 1)), (0, (0, 3, 0)), (1, (5, 9, 1))])
>>> cols.doc.tolist(), cols.start.tolist(), cols.end.tolist(), cols.label.tolist(), cols.repeats
([0, 1], [0, 5], [3, 9], [0, 1], 1)
>>> cols.keys_of(1)
[(5, 9, 1)]
"""
from __future__ import annotations

__all__ = ["SpanColumns", "LabelIndex"]

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np


@dataclass(frozen=True)
class SpanColumns:
    """One side's spans of a batch of documents, sorted by ``(doc, start, end, label)``,
    unique. ``doc`` is the document's row in the batch (0-based); ``repeats`` is how many
    identical spans were collapsed to make them unique."""

    doc: np.ndarray    # int64
    start: np.ndarray  # int64, code points
    end: np.ndarray    # int64, end-exclusive
    label: np.ndarray  # int64, index into LabelIndex.labels
    repeats: int = 0

    def __len__(self) -> int:
        return len(self.doc)

    @classmethod
    def sorted_unique(cls, doc, start, end, label) -> "SpanColumns":
        """From arrays in any order, possibly with repeats."""
        doc, start, end, label = (np.asarray(a, dtype=np.int64) for a in (doc, start, end, label))
        if len(doc) == 0:
            return cls(doc, start, end, label, 0)
        order = np.lexsort((label, end, start, doc))
        doc, start, end, label = doc[order], start[order], end[order], label[order]
        keep = np.ones(len(doc), dtype=bool)
        keep[1:] = (np.diff(doc) != 0) | (np.diff(start) != 0) | (np.diff(end) != 0) | (np.diff(label) != 0)
        return cls(doc[keep], start[keep], end[keep], label[keep], int(len(doc) - keep.sum()))

    @classmethod
    def from_keys(cls, items: Iterable[tuple[int, tuple[int, int, int]]]) -> "SpanColumns":
        """From ``(doc, (start, end, label))`` pairs (tests and small inputs)."""
        items = list(items)
        cols = list(zip(*[(d, s, e, lab) for d, (s, e, lab) in items])) or [(), (), (), ()]
        return cls.sorted_unique(*cols)

    def doc_bounds(self, n_docs: int) -> np.ndarray:
        """``bounds[d]:bounds[d + 1]`` is document ``d``'s slice, shape ``(n_docs + 1,)``."""
        return np.searchsorted(self.doc, np.arange(n_docs + 1, dtype=np.int64))

    def keys_of(self, d: int) -> list[tuple[int, int, int]]:
        """Document ``d``'s spans as ``(start, end, label index)`` (tests, fallbacks)."""
        lo, hi = np.searchsorted(self.doc, [d, d + 1])
        return list(zip(self.start[lo:hi].tolist(), self.end[lo:hi].tolist(), self.label[lo:hi].tolist()))

    def take(self, mask: np.ndarray) -> "SpanColumns":
        """The spans where ``mask`` is true (still sorted and unique)."""
        return SpanColumns(self.doc[mask], self.start[mask], self.end[mask], self.label[mask], 0)


@dataclass(frozen=True)
class LabelIndex:
    """The fields in schema order: ``labels[i]`` belongs to ``schemas[schema_of[i]]``."""

    labels: tuple[str, ...]
    schemas: tuple[str, ...]
    schema_of: np.ndarray  # int64, label index -> schema index

    @classmethod
    def from_schemas(cls, schemas) -> "LabelIndex":
        """From a :class:`~hoinghi.schema.SchemaSet`.

        >>> from hoinghi.schema import load_schemas
        >>> ix = LabelIndex.from_schemas(load_schemas())
        >>> ix.labels[ix.label_id("PERSON")], ix.schemas[ix.schema_of[ix.label_id("PERSON")]]
        ('PERSON', 'officials')
        """
        labels = tuple(label for s in schemas.schemas for label in s.label_names)
        names = tuple(s.name for s in schemas.schemas)
        schema_of = np.array([i for i, s in enumerate(schemas.schemas) for _ in s.label_names], dtype=np.int64)
        return cls(labels, names, schema_of)

    def label_id(self, label: str) -> int:
        return self.labels.index(label)

    def label_to_schema(self) -> dict[str, str]:
        return {label: self.schemas[self.schema_of[i]] for i, label in enumerate(self.labels)}

    def keys(self, cols: SpanColumns, d: int) -> list[tuple[int, int, str]]:
        """Document ``d``'s spans as :data:`~hoinghi.document.SpanKey` (label names)."""
        return [(s, e, self.labels[lab]) for s, e, lab in cols.keys_of(d)]

