"""Score predictions against gold: :func:`evaluate` → :class:`EvalResult`.

One pass over the gold documents (streaming; a progress bar on request) fills, per
**view**, an integer array of per-document counts of shape ``(n_docs, n_keys, 3)``
(tp, fp, fn). Every table is a sum over that array, and the bootstrap resamples its
rows, so the gate can re-aggregate and pair two results. Views:

=============  ==============================================  =========================
view           what is counted                                 keys
=============  ==============================================  =========================
``span``       spans under the matching ``mode`` (main view)   labels
``values``     sets of normalised values per document          labels
``relations``  relations with strictly matched endpoints       ``<schema>:<type>``
``records``    whole records (anchor + parts)                  ``official``, ...
``bio``        seqeval chunks over a BIO encoding              labels
=============  ==============================================  =========================

plus the SemEval-2013 outcome tally per schema (:meth:`EvalResult.semeval_scores`).

Rows per view: each field (P, R, F1, support, 95% bootstrap CI of F1), each schema
(micro: from summed counts; macro: mean of the defined field scores) and overall.
Empty fields (no gold, no prediction) are ``n/a`` and left out of macro averages
(the policy of :mod:`hoinghi.eval.counts`).

Duplicate predictions (identical start, end, label) collapse to one and are counted
in ``duplicates``. A gold document without a prediction is scored against an empty
prediction; a prediction whose id is not in gold is ignored, listed in
``unknown_predictions`` and warned about.

>>> from hoinghi.document import Document, Span
>>> gold = [Document("d1", "Ông Nguyễn Văn An, Bí thư", (Span(4, 17, "PERSON"), Span(19, 25, "POSITION")))]
>>> pred = {"d1": Document("d1", None, (Span(4, 17, "PERSON"), Span(19, 22, "POSITION")))}
>>> r = evaluate(gold, pred, n_boot=0, extractor="demo@1")
>>> r.field("PERSON").f1, r.field("POSITION").counts
(1.0, Counts(tp=0, fp=1, fn=1))
>>> round(r.overall().micro.f1, 3), r.overall().macro_f1
(0.5, 0.5)
>>> evaluate(gold, pred, mode="overlap", n_boot=0).field("POSITION").f1
1.0
>>> EvalResult.from_json(r.to_json()).to_json() == r.to_json()
True
"""
from __future__ import annotations

__all__ = ["MODES", "VIEWS", "evaluate", "gc_paused", "count_pairs", "finish_result",
           "chosen_views", "semeval_tally"]

import gc
import threading
from array import array
from collections import Counter
from contextlib import contextmanager
from typing import Iterable, Mapping, Sequence

import numpy as np

from ..document import Document, fingerprint
from ..errors import InputError, Location
from ..progress import progress as progress_bar
from .bootstrap import bootstrap_f1
from .fields import select_fields
from .predictions import check_prediction, coerce_prediction
from .matching import MODES, SEMEVAL, get_strategy
from .metrics import span as _span
from .outcomes import OUTCOME_KINDS
from .registry import VIEWS as _VIEWS
from .registry import View, get_view
from .results import EvalResult, ViewResult, _ci
from .signature import Signature

_key = _span.span_key

#: The names of the metric views (:data:`hoinghi.eval.registry.VIEWS`).
VIEWS = tuple(_VIEWS)


# ---------------------------------------------------------------------------------------
def _predictions_by_id(predictions, gold_ids: set[str]) -> tuple[dict[str, Document], list[str]]:
    """Predictions by document id and the ids not in gold. A mapping's values may take
    any form an extractor may return (:func:`~hoinghi.eval.predictions.coerce_prediction`:
    a ``Document``, a dict in the contract, a list of spans); a sequence holds documents or
    dicts. Duplicate ids in a sequence are refused."""
    if isinstance(predictions, Mapping):
        out = {}
        for k, d in predictions.items():
            if not isinstance(d, Document):
                try:
                    d = coerce_prediction({"id": k, **d} if isinstance(d, dict) else d, k)
                except TypeError as exc:
                    raise InputError(str(exc), Location(doc_id=k)) from None
                d = Document.from_json(d, Location(doc_id=k), require_text=False)
            out[k] = d
    else:
        docs = [Document.from_json(d, Location(field=f"predictions[{i}]"), require_text=False)
                if isinstance(d, dict) else d for i, d in enumerate(predictions)]
        out = {d.id: d for d in docs}
        if len(out) != len(docs):
            dup = next(k for k, n in Counter(d.id for d in docs).items() if n > 1)
            raise InputError("duplicate prediction for this document", Location(doc_id=dup, field="id"))
    return out, sorted(k for k in out if k not in gold_ids)


