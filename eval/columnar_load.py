"""Gold and prediction JSONL read as Arrow columns, for the columnar scorer.

The object path (:func:`hoinghi.document.iter_documents`, :func:`~hoinghi.eval.predictions.read_prediction_file`)
builds a :class:`~hoinghi.document.Span` per span and checks each one in Python. This
module reads the same files with ``pyarrow.json`` (C++) :data:`CHUNK_BYTES` at
a time and checks the same contract with array operations. It is an accelerator, not a
second reader: whenever it cannot vouch for a file exactly as the object path would
judge it, it raises :class:`NotColumnar` and the caller reads the file the object way,
which accepts it or names the file, line, document and field that is wrong. It gives up on:

* anything Arrow refuses or reads differently from ``json`` (a line holding two objects,
  NaN, a float where an integer belongs, a duplicate key, an unknown key or type);
* a blank line (line numbers would drift), a byte-order mark, a long line nested deeper
  than orjson takes (1,024 levels; see :class:`ChunkReader` for why depth matters);
* any value the contract refuses: a missing or empty id or label, a ``null`` list,
  offsets outside ``0 <= start < end <= len(text)``, a label no schema has, a span text
  that differs from the text it points at, overlapping gold spans of one schema, repeated
  or mixed span ids, a score outside [0, 1], a text that is not NFC, a repeated document id.

Documents with relations are not counted from columns: :attr:`Chunk.object_rows` lists
them, and :meth:`Chunk.row_json` gives such a row back as a JSON object for the object
path (an absent key reads as ``null``, which the object path treats alike; a ``null``
span list, which it would refuse, has made the chunk :class:`NotColumnar` already).
"""
from __future__ import annotations

__all__ = ["NotColumnar", "Chunk", "ChunkReader", "read_chunks", "DOC_KEYS", "CHUNK_BYTES"]

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from ..arrow_bridge import from_numpy, to_numpy
from .columnar_blocks import line_blocks, parse_block
from .columnar_nfc import check_nfc_columns
from .columns import LabelIndex, NotColumnar
from .handoff import Handoff

DOC_KEYS = {"id", "text", "spans", "relations", "meta"}
_SPAN_KEYS = {"start", "end", "label", "id", "text", "score"}
CHUNK_BYTES = 8 << 20   # JSON read per chunk: bounds the working memory of a batch


@dataclass
class Chunk:
    """Consecutive lines of a JSONL file as Arrow columns, checked.

    ``first_line``: the 1-based line number of row 0. ``spans``: the flat span arrays
    (``row``, ``start``, ``end``, ``label`` index) in file order; ``span_text``: the spans'
    own ``text`` where given (an Arrow array with nulls) or None. ``object_rows``: rows
    with relations (for the object path, :meth:`row_json`). ``n_bytes``: the chunk's size."""

    path: str
    first_line: int
    ids: list[str]
    texts: object               # pyarrow StringArray, or None (predictions without text)
    row: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    span_text: object = None
    object_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    table: object = None
    n_bytes: int = 0
    text_list: list | None = None  # gold: the texts as Python strings, when asked for (made in the reader thread)

    @property
    def n_rows(self) -> int:
        return len(self.ids)

    def row_json(self, r: int) -> dict:
        """Row ``r`` as the JSON object the object path reads (see the module doc)."""
        return self.table.slice(r, 1).to_pylist()[0]


