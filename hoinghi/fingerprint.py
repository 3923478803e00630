"""The gold fingerprint: a content hash of documents, the ``gold:`` part of every score
signature. Baselines and gold manifests store it, so its value never changes.

**Definition.** Each document is one *item*, the text of
``json.dumps([id, text, spans, relations], ensure_ascii=False)`` with ``spans`` the sorted
``[start, end, label]`` of every span (repeats kept) and ``relations`` the sorted
``[head key, tail key, type]``; the items are sorted as Python strings (code point order,
which is UTF-8 byte order), each is followed by ``"\\n"``, and the fingerprint is the first
16 hex digits of the SHA-256 of the UTF-8 bytes. One item is defined once, by
:func:`_item`; :func:`fingerprint` and :meth:`FingerprintColumns.add_documents` build it
from objects, :meth:`FingerprintColumns.add_batch` builds the same text from columns
(tests/test_fingerprint.py checks them against each other and against ``json.dumps``).

Two ways to compute it:

* :func:`fingerprint` over :class:`~hoinghi.document.Document` objects (one f-string per
  span; about 16 µs per document of 30 spans, benchmarks/bench_fingerprint.py);
* :class:`FingerprintColumns` over batches of columns (the columnar scorer's
  :class:`~hoinghi.eval.columns.SpanColumns`): the strings are built with
  ``pyarrow.compute`` and sorted once in :meth:`FingerprintColumns.hexdigest` (about 4 µs
  per document). pyarrow is imported on first use (``import hoinghi.document`` does
  without it), and converted to and from through :mod:`hoinghi.arrow_bridge`.

>>> import hashlib
>>> from hoinghi.document import Document, Span
>>> docs = [Document("b", "z"), Document("a", "xy", (Span(0, 1, "A", "s0"),))]
>>> fingerprint(docs) == hashlib.sha256(b'["a", "xy", [[0, 1, "A"]], []]\\n["b", "z", [], []]\\n').hexdigest()[:16]
True
"""
from __future__ import annotations

__all__ = ["fingerprint", "FingerprintColumns", "OutOfOrder"]

import hashlib
from json.encoder import encode_basestring as _q  # the encoder json.dumps(ensure_ascii=False) uses
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

import numpy as np

from .arrow_bridge import from_numpy, string_array, string_scalar, to_numpy

if TYPE_CHECKING:
    import pyarrow as pa

    from .document import Document
    from .eval.columns import SpanColumns


def _item(d: "Document") -> str:
    """One document's item (see the module docstring), without its newline.

    >>> from hoinghi.document import Document, Span
    >>> _item(Document('d"1', "Hà Nội", (Span(3, 6, "LOC", "b"), Span(0, 2, "LOC", "a"))))
    '["d\\\\"1", "Hà Nội", [[0, 2, "LOC"], [3, 6, "LOC"]], []]'
    """
    spans = sorted([s.key for s in d.spans])
    body = ", ".join([f"[{a}, {b}, {_q(label)}]" for a, b, label in spans])
    rbody = ""
    if d.relations:
        by_id = {s.id: s.key for s in d.spans}
        rels = sorted([(by_id[r.head], by_id[r.tail], r.type) for r in d.relations])
        rbody = ", ".join([f"[[{h[0]}, {h[1]}, {_q(h[2])}], [{t[0]}, {t[1]}, {_q(t[2])}], {_q(ty)}]"
                           for h, t, ty in rels])
    return f"[{_q(d.id)}, {'null' if d.text is None else _q(d.text)}, [{body}], [{rbody}]]"


def _digest(blobs: Iterable) -> str:
    """The fingerprint of sorted items given as byte blobs (``bytes`` or buffers) whose
    concatenation is every item followed by ``"\\n"``, in order."""
    h = hashlib.sha256()
    for blob in blobs:
        h.update(blob)
    return h.hexdigest()[:16]


