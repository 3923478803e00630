"""The columnar scorer: a gold JSONL file against a prediction JSONL file, every view
counted with array operations, a chunk of documents at a time.

What ``hoinghi eval --gold FILE -e PREDICTIONS.jsonl`` runs (strict matching, every
field): the same :class:`~hoinghi.eval.results.EvalResult`, number for number, as
:func:`~hoinghi.eval.scoring.evaluate` on the documents read the object way (tested on
the shipped gold sets, on generated corpora and on random documents), in a fraction of
the time and memory, because no Python object is built per span:

1. the prediction file is read into columns (:func:`~hoinghi.eval.columnar_batch.read_predictions`)
   and indexed by document id;
2. the gold file is streamed in chunks of lines (:mod:`hoinghi.eval.columnar_load`); each
   chunk is checked as gold, joined with its predictions and counted
   (:mod:`hoinghi.eval.columnar_batch`): strict spans, values, BIO, the SemEval-2013
   tally; records of documents without relations are their anchors, relations zero;
3. a document with relations on either side is read and counted by the object path
   (:func:`~hoinghi.eval.scoring.count_pairs`), its rows put in place;
4. the counts go through the same :func:`~hoinghi.eval.scoring.finish_result` (tables,
   bootstrap, signature) as the object path's.

Memory: the prediction columns, one gold chunk (8 MB of JSON) at a time, the count
arrays and the gold fingerprint's per-document items (about the size of the gold texts).
Anything the reader cannot vouch for raises :class:`~hoinghi.eval.columnar_load.NotColumnar`
and the caller scores the object way, which also names what is wrong with bad input.
"""
from __future__ import annotations

__all__ = ["ColumnarCounts", "count_columns", "NotColumnar"]

import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..document import Document
from ..fingerprint import FingerprintColumns, OutOfOrder
from ..progress import progress as progress_bar
from .columnar_batch import BatchCounts, count_batch, join_batch, read_predictions
from .columnar_load import NotColumnar, read_chunks
from .columns import LabelIndex, SpanColumns
from .handoff import Handoff
from .outcomes import OUTCOME_KINDS
from .results import ViewResult
from .scoring import count_pairs, semeval_tally


@dataclass
class ColumnarCounts:
    """Everything counted, before tables: the views (as :class:`ViewResult` without
    tables), the SemEval tally, duplicates collapsed, the gold ids in file order and
    fingerprint, the gold documents without a prediction line and the prediction ids
    not in gold (in file order)."""

    views: dict[str, ViewResult]
    semeval: dict
    duplicates: int
    doc_ids: tuple[str, ...]
    fingerprint: str
    missing: list[str]
    unknown: list[str]
    predictions_sha256: str = ""


def count_columns(gold_path: str | Path, pred_path: str | Path, chosen, schemas, *, breakdown: bool = True,
                  progress: bool = False) -> ColumnarCounts:
    """Count every ``chosen`` view (:class:`~hoinghi.eval.registry.View`, ``span``
    first) and, with ``breakdown``, the SemEval tally, of the predictions in ``pred_path``
    against the gold in ``gold_path``. Raises :class:`NotColumnar` when the object path
    must do it."""
    index = LabelIndex.from_schemas(schemas)
    _warm_up(chosen, breakdown)
    gold_chunks = read_chunks(gold_path, index, gold=True,  # starts reading while the predictions are read
                              python_texts=any(v.name == "bio" for v in chosen))
    try:
        counted = _count(gold_chunks, pred_path, gold_path, index, chosen, schemas, breakdown, progress)
    finally:
        gold_chunks.close()
    _release_memory()  # the prediction columns are gone now
    return counted


def _count(gold_chunks, pred_path, gold_path, index, chosen, schemas, breakdown: bool, progress: bool
           ) -> ColumnarCounts:
    preds = read_predictions(pred_path, index)
    _trim_c_heap()
    acc = _Accumulator(chosen, schemas, breakdown)
    try:
        return _count_gold(acc, gold_chunks, preds, gold_path, index, chosen, schemas, breakdown, progress)
    finally:
        acc.fp.stop()


