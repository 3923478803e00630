"""The regression gate: is a candidate extractor worse than its committed baseline?

Both sides are per-document count tables over the **same gold documents** (an
``EvalResult`` from :func:`hoinghi.eval.scoring.evaluate`, or a :class:`~hoinghi.eval.baselines.Baseline`
file): ``doc_ids``, ``keys`` and an integer array ``counts`` of shape
``(n_docs, n_keys, 3)`` holding tp/fp/fn. The gate compares F1 for every field, every
schema (micro) and overall (micro and macro):

* **Δ** = candidate F1 − baseline F1 on the full gold set.
* **95% CI of Δ**: paired bootstrap over documents (Koehn 2004). Each resample draws
  ``n_docs`` documents with replacement (``numpy.random.default_rng(seed)``) and
  re-aggregates *both* sides on the same draw. Percentile interval.
* **p-value** (one-sided, H1: the candidate is worse): the share of resamples in which
  the candidate is *not* worse (Δ* ≥ 0), with the usual add-one,
  ``p = (1 + #{Δ* ≥ 0}) / (1 + n_defined)``. Resamples in which the row's F1 is
  undefined (no gold span and no prediction of it drawn) say nothing about the
  difference and are left out, as the eval's bootstrap intervals leave them out
  (:mod:`hoinghi.eval.bootstrap`); the interval is over the same resamples.
* **Multiplicity**: Holm–Bonferroni over all defined rows (valid under any dependence
  between rows, which overlap by construction); ``p_adj`` is the Holm-adjusted p-value.
* **Verdict**: ``pass`` when Δ ≥ −tolerance; ``fail`` when Δ < −tolerance *and*
  ``p_adj`` < α; otherwise ``noise`` (a drop beyond the tolerance that the gold set is
  too small to tell from chance). A row whose spans (gold or predicted, either side)
  all sit in **one document** cannot fail: resampling one document says nothing about
  variation between documents, so its p-value, though printed, proves nothing. ``n/a`` when F1 is undefined on either side (no gold
  span and no prediction for the row): nothing to compare.

F1 here is span F1 = 2·tp / (2·tp + fp + fn); macro F1 is the mean over the fields
where F1 is defined.

>>> import numpy as np
>>> keys = ["PERSON", "POSITION"]
>>> base = np.array([[[3, 0, 0], [2, 0, 0]]] * 8)          # 8 documents, perfect
>>> worse = base.copy(); worse[:, 0] = [1, 0, 2]            # PERSON: 2 of 3 missed in every document
>>> res = compare_counts(base, worse, [f"d{i}" for i in range(8)], keys, groups={"officials": keys})
>>> [(r.name, r.verdict) for r in res.rows]
[('PERSON', 'fail'), ('POSITION', 'pass'), ('officials micro', 'fail'), ('overall micro', 'fail'), ('overall macro', 'fail')]
>>> res.passed, res.rows[0].p_value
(False, 0.000999000999000999)
"""
from __future__ import annotations

__all__ = ["GateRow", "GateResult", "DocDriver", "VERDICTS", "compare_counts", "gate", "holm"]

import math
import warnings
from dataclasses import asdict, dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from ..errors import SignatureMismatch
from ..schema import load_schemas
from . import formatting as fmt
from .bootstrap import f1_array, resample_weights
from .signature import check_comparable, signature_text
from .text_report import labels_of_row, span_differences

#: The verdicts a row can get, with their rule.
VERDICTS = {
    "pass": "the drop (if any) is within the tolerance",
    "fail": "the drop exceeds the tolerance and is significant after the Holm–Bonferroni correction",
    "noise": "the drop exceeds the tolerance but is not significant: within noise for this gold set",
    "n/a": "F1 is undefined (no gold span and no prediction) on one side",
}


# ---------------------------------------------------------------------------
# statistics over count arrays
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _RowSpec:
    name: str
    level: str               # "field" | "schema" | "overall"
    keys: tuple[int, ...]    # key indices
    average: str = "micro"   # "micro" | "macro"


