"""The data of an HTML report (:mod:`hoinghi.eval.html_report` draws it).

:func:`build_report` collects a :class:`Report` from one or two scored runs: the
per-field table rows of each run (:class:`RunView`), a two-sided paired comparison of
two runs (:class:`~hoinghi.eval.comparison.Comparison`), per run whose predictions are
given a label confusion matrix (scikit-learn, :class:`Confusion`) and every span
outcome of every document (:class:`DocView`, in :class:`RunErrors`), and the spans
whose exact match changed from the first run to the second
(:class:`Change`). :func:`check_counts` checks that predictions shown in the error
views reproduce the eval report's per-document counts.

>>> from hoinghi.document import Document, Span
>>> g = Document("d1", "Ông Nguyễn Văn An", (Span(4, 17, "PERSON"),))
>>> b = {"d1": Document("d1", None, (Span(4, 14, "PERSON"),))}
>>> [(c.kind, c.span) for c in _changes([g], {"d1": g}, b)]
[('broken', (4, 17, 'PERSON')), ('new spurious', (4, 14, 'PERSON'))]
"""
from __future__ import annotations

__all__ = ["Report", "RunView", "RunErrors", "DocView", "Change", "CHANGE_KINDS", "Confusion", "build_report",
           "check_counts", "rescore"]

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from ..document import SpanKey
from .diff import span_outcomes
from .fields import select_fields
from .outcomes import Outcome

_NONE = "(none)"


@dataclass
class DocView:
    doc_id: str
    text: str
    outcomes: list[Outcome]

    @property
    def n_errors(self) -> int:
        return sum(1 for o in self.outcomes if o.kind != "correct")


@dataclass
class RunView:
    """One scored run: its name, table rows (:class:`hoinghi.eval.text_report.ScoreRow`),
    signature, failures and warnings."""

    name: str
    rows: list
    signature: str = ""
    failures: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Confusion:
    """Rows: gold label (``(none)`` = spurious prediction); columns: predicted label
    (``(none)`` = missed gold span). Pairs are gold/predicted spans that overlap."""

    labels: list[str]
    matrix: np.ndarray


@dataclass(frozen=True)
class Change:
    """A span whose exact-match status differs between run A and run B of one document:
    ``fixed`` (gold span found by B, not A), ``broken`` (found by A, not B),
    ``new spurious`` (a wrong prediction of B that A did not make), ``spurious gone``."""

    doc_id: str
    kind: str
    span: SpanKey
    text: str


CHANGE_KINDS = ("broken", "fixed", "new spurious", "spurious gone")


@dataclass
class RunErrors:
    """One run's errors: every span outcome per document and its label confusion."""

    name: str
    docs: list[DocView]
    confusion: Confusion


@dataclass
class Report:
    title: str
    runs: list[RunView] = field(default_factory=list)
    comparison: object = None          # a Comparison (second run vs first, two-sided) when two comparable runs are given
    comparison_note: str = ""
    confusion: Confusion | None = None  # the last run's (also in errors)
    docs: list[DocView] = field(default_factory=list)  # the last run's (also in errors)
    errors: list[RunErrors] = field(default_factory=list)  # every run whose predictions are given, in run order
    labels: list[str] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    changes: list[Change] | None = None   # A → B, when both runs' predictions are given


# ---------------------------------------------------------------------------
# building
# ---------------------------------------------------------------------------
def _name_of(result, i: int) -> str:
    return str(getattr(result, "extractor", None) or f"run {chr(65 + i)}")


def _confusion(docs: Sequence[DocView], labels: Sequence[str]) -> Confusion:
    from sklearn.metrics import confusion_matrix

    y_true, y_pred = [], []
    for d in docs:
        for o in d.outcomes:
            y_true.append(o.gold.label if o.gold else _NONE)
            y_pred.append(o.pred.label if o.pred else _NONE)
    names = list(labels) + [_NONE]
    if not y_true:
        return Confusion(names, np.zeros((len(names), len(names)), dtype=int))
    return Confusion(names, confusion_matrix(y_true, y_pred, labels=names))


def _changes(gold: Sequence, pred_a: Mapping, pred_b: Mapping) -> list[Change]:
    out = []
    for g in gold:
        gs = {s.key for s in g.spans}
        a = {s.key for s in getattr(pred_a.get(g.id), "spans", ())}
        b = {s.key for s in getattr(pred_b.get(g.id), "spans", ())}
        groups = (("broken", (gs & a) - b), ("fixed", (gs & b) - a), ("new spurious", b - gs - a),
                  ("spurious gone", a - gs - b))
        for kind, spans in groups:
            out += [Change(g.id, kind, sp, (g.text or "")[sp[0]:sp[1]]) for sp in sorted(spans)]
    return out


def _label_colours(schemas) -> dict[str, str]:
    """Label → the colour its schema file gives it (labels without one are left out)."""
    colours = {}
    for s in getattr(schemas, "schemas", ()) or ():
        for lab in getattr(s, "labels", ()) or ():
            if getattr(lab, "color", None):
                colours[lab.name] = lab.color
    return colours


