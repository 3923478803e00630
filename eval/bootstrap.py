"""Seeded bootstrap confidence intervals over documents, from per-document counts.

Documents are the independent unit (shared/notes/span-metrics.md §4): each resample
draws ``n_docs`` documents with replacement and re-aggregates their tp/fp/fn. The
counts of all keys are re-aggregated at once — one matrix product of the resample
weights ``(chunk, n_docs)`` (from ``numpy.bincount`` of the drawn indices) with the
count array ``(n_docs, n_keys·3)`` — in chunks of about ``max_cells`` weights
(2M by default: about 30 MB of working memory at any corpus size; 100k documents
take the same time with 8M, four times the memory; much smaller chunks re-read the
count array too often). The product runs in float32
(exact for integer sums below 2**24) unless a key's total is too large for that. The same ``seed`` gives the same intervals whatever the chunk
size (the draws are consumed from one ``numpy.random.default_rng(seed)`` stream).

Statistics: F1 of every key, and micro and macro F1 of every group of keys. The
interval is the 2.5th–97.5th percentile of the resampled values; resamples in which
a statistic is undefined (no gold and no prediction drawn: n/a by the policy of
:mod:`hoinghi.eval.counts`) are left out, and a macro F1 averages the keys defined
in that resample.

>>> import numpy as np
>>> counts = np.array([[[1, 0, 0]], [[0, 1, 1]], [[2, 0, 0]], [[1, 1, 0]]])
>>> ci = bootstrap_f1(counts, {"all": [0]}, n_boot=200, seed=7)
>>> lo, hi = ci.keys[0]
>>> 0.0 <= lo <= 0.8 <= hi <= 1.0
True
>>> ci.groups["all"]["micro"] == ci.keys[0]
True
"""
from __future__ import annotations

__all__ = ["BootstrapCI", "bootstrap_f1", "resample_weights", "f1_array"]

import threading
import warnings
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from .handoff import Handoff


def f1_array(tp, fp, fn) -> np.ndarray:
    """``2tp / (2tp + fp + fn)`` elementwise, ``nan`` where nothing was counted."""
    tp, fp, fn = (np.asarray(x, dtype=np.float64) for x in (tp, fp, fn))
    den = 2 * tp + fp + fn
    out = np.full(den.shape, np.nan)
    np.divide(2 * tp, den, out=out, where=den > 0)
    return out


def resample_weights(rng: np.random.Generator, n_docs: int, n: int, dtype=np.float64) -> np.ndarray:
    """``n`` resamples of ``n_docs`` documents as multiplicity weights, shape ``(n, n_docs)``.

    >>> w = resample_weights(np.random.default_rng(0), 5, 3)
    >>> w.shape, w.sum(axis=1).tolist()
    ((3, 5), [5.0, 5.0, 5.0])
    """
    # int32 draws are the same numbers as int64 ones from the same stream (numpy draws
    # 32-bit values for a range below 2**32 either way; tested) and faster; one bincount
    # per resample stays in cache (twice as fast as one over the whole chunk)
    idx = rng.integers(0, n_docs, size=(n, n_docs), dtype=np.int32 if n_docs < 2 ** 31 else np.int64)
    out = np.empty((n, n_docs), dtype=dtype)
    for r in range(n):
        out[r] = np.bincount(idx[r], minlength=n_docs)
    return out


@dataclass
class _Columns:
    values: np.ndarray   # (n_docs, len(columns)) in the product's dtype
    columns: np.ndarray  # which columns of the count array they are


def _used_columns(blocks: list[np.ndarray], dtype, rows: int = 1 << 16) -> _Columns:
    """The columns of the ``(n_docs, k)`` blocks side by side that are not zero in every
    document (a column zero in every document stays zero in every resample), as
    ``dtype``, converted a block of rows at a time (no full-size integer copy)."""
    used, firsts, at = [], [], 0
    for b in blocks:
        used.append(np.flatnonzero(b.any(axis=0)))
        firsts.append(at)
        at += b.shape[1]
    n_docs = len(blocks[0])
    out = np.empty((n_docs, sum(len(u) for u in used)), dtype=dtype)
    col = 0
    for b, u in zip(blocks, used):
        for row in range(0, n_docs, rows):
            out[row:row + rows, col:col + len(u)] = b[row:row + rows, u]
        col += len(u)
    return _Columns(out, np.concatenate([u + f for u, f in zip(used, firsts)]) if used else np.zeros(0, np.int64))