def _row_f1(agg: np.ndarray, spec: _RowSpec) -> np.ndarray:
    """F1 of one row from aggregated counts ``agg`` of shape (..., n_keys, 3)."""
    sub = agg[..., list(spec.keys), :]
    if spec.average == "micro":
        s = sub.sum(axis=-2)
        return f1_array(s[..., 0], s[..., 1], s[..., 2])  # nan where nothing was counted (the n/a policy)
    per_key = f1_array(sub[..., 0], sub[..., 1], sub[..., 2])
    with warnings.catch_warnings():  # "mean of empty slice": an all-undefined macro row is nan by policy
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(per_key, axis=-1)


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values; undefined entries (``None``, or ``nan``) are left
    out of the family and stay ``None``.

    >>> holm([0.01, 0.04, 0.03, None])
    [0.03, 0.06, 0.06, None]
    """
    p = np.array([math.nan if x is None else x for x in p_values], dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    order = ok[np.argsort(p[ok], kind="stable")]
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return [_defined(round(float(x), 12)) for x in out]


def _defined(x: float) -> float | None:
    """A number the library hands out: ``None`` where it is undefined (``nan`` inside arrays)."""
    return None if math.isnan(x) else x


# ---------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GateRow:
    """One line of the gate's table. ``counts_*`` are summed (tp, fp, fn). A score, Δ,
    interval bound or p-value that is undefined (the row is ``n/a`` on a side) is ``None``."""

    name: str
    level: str
    average: str
    baseline: float | None
    candidate: float | None
    delta: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    p_adj: float | None
    tolerance: float
    verdict: str
    counts_baseline: tuple[int, int, int]
    counts_candidate: tuple[int, int, int]

    @property
    def support(self) -> int:
        return self.counts_baseline[0] + self.counts_baseline[2]

    def to_json(self) -> dict:
        out = asdict(self)
        out["counts_baseline"] = list(self.counts_baseline)
        out["counts_candidate"] = list(self.counts_candidate)
        out["support"] = self.support
        return out


@dataclass(frozen=True)
class DocDriver:
    """A document that drives a failing row's drop: its counts on both sides and the
    candidate's span differences there (one readable line each)."""

    doc_id: str
    baseline: tuple[int, int, int]
    candidate: tuple[int, int, int]
    differences: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "baseline": list(self.baseline), "candidate": list(self.candidate),
                "differences": list(self.differences)}


@dataclass
class GateResult:
    """What :func:`gate` found. ``passed`` is False iff some row's verdict is ``fail``."""

    rows: list[GateRow]
    alpha: float
    tolerance: float
    n_boot: int
    seed: int
    n_docs: int
    correction: str = "holm"
    baseline_name: str = ""
    candidate_name: str = ""
    signature: str = ""
    first_failure: str | None = None
    drivers: list[DocDriver] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(r.verdict == "fail" for r in self.rows)

    @property
    def failing(self) -> list[GateRow]:
        return [r for r in self.rows if r.verdict == "fail"]

    def to_json(self) -> dict:
        return {
            "passed": self.passed, "alpha": self.alpha, "tolerance": self.tolerance, "n_boot": self.n_boot,
            "seed": self.seed, "n_docs": self.n_docs, "correction": self.correction,
            "p_value": "one-sided paired bootstrap: (1 + #{resamples with candidate not worse}) / (1 + #{resamples where F1 is defined})",
            "baseline": self.baseline_name, "candidate": self.candidate_name, "signature": self.signature,
            "rows": [r.to_json() for r in self.rows], "first_failure": self.first_failure,
            "drivers": [d.to_json() for d in self.drivers], "warnings": list(self.warnings),
        }


# ---------------------------------------------------------------------------
# the comparison
# ---------------------------------------------------------------------------
def _row_specs(keys: Sequence[str], groups: Mapping[str, Sequence[str]] | None) -> list[_RowSpec]:
    index = {k: i for i, k in enumerate(keys)}
    specs = [_RowSpec(k, "field", (i,)) for i, k in enumerate(keys)]
    for name, members in (groups or {}).items():
        idx = tuple(index[m] for m in members if m in index)
        if idx:
            specs.append(_RowSpec(f"{name} micro", "schema", idx))
    every = tuple(range(len(keys)))
    specs.append(_RowSpec("overall micro", "overall", every, "micro"))
    specs.append(_RowSpec("overall macro", "overall", every, "macro"))
    return specs


