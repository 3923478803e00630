"""Corpus-scale extraction: ``hoinghi extract`` with the local engine at 1 and 2 processes
and with Ray at 2 CPUs, timed as whole processes, side by side in one run.

    .venv/bin/python benchmarks/bench_extract.py [--sizes 20000,200000] [--extractor reference]

Documents are the shared corpus articles (or the tests/data gold texts when the corpus is
absent), repeated with new ids, in one JSONL file. Each configuration is the command a
user types (``hoinghi extract -e reference --in corpus.jsonl --out preds.jsonl -q``, plus
``--jobs N`` / ``--engine ray --jobs 2``), run in a fresh process into a fresh output;
wall clock is measured around the process. The outputs are compared byte for byte.

From the two sizes it fits ``wall = start-up + n / rate`` per configuration and prints the
size from which Ray at 2 CPUs beats the local engine at 2 processes (the break-even).
Run on demand; never part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
HOINGHI = str(Path(sys.executable).with_name("hoinghi"))
CONFIGS = {  # name -> extra arguments
    "local-1": ["--jobs", "1"],          # local engine, 1 worker process
    "local-2": ["--jobs", "2"],          # local engine, 2 worker processes
    "ray-2": ["--engine", "ray", "--jobs", "2"],  # Ray Data started here with 2 CPUs
}


def _texts(corpus: Path = CORPUS) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        texts = [json.loads(line)["text"] for line in (REPO / "tests/data/gold-small.jsonl").open(encoding="utf-8")]
    return texts


def _corpus(path: Path, n: int, corpus: Path) -> None:
    texts = [json.dumps(t, ensure_ascii=False) for t in _texts(corpus)]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(f'{{"id": "a{i:07d}", "text": {texts[i % len(texts)]}}}\n')


def _run(name: str, extractor: str, corpus: Path, out: Path) -> float:
    argv = [HOINGHI, "extract", "-e", extractor, "--in", str(corpus), "--out", str(out), "-q", *CONFIGS[name]]
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    t = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr[-2000:]}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20000,200000")
    ap.add_argument("--extractor", default="reference")
    ap.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated subset of: " + ", ".join(CONFIGS))
    ap.add_argument("--corpus", type=Path, default=CORPUS, help=f"folder of .txt articles (default: {CORPUS})")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    configs = [c.strip() for c in args.configs.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, extractor {args.extractor}, "
          f"{len(_texts(args.corpus))} distinct article texts", flush=True)
    walls: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            _corpus(corpus, n, args.corpus)
            outputs = {}
            for name in configs:
                out = Path(tmp) / f"out-{n}-{len(outputs)}.jsonl"
                walls[name, n] = _run(name, args.extractor, corpus, out)
                outputs[name] = out.read_bytes()
                out.unlink()
                print(f"{n:>9,} docs  {name:<8} {walls[name, n]:8.1f} s  {n / walls[name, n]:8.0f} docs/s", flush=True)
            same = len(set(outputs.values())) == 1
            print(f"{n:>9,} docs  outputs identical across configurations: {same}", flush=True)
    if len(sizes) >= 2:
        lo, hi = min(sizes), max(sizes)
        fit = {}
        for name in configs:
            rate = (hi - lo) / max(1e-9, walls[name, hi] - walls[name, lo])
            fit[name] = (walls[name, lo] - lo / rate, rate)
            print(f"fit  {name:<8} start-up {fit[name][0]:6.1f} s, {fit[name][1]:7.0f} docs/s")
        a, b = "local-2", "ray-2"
        if a in fit and b in fit:
            (sa, ra), (sb, rb) = fit[a], fit[b]
            if rb > ra and sb > sa:
                print(f"break-even: Ray at 2 CPUs beats the local engine at 2 processes from about "
                      f"{(sb - sa) / (1 / ra - 1 / rb):,.0f} documents")
            else:
                print("break-even: none in this range (Ray is not faster per document on this machine)")


if __name__ == "__main__":
    main()
