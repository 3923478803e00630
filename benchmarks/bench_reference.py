"""Throughput of the reference extractor on one core: articles per second on the five
corpus articles repeated (target: at least 200 articles/s), with the trivial extractor
beside it in the same run for scale.

    .venv/bin/python benchmarks/bench_reference.py [--repeat 200] [--corpus ../shared/corpus]

Prints one line per extractor: wall seconds and articles/s, CPU seconds of this process and
articles per CPU-second (one core's throughput, robust to other load on the machine),
characters per CPU-second, spans per article. Everything runs in this one process.
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


def _time(fn, docs, repeat: int, rounds: int) -> tuple[float, float, int]:
    """Median wall seconds and median CPU seconds of this process over ``rounds``."""
    spans = 0
    for d in docs:  # warm-up (regex compilation, schema load)
        fn(d)
    times, cpu = [], []
    for _ in range(rounds):
        c0 = time.process_time()
        t0 = time.perf_counter()
        n = 0
        for _ in range(repeat):
            for d in docs:
                out = fn(d)
                n += len(out.spans if hasattr(out, "spans") else out["spans"])
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        spans = n
    return statistics.median(times), statistics.median(cpu), spans


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
    print(f"{'extractor':<28}{'wall s':>8}{'articles/s':>12}{'cpu s':>8}{'articles/cpu-s':>16}{'chars/cpu-s':>13}"
          f"{'spans/article':>15}")
    for name, fn, version in (("reference", reference.extract, reference.__version__),
                              ("trivial", trivial.extract, trivial.__version__)):
        secs, cpu, spans = _time(fn, docs, args.repeat, args.rounds)
        print(f"{name + '@' + version:<28}{secs:>8.3f}{n / secs:>12.1f}{cpu:>8.3f}{n / cpu:>16.1f}{chars / cpu:>13,.0f}"
              f"{spans / n:>15.1f}")
    print("articles/s is wall-clock (includes waiting for a shared core); articles/cpu-s is what one core does.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