def compare_counts(baseline: np.ndarray, candidate: np.ndarray, doc_ids: Sequence[str], keys: Sequence[str], *,
                   groups: Mapping[str, Sequence[str]] | None = None, tolerance: float = 0.02, alpha: float = 0.05,
                   n_boot: int = 1000, seed: int = 12345, block: int | None = None) -> GateResult:
    """Compare two aligned per-document count arrays ``(n_docs, n_keys, 3)`` row by row
    (see the module doc for every rule). ``groups`` maps a schema name to its keys."""
    base = np.asarray(baseline, dtype=np.int64)
    cand = np.asarray(candidate, dtype=np.int64)
    n_docs, n_keys = len(doc_ids), len(keys)
    if base.shape != (n_docs, n_keys, 3) or cand.shape != base.shape:
        raise ValueError(f"count arrays must both have shape ({n_docs}, {n_keys}, 3); got {base.shape} and {cand.shape}")
    if n_boot < 1:
        raise ValueError("n_boot must be at least 1")
    specs = _row_specs(keys, groups)
    tot_b, tot_c = base.sum(axis=0), cand.sum(axis=0)
    point_b = [float(_row_f1(tot_b, s)) for s in specs]
    point_c = [float(_row_f1(tot_c, s)) for s in specs]
    deltas = _paired_deltas(base, cand, specs, n_boot, seed, block)
    raw_p, cis = _p_values_and_intervals(point_b, point_c, deltas)
    adj = holm(raw_p)
    rows = []
    for j, s in enumerate(specs):
        d = _defined(point_c[j] - point_b[j])
        idx = list(s.keys)
        carriers = int(np.count_nonzero(base[:, idx].any(axis=(1, 2)) | cand[:, idx].any(axis=(1, 2))))
        verdict = _verdict(d, adj[j], carriers, tolerance, alpha)
        cb = tuple(int(x) for x in tot_b[idx].sum(axis=0))
        cc = tuple(int(x) for x in tot_c[idx].sum(axis=0))
        rows.append(GateRow(s.name, s.level, s.average, _defined(point_b[j]), _defined(point_c[j]), d, cis[j][0],
                            cis[j][1], raw_p[j], adj[j], tolerance, verdict, cb, cc))
    result = GateResult(rows, alpha, tolerance, n_boot, seed, n_docs)
    first = next((r for r in rows if r.verdict == "fail"), None)
    if first is not None:
        result.first_failure = _first_failure_text(first, sum(1 for p in raw_p if p is not None), tolerance, alpha)
        result.drivers = _drivers(base, cand, doc_ids, specs[rows.index(first)].keys)
    return result