class _WeightsAhead:
    """The resamples' weights, ``chunk`` resamples at a time in stream order, made one
    block ahead in a thread of its own (numpy leaves the interpreter while it draws and
    counts), so drawing the next block overlaps the product of this one."""

    def __init__(self, rng: np.random.Generator, n_docs: int, chunk: int, n_boot: int, dtype):
        self._blocks = Handoff()
        self._thread = threading.Thread(target=self._work, args=(rng, n_docs, chunk, n_boot, dtype), daemon=True,
                                        name="hoinghi-resamples")

    def _work(self, rng, n_docs: int, chunk: int, n_boot: int, dtype) -> None:
        try:
            for done in range(0, n_boot, chunk):
                if not self._blocks.put(resample_weights(rng, n_docs, min(chunk, n_boot - done), dtype)):
                    return
            self._blocks.done()
        except BaseException as exc:  # raised in the thread that takes the weights
            self._blocks.fail(exc)

    def __enter__(self) -> "_WeightsAhead":
        self._thread.start()
        return self

    def __iter__(self):
        return iter(self._blocks)

    def __exit__(self, *exc) -> None:
        self._blocks.stop()
        self._thread.join()


def _one_blas_thread():
    """The products run on one BLAS thread: they are bound by memory (two threads are no
    faster), and OpenBLAS's idle threads spin after each call, taking CPU from the
    threads that make the report meanwhile (about 0.4 s of CPU on 100k documents)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


@dataclass
class BootstrapCI:
    """95% intervals: ``keys[i] = (low, high)`` per key, ``groups[name] = {"micro": (low,
    high), "macro": (low, high)}``; ``None`` where the statistic was never defined."""

    keys: list[tuple[float, float] | None]
    groups: dict[str, dict[str, tuple[float, float] | None]] = field(default_factory=dict)
    n_boot: int = 0
    seed: int = 0


def _interval(samples: np.ndarray, level: float) -> list[tuple[float, float] | None]:
    """Percentile interval per column of ``samples`` (``nan`` ignored)."""
    out = []
    half = (1 - level) / 2 * 100
    for col in samples.T:
        col = col[~np.isnan(col)]
        if col.size == 0:
            out.append(None)
        else:
            lo, hi = np.percentile(col, [half, 100 - half])
            out.append((float(lo), float(hi)))
    return out


def bootstrap_f1(counts: np.ndarray | Sequence[np.ndarray], groups: Mapping[str, Sequence[int]] | None = None, *,
                 n_boot: int = 1000, seed: int = 12345, level: float = 0.95, max_cells: int = 2_000_000) -> BootstrapCI:
    """Bootstrap intervals for the F1 of every key and the micro/macro F1 of every
    group (a name → key indices) from ``counts`` of shape ``(n_docs, n_keys, 3)``, or a
    list of such arrays side by side (the keys of one after the other's; no copy of
    them all is made)."""
    side_by_side = isinstance(counts, (list, tuple)) and counts and all(isinstance(c, np.ndarray) for c in counts)
    blocks = list(counts) if side_by_side else [np.asarray(counts)]
    n_docs = len(blocks[0]) if blocks else 0
    n_keys = sum(b.shape[1] for b in blocks)
    groups = {name: list(idx) for name, idx in (groups or {}).items()}
    if n_boot <= 0 or n_docs == 0:
        return BootstrapCI([None] * n_keys, {g: {"micro": None, "macro": None} for g in groups}, n_boot, seed)
    rng = np.random.default_rng(seed)
    # float32 halves the memory traffic of the product and is exact for integer sums
    # below 2**24; keys this large in total (4x margin for the resampling) use float64
    total = max((int(b.sum(axis=0).max(initial=0)) for b in blocks), default=0)
    dtype = np.float32 if total * 4 < 2 ** 24 else np.float64
    flat = _used_columns([b.reshape(n_docs, -1) for b in blocks], dtype)
    used = flat.columns
    chunk = max(1, min(n_boot, max_cells // max(1, n_docs)))
    n_stats = n_keys + 2 * len(groups)
    samples = np.empty((n_boot, n_stats))
    done = 0
    with warnings.catch_warnings(), _one_blas_thread(), _WeightsAhead(rng, n_docs, chunk, n_boot, dtype) as ahead:
        warnings.simplefilter("ignore", RuntimeWarning)  # nanmean of an all-undefined macro row
        for weights in ahead:
            n = len(weights)
            agg = np.zeros((n, n_keys * 3))
            agg[:, used] = weights @ flat.values
            agg = agg.reshape(n, n_keys, 3)
            f1 = f1_array(agg[..., 0], agg[..., 1], agg[..., 2])
            block = samples[done:done + n]
            block[:, :n_keys] = f1
            for j, idx in enumerate(groups.values()):
                s = agg[:, idx].sum(axis=1)
                block[:, n_keys + 2 * j] = f1_array(s[:, 0], s[:, 1], s[:, 2])
                block[:, n_keys + 2 * j + 1] = np.nanmean(f1[:, idx], axis=1) if idx else np.nan
            done += n
    ints = _interval(samples, level)
    out_groups = {name: {"micro": ints[n_keys + 2 * j], "macro": ints[n_keys + 2 * j + 1]}
                  for j, name in enumerate(groups)}
    return BootstrapCI(ints[:n_keys], out_groups, n_boot, seed)
