"""Speed of the gate's paired bootstrap and of the HTML report, on seeded synthetic data.

    .venv/bin/python benchmarks/bench_gate.py [--docs 1000 10000 100000] [--n-boot 1000]

Gate: per-document count arrays of 11 fields (tp/fp/fn ~ Poisson(3)/Poisson(0.5)/
Poisson(0.7)); the candidate loses one PERSON hit in 2% of documents and gains one in about 1.8% of the
others (a small net drop, so the p-values are not all at their floor). Side by side in
one run: :func:`hoinghi.eval.gate.compare_counts` (resample weights × counts, one
matrix product per chunk, all 16 rows at once) and the textbook loop (draw indices,
sum the drawn rows, per resample), with their p-values checked equal (same draws).

Report: :func:`hoinghi.eval.html_report.render_html` for documents of ~3,000 characters with
30 gold spans each and the usual error mix. Run on demand, never in the tests.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from hoinghi.eval.gate import compare_counts

KEYS = ["MEETING", "ORGANIZER", "DATE", "TERM", "INDICATOR", "VALUE", "CHANGE", "TARGET", "PERIOD", "PERSON",
        "POSITION"]
GROUPS = {"meetings": KEYS[:4], "indicators": KEYS[4:9], "officials": KEYS[9:]}


def counts(n_docs: int, seed: int = 1, loss: float = 0.02) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    base = np.stack([rng.poisson(3, (n_docs, 11)), rng.poisson(0.5, (n_docs, 11)), rng.poisson(0.7, (n_docs, 11))], -1)
    cand = base.copy()
    hit = rng.random(n_docs) < loss
    person = KEYS.index("PERSON")
    moved = np.minimum(cand[hit, person, 0], 1)
    cand[hit, person, 0] -= moved
    cand[hit, person, 2] += moved
    gain = (rng.random(n_docs) < loss * 0.9) & ~hit      # and finds a missed one in others
    back = np.minimum(cand[gain, person, 2], 1)
    cand[gain, person, 2] -= back
    cand[gain, person, 0] += back
    return base, cand


def naive_p(base, cand, n_boot, seed, key):
    """The textbook paired bootstrap for one field: a Python loop over resamples."""
    rng = np.random.default_rng(seed)
    n = len(base)
    not_worse = 0
    f1 = lambda c: 2 * c[0] / (2 * c[0] + c[1] + c[2])  # noqa: E731
    for _ in range(n_boot):
        idx = rng.integers(0, n, size=n)
        if f1(cand[idx, key].sum(0)) - f1(base[idx, key].sum(0)) >= 0:
            not_worse += 1
    return (1 + not_worse) / (1 + n_boot)


def bench_gate(sizes, n_boot):
    print(f"gate: paired bootstrap, {n_boot} resamples, 11 fields -> 16 rows")
    print(f"{'docs':>8}  {'compare_counts s':>16}  {'naive loop (1 row) s':>20}  {'p (PERSON)':>10}  {'naive p':>8}")
    for n in sizes:
        base, cand = counts(n)
        t = time.perf_counter()
        res = compare_counts(base, cand, [str(i) for i in range(n)], KEYS, groups=GROUPS, n_boot=n_boot, seed=7)
        fast = time.perf_counter() - t
        t = time.perf_counter()
        p = naive_p(base, cand, n_boot, 7, KEYS.index("PERSON"))
        slow = time.perf_counter() - t
        row = next(r for r in res.rows if r.name == "PERSON")
        print(f"{n:>8}  {fast:>16.3f}  {slow:>20.3f}  {row.p_value:>10.4f}  {p:>8.4f}")


def bench_report(sizes):
    from hoinghi.eval.html_report import render_html
    from hoinghi.document import Span
    from hoinghi.eval.outcomes import Outcome
    from hoinghi.eval.report_data import DocView, Report

    print("report: render_html (documents of 3,000 characters, 30 gold spans each)")
    rng = np.random.default_rng(3)
    kinds = ["correct"] * 14 + ["missed", "spurious", "boundary", "label", "boundary+label"]
    for n in sizes:
        docs = []
        for i in range(n):
            outs = []
            for j in range(30):
                s = j * 100 + int(rng.integers(0, 50))
                k = kinds[int(rng.integers(0, len(kinds)))]
                g = None if k == "spurious" else (s, s + 20, KEYS[j % 11])
                p = None if k == "missed" else (s + (2 if "boundary" in k else 0), s + 20,
                                                KEYS[(j + (1 if "label" in k else 0)) % 11])
                outs.append(Outcome(k, g and Span(*g), p and Span(*p)))
            docs.append(DocView(f"d{i}", "x" * 3000, outs))
        t = time.perf_counter()
        page = render_html(Report("bench", docs=docs, labels=KEYS))
        print(f"{n:>8} docs  {time.perf_counter() - t:8.3f} s  {len(page) / 1e6:8.1f} MB")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--report-docs", type=int, nargs="+", default=[5, 100, 1000])
    args = ap.parse_args()
    bench_gate(args.docs, args.n_boot)
    bench_report(args.report_docs)


if __name__ == "__main__":
    main()