def _paired_deltas(base: np.ndarray, cand: np.ndarray, specs: Sequence[_RowSpec], n_boot: int, seed: int,
                   block: int | None) -> np.ndarray:
    """Δ* = candidate F1 − baseline F1 per row and resample, shape ``(n_rows, n_boot)``:
    the same document draw for both sides, ``block`` resamples at a time."""
    n_docs, n_keys = base.shape[0], base.shape[1]
    rng = np.random.default_rng(seed)
    flat_b = base.reshape(n_docs, -1).astype(np.float64)
    flat_c = cand.reshape(n_docs, -1).astype(np.float64)
    block = block or max(1, min(n_boot, 4_000_000 // max(1, n_docs)))
    deltas = np.empty((len(specs), n_boot))
    done = 0
    while done < n_boot:
        n = min(block, n_boot - done)
        w = resample_weights(rng, n_docs, n) if n_docs else np.zeros((n, 0))
        agg_b = (w @ flat_b).reshape(n, n_keys, 3)
        agg_c = (w @ flat_c).reshape(n, n_keys, 3)
        for j, s in enumerate(specs):
            deltas[j, done:done + n] = _row_f1(agg_c, s) - _row_f1(agg_b, s)
        done += n
    return deltas


def _p_values_and_intervals(point_b: Sequence[float], point_c: Sequence[float], deltas: np.ndarray):
    """Per row: the one-sided p-value over the resamples where F1 is defined and the
    percentile 95% interval of Δ (``None`` for a row whose Δ is undefined)."""
    raw_p: list[float | None] = []
    cis: list[tuple[float | None, float | None]] = []
    for j in range(len(point_b)):
        if math.isnan(point_c[j] - point_b[j]):
            raw_p.append(None)
            cis.append((None, None))
            continue
        dj = deltas[j]
        defined = ~np.isnan(dj)
        not_worse = int(np.sum(dj[defined] >= 0))
        raw_p.append((1 + not_worse) / (1 + int(defined.sum())))
        finite = dj[defined]
        cis.append(tuple(float(x) for x in np.percentile(finite, [2.5, 97.5])) if finite.size else (None, None))
    return raw_p, cis


def _verdict(delta: float | None, p_adj: float | None, carriers: int, tolerance: float, alpha: float) -> str:
    """The row's verdict (:data:`VERDICTS`); ``carriers``: documents with any count in the row.

    >>> _verdict(-0.5, 0.001, 5, 0.02, 0.05), _verdict(-0.5, 0.001, 1, 0.02, 0.05), _verdict(-0.01, 0.001, 5, 0.02, 0.05)
    ('fail', 'noise', 'pass')
    """
    if delta is None:
        return "n/a"
    if delta >= -tolerance - 1e-12:
        return "pass"
    if p_adj < alpha and carriers >= 2:
        return "fail"
    return "noise"


def _first_failure_text(first: GateRow, m: int, tolerance: float, alpha: float) -> str:
    """The sentence naming the rule the first failing row broke; ``m`` rows in the Holm family."""
    return (f"{first.name}: F1 fell from {fmt.score(first.baseline)} to {fmt.score(first.candidate)} "
            f"(Δ {first.delta:+.3f}, 95% CI [{first.ci_low:+.3f}, {first.ci_high:+.3f}]), a drop larger than the "
            f"tolerance {tolerance:g}, and significant: p = {first.p_value:.4f}, Holm-adjusted over {m} "
            f"comparisons {first.p_adj:.4f} < α = {alpha:g}")


def _drivers(base: np.ndarray, cand: np.ndarray, doc_ids: Sequence[str], key_idx: Sequence[int],
             top: int = 3) -> list[DocDriver]:
    """Documents ranked by the errors the candidate adds on these keys (fp + fn, then tp lost)."""
    b = base[:, list(key_idx)].sum(axis=1)
    c = cand[:, list(key_idx)].sum(axis=1)
    added = (c[:, 1] + c[:, 2]) - (b[:, 1] + b[:, 2])
    lost = b[:, 0] - c[:, 0]
    order = sorted(range(len(doc_ids)), key=lambda i: (-added[i], -lost[i], doc_ids[i]))
    return [DocDriver(doc_ids[i], tuple(int(x) for x in b[i]), tuple(int(x) for x in c[i]))
            for i in order[:top] if added[i] > 0 or lost[i] > 0]


# ---------------------------------------------------------------------------
# gate over two results
# ---------------------------------------------------------------------------
def _align(baseline, candidate) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    b_ids, c_ids = list(baseline.doc_ids), list(candidate.doc_ids)
    if set(b_ids) != set(c_ids):
        only_b = sorted(set(b_ids) - set(c_ids))
        only_c = sorted(set(c_ids) - set(b_ids))
        raise SignatureMismatch("cannot compare: the documents differ "
                                f"(only in baseline: {', '.join(only_b[:5]) or '-'}; only in candidate: {', '.join(only_c[:5]) or '-'})")
    keys = list(dict.fromkeys([str(k) for k in candidate.keys] + [str(k) for k in baseline.keys]))

    def table(res, ids):
        counts = np.asarray(res.counts, dtype=np.int64)
        pos = {d: i for i, d in enumerate(res.doc_ids)}
        kpos = {str(k): i for i, k in enumerate(res.keys)}
        out = np.zeros((len(ids), len(keys), 3), dtype=np.int64)
        for j, k in enumerate(keys):
            if k in kpos:
                out[:, j] = counts[[pos[d] for d in ids], kpos[k]]
        return out

    return table(baseline, c_ids), table(candidate, c_ids), c_ids, keys


def gate(candidate, baseline, *, tolerance: float = 0.02, alpha: float = 0.05, n_boot: int = 1000, seed: int = 12345,
         groups: Mapping[str, Sequence[str]] | None = None, gold: Mapping | None = None,
         predictions: Mapping | None = None, documents: Callable[[], tuple[Mapping, Mapping]] | None = None
         ) -> GateResult:
    """Compare a candidate ``EvalResult`` with a baseline (``EvalResult`` or
    :class:`~hoinghi.eval.baselines.Baseline`). Refuses (:class:`~hoinghi.errors.SignatureMismatch`) when the
    gold fingerprint, schema version or matching mode differ, or the documents differ.

    ``groups`` (schema → keys) defaults to the schemas' labels. With ``gold`` and
    ``predictions`` (doc id → ``Document``) the documents driving a failure list the
    candidate's span differences there; ``documents`` gives the two when they are not at
    hand, called only when a failure has driving documents (a passing gate reads none).
    """
    check_comparable(getattr(baseline, "signature", None), getattr(candidate, "signature", None))
    base, cand, ids, keys = _align(baseline, candidate)
    if groups is None:
        groups = dict(getattr(candidate, "groups", None) or {}) or _schema_groups(keys)
    result = compare_counts(base, cand, ids, keys, groups=groups, tolerance=tolerance, alpha=alpha,
                            n_boot=n_boot, seed=seed)
    result.baseline_name = str(getattr(baseline, "extractor", "") or "")
    result.candidate_name = str(getattr(candidate, "extractor", "") or "")
    sig = getattr(candidate, "signature", None)
    result.signature = signature_text(sig)
    if result.drivers and (gold is None or predictions is None) and documents is not None:
        gold, predictions = documents()
    if result.drivers and gold is not None and predictions is not None:
        failing = result.failing[0]
        labels = labels_of_row(failing.name, keys, groups)
        result.drivers = [DocDriver(d.doc_id, d.baseline, d.candidate,
                                    tuple(span_differences(gold.get(d.doc_id), predictions.get(d.doc_id), labels)))
                          for d in result.drivers]
    return result


def _schema_groups(keys: Sequence[str]) -> dict[str, list[str]]:
    by_schema: dict[str, list[str]] = {}
    l2s = load_schemas().label_to_schema()
    for k in (k for k in keys if k in l2s):
        by_schema.setdefault(l2s[k], []).append(k)
    return by_schema
