"""Extractor runner overhead: documents per second through ``run_extractor`` for each
kind of spec, side by side with calling the same function in a plain loop (the floor).

    .venv/bin/python benchmarks/bench_runner.py [--docs 2000] [--jobs 1 2]

Documents are the five shared corpus articles (or tests/data gold texts when the corpus
is absent), repeated with new ids. Run on demand; never part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from hoinghi.document import Document, write_documents
from hoinghi.eval.runner import run_extractor
from hoinghi.extractors.trivial import extract as trivial

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def _documents(n: int) -> list[Document]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not texts:
        texts = [json.loads(line)["text"] for line in (REPO / "tests/data/gold-small.jsonl").open(encoding="utf-8")]
    return [Document(f"b{i:06d}", texts[i % len(texts)]) for i in range(n)]


def _time(label: str, fn, n: int, rows: list) -> None:
    t = time.perf_counter()
    failures = fn()
    dt = time.perf_counter() - t
    rows.append((label, dt, n / dt, failures))
    print(f"{label:<48} {dt:8.2f} s {n / dt:10.0f} docs/s  failures={failures}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    docs = _documents(args.docs)
    n = len(docs)
    chars = sum(len(d.text) for d in docs)
    print(f"{n} documents, {chars / n:.0f} characters each on average; python {sys.version.split()[0]}")
    rows: list = []
    _time("plain loop, trivial (floor, no isolation)", lambda: [trivial(d) for d in docs] and 0, n, rows)
    for jobs in args.jobs:
        _time(f"run_extractor trivial, jobs={jobs}",
              lambda: len(run_extractor("trivial", docs, jobs=jobs, progress=False).failures), n, rows)
    try:
        from hoinghi.extractors.reference import extract as reference
    except ImportError:
        reference = None
    if reference is not None:
        _time("plain loop, reference (floor, no isolation)", lambda: [reference(d) for d in docs] and 0, n, rows)
        for jobs in args.jobs:
            _time(f"run_extractor reference, jobs={jobs}",
                  lambda: len(run_extractor("reference", docs, jobs=jobs, progress=False).failures), n, rows)
    py_cmd = f"cmd:{sys.executable} {REPO / 'tests/data/cmd_extractor.py'}"
    for jobs in args.jobs:
        _time(f"run_extractor cmd:python script, jobs={jobs}",
              lambda: len(run_extractor(py_cmd, docs, jobs=jobs, progress=False).failures), n, rows)
    if shutil.which("node"):
        node_cmd = f"cmd:node {REPO / 'examples/node_extractor.js'}"
        for jobs in args.jobs:
            _time(f"run_extractor cmd:node example, jobs={jobs}",
                  lambda: len(run_extractor(node_cmd, docs, jobs=jobs, progress=False).failures), n, rows)
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        write_documents(pred, [{"id": d.id, **{k: v for k, v in trivial(d).items() if k != "id"}} for d in docs])
        _time("run_extractor prediction file (read + check)",
              lambda: len(run_extractor(str(pred), docs, progress=False).failures), n, rows)


if __name__ == "__main__":
    main()
