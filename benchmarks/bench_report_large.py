"""``hoinghi report`` on one very large document: the whole command a user types, timed
as a process, and the size of the HTML it writes, for each ``hoinghi`` given (peers side
by side in one run: e.g. an older checkout's and this one's).

Data: one document of about ``--chars`` characters (Vietnamese words) with ``--spans``
gold spans (PERSON, 2 words each, evenly spread); the predictions keep every second span
and shift every fourth, so about half the spans are errors. ``hoinghi eval`` writes the
eval JSON once (with the first ``hoinghi`` given), then each ``hoinghi report`` is timed.

    .venv/bin/python benchmarks/bench_report_large.py
    .venv/bin/python benchmarks/bench_report_large.py --hoinghi /work/main/.venv/bin/hoinghi,.venv/bin/hoinghi
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ["Hội", "nghị", "Ban", "Chấp", "hành", "Đảng", "bộ", "tỉnh", "kinh", "tế", "tăng", "trưởng"]


def _data(folder: Path, chars: int, spans: int) -> tuple[Path, Path]:
    words, n = [], 0
    while n < chars:
        w = WORDS[len(words) % len(WORDS)]
        words.append(w)
        n += len(w) + 1
    text = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    step = max(2, len(words) // spans)
    gold_spans, pred_spans = [], []
    for k, i in enumerate(range(0, len(words) - 1, step)):
        if len(gold_spans) >= spans:
            break
        s, e = starts[i], starts[i + 1] + len(words[i + 1])
        gold_spans.append({"start": s, "end": e, "label": "PERSON"})
        if k % 2 == 0:
            pred_spans.append({"start": s, "end": e if k % 4 else starts[i] + len(words[i]), "label": "PERSON"})
    gold, pred = folder / "gold.jsonl", folder / "pred.jsonl"
    gold.write_text(json.dumps({"id": "big", "text": text, "spans": gold_spans}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    pred.write_text(json.dumps({"id": "big", "spans": pred_spans}) + "\n", encoding="utf-8")
    return gold, pred


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=5_000_000)
    ap.add_argument("--spans", type=int, default=20_000)
    ap.add_argument("--hoinghi", default=str(Path(sys.executable).with_name("hoinghi")),
                    help="comma-separated hoinghi executables to compare (default: this venv's)")
    args = ap.parse_args()
    exes = args.hoinghi.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        gold, pred = _data(folder, args.chars, args.spans)
        report = folder / "r.json"
        subprocess.run([exes[0], "eval", "--gold", str(gold), "-e", str(pred), "--n-boot", "0", "-q",
                        "--out", str(report)], check=True, stdout=subprocess.DEVNULL)
        print(f"one document, {gold.stat().st_size / 1e6:.1f} MB of JSONL, {args.spans} gold spans")
        print(f"{'hoinghi':60} {'seconds':>8} {'HTML MB':>8}")
        for exe in exes:
            out = folder / "r.html"
            started = time.perf_counter()
            subprocess.run([exe, "report", str(report), "--gold", str(gold), "--predictions", str(pred), "-q",
                            "--out", str(out)], check=True)
            seconds = time.perf_counter() - started
            print(f"{exe:60} {seconds:8.1f} {out.stat().st_size / 1e6:8.2f}")


if __name__ == "__main__":
    main()