def evaluate(gold: Sequence[Document], predictions: Mapping[str, Document] | Sequence[Document], *,
             schemas=None, mode: str = "strict", seed: int = 12345, n_boot: int = 1000, extractor: str = "unknown",
             failures: Sequence = (), warnings: Sequence[str] = (), views: Sequence[str] = VIEWS,
             breakdown: bool = True, gold_fingerprint: str | None = None, progress: bool = False,
             fields: Sequence[str] = (), check_predictions: bool = True) -> EvalResult:
    """Score ``predictions`` (doc id → ``Document``, or a sequence of documents) against
    ``gold`` under the matching ``mode`` (``strict``, ``overlap``), with 95% bootstrap
    intervals (``n_boot`` resamples over documents, ``seed``; 0 turns them off).

    ``schemas``: a :class:`~hoinghi.schema.SchemaSet` (default: the shipped schemas).
    ``views``: which of :data:`VIEWS` to compute (``span`` always is); ``breakdown``:
    the SemEval-2013 outcome tally (on by default). ``failures``
    (the extractor's, scored as empty predictions) and ``warnings`` are carried into
    the result. ``fields``: score only these fields (labels, or schema names for all their
    labels; :mod:`hoinghi.eval.fields`): the other fields' spans are set aside on both
    sides (counted in a warning), and the selection goes into the signature.
    ``check_predictions``: check every prediction against its gold document as a prediction
    file is checked (:func:`~hoinghi.eval.predictions.check_prediction`: offsets, labels,
    relations, a ``text`` or span ``text`` that disagrees with the gold text); the run
    pipeline passes False, its runner has checked them already.
    ``gold_fingerprint``: the gold's :func:`~hoinghi.document.fingerprint`
    when the caller already has it (a gold set's manifest); computed otherwise (about
    20 µs per document). Raises :class:`~hoinghi.errors.InputError` for duplicate gold ids,
    unknown labels and offsets outside the gold text.
    """
    get_strategy(mode)  # validates the mode
    selection = select_fields(schemas if schemas is not None else _shipped_schemas(), fields)
    schema_version, schemas = selection.full.version, selection.schemas
    chosen = chosen_views(views)
    gold, doc_ids = _checked_gold(gold)
    preds, unknown = _predictions_by_id(predictions, set(doc_ids))
    preds = _checked_predictions(preds, gold, selection.full) if check_predictions else preds
    warnings = list(warnings) + _unknown_warning(unknown)
    if selection.partial:
        gold_fingerprint = gold_fingerprint or fingerprint(gold)  # of the gold as given, not of the selection
        gold, preds, aside = _restrict(selection, gold, preds)
        warnings += _aside_warning(selection, aside)
    pairs = _pairs(gold, preds)
    result_views, semeval, duplicates = count_pairs(pairs, chosen, schemas, mode, breakdown, progress)
    fp = gold_fingerprint or fingerprint(gold)
    return finish_result(result_views, semeval, duplicates, tuple(doc_ids), chosen, schema_version=schema_version,
                         gold_fingerprint=fp, mode=mode, n_boot=n_boot, seed=seed, extractor=extractor,
                         fields=selection.text, warnings=warnings, failures=failures, unknown=unknown)


def chosen_views(views: Sequence[str]) -> list[View]:
    """The views to compute: ``span`` first, then the others asked for, in that order."""
    return [get_view("span")] + [get_view(v) for v in views if v != "span"]


def count_pairs(pairs: Sequence[tuple[Document, Document]], chosen: Sequence[View], schemas, mode: str,
                breakdown: bool, progress: bool = False) -> tuple[dict[str, ViewResult], dict, int]:
    """Every chosen view's per-document counts (``span`` first, as :class:`ViewResult`
    without tables), the SemEval-2013 tally and the duplicates collapsed, for ``(gold,
    prediction)`` document pairs: the object path (the columnar scorer,
    :mod:`hoinghi.eval.columnar_scoring`, also counts its documents with relations here)."""
    span_fields = _span.fields(schemas)
    with gc_paused():
        span_counts, duplicates = _count_spans(pairs, span_fields, mode, progress)
        result_views = {"span": ViewResult("span", *_keys(span_fields), span_counts)}
        semeval = _one_pass(pairs, chosen[1:], schemas, breakdown, progress, result_views)
    return result_views, semeval, duplicates