class ChunkReader:
    """The file as checked :class:`Chunk` s of about ``chunk_bytes`` each, read and parsed
    ahead in a thread of its own (Arrow releases the interpreter while it parses, with
    its own threads, so the next chunk is parsed while the caller counts this one).
    Arrow's JSON parser recurses (on its threads' 8 MB stacks it overflows at about
    10,000 nesting levels) and takes time quadratic in the depth (10,000 levels: 9 s), so
    long lines with many brackets are screened first (:mod:`~hoinghi.eval.columnar_blocks`):
    Arrow never sees more than about 2,000 levels. Iterating raises :class:`NotColumnar`
    (see the module doc) when the object path must read the file; :meth:`close` stops
    the thread and waits for it.
    """

    def __init__(self, path: str | Path, index: LabelIndex, *, gold: bool, chunk_bytes: int | None = None,
                 python_texts: bool = False):
        import pyarrow  # noqa: F401  (ImportError here, before a thread starts)

        self._chunks = Handoff()
        self.sha256 = hashlib.sha256()  # of every byte read: the whole file once iterated to the end
        args = (Path(path), index, gold, chunk_bytes or CHUNK_BYTES, python_texts)
        self._thread = threading.Thread(target=self._work, args=args, daemon=True, name="hoinghi-reader")
        self._thread.start()

    def _work(self, path: Path, index: LabelIndex, gold: bool, chunk_bytes: int, python_texts: bool) -> None:
        # the next block is parsed (Arrow's threads) while this one is checked (this
        # thread): the two take turns on the CPUs instead of waiting for each other
        parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hoinghi-parse")

        try:
            line, pending = 1, None
            for body, n_lines, longest in line_blocks(path, chunk_bytes, self.sha256 if not gold else None):
                parsing = (parser.submit(parse_block, body, n_lines, longest), body, n_lines)
                if pending is not None and not self._chunks.put(_checked_chunk(path, line, pending, index, gold,
                                                                               python_texts)):
                    return
                line += pending[2] if pending is not None else 0
                pending = parsing
            if pending is not None and not self._chunks.put(_checked_chunk(path, line, pending, index, gold,
                                                                           python_texts)):
                return
            self._chunks.done()
        except BaseException as exc:  # handed to the reading thread, raised there
            self._chunks.fail(exc)
        finally:
            parser.shutdown(wait=True, cancel_futures=True)  # no thread left inside Arrow

    def __iter__(self) -> Iterator[Chunk]:
        try:
            yield from self._chunks
        finally:
            self.close()

    def close(self) -> None:
        """Stop reading and wait for the thread (it finishes the chunk it is parsing: a
        thread still inside Arrow when the interpreter exits would crash it)."""
        self._chunks.stop()
        self._thread.join()


def _checked_chunk(path: Path, line: int, parsing, index: LabelIndex, gold: bool, python_texts: bool) -> Chunk:
    """The :class:`Chunk` of a block once Arrow has parsed it (``parsing``: the parse's
    future, the block, its number of lines), checked."""
    future, body, _ = parsing
    table = future.result()
    try:
        return _chunk(str(path), line, body, table, index, gold, python_texts)
    except NotColumnar:
        raise
    except Exception as exc:  # a shape Arrow read that the checks did not foresee
        raise NotColumnar(f"unforeseen shape: {type(exc).__name__}: {exc}") from None


def read_chunks(path: str | Path, index: LabelIndex, *, gold: bool, chunk_bytes: int | None = None,
                python_texts: bool = False) -> ChunkReader:
    """:class:`ChunkReader` over ``path`` (its thread starts now); with ``python_texts``
    each gold chunk also has its texts as Python strings (:attr:`Chunk.text_list`)."""
    return ChunkReader(path, index, gold=gold, chunk_bytes=chunk_bytes, python_texts=python_texts)


# -- one chunk ---------------------------------------------------------------------------
def _chunk(path: str, first_line: int, body: bytes, table, index: LabelIndex, gold: bool,
           python_texts: bool = False) -> Chunk:
    import pyarrow as pa

    names = set(table.column_names)
    if not names <= DOC_KEYS or "id" not in names:
        raise NotColumnar("keys")
    ids = _strings(table.column("id"), "id")
    if any(not i for i in ids):
        raise NotColumnar("empty id")
    texts = None
    if "text" in names and not (not gold and pa.types.is_null(table.column("text").type)):
        texts = table.column("text").combine_chunks()
        if not pa.types.is_string(texts.type) or (gold and texts.null_count):
            raise NotColumnar("text")
    elif gold:
        raise NotColumnar("no text")
    _check_meta(table, names)
    row, start, end, label, span_text, span_id, score = _spans(table, names, len(ids), index)
    _check_span_ids(row, span_id)
    if score is not None and not _in_unit(score):
        raise NotColumnar("score")
    object_rows = _relation_rows(table, names)
    chunk = Chunk(path, first_line, ids, texts, row, start, end, label, span_text, object_rows, table, len(body) + 1)
    if gold:  # work done here overlaps the counting of the chunk before
        check_nfc_columns(texts)
        if python_texts:
            chunk.text_list = texts.to_pylist()
    return chunk


def _strings(column, what: str) -> list[str]:
    import pyarrow as pa

    if not pa.types.is_string(column.type) or column.null_count:
        raise NotColumnar(what)
    return column.to_pylist()


