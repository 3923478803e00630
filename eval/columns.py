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

__all__ = ["NotColumnar", "SpanColumns", "LabelIndex", "member_of", "match_positions", "TextCutter", "ranges",
           "overlaps_before"]

from dataclasses import dataclass
from typing import Iterable

import numpy as np

_PACK_LIMIT = 2 ** 62  # group * step + offset must stay below this


class NotColumnar(Exception):
    """The columnar reader cannot vouch for this input (the reason is the message): read
    it with the object path, which accepts it or reports what is wrong."""


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
        """From arrays in any order, possibly with repeats. The four numbers are packed
        into one int64 key when they fit (one stable sort, fast on the nearly sorted
        spans of a file), else sorted by ``numpy.lexsort``."""
        doc, start, end, label = (np.asarray(a, dtype=np.int64) for a in (doc, start, end, label))
        if len(doc) == 0:
            return cls(doc, start, end, label, 0)
        widths = [int(a.max()).bit_length() for a in (doc, start, end, label)]
        if sum(widths) <= 63 and min(int(start.min()), int(label.min())) >= 0:
            key = _pack(doc, start, end, label, widths)
            key.sort(kind="stable")
            keep = np.ones(len(key), dtype=bool)
            np.not_equal(key[1:], key[:-1], out=keep[1:])
            key = key[keep]
            return cls(*_unpack(key, widths), int(len(doc) - len(key)))
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



def member_of(cols: SpanColumns, other: SpanColumns) -> np.ndarray:
    """A mask over ``cols``: the spans that ``other`` also holds (same doc, start, end
    and label).

    >>> a = SpanColumns.from_keys([(0, (0, 3, 1)), (0, (4, 6, 0)), (1, (0, 3, 1))])
    >>> b = SpanColumns.from_keys([(1, (0, 3, 1)), (0, (4, 6, 1))])
    >>> member_of(a, b).tolist()
    [False, False, True]
    """
    return match_positions(cols, other) >= 0


def match_positions(cols: SpanColumns, other: SpanColumns) -> np.ndarray:
    """For each span of ``cols``, the index of the identical span in ``other``, or -1.
    Both sides are sorted and unique, so a packed integer key (or, when the numbers are
    too large to pack, a joint sort) decides it without a Python loop.

    >>> a = SpanColumns.from_keys([(0, (0, 3, 1)), (0, (4, 6, 0)), (1, (0, 3, 1))])
    >>> b = SpanColumns.from_keys([(1, (0, 3, 1)), (0, (4, 6, 1)), (0, (0, 3, 1))])
    >>> match_positions(a, b).tolist()
    [0, -1, 2]
    """
    out = np.full(len(cols), -1, dtype=np.int64)
    if len(cols) == 0 or len(other) == 0:
        return out
    widths = [int(max(a.max(initial=0), b.max(initial=0))).bit_length()
              for a, b in ((cols.doc, other.doc), (cols.start, other.start), (cols.end, other.end),
                           (cols.label, other.label))]
    if sum(widths) <= 63:
        ka, kb = _packed(cols, widths), _packed(other, widths)
        at = np.minimum(np.searchsorted(kb, ka), len(kb) - 1)
        hit = kb[at] == ka
        out[hit] = at[hit]
        return out
    both = [np.concatenate((x, y)) for x, y in ((cols.doc, other.doc), (cols.start, other.start),
                                                  (cols.end, other.end), (cols.label, other.label))]
    side = np.concatenate((np.zeros(len(cols), np.int8), np.ones(len(other), np.int8)))
    order = np.lexsort((side, both[3], both[2], both[1], both[0]))
    same = np.ones(len(order) - 1, dtype=bool)
    for x in both:
        same &= x[order][1:] == x[order][:-1]
    first, second = order[:-1][same], order[1:][same]
    ok = (first < len(cols)) & (second >= len(cols))
    out[first[ok]] = second[ok] - len(cols)
    return out