def _count_gold(acc, gold_chunks, preds, gold_path, index, chosen, schemas, breakdown: bool, progress: bool
                ) -> ColumnarCounts:
    matched = np.zeros(len(preds.ids), dtype=bool)
    mb = 2 ** 20
    with progress_bar(total=round(Path(gold_path).stat().st_size / mb, 1), desc="scoring gold", unit="MB",
                      enabled=progress) as bar:
        for chunk in gold_chunks:
            batch = join_batch(chunk, preds, index, schemas)
            matched[batch.pred_rows[batch.pred_rows >= 0]] = True
            acc.add(batch, count_batch(batch, chosen, schemas, index, breakdown))
            bar.update(round(chunk.n_bytes / mb, 1))
    if len(set(acc.doc_ids)) != len(acc.doc_ids):
        raise NotColumnar("a repeated gold id")
    _check_unknown(preds, np.flatnonzero(~matched), schemas)
    unknown = [preds.ids[r] for r in np.flatnonzero(~matched).tolist()]
    counted = acc.result(unknown, gold_path, index)
    counted.predictions_sha256 = preds.sha256
    return counted


class _Accumulator:
    """Batch after batch: count arrays, object-path rows put in place, fingerprint."""

    def __init__(self, chosen, schemas, breakdown: bool):
        self.chosen, self.schemas, self.breakdown = chosen, schemas, breakdown
        self.parts: dict[str, list[np.ndarray]] = {v.name: [] for v in chosen}
        self.lost = {v.name: [0, 0] for v in chosen}
        self.semeval = np.zeros((len(schemas.names), len(OUTCOME_KINDS)), dtype=np.int64)
        self.extra: dict[str, Counter] = {s: Counter() for s in schemas.names}
        self.duplicates = 0
        self.doc_ids: list[str] = []
        self.missing: list[str] = []
        self.fp = _FingerprintWorker(schemas.labels)

    def add(self, batch, counts: BatchCounts) -> None:
        chunk = batch.chunk
        self.doc_ids += chunk.ids
        self.missing += [chunk.ids[d] for d in np.flatnonzero(batch.pred_rows < 0).tolist()]
        self.duplicates += counts.duplicates
        if counts.semeval is not None:
            self.semeval += counts.semeval
        for name, (g, p) in counts.lost.items():
            self.lost[name][0] += g
            self.lost[name][1] += p
        if batch.objects:
            self._add_objects(batch, counts)
        for name, arr in counts.views.items():
            self.parts[name].append(arr)
        self._fingerprint(batch)

    def _add_objects(self, batch, counts: BatchCounts) -> None:
        """The object path's counts of the batch's documents with relations, in place."""
        at = list(batch.objects)
        views, tally, dup = count_pairs([batch.objects[d] for d in at], self.chosen, self.schemas, "strict",
                                        self.breakdown)
        self.duplicates += dup
        for name, v in views.items():
            counts.views[name][at] = v.counts
            self.lost[name][0] += v.lost_gold
            self.lost[name][1] += v.lost_pred
        for schema, kinds in tally.items():
            if schema != "overall":
                self.extra[schema].update(kinds)

    def _fingerprint(self, batch) -> None:
        self.fp.put(batch.chunk.ids, batch.chunk.texts, batch.gold, {d: g for d, (g, _) in batch.objects.items()})

    def result(self, unknown: list[str], gold_path, index: LabelIndex) -> ColumnarCounts:
        from .metrics import span as span_metric

        views = {}
        for v in self.chosen:
            fields = (v.fields if v.name != "span" else span_metric.fields)(self.schemas)
            counts = np.concatenate(self.parts[v.name]) if self.parts[v.name] else np.zeros((0, len(fields), 3), np.int64)
            views[v.name] = ViewResult(v.name, tuple(f for _, f in fields), tuple(s for s, _ in fields), counts,
                                       lost_gold=self.lost[v.name][0], lost_pred=self.lost[v.name][1])
        fp = self.fp.finish() or fingerprint_pass(gold_path, index, self.schemas)
        return ColumnarCounts(views, self._tally(), self.duplicates, tuple(self.doc_ids), fp,
                              self.missing, unknown)

    def _tally(self) -> dict:
        if not self.breakdown:
            return {}
        columnar = {s: Counter(dict(zip(OUTCOME_KINDS, map(int, self.semeval[i])))) for i, s in enumerate(self.schemas.names)}
        return semeval_tally({s: c + self.extra[s] for s, c in columnar.items()})


