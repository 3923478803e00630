"""``hoinghi eval`` as a user runs it, beside nervaluate and seqeval, in one run.

    .venv/bin/python benchmarks/bench_eval_cli.py [--sizes 100000] [--data DIR]

Data: the seeded synthetic documents of ``bench_scoring.py`` (30 gold spans over 8 labels
per document; predictions with deletions, shifts, relabels and spurious spans), written as
``gold.jsonl`` (id, text, spans) and ``pred.jsonl`` (id, spans) once per size (kept in
``--data``, default ``workspace/bench-eval``).

Timed, each in its own fresh process, wall clock around the whole process and peak RSS
of that process (``os.wait4``); each hoinghi command ``--repeat`` times (default 3: the
median is shown and used in the ratios, with the fastest and slowest run; the peak is
the largest), each peer once (a minute or more per run):

* ``hoinghi eval --gold gold.jsonl -e pred.jsonl --format json --out r.json -q``: every view
  (span, values, relations, records, BIO, SemEval breakdown, bootstrap 1000×, per-document JSON);
* the same with ``--views span`` (the span view only, still with its bootstrap);
* nervaluate ``Evaluator(...).evaluate()`` and seqeval ``classification_report(...)``: their
  scoring call alone, data already in memory in their own input form (what the issue's
  table compares against), and their whole process beside it;
* hoinghi ``evaluate()`` alone (span view, no bootstrap, data in memory), as in
  ``bench_scoring.py``: labelled ``evaluate()``-only.

The ratio column is peer scoring call ÷ hoinghi whole process. Run on demand; never part
of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scoring import make_doc  # noqa: E402  (the shared seeded generator)

REPO = Path(__file__).resolve().parents[1]
HOINGHI = str(Path(sys.executable).with_name("hoinghi"))


def write_data(folder: Path, n: int, seed: int) -> tuple[Path, Path]:
    """gold.jsonl and pred.jsonl for ``n`` documents (reused when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    gold, pred = folder / f"gold-{n}.jsonl", folder / f"pred-{n}.jsonl"
    if gold.exists() and pred.exists():
        return gold, pred
    with open(gold, "w", encoding="utf-8") as g, open(pred, "w", encoding="utf-8") as p:
        for i in range(n):
            doc_id, text, _, gs, ps = make_doc(i, seed)
            g.write(json.dumps({"id": doc_id, "text": text, "spans": [
                {"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in gs]}, ensure_ascii=False) + "\n")
            p.write(json.dumps({"id": doc_id, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in ps]},
                               ensure_ascii=False) + "\n")
    return gold, pred


def timed(argv: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, stdout) of one whole process."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 5):
        raise SystemExit(f"{argv[:3]}... exit {code}: {err.decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024, out.decode()


PEER = r'''
import json, sys, time
sys.path.insert(0, {bench!r})
from bench_scoring import make_doc
tool, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
raw = [make_doc(i, seed) for i in range(n)]
if tool == "nervaluate":
    from nervaluate import Evaluator
    labels = sorted({{lab for d in raw for _, _, lab in d[3]}})
    true = [[{{"label": l, "start": s, "end": e - 1}} for s, e, l in d[3]] for d in raw]
    pred = [[{{"label": l, "start": s, "end": e - 1}} for s, e, l in d[4]] for d in raw]
    t = time.perf_counter(); Evaluator(true, pred, tags=labels).evaluate(); dt = time.perf_counter() - t
elif tool == "seqeval":
    from seqeval.metrics import classification_report
    def bio(offsets, spans):
        tags = ["O"] * len(offsets)
        starts = {{a: i for i, (a, _) in enumerate(offsets)}}; ends = {{b: i for i, (_, b) in enumerate(offsets)}}
        for s, e, l in sorted(set(spans)):
            i, j = starts.get(s), ends.get(e)
            if i is None or j is None or any(t != "O" for t in tags[i:j + 1]):
                continue
            tags[i] = "B-" + l
            for k in range(i + 1, j + 1):
                tags[k] = "I-" + l
        return tags
    y_true = [bio(d[2], d[3]) for d in raw]; y_pred = [bio(d[2], d[4]) for d in raw]
    t = time.perf_counter(); classification_report(y_true, y_pred, output_dict=True); dt = time.perf_counter() - t
else:
    from hoinghi.document import Document, Span
    from hoinghi.eval import evaluate
    gold = [Document(d[0], d[1], tuple(Span(s, e, l) for s, e, l in d[3])) for d in raw]
    pred = {{d[0]: Document(d[0], None, tuple(Span(s, e, l) for s, e, l in d[4])) for d in raw}}
    t = time.perf_counter(); evaluate(gold, pred, views=("span",), breakdown=False, n_boot=0); dt = time.perf_counter() - t
print(json.dumps({{"call": dt}}))
'''


def peer(tool: str, n: int, seed: int) -> tuple[float, float, float]:
    """(scoring call seconds, whole process seconds, peak RSS MB) of a peer run."""
    code = PEER.format(bench=str(Path(__file__).resolve().parent))
    wall, rss, out = timed([sys.executable, "-c", code, tool, str(n), str(seed)])
    return json.loads(out.strip().splitlines()[-1])["call"], wall, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--data", default=str(REPO / "workspace" / "bench-eval"))
    ap.add_argument("--peers", default="nervaluate,seqeval,evaluate")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each hoinghi command (median shown, with the fastest and slowest; default 3)")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    for n in map(int, args.sizes.split(",")):
        gold, pred = write_data(Path(args.data), n, args.seed)
        size_mb = (gold.stat().st_size + pred.stat().st_size) / 2**20
        print(f"\n{n:,} documents: gold {gold.stat().st_size / 2**20:.0f} MB + predictions "
              f"{pred.stat().st_size / 2**20:.0f} MB = {size_mb:.0f} MB", flush=True)
        out = Path(args.data) / f"report-{n}.json"
        base = [HOINGHI, "eval", "--gold", str(gold), "-e", str(pred), "--format", "json", "--out", str(out), "-q"]
        rows = {}
        for label, argv in (("hoinghi eval (every view), whole process", base),
                            ("hoinghi eval --views span, whole process", base + ["--views", "span"])):
            runs = [timed(argv)[:2] for _ in range(args.repeat)]
            wall, rss = statistics.median(w for w, _ in runs), max(r for _, r in runs)
            rows[label] = wall
            spread = f" (runs {min(w for w, _ in runs):.2f}–{max(w for w, _ in runs):.2f})" if args.repeat > 1 else ""
            print(f"  {label:<52} {wall:7.2f} s   peak {rss:6.0f} MB ({rss / size_mb:.2f}× input){spread}",
                  flush=True)
        peers = {}
        for tool in args.peers.split(","):
            call, wall, rss = peer(tool, n, args.seed)
            peers[tool] = call
            name = {"nervaluate": "nervaluate Evaluator.evaluate()", "seqeval": "seqeval classification_report()",
                    "evaluate": "hoinghi evaluate() only (span, n_boot=0)"}[tool]
            print(f"  {name + ', call alone':<52} {call:7.2f} s   (its whole process {wall:.1f} s, peak {rss:.0f} MB)",
                  flush=True)
        for tool in ("nervaluate", "seqeval"):
            if tool in peers:
                print(f"  {tool} call ÷ hoinghi eval whole process: every view "
                      f"{peers[tool] / rows['hoinghi eval (every view), whole process']:.1f}×, span view only "
                      f"{peers[tool] / rows['hoinghi eval --views span, whole process']:.1f}×")


if __name__ == "__main__":
    main()