def overlaps_before(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Rows sorted by (group, start): True where a span starts before the end of an
    earlier span of its group (they share a character). A running maximum of the ends,
    made per group by adding ``group * step`` (``step`` above any offset); offsets too large
    for that are replaced by their ranks first (the same order).

    >>> overlaps_before(np.array([0, 0, 0, 1]), np.array([0, 2, 5, 1]), np.array([3, 4, 6, 2])).tolist()
    [False, True, False, False]
    """
    out = np.zeros(len(start), dtype=bool)
    if len(start) < 2:
        return out
    step = int(end.max()) + 1
    if (int(group[-1]) + 1) * step >= _PACK_LIMIT:
        points = np.unique(np.concatenate([start, end]))
        start, end, step = np.searchsorted(points, start), np.searchsorted(points, end), len(points) + 1
    base = group * step
    running = np.maximum.accumulate(base + end)
    out[1:] = base[1:] + start[1:] < running[:-1]
    return out


def _packed(cols: SpanColumns, widths: list[int]) -> np.ndarray:
    """``(doc, start, end, label)`` as one int64 in that order of significance."""
    return _pack(cols.doc, cols.start, cols.end, cols.label, widths)


def _pack(doc, start, end, label, widths: list[int]) -> np.ndarray:
    key = doc.copy()
    for arr, w in zip((start, end, label), widths[1:]):
        key <<= w
        key |= arr
    return key


def _unpack(key: np.ndarray, widths: list[int]) -> list[np.ndarray]:
    out = []
    for w in reversed(widths[1:]):
        out.append(key & ((1 << w) - 1))
        key = key >> w
    return [key] + out[::-1]


class TextCutter:
    """Cuts spans out of a batch's texts (an Arrow string array) on their UTF-8 bytes:
    code point offsets become byte offsets through the positions of the lead bytes
    (computed once per batch); no Python string per span.

    >>> import pyarrow as pa
    >>> cut = TextCutter(pa.array(["Hội nghị", "", "lần thứ 14"]))
    >>> cut.lengths.tolist()
    [8, 0, 10]
    >>> cut.strings(np.array([0, 2, 2]), np.array([0, 4, 8]), np.array([3, 7, 10])).to_pylist()
    ['Hội', 'thứ', '14']
    """

    def __init__(self, texts):
        buffers = texts.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
        self.data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
        self.lead = _lead_bytes(self.data)
        base = np.searchsorted(self.lead, offsets)
        self.base = base[:-1]
        self.lengths = np.diff(base)

    def strings(self, doc: np.ndarray, start: np.ndarray, end: np.ndarray):
        """``texts[doc[i]][start[i]:end[i]]`` for every i, as one Arrow string array."""
        import pyarrow as pa

        b0 = self.lead[self.base[doc] + start].astype(np.int64)
        gather, out_offsets = ranges(b0, self.lead[self.base[doc] + end] - b0)
        return pa.StringArray.from_buffers(len(doc), pa.py_buffer(out_offsets.astype(np.int32)),
                                           pa.py_buffer(self.data[gather]))


def ranges(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions ``starts[i] .. starts[i] + lengths[i] - 1`` of every range, laid end
    to end (int32 when they fit), and the offsets where each range begins in them
    (``len + 1``, int64).

    >>> idx, offsets = ranges(np.array([5, 0, 9]), np.array([2, 0, 3]))
    >>> idx.tolist(), offsets.tolist()
    ([5, 6, 9, 10, 11], [0, 2, 2, 5])
    """
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    total = int(offsets[-1])
    # int32 positions when they fit: half the memory traffic of int64, twice as fast
    small = total < 2 ** 31 and (not len(starts) or int(np.max(starts + lengths)) < 2 ** 31)
    kind = np.int32 if small else np.int64
    return np.repeat((starts - offsets[:-1]).astype(kind), lengths) + np.arange(total, dtype=kind), offsets


def _lead_bytes(data: np.ndarray, block: int = 1 << 20) -> np.ndarray:
    """Positions of the bytes that start a code point, plus ``len(data)`` (so an end
    offset finds its byte too); int32 when the data allow, filled block by block (the
    batch's largest array, never its int64 twin at full size)."""
    n = len(data)
    dtype = np.int32 if n < 2 ** 31 else np.int64
    is_lead = np.empty(min(block, max(n, 1)), dtype=bool)
    count = 0
    out = np.empty(n + 1, dtype=dtype)
    for at in range(0, n, block):
        chunk = data[at:at + block]
        mask = is_lead[:len(chunk)]
        np.not_equal(chunk & 0xC0, 0x80, out=mask)
        found = np.flatnonzero(mask)
        out[count:count + len(found)] = found + at
        count += len(found)
    out[count] = n
    return out[:count + 1].copy() if count + 1 < len(out) // 2 else out[:count + 1]