class _FingerprintWorker:
    """The gold fingerprint streamed in a thread of its own, batch after batch in order
    (Arrow's string kernels leave the interpreter, so it overlaps the counting).
    :meth:`finish` gives the digest, or None when the batches came out of id order
    (:class:`~hoinghi.fingerprint.OutOfOrder`: the caller reads the gold again)."""

    def __init__(self, labels):
        self._labels = labels
        self._fp = FingerprintColumns(streaming=True)
        self._batches = Handoff()
        self._failed: BaseException | None = None
        self._out_of_order = False
        self._thread = threading.Thread(target=self._work, daemon=True, name="hoinghi-fingerprint")
        self._thread.start()

    def put(self, ids, texts, gold: SpanColumns, objects: dict) -> None:
        self._batches.put((ids, texts, gold, objects))

    def _work(self) -> None:
        for item in self._batches:
            if self._out_of_order or self._failed is not None:
                continue  # keep taking batches until the end
            try:
                add_fingerprint(self._fp, *item, self._labels)
            except OutOfOrder:
                self._out_of_order = True
            except BaseException as exc:  # raised again by finish, in the caller's thread
                self._failed = exc

    def finish(self) -> str | None:
        self.stop()
        if self._failed is not None:
            raise self._failed
        return None if self._out_of_order else self._fp.hexdigest()

    def stop(self) -> None:
        """No more batches: the thread ends once it has taken those it was given."""
        if self._thread.is_alive():
            self._batches.done()
            self._thread.join()


def add_fingerprint(fp: FingerprintColumns, ids: list[str], texts, gold: SpanColumns, objects: dict, labels) -> None:
    """A batch's gold documents into ``fp``: those in ``objects`` (position → document,
    the ones with relations) as documents, the others from the columns (``gold`` holds
    their spans only)."""
    if not objects:
        fp.add_batch(ids, texts, gold, labels)
        return
    keep = np.ones(len(ids), dtype=bool)
    keep[list(objects)] = False
    new_pos = np.cumsum(keep) - 1
    fp.add_batch([i for i, k in zip(ids, keep) if k], texts.filter(keep) if hasattr(texts, "filter") else
                 [t for t, k in zip(texts, keep) if k], SpanColumns(new_pos[gold.doc], gold.start, gold.end, gold.label),
                 labels)
    fp.add_documents(objects[d] for d in sorted(objects))


def fingerprint_pass(gold_path, index: LabelIndex, schemas) -> str:
    """The gold fingerprint from a second read of the gold file, keeping every item until
    the end: for a file whose documents are not in id order (see
    :class:`~hoinghi.fingerprint.FingerprintColumns`). The file was checked by the first read."""
    fp = FingerprintColumns()
    for chunk in read_chunks(gold_path, index, gold=True):
        gold = SpanColumns.sorted_unique(chunk.row, chunk.start, chunk.end, chunk.label)
        objects = {d: Document.from_json(chunk.row_json(d)) for d in chunk.object_rows.tolist()}
        if objects:
            gold = gold.take(~np.isin(gold.doc, list(objects)))
        add_fingerprint(fp, chunk.ids, chunk.texts, gold, objects, schemas.labels)
    return fp.hexdigest()


def _warm_up(chosen, breakdown: bool) -> None:
    """Import in a thread, while the files are being read, what the counting will import
    on first use: the normalisers (values view) and scipy's assignment solver (the
    SemEval breakdown's rare clusters of 2+ gold and 2+ predicted spans; 0.3 s)."""
    def work() -> None:
        if any(v.name == "values" for v in chosen):
            from .metrics.values import _normalizer

            _normalizer()
        if breakdown:
            import scipy.optimize  # noqa: F401

    threading.Thread(target=work, daemon=True, name="hoinghi-warm-up").start()


def _release_memory() -> None:
    """Hand memory freed by the reading back to the system before the bootstrap and the
    report need theirs: Arrow's allocator keeps freed pages for reuse."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    _trim_c_heap()


def _trim_c_heap() -> None:
    """glibc keeps memory freed by numpy in its heaps (a quarter of the peak on 100k
    documents): ``malloc_trim`` gives the free pages back. Nothing elsewhere."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _check_unknown(preds, rows: np.ndarray, schemas) -> None:
    """Predictions for documents not in gold are checked as the object path checks them
    (their own text, if given, and relations): read those rows the object way."""
    from ..document import Document, validate_document
    from ..errors import InputError, Location

    labels = schemas.label_to_schema()
    for row in rows.tolist():
        chunk, r = preds.chunk_of(row)
        if chunk.texts is None or not chunk.texts[r].is_valid:
            if row not in preds.object_rows:
                continue
        where = Location(chunk.path, chunk.first_line + r)
        try:
            doc = Document.from_json(chunk.row_json(r), where, require_text=False)
            validate_document(doc, where, labels=labels, relation_ok=schemas.allows_relation)
        except InputError as exc:
            raise NotColumnar(str(exc)) from None
