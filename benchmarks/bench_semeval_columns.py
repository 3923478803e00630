"""Benchmark: the SemEval-2013 outcome tally on columns (``eval/metrics/semeval.py``,
``tally_columns``) beside the object path it replaces (``SEMEVAL.kinds`` per document, the
loop of ``eval/scoring.py::_one_pass`` with ``breakdown=True``), on the synthetic data of
``bench_scoring.py`` (``make_doc``: 30 gold spans per document, predictions deleted,
shifted, relabelled, spurious).

The columnar function is not wired into a command yet, so this times the calls themselves
in one process (wall clock, best of ``--repeat``): the columns of each batch are built
first (the loader's work, not timed), then ``tally_columns`` runs over every batch; the
object path runs over the same documents as span keys. The totals must be equal, and the
script says how many documents and clusters took the slow road (``SEMEVAL.kinds``).

    .venv/bin/python benchmarks/bench_semeval_columns.py                    # 100k documents
    .venv/bin/python benchmarks/bench_semeval_columns.py --docs 10000 --no-object
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scoring import make_doc  # noqa: E402

from hoinghi.eval.columns import LabelIndex, SpanColumns  # noqa: E402
from hoinghi.eval.matching import SEMEVAL  # noqa: E402
from hoinghi.eval.metrics.semeval import semeval_tally  # noqa: E402
from hoinghi.eval.outcomes import OUTCOME_KINDS  # noqa: E402
from hoinghi.eval.scoring import gc_paused  # noqa: E402
from hoinghi.schema import load_schemas  # noqa: E402


def batches(raw, ix: LabelIndex, size: int) -> list[tuple[SpanColumns, SpanColumns, int]]:
    """``(gold, pred, n_docs)`` columns per batch of ``size`` documents."""
    out = []
    for lo in range(0, len(raw), size):
        part = raw[lo:lo + size]
        sides = []
        for k in (3, 4):
            rows = [(d, s, e, ix.label_id(lab)) for d, doc in enumerate(part) for s, e, lab in doc[k]]
            sides.append(SpanColumns.sorted_unique(*np.array(rows, dtype=np.int64).T))
        out.append((sides[0], sides[1], len(part)))
    return out


def columnar(cols, ix: LabelIndex) -> tuple[np.ndarray, int, int]:
    counts, slow_docs, slow_clusters = 0, 0, 0
    for gold, pred, n in cols:
        t = semeval_tally(gold, pred, ix, n)
        counts, slow_docs, slow_clusters = counts + t.counts, slow_docs + t.slow_docs, slow_clusters + t.slow_clusters
    return counts, slow_docs, slow_clusters


def object_path(raw, ix: LabelIndex) -> np.ndarray:
    l2s = ix.label_to_schema()
    row = {name: i for i, name in enumerate(ix.schemas)}
    kind_col = {k: i for i, k in enumerate(OUTCOME_KINDS)}
    counts = np.zeros((len(ix.schemas), len(OUTCOME_KINDS)), dtype=np.int64)
    for _, _, _, gold, pred in raw:
        for kind, g, p in SEMEVAL.kinds(gold, pred, l2s, ordered=False)[0]:
            counts[row[l2s[(g or p)[2]]], kind_col[kind]] += 1
    return counts


def timed(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        with gc_paused():
            result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-object", action="store_true", help="skip the object path (slow)")
    args = ap.parse_args(argv)
    ix = LabelIndex.from_schemas(load_schemas())
    raw = [make_doc(i, args.seed) for i in range(args.docs)]
    cols = batches(raw, ix, args.batch)
    n_gold, n_pred = sum(len(g) for g, _, _ in cols), sum(len(p) for _, p, _ in cols)
    print(f"{args.docs:,} documents in batches of {args.batch:,}: {n_gold:,} gold / {n_pred:,} unique predicted spans")
    sec, (counts, slow_docs, slow_clusters) = timed(lambda: columnar(cols, ix), args.repeat)
    print(f"tally_columns     {sec:8.3f} s  (best of {args.repeat}); slow road: {slow_docs} documents, "
          f"{slow_clusters} clusters")
    if not args.no_object:
        sec_obj, expected = timed(lambda: object_path(raw, ix), 1)
        print(f"SEMEVAL.kinds     {sec_obj:8.3f} s  (one run)  -> {sec_obj / sec:.0f}x; counts equal: "
              f"{np.array_equal(counts, expected)}")
        if not np.array_equal(counts, expected):
            raise SystemExit("the columnar tally differs from the object path")
    for name, row in zip(ix.schemas, counts):
        print(f"  {name:<11}", "  ".join(f"{k} {n:,}" for k, n in zip(OUTCOME_KINDS, row.tolist())))


if __name__ == "__main__":
    main()
