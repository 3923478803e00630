"""Agreement and adjudication speed on seeded synthetic multi-annotator data.

    .venv/bin/python benchmarks/bench_gold.py --docs 100 1000 --annotators 3

Each document: 3,000 characters, ~55 base spans over 6 labels of 3 schemas; each
annotator drops 10% of the spans and shortens 5% by two characters (seeded). Prints
wall time of ``agree`` (span F1 strict+overlap, kappa per schema per pair and per
document) and ``adjudicate(policy="majority")``. Run on demand, never in the tests.
"""
from __future__ import annotations

import argparse
import random
import time

from hoinghi.annotate.adjudication import adjudicate
from hoinghi.annotate.agreement import agree
from hoinghi.annotate.passes import Record
from hoinghi.document import Document, Span

LABELS = ["DATE", "MEETING", "PERSON", "POSITION", "VALUE", "INDICATOR"]
SCHEMAS = frozenset({"meetings", "indicators", "officials"})


def generate(n_docs: int, n_annotators: int, seed: int = 1) -> list[Record]:
    rnd = random.Random(seed)
    out = []
    for i in range(n_docs):
        text = "x" * 3000
        base, pos = [], 0
        while True:
            pos += rnd.randint(5, 60)
            length = rnd.randint(3, 30)
            if pos + length >= 3000:
                break
            base.append((pos, pos + length, rnd.choice(LABELS)))
            pos += length
        for a in range(n_annotators):
            spans = []
            for s, e, lab in base:
                r = rnd.random()
                if r < 0.10:
                    continue
                if r < 0.15:
                    e = max(s + 1, e - 2)
                spans.append(Span(s, e, lab, f"s{s}"))
            out.append(Record(f"annotator-{a}", Document(f"d{i}", text, tuple(spans)), declared_schemas=SCHEMAS))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--annotators", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    agree(generate(2, 2))  # warm-up: imports (sklearn, scipy)
    print(f"{'docs':>6} {'annotators':>10} {'spans':>8} {'agree s':>8} {'adjudicate s':>12} {'strict F1':>9} {'conflicts':>9}")
    for n in args.docs:
        recs = generate(n, args.annotators, args.seed)
        t = time.perf_counter()
        res = agree(recs)
        t_agree = time.perf_counter() - t
        t = time.perf_counter()
        _, log = adjudicate(recs, "majority")
        t_adj = time.perf_counter() - t
        spans = sum(len(r.document.spans) for r in recs)
        print(f"{n:>6} {args.annotators:>10} {spans:>8} {t_agree:>8.2f} {t_adj:>12.2f} {res.overall['strict']:>9.3f} "
              f"{len(log.conflicts):>9}")


if __name__ == "__main__":
    main()
