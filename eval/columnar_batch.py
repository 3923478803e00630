"""One chunk of gold documents, checked, joined with its predictions and counted from
columns (:mod:`hoinghi.eval.columnar_scoring` runs it chunk after chunk).

Checks, the object path's as array operations (anything off raises
:class:`~hoinghi.eval.columnar_load.NotColumnar`, and the object path reports it):
gold texts NFC; gold and predicted spans inside the gold text; a span's own ``text`` equal
to the text it points at; gold spans of one schema not overlapping; a prediction's
``text``, when given, equal to the gold text.

Documents with relations on either side are counted by the object path
(:func:`~hoinghi.eval.scoring.count_pairs`) and their rows put in place; the columns then
hold the other documents only.
"""
from __future__ import annotations

__all__ = ["Batch", "PredictionColumns", "read_predictions", "join_batch", "count_batch"]

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..arrow_bridge import from_numpy, to_numpy
from ..document import Document, Span, validate_document
from ..errors import InputError, Location
from .columnar_load import Chunk, NotColumnar, read_chunks
from .columns import LabelIndex, SpanColumns, TextCutter, match_positions, overlaps_before, ranges
from .metrics import bio, records, relations, semeval
from .metrics import span as span_metric
from .metrics import values
from .predictions import check_prediction


@dataclass
class PredictionColumns:
    """Every row of a prediction file: ids, its chunks, and the span columns of all rows
    in row order (``bounds[r]:bounds[r + 1]`` are row ``r``'s spans)."""

    ids: list[str]
    row_of: dict[str, int]
    chunks: list[Chunk]
    chunk_rows: np.ndarray     # first row of each chunk
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    bounds: np.ndarray
    texts: object              # Arrow chunked strings (null where a row has no text)
    span_text: object          # Arrow chunked strings (null where a span has no text)
    object_rows: set[int] = field(default_factory=set)
    has_texts: bool = False
    has_span_text: bool = False
    sha256: str = ""           # of the whole file (read once)

    def chunk_of(self, row: int) -> tuple[Chunk, int]:
        k = int(np.searchsorted(self.chunk_rows, row, side="right")) - 1
        return self.chunks[k], row - int(self.chunk_rows[k])


def read_predictions(path: str | Path, index: LabelIndex) -> PredictionColumns:
    """All rows of a prediction file as columns (see :mod:`hoinghi.eval.columnar_load`)."""
    import pyarrow as pa

    reader = read_chunks(path, index, gold=False)
    try:
        chunks = list(reader)
    finally:
        reader.close()
    if not chunks:
        raise NotColumnar("no predictions")
    firsts = np.cumsum([0] + [c.n_rows for c in chunks])
    ids = [i for c in chunks for i in c.ids]
    row_of = {k: i for i, k in enumerate(ids)}
    if len(row_of) != len(ids):
        raise NotColumnar("a repeated prediction id")
    span_row = np.concatenate([c.row + f for c, f in zip(chunks, firsts)])
    texts = [c.texts if c.texts is not None else pa.nulls(c.n_rows, pa.string()) for c in chunks]
    span_texts = [c.span_text if c.span_text is not None else pa.nulls(len(c.row), pa.string()) for c in chunks]
    columns = [np.concatenate([getattr(c, a) for c in chunks]) for a in ("start", "end", "label")]
    has_texts = any(c.texts is not None and c.texts.null_count < c.n_rows for c in chunks)
    has_span_text = any(c.span_text is not None and c.span_text.null_count < len(c.span_text) for c in chunks)
    for c in chunks:  # the concatenated columns are kept; a chunk keeps what the object path may read
        c.row = c.start = c.end = c.label = c.span_text = None
        if not len(c.object_rows) and (c.texts is None or c.texts.null_count == c.n_rows):
            c.table = None
    return PredictionColumns(
        ids, row_of, chunks, firsts[:-1], *columns,
        np.searchsorted(span_row, np.arange(len(ids) + 1)), pa.chunked_array(texts, pa.string()),
        pa.chunked_array(span_texts, pa.string()),
        {int(r + f) for c, f in zip(chunks, firsts) for r in c.object_rows.tolist()}, has_texts, has_span_text,
        reader.sha256.hexdigest())


