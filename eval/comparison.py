"""Two runs compared both ways: what the HTML report's comparison shows.

The gate asks one question (is the candidate worse than its baseline beyond the
tolerance?) with a one-sided test; with the stronger run second, every gate row passes
and none says "better". A comparison asks which run is better: for every field, schema
and overall row,

* Δ = F1(second run) − F1(first run), with the 95% percentile interval of Δ over the
  same paired bootstrap the gate uses (the same documents drawn for both runs);
* a **two-sided** p-value: twice the smaller tail, ``2 · min(P*(Δ* ≥ 0), P*(Δ* ≤ 0))``
  with the gate's ``(1 + k) / (1 + n)`` share over resamples where F1 is defined, capped at 1;
* Holm–Bonferroni over the rows whose Δ is defined;
* a verdict: ``better`` or ``worse`` (the second run against the first) when the
  Holm-adjusted p is below α and at least two documents carry the row, otherwise
  ``no significant difference`` (``n/a`` when F1 is undefined on both sides).

>>> import numpy as np
>>> a = np.array([[[1, 0, 1]], [[1, 0, 1]], [[1, 0, 1]], [[2, 0, 0]]] * 5)
>>> b = np.array([[[2, 0, 0]], [[2, 0, 0]], [[2, 0, 0]], [[2, 0, 0]]] * 5)
>>> c = compare_count_arrays(a, b, [f"d{i}" for i in range(20)], ["PERSON"], names=("v1", "v2"), n_boot=200)
>>> [(r.name, r.verdict) for r in c.rows][:1], c.rows[0].delta > 0
([('PERSON', 'better')], True)
"""
from __future__ import annotations

__all__ = ["ComparisonRow", "Comparison", "COMPARISON_VERDICTS", "compare_runs", "compare_count_arrays"]

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from .gate import _align, _defined, _paired_deltas, _row_f1, _row_specs, holm
from .signature import check_comparable

#: What a comparison row can say about the second run against the first.
COMPARISON_VERDICTS = ("better", "worse", "no significant difference", "n/a")


@dataclass(frozen=True)
class ComparisonRow:
    """One row: F1 of each run, Δ (second − first) and its interval, the two-sided p, the
    Holm-adjusted p and the verdict; ``counts_*`` are summed (tp, fp, fn)."""

    name: str
    level: str
    first: float | None
    second: float | None
    delta: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    p_adj: float | None
    verdict: str
    counts_first: tuple[int, int, int]
    counts_second: tuple[int, int, int]


@dataclass
class Comparison:
    """Two runs compared row by row; ``names`` = (first run, second run)."""

    names: tuple[str, str]
    rows: list[ComparisonRow]
    n_docs: int
    n_boot: int
    seed: int
    alpha: float

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)


def _two_sided(deltas: np.ndarray, point: float) -> float | None:
    if np.isnan(point):
        return None
    d = deltas[~np.isnan(deltas)]
    n = int(d.size)
    up = (1 + int(np.sum(d >= 0))) / (1 + n)
    down = (1 + int(np.sum(d <= 0))) / (1 + n)
    return min(1.0, 2 * min(up, down))


def _verdict(delta: float | None, p_adj: float | None, carriers: int, alpha: float) -> str:
    if delta is None or p_adj is None:
        return "n/a"
    if p_adj < alpha and carriers >= 2 and delta != 0:
        return "better" if delta > 0 else "worse"
    return "no significant difference"


def compare_count_arrays(first: np.ndarray, second: np.ndarray, doc_ids: Sequence[str], keys: Sequence[str], *,
                         names: tuple[str, str], groups: Mapping[str, Sequence[str]] | None = None,
                         n_boot: int = 1000, seed: int = 12345, alpha: float = 0.05) -> Comparison:
    """Compare two aligned per-document count arrays ``(n_docs, n_keys, 3)`` (see the module doc)."""
    a, b = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
    specs = _row_specs(keys, groups)
    tot_a, tot_b = a.sum(axis=0), b.sum(axis=0)
    point_a = [float(_row_f1(tot_a, s)) for s in specs]
    point_b = [float(_row_f1(tot_b, s)) for s in specs]
    deltas = _paired_deltas(a, b, specs, n_boot, seed, None)
    raw_p = [_two_sided(deltas[j], point_b[j] - point_a[j]) for j in range(len(specs))]
    adj = holm(raw_p)
    rows = []
    for j, s in enumerate(specs):
        idx = list(s.keys)
        finite = deltas[j][~np.isnan(deltas[j])]
        ci = tuple(float(x) for x in np.percentile(finite, [2.5, 97.5])) if finite.size else (None, None)
        delta = _defined(point_b[j] - point_a[j])
        if delta is None:
            ci = (None, None)
        carriers = int(np.count_nonzero(a[:, idx].any(axis=(1, 2)) | b[:, idx].any(axis=(1, 2))))
        rows.append(ComparisonRow(s.name, s.level, _defined(point_a[j]), _defined(point_b[j]), delta, ci[0], ci[1],
                                  raw_p[j], adj[j], _verdict(delta, adj[j], carriers, alpha),
                                  tuple(int(x) for x in tot_a[idx].sum(axis=0)),
                                  tuple(int(x) for x in tot_b[idx].sum(axis=0))))
    return Comparison(tuple(names), rows, len(doc_ids), n_boot, seed, alpha)


def compare_runs(first, second, *, names: tuple[str, str], n_boot: int = 1000, seed: int = 12345,
                 alpha: float = 0.05) -> Comparison:
    """Compare two ``EvalResult``\\ s scored on the same gold, schemas, mode and fields
    (else :class:`~hoinghi.errors.SignatureMismatch` naming the part)."""
    check_comparable(getattr(first, "signature", None), getattr(second, "signature", None),
                     baseline_where=names[0], candidate_where=names[1])
    a, b, ids, keys = _align(first, second)
    groups = dict(getattr(second, "groups", None) or {})
    return compare_count_arrays(a, b, ids, keys, names=names, groups=groups, n_boot=n_boot, seed=seed, alpha=alpha)
