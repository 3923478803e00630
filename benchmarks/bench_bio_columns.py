"""Benchmark: the BIO view's columnar counting (``bio.count_columns``) beside the object
path it must equal (``bio.doc_counts``, one document at a time), on the seeded synthetic
data of ``bench_scoring.py`` (``make_doc``: 30 gold spans per document; predictions
shifted, relabelled, deleted, plus spurious spans).

A function-level figure for the columnar scorer of issue 12 (not yet behind a command):
the data is built first, in each path's own input form (Arrow-like columns per batch for
one, ``Document``s for the other), and only the counting calls are timed (wall clock), both
in this one process, one after the other. The columnar time includes the one-off
code-point class table (reported apart too). The two paths' counts are checked equal,
document by document, and the lost spans in total.

    .venv/bin/python benchmarks/bench_bio_columns.py                    # 100k documents, batches of 10k
    .venv/bin/python benchmarks/bench_bio_columns.py --n 20000 --batch 5000
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scoring import make_doc  # noqa: E402

from hoinghi.document import Document, Span  # noqa: E402
from hoinghi.eval.columns import LabelIndex, SpanColumns  # noqa: E402
from hoinghi.eval.metrics import bio  # noqa: E402
from hoinghi.schema import load_schemas  # noqa: E402


def batches(raw, size: int, index: LabelIndex):
    """``(texts, gold columns, prediction columns)`` per batch of ``size`` documents."""
    ids = {label: k for k, label in enumerate(index.labels)}
    for lo in range(0, len(raw), size):
        part = raw[lo:lo + size]
        sides = [SpanColumns.from_keys((d, (s, e, ids[lab])) for d, doc in enumerate(part) for s, e, lab in doc[k])
                 for k in (3, 4)]
        yield [doc[1] for doc in part], *sides


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="documents")
    ap.add_argument("--batch", type=int, default=10_000, help="documents per batch")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    raw = [make_doc(i, args.seed) for i in range(args.n)]
    index = LabelIndex.from_schemas(load_schemas())
    cols = list(batches(raw, args.batch, index))
    docs = [(Document(d[0], d[1], tuple(Span(*k) for k in d[3])), Document(d[0], None, tuple(Span(*k) for k in d[4])))
            for d in raw]
    l2s = index.label_to_schema()

    t = time.perf_counter()
    bio._bmp_classes()
    table = time.perf_counter() - t
    out = [bio.count_columns(*b, index) for b in cols]
    columnar = time.perf_counter() - t

    t = time.perf_counter()
    objects = [bio.doc_counts(g, p, l2s) for g, p in docs]
    object_path = time.perf_counter() - t

    per_doc = [o.label_counts(d, index.labels) for o in out for d in range(len(o.counts))]
    same = per_doc == [o.counts for o in objects] and (
        sum(o.lost_gold for o in out), sum(o.lost_pred for o in out)) == (
        sum(o.lost_gold for o in objects), sum(o.lost_pred for o in objects))
    spans = sum(len(b[1]) + len(b[2]) for b in cols)
    print(f"{args.n} documents in batches of {args.batch}, {spans} spans (gold + predictions, unique)")
    print(f"  count_columns  {columnar:8.3f} s  (code-point class table {table:.3f} s of it)")
    print(f"  doc_counts     {object_path:8.3f} s  (one document at a time)")
    print(f"  speed-up {object_path / columnar:.1f}x; counts {'IDENTICAL' if same else 'DIFFER'} on every document")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
