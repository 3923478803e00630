"""The run pipeline: load gold → run an extractor → score, the one path behind
``hoinghi eval``, ``hoinghi gate``, the pytest plugin and the report's re-run.

* :func:`score_extractor` loads gold (a JSONL file or a gold set folder,
  :func:`~hoinghi.gold_set.load_gold_or_jsonl`), runs the extractor
  (:func:`~hoinghi.eval.runner.run_extractor`) and scores it
  (:func:`~hoinghi.eval.scoring.evaluate`); the :class:`ScoredRun` keeps what later
  stages need: the gold documents, the predictions, failures and the provenance;
* :func:`gate_scored_run` compares a scored run with a baseline file
  (:mod:`hoinghi.eval.baselines`, :func:`hoinghi.eval.gate.gate`), explaining a failure
  with the candidate's span differences.
"""
from __future__ import annotations

__all__ = ["ScoredRun", "score_extractor", "gate_scored_run", "save_prediction_run", "covered_fields"]

import importlib.util
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..document import Document
from ..errors import InputError, Location
from ..gold_set import GoldProvenance, load_gold_or_jsonl
from ..schema import load_schemas
from .baselines import read_baseline
from .gate import GateResult, gate
from .predictions import Failure
from .fields import select_fields
from .runner import PredictionRun, file_failures, run_extractor
from .runner.spec import file_extractor, findable_spec, prediction_file
from .saved_predictions import Sidecar, input_fingerprint, save_predictions
from .scoring import VIEWS, EvalResult, chosen_views, evaluate, finish_result, gc_paused


@dataclass
class ScoredRun:
    """An extractor scored on gold, with what the gate needs to explain a failure.
    ``jobs`` and ``timeout`` are the run's settings (they go into the eval report)."""

    result: EvalResult
    gold: list[Document] | None          # None: scored by the columnar scorer (keep_documents=False)
    predictions: dict[str, Document] | None
    failures: list[Failure]
    warnings: list[str]
    provenance: GoldProvenance | None = None
    run: PredictionRun | None = None
    jobs: int = 1
    timeout: float = 30.0

    def to_json(self) -> dict:
        """The eval report (``hoinghi eval --out``): the result's JSON, where the gold
        came from, and how the extractor ran: the spec as given, the spec with the files it
        names made absolute (``spec_resolved``, so a report made from another folder finds
        them) and the folder it ran in."""
        report = self.result.to_json()
        if self.provenance is not None:
            report.setdefault("gold", {**self.provenance.to_json(),
                                       "path_resolved": str(Path(self.provenance.path).resolve())})
        if self.run is not None:
            report.setdefault("run", {"spec": self.run.spec, "spec_resolved": findable_spec(self.run.spec),
                                      "cwd": os.getcwd(), "extractor": self.run.extractor, "jobs": self.jobs,
                                      "timeout": self.timeout, "seconds": round(self.run.seconds, 3)})
        return report


def score_extractor(gold: str | os.PathLike, extractor: str, *, mode: str = "strict", seed: int = 12345,
                    n_boot: int = 1000, jobs: int = 1, timeout: float = 30.0, progress: bool = True,
                    split: str | None = None, views: Sequence[str] | None = None,
                    breakdown: bool = True, fields: Sequence[str] = (),
                    max_memory_mb: float | None = None, keep_documents: bool = True) -> ScoredRun:
    """Load gold (a JSONL file or a gold set folder, optionally one ``split``), run the
    extractor spec on it and score it under ``mode`` with ``n_boot`` bootstrap resamples
    (``views`` and ``breakdown`` as in :func:`~hoinghi.eval.scoring.evaluate`; default: every
    view, with the breakdown; a re-run that only checks counts passes ``n_boot=0``,
    ``views=("span",)``, ``breakdown=False``), on the ``fields`` given (labels or schema
    names; default all, see :mod:`hoinghi.eval.fields`). Raises :class:`~hoinghi.errors.InputError` for bad gold or a bad prediction file and
    :class:`~hoinghi.errors.ExtractorError` for an extractor that cannot start; an
    extractor failing on some documents is recorded in ``failures`` instead.

    ``keep_documents=False`` (``hoinghi eval`` without ``--save-predictions``, ``hoinghi
    gate``): the caller needs the scores only, so a prediction file scored against a gold JSONL file under
    strict matching on every field goes through the columnar scorer
    (:mod:`hoinghi.eval.columnar_scoring`: the same result, no object per span); the
    run's ``gold`` and ``predictions`` are then None. Anything else, and any input the
    columnar reader cannot vouch for, takes the object path."""
    if not keep_documents:
        scored = _score_columnar(gold, extractor, mode=mode, seed=seed, n_boot=n_boot, views=views,
                                 breakdown=breakdown, fields=fields, progress=progress, split=split,
                                 jobs=jobs, timeout=timeout)
        if scored is not None:
            return scored
    with gc_paused():  # millions of small acyclic objects (documents, spans) are built here
        docs, gold_fp, provenance = load_gold_or_jsonl(gold, split=split)
        run = run_extractor(extractor, docs, jobs=jobs, timeout=timeout, progress=progress,
                            **({} if max_memory_mb is None else {"max_memory_mb": max_memory_mb}))
    notes = list(provenance.warnings) + list(run.warnings)
    fields = covered_fields(provenance, fields, notes)
    chosen = {} if views is None else {"views": tuple(views)}
    result = evaluate(docs, run.predictions, mode=mode, seed=seed, n_boot=n_boot, extractor=run.extractor,
                      failures=run.failures, warnings=notes, gold_fingerprint=gold_fp, breakdown=breakdown,
                      fields=fields, check_predictions=False, **chosen)  # the runner checked them
    return ScoredRun(result, docs, run.predictions, list(run.failures), notes, provenance, run, jobs, timeout)