@dataclass
class Batch:
    """A gold chunk joined with its predictions: Python texts (or None), the text cutter, both
    sides' span columns (documents counted by the object path left out), for each
    predicted span the index of the identical gold span (-1: none), each document's
    prediction row (-1: none) and the object path's document pairs by position."""

    chunk: Chunk
    texts: list[str] | None
    cutter: TextCutter
    gold: SpanColumns
    pred: SpanColumns
    hit: np.ndarray
    pred_rows: np.ndarray
    objects: dict[int, tuple[Document, Document]]


def join_batch(chunk: Chunk, preds: PredictionColumns, index: LabelIndex, schemas) -> Batch:
    """Check a gold chunk, join its predictions (checked against the gold text) and set
    the documents with relations aside for the object path."""
    texts = chunk.text_list  # made by the reader when a view needs them (else None)
    cutter = TextCutter(chunk.texts)
    _check_spans(cutter, chunk.row, chunk.start, chunk.end, chunk.span_text)
    gold = SpanColumns.sorted_unique(chunk.row, chunk.start, chunk.end, chunk.label)
    _check_gold_overlaps(gold, index)
    rows = np.fromiter((preds.row_of.get(i, -1) for i in chunk.ids), dtype=np.int64, count=chunk.n_rows)
    doc, idx = _gather(preds, rows)
    start, end, label = preds.start[idx], preds.end[idx], preds.label[idx]
    _check_spans(cutter, doc, start, end, preds.span_text.take(from_numpy(idx)) if preds.has_span_text else None)
    _check_pred_texts(chunk, preds, rows)
    objects = sorted(set(chunk.object_rows.tolist()) | {d for d in np.flatnonzero(rows >= 0).tolist()
                                                         if int(rows[d]) in preds.object_rows})
    if objects:  # their spans (and repeats) are the object path's
        gold = gold.take(~np.isin(gold.doc, objects))
        keep = ~np.isin(doc, objects)
        doc, start, end, label = doc[keep], start[keep], end[keep], label[keep]
    pred = SpanColumns.sorted_unique(doc, start, end, label)
    pairs = {d: _object_pair(chunk, preds, d, int(rows[d]), index, schemas) for d in objects}
    return Batch(chunk, texts, cutter, gold, pred, match_positions(pred, gold), rows, pairs)