def finish_result(result_views: dict[str, ViewResult], semeval: dict, duplicates: int, doc_ids: tuple[str, ...],
                  chosen: Sequence[View], *, schema_version: str, gold_fingerprint: str, mode: str, n_boot: int,
                  seed: int, extractor: str, fields: str, warnings: Sequence[str], failures: Sequence,
                  unknown: Sequence[str]) -> EvalResult:
    """The :class:`EvalResult` of counted views: score tables with bootstrap intervals,
    the warnings the counts call for, the signature."""
    rows = threading.Thread(target=lambda: [v.prepare_rows() for v in result_views.values()], daemon=True)
    rows.start()  # the report's per-document rows are made while the bootstrap runs (numpy leaves the GIL)
    try:
        _tabulate(result_views, n_boot, seed)
    finally:
        rows.join()
    warnings = list(warnings) + _count_warnings(duplicates, chosen, result_views)
    sig = _signature(chosen, schema=schema_version, gold=gold_fingerprint, mode=mode, n_boot=n_boot, seed=seed,
                     extractor=extractor, fields=fields)
    return EvalResult(sig, doc_ids, result_views, semeval, duplicates, tuple(warnings), tuple(failures),
                      tuple(unknown))


def _checked_predictions(preds: dict[str, Document], gold: list[Document], schemas) -> dict[str, Document]:
    """Each prediction of a gold document checked against it (offsets, labels, span text);
    predictions for documents not in the gold pass as they are (they are warned about)."""
    by_id = {g.id: g for g in gold}
    return {k: check_prediction(p, by_id[k], Location(doc_id=k), schemas=schemas) if k in by_id else p
            for k, p in preds.items()}


def _pairs(gold: list[Document], preds: dict[str, Document]) -> list[tuple[Document, Document]]:
    """(gold, prediction) per gold document; an empty prediction where there is none."""
    return [(g, preds.get(g.id) or Document(g.id, None)) for g in gold]


def _count_spans(pairs, span_fields, mode: str, progress: bool):
    """The span view's count array and duplicate tally (:func:`hoinghi.eval.metrics.span.count_array`)."""
    return _span.count_array(progress_bar(pairs, total=len(pairs), desc="scoring spans", enabled=progress),
                             _index(span_fields), mode)


def _tabulate(result_views: dict, n_boot: int, seed: int) -> None:
    """Each view's score table, with its bootstrap intervals."""
    for view, cis in _intervals(list(result_views.values()), n_boot, seed).items():
        result_views[view]._tabulate(cis)


def _shipped_schemas():
    from ..schema import load_schemas

    return load_schemas()


def _signature(views, **fields) -> Signature:
    """The run's signature: the toolkit version, ``fields`` and the chosen views' parts
    (normaliser, tokeniser; ``none`` where no view uses one)."""
    parts = {"normalizer": "none", "tokenizer": "none"} | {v.signature[0]: v.signature[1]() for v in views if v.signature}
    return Signature(version=_toolkit_version(), **fields, **parts)


def _restrict(selection, gold: list[Document], preds: dict[str, Document]):
    """Gold and predictions without the unselected fields, and how many predicted spans
    of each such field were set aside (reported: nothing is dropped silently)."""
    aside: Counter = Counter()
    gold = [selection.restrict(g) for g in gold]
    preds = {k: selection.restrict(p, aside) for k, p in preds.items()}
    return gold, preds, aside


def _aside_warning(selection, aside: Mapping[str, int]) -> list[str]:
    if not aside:
        return []
    return [f"fields not scored (--fields {','.join(selection.labels)}): set aside "
            + ", ".join(f"{n} predicted {label}" for label, n in sorted(aside.items()))]


def _count_warnings(duplicates: int, views: Sequence[View], results: Mapping[str, ViewResult]) -> list[str]:
    """Duplicates collapsed, then the spans each view could not represent."""
    out = [f"{duplicates} duplicate prediction(s) (same start, end and label) collapsed to one"] if duplicates else []
    return out + [v.lost_note.format(gold=results[v.name].lost_gold, pred=results[v.name].lost_pred)
                  for v in views if v.lost_note and (results[v.name].lost_gold or results[v.name].lost_pred)]


def _checked_gold(gold: Iterable[Document]) -> tuple[list[Document], list[str]]:
    """The gold documents as a list and their ids; a repeated id is an :class:`InputError`."""
    gold = list(gold)
    doc_ids = [d.id for d in gold]
    if len(set(doc_ids)) != len(doc_ids):
        dup = next(d for d, n in Counter(doc_ids).items() if n > 1)
        raise InputError("duplicate gold document id", Location(doc_id=dup, field="id"))
    return gold, doc_ids


def _unknown_warning(unknown: Sequence[str]) -> list[str]:
    if not unknown:
        return []
    shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
    return [f"{len(unknown)} prediction id(s) not in gold, ignored: {shown}"]