def _score_columnar(gold, extractor: str, *, mode: str, seed: int, n_boot: int, views, breakdown: bool,
                    fields, progress: bool, split, jobs: int, timeout: float) -> ScoredRun | None:
    """:func:`score_extractor` through the columnar scorer, or None when it does not apply
    (see there) or cannot vouch for the input."""
    if mode != "strict" or tuple(fields) or split is not None or not Path(gold).is_file() or not isinstance(extractor, str):
        return None
    path = prediction_file(extractor)
    if path is None or importlib.util.find_spec("pyarrow") is None:
        return None
    from .columnar_scoring import NotColumnar, count_columns

    schemas = load_schemas()
    chosen = chosen_views(VIEWS if views is None else views)
    started = time.perf_counter()
    try:
        with gc_paused():
            counted = count_columns(gold, path, chosen, schemas, breakdown=breakdown, progress=progress)
    except NotColumnar:
        return None
    resolved = file_extractor(path, counted.predictions_sha256)  # the file's bytes were hashed as they were read
    if not counted.doc_ids:
        return None  # the object path says there is nothing to score
    found, notes = file_failures(resolved.target, counted.missing, counted.unknown)
    failures = [found[d] for d in counted.missing]
    provenance = GoldProvenance(str(gold), "jsonl", len(counted.doc_ids), schema_version=schemas.version)
    result = finish_result(counted.views, counted.semeval, counted.duplicates, counted.doc_ids, chosen,
                           schema_version=schemas.version, gold_fingerprint=counted.fingerprint, mode=mode,
                           n_boot=n_boot, seed=seed, extractor=resolved.label, fields=select_fields(schemas, ()).text,
                           warnings=notes, failures=failures, unknown=())
    run = PredictionRun({}, failures, resolved.label, extractor.strip(), notes, time.perf_counter() - started)
    return ScoredRun(result, None, None, failures, notes, provenance, run, jobs, timeout)


def covered_fields(provenance: GoldProvenance, fields: Sequence[str], notes: list[str]) -> tuple[str, ...]:
    """The fields to score on a gold set that covers only some schemas (its manifest's
    schema version): those schemas (a note in ``notes`` says so), or the ``fields`` asked
    for when they all belong to them; a field of a schema the gold does not cover is an
    :class:`~hoinghi.errors.InputError`. Any ``fields`` on a gold covering every schema."""
    installed = load_schemas()
    covered = set(provenance.schemas)
    if covered >= set(installed.names):
        return tuple(fields)
    unknown = sorted(covered - set(installed.names))
    if unknown:
        raise InputError(f"the gold covers schema {unknown[0]!r}, which is not installed", Location(provenance.path))
    sub = installed.subset(covered)
    outside = [f for f in fields if f.strip() and f.strip() not in sub.names and f.strip() not in sub.labels]
    if outside:
        raise InputError(f"the gold covers only {sub.version}; field {outside[0]!r} cannot be scored on it",
                         Location(provenance.path))
    notes.append(f"the gold covers only {sub.version}: only its fields are scored ({', '.join(sub.labels)})")
    return tuple(fields) or sub.names


def gate_scored_run(scored: ScoredRun, baseline: str | os.PathLike, *, tolerance: float = 0.02,
                    alpha: float = 0.05, n_boot: int = 1000, seed: int = 12345) -> GateResult:
    """Gate a scored run against the baseline file ``baseline`` (see
    :func:`hoinghi.eval.gate.gate`); the result names the baseline and its file and
    carries the run's warnings. Raises :class:`~hoinghi.errors.InputError` for a missing
    or bad baseline and :class:`~hoinghi.errors.SignatureMismatch` for one scored on
    other gold, schemas or matching mode. A run the columnar scorer counted
    (``keep_documents=False``) has its documents read again only when a failure has
    driving documents to show."""
    base = read_baseline(baseline)
    kept = scored.gold is not None
    result = gate(scored.result, base, tolerance=tolerance, alpha=alpha, n_boot=n_boot, seed=seed,
                  gold={d.id: d for d in scored.gold} if kept else None, predictions=scored.predictions,
                  documents=None if kept else lambda: _documents_again(scored))
    result.baseline_name = f"{base.extractor} ({Path(baseline)})"
    result.warnings = list(scored.warnings)
    return result


def _documents_again(scored: ScoredRun) -> tuple[dict[str, Document], dict[str, Document]]:
    """The gold and predicted documents of a run the columnar scorer counted (it keeps
    none), read again the object way: only for a failing gate, to show its drivers."""
    docs, _, _ = load_gold_or_jsonl(scored.provenance.path)
    run = run_extractor(scored.run.spec, docs, progress=False)
    return {d.id: d for d in docs}, dict(run.predictions)


def save_prediction_run(path: str | Path, docs: Sequence[Document], run, *, source: str,
                        source_kind: str = "gold") -> Sidecar:
    """Save a :class:`~hoinghi.eval.runner.PredictionRun` over ``docs`` (``eval
    --save-predictions``): its predictions in document order and a finished sidecar."""
    name, _, version = run.extractor.rpartition("@")
    sidecar = Sidecar(name, version, run.spec, findable_spec(run.spec), source, source_kind,
                      input_fingerprint(docs), len(docs), "local")
    return save_predictions(path, docs, run.predictions, run.failures, sidecar)
