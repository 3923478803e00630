"""Throughput of the reference extractor on one core: articles per second on the five
corpus articles repeated (target: at least 200 articles/s), with the trivial extractor
beside it in the same run for scale.

    .venv/bin/python benchmarks/bench_reference.py [--repeat 200] [--corpus ../shared/corpus]

Prints one line per extractor: articles, seconds, articles/s, characters/s, spans/article.
Timing runs in this process only (no workers), so it is one core.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load(corpus: Path):
    from hoinghi.document import Document

    files = sorted(corpus.glob("*.txt"))
    if not files:
        raise SystemExit(f"no *.txt articles in {corpus}")
    return [Document(f.stem, f.read_text(encoding="utf-8")) for f in files]


def _time(fn, docs, repeat: int, rounds: int) -> tuple[float, int]:
    spans = 0
    for d in docs:  # warm-up (regex compilation, schema load)
        fn(d)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        n = 0
        for _ in range(repeat):
            for d in docs:
                out = fn(d)
                n += len(out.spans if hasattr(out, "spans") else out["spans"])
        times.append(time.perf_counter() - t0)
        spans = n
    return statistics.median(times), spans


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=200, help="times the corpus is run (default 200)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds; the median is reported (default 3)")
    ap.add_argument("--corpus", type=Path, default=REPO / ".." / "shared" / "corpus")
    args = ap.parse_args(argv)

    from hoinghi.extractors import reference, trivial

    docs = _load(args.corpus)
    chars = sum(len(d.text) for d in docs) * args.repeat
    n = len(docs) * args.repeat
    print(f"corpus: {len(docs)} articles x {args.repeat} = {n} articles, {chars:,} characters; "
          f"median of {args.rounds} rounds; Python {sys.version.split()[0]}, one process")
    print(f"{'extractor':<28}{'seconds':>9}{'articles/s':>12}{'chars/s':>12}{'spans/article':>15}")
    for name, fn, version in (("reference", reference.extract, reference.__version__),
                              ("trivial", trivial.extract, trivial.__version__)):
        secs, spans = _time(fn, docs, args.repeat, args.rounds)
        print(f"{name + '@' + version:<28}{secs:>9.3f}{n / secs:>12.1f}{chars / secs:>12,.0f}{spans / n:>15.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