def build_report(results: Sequence, *, gold: Sequence | None = None, predictions: Mapping | None = None,
                 names: Sequence[str] | None = None, title: str | None = None, schemas=None,
                 seed: int = 12345, n_boot: int = 1000, predictions_a: Mapping | None = None) -> Report:
    """Collect a report's data from one or two ``EvalResult``\\ s and, for the error
    views and the confusion matrix, the gold documents and one run's predictions
    (doc id → ``Document``; with two runs, the second run's). With two runs and
    ``predictions_a`` (the first run's), the report shows both runs' errors and lists
    the exact-match changes from the first run to the second (:class:`Change`). Two
    comparable runs are compared two-sided (:func:`hoinghi.eval.comparison.compare_runs`).
    Runs scored on some fields (``--fields``) show errors, confusions and changes of
    those fields only."""
    from ..schema import load_schemas
    from .text_report import rows_of

    schemas = schemas or load_schemas()
    selection = select_fields(schemas, _recorded_fields(results))
    if selection.partial and gold is not None:
        gold = [selection.restrict(g) for g in gold]
        predictions = None if predictions is None else {k: selection.restrict(p) for k, p in predictions.items()}
        predictions_a = None if predictions_a is None else {k: selection.restrict(p) for k, p in predictions_a.items()}
    labels = list(selection.labels)
    colours = _label_colours(schemas)
    names = list(names or [_name_of(r, i) for i, r in enumerate(results)])
    runs = [RunView(names[i], rows_of(r), str(getattr(r, "signature", "") or ""),
                    list(getattr(r, "failures", ()) or ()), list(getattr(r, "warnings", ()) or ()))
            for i, r in enumerate(results)]
    report = Report(title or ("hoinghi report: " + " vs ".join(names) if names else "hoinghi report"),
                    runs, labels=labels, colours=colours)
    if len(results) == 2:
        from ..errors import SignatureMismatch
        from .comparison import compare_runs

        try:
            report.comparison = compare_runs(results[0], results[1], names=(names[0], names[1]), n_boot=n_boot,
                                             seed=seed)
            report.comparison_note = (f"{names[1]} − {names[0]}, paired bootstrap over the same "
                                      f"{report.comparison.n_docs} documents")
        except SignatureMismatch as exc:
            report.comparison_note = f"no paired comparison: {exc}"
    elif len(results) > 2:
        report.warnings.append("only the first two runs are compared side by side")
    if gold is not None and predictions is not None:
        given = ([(names[0], predictions_a)] if len(results) == 2 and predictions_a is not None else [])
        for name, preds in given + [(names[-1], predictions)]:
            docs = _doc_views(gold, preds, name, report.warnings)
            report.errors.append(RunErrors(name, docs, _confusion(docs, labels)))
        report.docs, report.confusion = report.errors[-1].docs, report.errors[-1].confusion
        if len(results) == 2 and predictions_a is not None:
            report.changes = _changes(gold, predictions_a, predictions)
    return report


def _recorded_fields(results: Sequence) -> list[str]:
    """The fields the runs were scored on (their signatures' ``fields`` part), as names;
    empty for all fields."""
    recorded = {getattr(getattr(r, "signature", None), "fields", "all") for r in results}
    recorded.discard("all")
    return sorted({name for text in recorded for name in text.split("+")})


def _doc_views(gold: Sequence, predictions: Mapping, name: str, warnings: list[str]) -> list[DocView]:
    from ..document import Document

    out = []
    for g in gold:
        p = predictions.get(g.id)
        if p is None:
            warnings.append(f"{name}: no prediction for document {g.id}; its gold spans show as missed")
            p = Document(g.id, g.text, ())
        out.append(DocView(g.id, g.text or "", span_outcomes(g, p)))
    return out


def check_counts(result, gold: Sequence, predictions: Mapping, *, mode: str | None = None) -> list[str]:
    """Warnings when ``predictions`` do not reproduce ``result``'s per-document counts
    (e.g. a prediction file from another run). Empty when they match. Raises
    :class:`~hoinghi.errors.SignatureMismatch` when ``gold`` is not the report's gold."""
    from .scoring import evaluate

    from ..document import fingerprint
    from ..errors import SignatureMismatch

    gold = list(gold)
    expected = getattr(getattr(result, "signature", None), "gold", None)
    actual = fingerprint(gold) if expected else None  # evaluate() reuses it (computes it when None)
    if expected and actual != expected:
        raise SignatureMismatch(f"the gold given for the error views is not the gold of the eval report "
                                f"(fingerprint {actual}, report {expected})")
    kwargs = {"mode": mode} if mode else {}
    again = evaluate(gold, dict(predictions), n_boot=0, views=("span",), breakdown=False, gold_fingerprint=actual,
                     **kwargs)
    pos = {d: i for i, d in enumerate(again.doc_ids)}
    kpos = {str(k): i for i, k in enumerate(again.keys)}
    a, b = np.asarray(result.counts), np.asarray(again.counts)
    bad = []
    for i, d in enumerate(result.doc_ids):
        if d not in pos:
            bad.append(d)
            continue
        for j, k in enumerate(result.keys):
            if str(k) in kpos and not np.array_equal(a[i, j], b[pos[d], kpos[str(k)]]):
                bad.append(d)
                break
    if not bad:
        return []
    return [f"the predictions shown do not reproduce the eval report's counts on {len(bad)} document(s) "
            f"({', '.join(bad[:5])}{' ...' if len(bad) > 5 else ''}); the error views may be from another run"]


def rescore(result, gold: Sequence, predictions: Mapping, fields: Sequence[str]):
    """``result`` scored again from its predictions on ``fields`` only (``report --fields``
    over eval reports made on all fields), with the run's mode, seed, resamples, extractor
    and failures."""
    from .scoring import evaluate

    sig = result.signature
    return evaluate(gold, dict(predictions), mode=sig.mode, seed=sig.seed, n_boot=sig.n_boot, extractor=sig.extractor,
                    failures=result.failures, warnings=result.warnings, gold_fingerprint=sig.gold, fields=fields,
                    check_predictions=False)
