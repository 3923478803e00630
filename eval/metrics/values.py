"""Document-level view: what a database built from the extractor would hold.

Per document and per field, the **set** of normalised values
(:func:`hoinghi.normalize.normalize_value` of each span's text) is compared as a set:
``tp = |gold ∩ pred|``, ``fp = |pred − gold|``, ``fn = |gold − pred|``. A person named
three times counts once; "50.068 tỷ đồng" and "50068 tỷ đồng" are one value; tone-mark
variants ("uỷ"/"ủy") and NBSP compare equal. Offsets play no part. A predicted span's
text is read from the gold document's text at the predicted offsets (a prediction
may omit ``text``).

>>> from hoinghi.document import Document, Span
>>> text = "Bí thư Quận uỷ Nguyễn An; ông Nguyễn An, Bí thư Quận ủy"
>>> g = Document("d", text, (Span(0, 14, "POSITION"), Span(15, 24, "PERSON"), Span(30, 39, "PERSON")))
>>> p = Document("d", None, (Span(41, 55, "POSITION"), Span(30, 39, "PERSON"), Span(30, 36, "PERSON")))
>>> doc_counts(g, p)
{'PERSON': [1, 1, 0], 'POSITION': [1, 0, 0]}
"""
from __future__ import annotations

__all__ = ["value_sets", "doc_counts", "normalizer_version", "count_columns"]

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from ...arrow_bridge import to_numpy
from ...document import Document
from ..columns import LabelIndex, SpanColumns, TextCutter, match_positions
from ..counts import set_counts
from .span import set_columns


def normalizer_version() -> str:
    """A short content hash of the :mod:`hoinghi.normalize` package, every module of it
    (it has no version number of its own, and a change to any of its modules can move
    document-level scores): part of the signature."""
    from ... import normalize

    return "sha:" + source_hash(Path(normalize.__file__).parent)


def source_hash(folder: Path) -> str:
    """Content hash of the ``*.py`` files under ``folder`` (names and bytes, in name order)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        h.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:10]


_CACHE_SIZE = 1 << 17  # distinct (label, text) pairs kept; a corpus repeats its names and values a lot


@lru_cache(maxsize=1)
def _normalizer():
    """:func:`hoinghi.normalize.normalize_value` behind a bounded cache (it is pure; the
    same names, bodies and values recur across documents, so most calls are repeats).
    Imported on first use: only the values view needs the normalisers."""
    from ...normalize import normalize_value

    return lru_cache(maxsize=_CACHE_SIZE)(normalize_value)


def value_sets(doc: Document, text: str | None = None) -> dict[str, set[str]]:
    """``{label: {normalised value}}`` of one document; spans are read from ``text``
    (default: the document's own text, else each span's ``text``)."""
    normalize_value = _normalizer()
    text = doc.text if text is None else text
    out: dict[str, set[str]] = {}
    for s in doc.spans:
        raw = text[s.start:s.end] if text is not None else (s.text or "")
        found = out.get(s.label)
        if found is None:
            found = out[s.label] = set()
        found.add(normalize_value(s.label, raw))
    return out


def doc_counts(gold: Document, pred: Document) -> dict[str, list[int]]:
    """``{label: [tp, fp, fn]}`` over the sets of normalised values of one document."""
    return set_counts(value_sets(gold), value_sets(pred, gold.text if gold.text is not None else pred.text))


def count_columns(cutter: TextCutter, gold: SpanColumns, pred: SpanColumns, index: LabelIndex,
                  hit: np.ndarray | None = None) -> np.ndarray:
    """:func:`doc_counts` of a batch of documents from columns (:mod:`hoinghi.eval.columns`;
    ``cutter``: the batch's gold texts): ``(n_docs, n_labels, 3)``. Span texts are cut from
    the UTF-8 bytes (a predicted span identical to a gold span, ``hit`` >= 0, shares its
    text), each distinct ``(label, text)`` is normalised once, and the value sets are
    compared as packed integer keys.

    >>> import pyarrow as pa
    >>> from hoinghi.eval.columns import LabelIndex, SpanColumns, TextCutter
    >>> ix = LabelIndex(("PERSON", "POSITION"), ("officials",), np.array([0, 0]))
    >>> cut = TextCutter(pa.array(["Bí thư Quận uỷ Nguyễn An; ông Nguyễn An, Bí thư Quận ủy"]))
    >>> g = SpanColumns.from_keys([(0, (0, 14, 1)), (0, (15, 24, 0)), (0, (30, 39, 0))])
    >>> p = SpanColumns.from_keys([(0, (41, 55, 1)), (0, (30, 39, 0)), (0, (30, 36, 0))])
    >>> count_columns(cut, g, p, ix).tolist()
    [[[1, 1, 0], [1, 0, 0]]]
    """
    n_docs, n_labels = len(cutter.lengths), len(index.labels)
    value = _value_ids(cutter, gold, pred, index, match_positions(pred, gold) if hit is None else hit)
    n_values = max(1, int(value.max(initial=0)) + 1)
    key = (np.concatenate((gold.doc, pred.doc)) * n_labels + np.concatenate((gold.label, pred.label))) * n_values + value
    g_keys, p_keys = np.unique(key[:len(gold)]), np.unique(key[len(gold):])
    found = np.isin(p_keys, g_keys, assume_unique=True)
    return set_columns(g_keys // n_values, p_keys // n_values, found, n_docs * n_labels).reshape(n_docs, n_labels, 3)


def _value_ids(cutter: TextCutter, gold: SpanColumns, pred: SpanColumns, index: LabelIndex, hit: np.ndarray
               ) -> np.ndarray:
    """A normalised-value number for every gold span, then every predicted span."""
    import pyarrow as pa
    import pyarrow.compute as pc

    own = np.flatnonzero(hit < 0)
    cut = pa.concat_arrays([cutter.strings(gold.doc, gold.start, gold.end),
                            cutter.strings(pred.doc[own], pred.start[own], pred.end[own])])
    enc = pc.dictionary_encode(cut)
    words = enc.dictionary.to_pylist()
    text_id = to_numpy(enc.indices).astype(np.int64)
    p_text = np.empty(len(pred), dtype=np.int64)
    p_text[own] = text_id[len(gold):]
    p_text[hit >= 0] = text_id[hit[hit >= 0]]
    labels = np.concatenate((gold.label, pred.label))
    width = max(1, len(words))
    pairs, inverse = np.unique(labels * width + np.concatenate((text_id[:len(gold)], p_text)), return_inverse=True)
    normalize_value, number = _normalizer(), {}
    ids = np.array([number.setdefault(normalize_value(index.labels[p // width], words[p % width]), len(number))
                    for p in pairs.tolist()], dtype=np.int64)
    return ids[inverse.reshape(-1)]