def _gather(preds: PredictionColumns, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The batch position and the prediction span index of every span of the rows."""
    have = np.flatnonzero(rows >= 0)
    lo, hi = preds.bounds[rows[have]], preds.bounds[rows[have] + 1]
    idx, _ = ranges(lo, hi - lo)
    return np.repeat(have, hi - lo), idx


def _check_spans(cutter: TextCutter, doc, start, end, own_text) -> None:
    """Spans inside their gold text; a span's own text equal to the text it points at."""
    if len(doc) and (end > cutter.lengths[doc]).any():
        raise NotColumnar("offsets out of range")
    if own_text is None or own_text.null_count == len(own_text):
        return
    import pyarrow.compute as pc

    if own_text.null_count:  # only the spans that give a text
        given = np.flatnonzero(to_numpy(own_text.is_valid()))
        doc, start, end, own_text = doc[given], start[given], end[given], own_text.take(from_numpy(given))
    if not pc.all(pc.equal(cutter.strings(doc, start, end), own_text)).as_py():
        raise NotColumnar("a span text that differs from the text")


def _check_gold_overlaps(gold: SpanColumns, index: LabelIndex) -> None:
    """No two gold spans of one schema overlap (the object path's rule, in (start, end)
    order): within each document and schema every span starts at or after the largest
    end before it. Identical gold spans overlap too. When no two gold spans of a document
    overlap at all (the usual case) there is nothing to sort by schema."""
    if gold.repeats:
        raise NotColumnar("repeated gold spans")
    if len(gold) < 2 or not overlaps_before(gold.doc, gold.start, gold.end).any():
        return
    schema = index.schema_of[gold.label]
    order = np.argsort(schema, kind="stable")  # by schema, then (doc, start, end) as given
    group = schema[order] * (int(gold.doc[-1]) + 1) + gold.doc[order]
    if overlaps_before(group, gold.start[order], gold.end[order]).any():
        raise NotColumnar("overlapping gold spans")


def _check_pred_texts(chunk: Chunk, preds: PredictionColumns, rows: np.ndarray) -> None:
    import pyarrow.compute as pc

    if not preds.has_texts:
        return
    have = np.flatnonzero(rows >= 0)
    given = preds.texts.take(from_numpy(rows[have]))
    if given.null_count == len(given):
        return
    valid = np.flatnonzero(to_numpy(given.is_valid()))
    if not pc.all(pc.equal(given.take(from_numpy(valid)), chunk.texts.take(from_numpy(have[valid])))).as_py():
        raise NotColumnar("a prediction text that differs from the gold text")


def _object_pair(chunk: Chunk, preds: PredictionColumns, d: int, row: int, index: LabelIndex, schemas
                 ) -> tuple[Document, Document]:
    """Document ``d`` and its prediction read and checked the object way (relations)."""
    labels = schemas.label_to_schema()
    try:
        where = Location(chunk.path, chunk.first_line + d)
        gold = Document.from_json(chunk.row_json(d), where)
        validate_document(gold, where, labels=labels, gold=True, relation_ok=schemas.allows_relation)
        if row < 0:
            return gold, Document(gold.id, None)
        pchunk, r = preds.chunk_of(row)
        if pchunk.table is None:  # no relations, no text: checked as columns already
            lo, hi = preds.bounds[row], preds.bounds[row + 1]
            spans = tuple(Span(s, e, index.labels[lab]) for s, e, lab in
                          zip(preds.start[lo:hi].tolist(), preds.end[lo:hi].tolist(), preds.label[lo:hi].tolist()))
            return gold, Document(gold.id, gold.text, spans)
        pred = check_prediction(pchunk.row_json(r), gold, Location(pchunk.path, pchunk.first_line + r), schemas=schemas)
    except InputError as exc:
        raise NotColumnar(str(exc)) from None
    return gold, pred


# -- counting --------------------------------------------------------------------------------
@dataclass
class BatchCounts:
    """One batch's counts: per view ``(n_docs, n_keys, 3)``, lost spans, SemEval tally per
    schema (``(n_schemas, n_kinds)``), duplicates."""

    views: dict[str, np.ndarray]
    lost: dict[str, tuple[int, int]]
    semeval: np.ndarray | None
    duplicates: int


def count_batch(batch: Batch, chosen, schemas, index: LabelIndex, breakdown: bool) -> BatchCounts:
    """Every chosen view of a batch from columns; a view this scorer has no columnar
    count for raises :class:`NotColumnar`."""
    n, g, p = batch.chunk.n_rows, batch.gold, batch.pred
    span = span_metric.strict_columns(g, p, n, len(index.labels), batch.hit >= 0)
    views, lost = {"span": span}, {}
    for v in chosen[1:]:
        if v.name == "values":
            views[v.name] = values.count_columns(batch.cutter, g, p, index, batch.hit)
        elif v.name == "relations":
            views[v.name] = np.zeros((n, len(relations.fields(schemas)), 3), dtype=np.int64)
        elif v.name == "records":
            views[v.name] = _anchor_counts(span, schemas, index)
        elif v.name == "bio":
            b = bio.count_columns(batch.texts if batch.texts is not None else batch.chunk.texts.to_pylist(), g, p, index)
            views[v.name], lost[v.name] = b.counts, (b.lost_gold, b.lost_pred)
        else:
            raise NotColumnar(f"no columnar count for view {v.name}")
    tally = semeval.tally_columns(g, p, index, n) if breakdown else None
    return BatchCounts(views, lost, tally, p.repeats)


def _anchor_counts(span: np.ndarray, schemas, index: LabelIndex) -> np.ndarray:
    """Records of documents without relations: every anchor span is a record with no
    parts, so a record matches exactly when its anchor span does (strict span counts of
    the anchor labels)."""
    by_name = {r.name: r for r in records.RECORD_TYPES}
    cols = [index.label_id(by_name[name].anchor) for _, name in records.fields(schemas)]
    return span[:, cols, :].copy()