def fingerprint(docs: Iterable["Document"]) -> str:
    """A content hash of documents (ids, texts, spans, relations; order-free):
    the ``gold`` part of every score signature.

    >>> from hoinghi.document import Document, Span
    >>> a = Document("a", "xy", (Span(0, 1, "A", "s0"),))
    >>> b = Document("b", "z")
    >>> fingerprint([a, b]) == fingerprint([b, a])
    True
    """
    items = [_item(d) + "\n" for d in docs]
    items.sort()  # "\n" after each item keeps their order: no item is a prefix of another (each is a whole JSON array)
    return _digest(["".join(items).encode("utf-8")])


class FingerprintColumns:
    """:func:`fingerprint` of documents given batch by batch, as columns.

    ``hexdigest()`` equals ``fingerprint(every document added)``, whatever the order of
    the batches and of the documents in them. :meth:`add_batch` takes documents without
    relations as columns (the common gold batch); :meth:`add_documents` takes any
    documents as objects (relations, repeated spans).

    **Memory.** In general items cannot be hashed as they arrive (the digest needs them in
    sorted order across all batches, and item order is not id order: ``["a!"`` sorts
    before ``["a"``), so each batch's items are kept as one Arrow string array until
    :meth:`hexdigest`: about the size of the documents' JSON (the texts dominate),
    plus about 40 bytes per document while hashing (the sort order and its runs; the
    items are hashed in place, not copied into order). With ``streaming=True`` each batch
    is hashed at once and nothing is kept, as long as every batch sorts after the ones
    before (a gold file in id order, the usual case); a batch that does not raises
    :class:`OutOfOrder`, and the caller computes the fingerprint another way.

    >>> from hoinghi.document import Document, Span
    >>> from hoinghi.eval.columns import SpanColumns
    >>> fc = FingerprintColumns()
    >>> fc.add_batch(["b", "a"], ["z", "xy"], SpanColumns.from_keys([(1, (0, 1, 0))]), ["A"])
    >>> fc.hexdigest() == fingerprint([Document("a", "xy", (Span(0, 1, "A"),)), Document("b", "z")])
    True
    """

    def __init__(self, *, streaming: bool = False) -> None:
        self._chunks: list = []  # pyarrow large_string arrays of items, each followed by "\n"
        self._streaming = streaming
        self._hash = hashlib.sha256()
        self._last: bytes | None = None  # the greatest item hashed so far (streaming)

    def add_batch(self, ids: Sequence[str], texts: Sequence[str | None], spans: "SpanColumns",
                  labels: Sequence[str]) -> None:
        """Documents ``ids[i]`` with text ``texts[i]`` (``None``: no text) and the spans
        of ``spans`` whose ``doc`` is ``i`` (``spans.label`` indexes ``labels``); no
        relations. ``ids`` and ``texts`` may be Python sequences or Arrow string arrays.

        ``spans`` must be sorted by ``(doc, start, end)`` (as :class:`SpanColumns` are;
        ties in any label order) and hold every span of the documents exactly once:
        columns that collapsed repeated spans (``spans.repeats > 0``) are refused, since
        the fingerprint counts repeats (pass such documents to :meth:`add_documents`).
        Validated gold has none: two identical spans overlap, which
        :func:`~hoinghi.document.validate_document` refuses for gold. Raises
        ``ValueError`` on columns that break these rules.
        """
        _check_batch(len(ids), len(texts), spans, len(labels))
        if not len(ids):
            return
        ids, texts = _strings(ids), _strings(texts)
        if ids.null_count:
            raise ValueError("a document id is None")
        self._add(_items(ids, texts, _span_bodies(spans, labels, len(ids))))

    def add_documents(self, docs: Iterable["Document"]) -> None:
        """Any documents, as objects (:func:`fingerprint`'s own item per document)."""
        items = [_item(d) + "\n" for d in docs]
        if items:
            self._add(string_array(items, large=True))

    def _add(self, items) -> None:
        """Keep a batch's items, or with ``streaming`` hash them now: allowed while every
        batch's items all sort after every item hashed before (gold in id order), else
        :class:`OutOfOrder` (the caller computes the fingerprint another way)."""
        if not self._streaming:
            self._chunks.append(items)
            return
        _, pc = _arrow()
        order = to_numpy(pc.sort_indices(items)).astype(np.int64)
        first, last = (bytes(items[int(i)].as_buffer()) for i in (order[0], order[-1]))
        if self._last is not None and first <= self._last:
            raise OutOfOrder("gold documents out of order for a streamed fingerprint")
        for blob in _sorted_bytes([items], order):
            self._hash.update(blob)
        self._last = last

    def hexdigest(self) -> str:
        """The fingerprint of every document added so far (more may be added after)."""
        pa, pc = _arrow()
        if self._streaming:
            return self._hash.hexdigest()[:16]
        if not self._chunks:
            return _digest([])
        items = pa.chunked_array(self._chunks, pa.large_string())
        order = to_numpy(pc.sort_indices(items)).astype(np.int64)  # UTF-8 byte order = str order
        return _digest(_sorted_bytes(self._chunks, order))