def _check_meta(table, names) -> None:
    import pyarrow as pa

    if "meta" in names:
        t = table.column("meta").type
        if not (pa.types.is_struct(t) or pa.types.is_null(t)):
            raise NotColumnar("meta")


def _spans(table, names, n_rows: int, index: LabelIndex):
    """Flat span columns of a table: row, start, end, label index, text, id, score."""
    import pyarrow as pa
    import pyarrow.compute as pc

    empty = np.zeros(0, dtype=np.int64)
    if "spans" not in names:
        raise NotColumnar("no spans")  # an absent list reads as null: the object path decides
    spans = table.column("spans").combine_chunks()
    if spans.null_count:
        raise NotColumnar("null spans")
    if pa.types.is_list(spans.type) and pa.types.is_null(spans.type.value_type):
        if len(spans.flatten()):
            raise NotColumnar("null span")
        return empty, empty, empty, empty, None, None, None
    if not (pa.types.is_list(spans.type) and pa.types.is_struct(spans.type.value_type)):
        raise NotColumnar("spans type")
    flat = spans.flatten()
    fields = {flat.type.field(i).name for i in range(flat.type.num_fields)}
    if flat.null_count or not fields <= _SPAN_KEYS or not {"start", "end", "label"} <= fields:
        raise NotColumnar("span keys")
    row = to_numpy(spans.value_parent_indices()).astype(np.int64, copy=False)
    start, end = (_ints(flat.field(k)) for k in ("start", "end"))
    label = _label_ids(flat.field("label"), index)
    if len(start) and (start.min() < 0 or (end <= start).any()):
        raise NotColumnar("offsets")
    text = flat.field("text") if "text" in fields else None
    if text is not None and not (pa.types.is_string(text.type) or pa.types.is_null(text.type)):
        raise NotColumnar("span text type")
    span_id = flat.field("id") if "id" in fields else None
    score = flat.field("score") if "score" in fields else None
    if text is not None and pa.types.is_null(text.type):
        text = None
    return row, start, end, label, text, span_id, score


def _ints(arr) -> np.ndarray:
    import pyarrow as pa

    if not pa.types.is_int64(arr.type) or arr.null_count:
        raise NotColumnar("offset type")
    return to_numpy(arr)


def _label_ids(arr, index: LabelIndex) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(arr.type) or arr.null_count:
        raise NotColumnar("label type")
    enc = pc.dictionary_encode(arr)
    known = {label: i for i, label in enumerate(index.labels)}
    words = enc.dictionary.to_pylist()
    if any(w not in known for w in words):
        raise NotColumnar("unknown label")
    lookup = np.array([known[w] for w in words] or [0], dtype=np.int64)
    return lookup[to_numpy(enc.indices)]


def _check_span_ids(row: np.ndarray, span_id) -> None:
    """Span ids: within a document all given (non-empty, unique) or none given (a
    document mixing the two could collide with the default ids ``s0``, ``s1``, ...)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if span_id is None or pa.types.is_null(span_id.type) or span_id.null_count == len(span_id):
        return
    if not pa.types.is_string(span_id.type):
        raise NotColumnar("span ids")
    given = to_numpy(span_id.is_valid())
    if span_id.null_count and np.intersect1d(row[given], row[~given]).size:
        raise NotColumnar("a document with and without span ids")
    enc = pc.dictionary_encode(span_id.filter(from_numpy(given)))
    if "" in enc.dictionary.to_pylist():
        raise NotColumnar("empty span id")
    key = row[given] * len(enc.dictionary) + to_numpy(enc.indices)
    if len(np.unique(key)) != len(key):
        raise NotColumnar("repeated span id")


def _in_unit(score) -> bool:
    import pyarrow as pa

    if pa.types.is_null(score.type):
        return True
    if not (pa.types.is_floating(score.type) or pa.types.is_integer(score.type)):
        return False
    values = to_numpy(score.drop_null()).astype(np.float64)
    return bool(((values >= 0.0) & (values <= 1.0)).all())  # NaN fails both


def _relation_rows(table, names) -> np.ndarray:
    import pyarrow as pa

    if "relations" not in names or pa.types.is_null(table.column("relations").type):
        return np.zeros(0, dtype=np.int64)
    rel = table.column("relations").combine_chunks()
    if not pa.types.is_list(rel.type):
        raise NotColumnar("relations type")
    lengths = np.diff(to_numpy(rel.offsets)) * to_numpy(rel.is_valid())  # a null list: no relations
    return np.flatnonzero(lengths > 0).astype(np.int64)