def _index(fields: Sequence[tuple[str, str]]) -> dict[str, int]:
    return {f: i for i, (_, f) in enumerate(fields)}


def _keys(fields: Sequence[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(keys, the schema of each key)`` of a view's fields."""
    return tuple(f for _, f in fields), tuple(s for s, _ in fields)


def _one_pass(pairs: Sequence[tuple[Document, Document]], views: Sequence[View], schemas, breakdown: bool,
              progress: bool, out: dict[str, ViewResult]) -> dict[str, dict[str, int]]:
    """Count every view but ``span`` (added to ``out``) and, with ``breakdown``, tally the
    SemEval-2013 outcomes per schema, in one pass over the documents. Returns the tally
    (``{schema or "overall": {kind: n}}``, kinds that occur only)."""
    l2s = schemas.label_to_schema()
    fields = {v.name: v.fields(schemas) for v in views}
    index = {name: _index(f) for name, f in fields.items()}
    rows = {v.name: array("q") for v in views}  # flat (doc idx, key idx, tp, fp, fn) runs: 40 bytes an entry
    lost = {v.name: [0, 0] for v in views}
    semeval: dict[str, Counter] = {s: Counter() for s in schemas.names}
    if breakdown or views:
        for i, (g, p) in enumerate(progress_bar(pairs, total=len(pairs), desc="other views", enabled=progress)):
            if breakdown:
                for kind, gk, pk in SEMEVAL.kinds(list(map(_key, g.spans)), list(map(_key, p.spans)), l2s,
                                                  ordered=False)[0]:
                    semeval[l2s[(gk or pk)[2]]][kind] += 1
            for v in views:
                counts, (lost_gold, lost_pred) = v.count(g, p, l2s)
                lost[v.name][0] += lost_gold
                lost[v.name][1] += lost_pred
                idx, add = index[v.name], rows[v.name].extend
                for key, (t, f, n_) in counts.items():
                    if key in idx:
                        add((i, idx[key], t, f, n_))
    for v in views:
        arr = np.zeros((len(pairs), len(fields[v.name]), 3), dtype=np.int64)
        if rows[v.name]:
            r = np.frombuffer(rows[v.name], dtype=np.int64).reshape(-1, 5)
            arr[r[:, 0], r[:, 1]] = r[:, 2:]
        out[v.name] = ViewResult(v.name, *_keys(fields[v.name]), arr, lost_gold=lost[v.name][0], lost_pred=lost[v.name][1])
    return semeval_tally(semeval) if breakdown else {}


def semeval_tally(per_schema: Mapping[str, Counter]) -> dict[str, dict[str, int]]:
    """The SemEval-2013 tally of a result: ``{schema or "overall": {kind: n}}`` from
    outcome counts per schema, kinds in :data:`OUTCOME_KINDS` order, those that occur only.

    >>> semeval_tally({"a": Counter(correct=2), "b": Counter(missed=1, correct=0)})
    {'a': {'correct': 2}, 'b': {'missed': 1}, 'overall': {'correct': 2, 'missed': 1}}
    """
    tally = {s: {k: c[k] for k in OUTCOME_KINDS if c[k]} for s, c in per_schema.items()}
    tally["overall"] = {k: sum(c[k] for c in per_schema.values()) for k in OUTCOME_KINDS
                        if any(c[k] for c in per_schema.values())}
    return tally


def _intervals(views: list[ViewResult], n_boot: int, seed: int) -> dict[str, dict]:
    """Bootstrap intervals of every view from **one** set of resamples: the views'
    count arrays side by side, so each resample draws the same documents for all views."""
    blocks, groups, offset = [], {}, 0
    for v in views:
        blocks.append(v.counts)
        for name, idx in v.group_index().items():
            groups[(v.name, name)] = [offset + i for i in idx]
        offset += len(v.keys)
    n_docs = len(views[0].counts) if views else 0
    counts = blocks if blocks else np.zeros((n_docs, 0, 3), dtype=np.int64)  # side by side, not copied
    boot = bootstrap_f1(counts, groups, n_boot=n_boot, seed=seed)
    out, offset = {}, 0
    for v in views:
        out[v.name] = {"fields": {k: _ci(boot.keys[offset + i]) for i, k in enumerate(v.keys)},
                       "groups": {name: {kind: _ci(ci) for kind, ci in boot.groups[(v.name, name)].items()}
                                  for name in v.group_index()}}
        offset += len(v.keys)
    return out


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector over the hot loops: they allocate millions
    of small acyclic tuples and sets, which only make the collector re-walk the heap
    (10–15% of the time on 100k documents). Restored on exit, also on error."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _toolkit_version() -> str:
    from .. import __version__

    return __version__