class OutOfOrder(ValueError):
    """A streaming :class:`FingerprintColumns` got a batch that sorts before what it hashed."""


def _arrow():
    """``(pyarrow, pyarrow.compute)``, imported on first use: :func:`fingerprint` (and so
    every import of :mod:`hoinghi.document`) does without them."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa, pc


def _strings(values) -> "pa.Array":
    """A ``large_string`` array of a Python sequence or an Arrow string array."""
    pa, _ = _arrow()
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values.cast(pa.large_string())
    return string_array(values, large=True)


def _s(text: str) -> "pa.Scalar":
    """A ``large_string`` scalar (the compute kernels want one string type throughout)."""
    return string_scalar(text, large=True)


def _check_batch(n_ids: int, n_texts: int, spans: "SpanColumns", n_labels: int) -> None:
    """Raise ``ValueError`` unless the batch's columns fit together (see ``add_batch``)."""
    if n_texts != n_ids:
        raise ValueError(f"{n_ids} ids but {n_texts} texts")
    if spans.repeats:
        raise ValueError(f"the span columns collapsed {spans.repeats} repeated spans, which the fingerprint "
                         "counts: pass these documents to add_documents")
    if not len(spans):
        return
    doc, start, end, label = spans.doc, spans.start, spans.end, spans.label
    if doc[0] < 0 or doc[-1] >= n_ids or label.min() < 0 or label.max() >= n_labels:
        raise ValueError(f"span columns name a document outside 0..{n_ids - 1} or a label outside 0..{n_labels - 1}")
    step = np.diff(doc)
    same_doc = step == 0
    same_start = same_doc & (np.diff(start) == 0)
    if (step < 0).any() or (same_doc & (np.diff(start) < 0)).any() or (same_start & (np.diff(end) < 0)).any():
        raise ValueError("span columns must be sorted by (doc, start, end)")


def _string_order(spans: "SpanColumns", labels: Sequence[str]) -> np.ndarray:
    """Positions of ``spans`` in :func:`fingerprint`'s order, ``(doc, start, end, label
    name)``: the columns are sorted by label *index*, so only runs of spans with the same
    ``(doc, start, end)`` (different labels on one range) are re-sorted, by name."""
    order = np.arange(len(spans))
    if len(spans) < 2:
        return order
    same = (np.diff(spans.doc) == 0) & (np.diff(spans.start) == 0) & (np.diff(spans.end) == 0)
    if not same.any():
        return order
    tied = np.zeros(len(spans), dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    run = np.concatenate([[0], np.cumsum(~same)])  # run id of each span
    rank = np.empty(len(labels), dtype=np.int64)
    rank[sorted(range(len(labels)), key=labels.__getitem__)] = np.arange(len(labels))
    idx = np.flatnonzero(tied)
    order[idx] = idx[np.lexsort((rank[spans.label[idx]], run[idx]))]
    return order


def _span_bodies(spans: "SpanColumns", labels: Sequence[str], n_docs: int) -> "pa.Array":
    """Per document ``i`` of the batch, its spans' ``[start, end, "label"]`` joined by
    ``", "`` in :func:`fingerprint`'s order (``""`` for a document without spans).

    Arrow kernels build one ``start, end, "label"]`` string per span and join a
    document's with ``", ["``; the opening ``[`` of its first span is added per document."""
    pa, pc = _arrow()
    order = _string_order(spans, labels)
    starts = pc.cast(from_numpy(spans.start[order]), pa.large_string())
    ends = pc.cast(from_numpy(spans.end[order]), pa.large_string())
    closed = string_array([_q(label) + "]" for label in labels], large=True).take(from_numpy(spans.label[order]))
    one = pc.binary_join_element_wise(starts, ends, closed, _s(", "))
    bounds = np.searchsorted(spans.doc, np.arange(n_docs + 1, dtype=np.int64))
    joined = pc.binary_join(pa.LargeListArray.from_arrays(from_numpy(bounds), one), _s(", ["))
    opening = pc.if_else(from_numpy(bounds[1:] > bounds[:-1]), _s("["), _s(""))
    return pc.binary_join_element_wise(opening, joined, _s(""))


def _items(ids: "pa.Array", texts: "pa.Array", bodies: "pa.Array") -> "pa.Array":
    """The batch's items, each followed by ``"\\n"``. An id or text without a quote,
    backslash or control character is its own JSON text between quotes, so most items are
    joined from the columns as they are; the rows with one to escape, or without a text
    (``null``), are joined again from values quoted by :func:`_q` (one Python call per
    such row only)."""
    pa, pc = _arrow()
    items = pc.binary_join_element_wise(_s('["'), ids, _s('", "'), texts, _s('", ['), bodies, _s("], []]\n"), _s(""))
    careful = _needs_escape(ids) | _needs_escape(texts)
    careful |= to_numpy(texts.is_null())
    if not careful.any():
        return items
    mask = from_numpy(careful)
    qid = string_array([_q(v) for v in ids.filter(mask).to_pylist()], large=True)
    qtext = string_array(["null" if v is None else _q(v) for v in texts.filter(mask).to_pylist()], large=True)
    again = pc.binary_join_element_wise(_s("["), qid, _s(", "), qtext, _s(", ["), bodies.filter(mask),
                                        _s("], []]\n"), _s(""))
    return pc.replace_with_mask(items, mask, again)


def _needs_escape(values: "pa.Array") -> np.ndarray:
    """Per string of a ``large_string`` array, whether json's encoder escapes any of its
    characters (a control character, ``"`` or ``\\``): a byte test on the UTF-8 value
    buffer finds them, since every byte of a multi-byte UTF-8 character is 0x80 or more."""
    data, offsets = _values(values)
    raw = np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]]
    bad = raw < 0x20
    bad |= raw == 0x22
    bad |= raw == 0x5C
    out = np.zeros(len(values), dtype=bool)
    out[np.searchsorted(offsets - offsets[0], np.flatnonzero(bad), side="right") - 1] = True
    return out


def _sorted_bytes(chunks: list, order: np.ndarray) -> Iterator[memoryview]:
    """The bytes of the items in ``order`` (indices into the chunks laid end to end),
    read from the chunks' value buffers without a copy: one slice per run of items that
    are neighbours in one chunk (one slice per batch when batches arrive sorted)."""
    sizes = np.array([len(c) for c in chunks], dtype=np.int64)
    first = np.concatenate([[0], np.cumsum(sizes)])  # first item of each chunk
    which = np.searchsorted(first, order, side="right") - 1
    new_run = np.ones(len(order), dtype=bool)
    new_run[1:] = (np.diff(order) != 1) | (np.diff(which) != 0)
    lo = np.flatnonzero(new_run)
    hi = np.append(lo[1:], len(order)) - 1  # last item of each run
    views, offsets = zip(*[_values(c) for c in chunks])
    for c, a, b in zip(which[lo].tolist(), (order[lo] - first[which[lo]]).tolist(),
                       (order[hi] - first[which[lo]]).tolist()):
        yield views[c][offsets[c][a]:offsets[c][b + 1]]


def _values(chunk) -> tuple[memoryview, np.ndarray]:
    """A ``large_string`` array's value bytes and its ``len + 1`` offsets into them."""
    _, offsets, data = chunk.buffers()
    offsets = np.frombuffer(offsets, dtype=np.int64)[chunk.offset:chunk.offset + len(chunk) + 1]
    return memoryview(b"" if data is None else data), offsets
