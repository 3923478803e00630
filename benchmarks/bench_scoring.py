"""Benchmark: hoinghi's span scoring beside nervaluate and seqeval, on the same seeded
synthetic data (shared/notes/span-metrics.md §3), plus the bootstrap.

Data: per document a seeded RNG; 30 gold spans over 8 labels, 1–2 tokens each, 1–3
gap tokens between (~105 whitespace tokens); predictions: 15% of gold deleted, 10%
shifted one token, 10% relabelled, spurious spans = 10% of gold placed anywhere (they
may overlap other spans, or duplicate one).

Each tool runs in its own subprocess (``--worker``), which builds the data in the
tool's own input form, then times the scoring call alone (wall clock) and reads its
peak RSS (``resource.getrusage``) before and after it. ``prep`` is the conversion a
user of that tool must do (spans → BIO for seqeval; not timed for the others, whose
input is the data itself). The numbers are checked equal where the semantics coincide:
on the *flat* predictions (duplicates collapsed, a prediction overlapping an earlier
one of the document dropped — what BIO can hold), hoinghi strict, nervaluate strict
and seqeval (default mode) must give the same tp/fp/fn for every label.

    .venv/bin/python benchmarks/bench_scoring.py                        # 1k, 10k, 100k
    .venv/bin/python benchmarks/bench_scoring.py --sizes 1000,10000     # quick
    .venv/bin/python benchmarks/bench_scoring.py --sizes 1000 --tools hoinghi,hoinghi-overlap,bootstrap
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

LABELS = ("MEETING", "ORGANIZER", "DATE", "TERM", "INDICATOR", "VALUE", "PERSON", "POSITION")
_WORDS = ("hội", "nghị", "lần", "thứ", "quận", "ủy", "tăng", "năm", "đồng", "chí", "bí", "thư", "tỷ", "kinh",
          "tế", "thu", "ngân", "sách", "ban", "chấp", "hành", "đảng", "bộ", "khóa", "nhiệm", "kỳ", "chủ", "tịch")
TOOLS = ("hoinghi", "hoinghi-overlap", "nervaluate", "seqeval", "bootstrap")


# -- data ---------------------------------------------------------------------------------
def make_doc(i: int, seed: int):
    """``(doc_id, text, token_offsets, gold, pred)`` with spans as ``(start, end, label)``
    character offsets (end-exclusive); predictions in generation order."""
    rng = random.Random(seed * 1_000_003 + i)
    tok_spans = []  # gold spans in token units
    pos = 0
    for _ in range(30):
        pos += rng.randint(1, 3)
        length = rng.randint(1, 2)
        tok_spans.append((pos, pos + length, rng.choice(LABELS)))
        pos += length
    n_tok = pos + rng.randint(1, 3)
    words = [rng.choice(_WORDS) for _ in range(n_tok)]
    offsets = []
    at = 0
    for w in words:
        offsets.append((at, at + len(w)))
        at += len(w) + 1
    text = " ".join(words)
    pred_tok = []
    for s, e, lab in tok_spans:
        r = rng.random()
        if r < 0.15:
            continue
        if r < 0.25:
            d = rng.choice((-1, 1))
            if 0 <= s + d and e + d <= n_tok:
                s, e = s + d, e + d
        elif r < 0.35:
            lab = rng.choice([x for x in LABELS if x != lab])
        pred_tok.append((s, e, lab))
    for _ in range(3):  # spurious: 10% of 30
        length = rng.randint(1, 2)
        s = rng.randint(0, n_tok - length)
        pred_tok.append((s, s + length, rng.choice(LABELS)))

    def chars(t):
        return (offsets[t[0]][0], offsets[t[1] - 1][1], t[2])

    return f"d{i:06d}", text, offsets, [chars(t) for t in tok_spans], [chars(t) for t in pred_tok]


def flat(pred):
    """Predictions BIO can hold: duplicates collapsed, then (by start, longest first) a
    span overlapping an earlier kept one dropped."""
    kept = []
    for s in sorted(set(pred), key=lambda x: (x[0], -x[1], x[2])):
        if all(s[0] >= k[1] or s[1] <= k[0] for k in kept):
            kept.append(s)
    return kept


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _counts(table: dict) -> dict:
    return {lab: list(map(int, v)) for lab, v in sorted(table.items())}


# -- workers (one per tool, each in its own process) -----------------------------------------
def worker(tool: str, n: int, seed: int) -> dict:
    raw = [make_doc(i, seed) for i in range(n)]
    out: dict = {"tool": tool, "n": n, "gold_spans": sum(len(d[3]) for d in raw),
                 "pred_spans": sum(len(d[4]) for d in raw)}
    if tool.startswith("hoinghi") or tool == "bootstrap":
        from hoinghi.document import Document, Span
        from hoinghi.eval import evaluate

        def docs(side, filt=None):
            res = []
            for d in raw:
                spans = d[side] if filt is None else filt(d[side])
                res.append(Document(d[0], d[1] if side == 3 else None,
                                    tuple(Span(s, e, lab, f"s{k}") for k, (s, e, lab) in enumerate(spans))))
            return res

        gold, pred = docs(3), docs(4)
        mode = "overlap" if tool == "hoinghi-overlap" else "strict"
        out["rss_data_mb"] = _rss_mb()
        if tool == "bootstrap":
            from hoinghi.eval.bootstrap import bootstrap_f1

            res = evaluate(gold, pred, views=("span",), breakdown=False, n_boot=0, check_predictions=False)
            counts = res.counts
            groups = {s: [res.keys.index(k) for k in ks] for s, ks in res.groups.items()}
            groups["overall"] = list(range(len(res.keys)))
            out["rss_data_mb"] = _rss_mb()
            t = time.perf_counter()
            ci = bootstrap_f1(counts, groups, n_boot=1000, seed=12345)
            out["seconds"] = time.perf_counter() - t
            out["rss_peak_mb"] = _rss_mb()
            out["n_keys"] = counts.shape[1]
            out["ci_overall_micro"] = ci.groups["overall"]["micro"]
            return out
        # check_predictions=False: the predictions are built here and known to be in the contract;
        # the contract check of in-memory predictions (about 0.1 ms per document of ~20 spans) is
        # the same one prediction files get, and is not scoring.
        t = time.perf_counter()
        res = evaluate(gold, pred, mode=mode, views=("span",), breakdown=False, n_boot=0, check_predictions=False)
        out["seconds"] = time.perf_counter() - t
        out["rss_peak_mb"] = _rss_mb()
        # the same call with the gold fingerprint (signature) already known: scoring alone
        t = time.perf_counter()
        evaluate(gold, pred, mode=mode, views=("span",), breakdown=False, n_boot=0, check_predictions=False,
                 gold_fingerprint=res.signature.gold)
        out["scoring_seconds"] = time.perf_counter() - t
        out["counts"] = {f.field: f.counts.to_list() for f in res.views["span"].fields if not f.counts.empty}
        out["duplicates"] = res.duplicates
        if tool == "hoinghi":
            res = evaluate(gold, docs(4, flat), views=("span",), breakdown=False, n_boot=0, check_predictions=False)
            out["flat_counts"] = {f.field: f.counts.to_list() for f in res.views["span"].fields if not f.counts.empty}
        return out

    if tool == "nervaluate":
        from nervaluate import Evaluator

        def lists(side, filt=None):  # nervaluate treats ends as inclusive
            return [[{"label": lab, "start": s, "end": e - 1} for s, e, lab in (d[side] if filt is None else filt(d[side]))]
                    for d in raw]

        true, pred = lists(3), lists(4)
        out["rss_data_mb"] = _rss_mb()
        t = time.perf_counter()
        res = Evaluator(true, pred, tags=list(LABELS), loader="default").evaluate()
        out["seconds"] = time.perf_counter() - t
        out["rss_peak_mb"] = _rss_mb()

        def strict(r):
            return {lab: [v["strict"].correct, v["strict"].actual - v["strict"].correct,
                          v["strict"].possible - v["strict"].correct] for lab, v in r["entities"].items()}

        out["counts"] = _counts(strict(res))
        del res
        out["flat_counts"] = _counts(strict(Evaluator(true, lists(4, flat), tags=list(LABELS), loader="default").evaluate()))
        return out

    if tool == "seqeval":
        from seqeval.metrics import classification_report
        from seqeval.metrics.sequence_labeling import get_entities

        def bio(offsets, spans):
            starts = {o[0]: k for k, o in enumerate(offsets)}
            ends = {o[1]: k for k, o in enumerate(offsets)}
            tags = ["O"] * len(offsets)
            for s, e, lab in flat(spans):
                a, b = starts[s], ends[e]
                tags[a] = "B-" + lab
                for k in range(a + 1, b + 1):
                    tags[k] = "I-" + lab
            return tags

        out["rss_data_mb"] = _rss_mb()
        t = time.perf_counter()
        y_true = [bio(d[2], d[3]) for d in raw]
        y_pred = [bio(d[2], d[4]) for d in raw]
        out["prep_seconds"] = time.perf_counter() - t
        out["rss_data_mb"] = _rss_mb()
        t = time.perf_counter()
        report = classification_report(y_true, y_pred, output_dict=True, digits=4)
        out["seconds"] = time.perf_counter() - t
        out["rss_peak_mb"] = _rss_mb()
        # seqeval's own chunking (what classification_report intersects), to read the counts
        true_ents, pred_ents = set(get_entities(y_true)), set(get_entities(y_pred))
        counts = {}
        for lab in sorted({e[0] for e in true_ents | pred_ents}):
            a = {e for e in true_ents if e[0] == lab}
            b = {e for e in pred_ents if e[0] == lab}
            counts[lab] = [len(a & b), len(b - a), len(a - b)]
        for lab, (tp, fp, fn) in counts.items():  # the counts are the report's
            assert abs(report[lab]["f1-score"] - (2 * tp / (2 * tp + fp + fn) if tp else 0.0)) < 1e-9, lab
            assert report[lab]["support"] == tp + fn, lab
        out["counts"] = out["flat_counts"] = _counts(counts)  # BIO holds only the flat predictions
        return out

    raise SystemExit(f"unknown tool {tool!r}")


# -- driver ---------------------------------------------------------------------------------
def _run(tool: str, n: int, seed: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--worker", tool, "--n", str(n), "--seed", str(seed)]
    t = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"tool": tool, "n": n, "error": f"over the {timeout:.0f} s cap (skipped)"}
    if proc.returncode != 0:
        return {"tool": tool, "n": n, "error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["process_seconds"] = time.perf_counter() - t
    return res


def _f1(c):
    tp, fp, fn = c
    return 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else None


def _agreement(results: dict) -> list[str]:
    lines = []
    ref = results.get("hoinghi", {}).get("flat_counts")
    if not ref:
        return lines
    for tool in ("nervaluate", "seqeval"):
        other = results.get(tool, {}).get("flat_counts")
        if not other:
            continue
        same = other == ref
        worst = max(abs((_f1(ref.get(k, [0, 0, 0])) or 0) - (_f1(other.get(k, [0, 0, 0])) or 0)) for k in ref | other)
        lines.append(f"flat predictions: hoinghi strict vs {tool}: counts {'IDENTICAL' if same else 'DIFFER'} "
                     f"on all {len(ref)} labels (max |ΔF1| {worst:.6f})")
    full = results.get("nervaluate", {}).get("counts")
    if full and results.get("hoinghi", {}).get("counts"):
        h = results["hoinghi"]["counts"]
        dtp = sum(h[k][0] for k in h) - sum(full[k][0] for k in full)
        lines.append(f"all predictions: hoinghi strict TP − nervaluate per-label strict TP = {dtp} "
                     f"(nervaluate: greedy first match, duplicates counted; hoinghi: sets)")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated document counts")
    ap.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated, from {', '.join(TOOLS)}")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--timeout", type=float, default=600, help="cap per tool run, seconds")
    ap.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.seed)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    tools = [t for t in args.tools.split(",") if t]
    every = []
    print(f"python {sys.version.split()[0]}, seed {args.seed}; wall time of the scoring call; "
          "peak RSS of the tool's process (data + tool), and what the call added")
    print(f"{'docs':>7}  {'tool':<16} {'gold/pred spans':>17} {'seconds':>8} {'prep s':>7} {'peak MB':>8} {'+MB':>7}  note")
    for n in sizes:
        results = {}
        for tool in tools:
            r = _run(tool, n, args.seed, args.timeout)
            results[tool] = r
            every.append(r)
            if "error" in r:
                print(f"{n:>7}  {tool:<16} {'':>17} {'':>8} {'':>7} {'':>8} {'':>7}  {r['error']}")
                continue
            note = ""
            if tool == "bootstrap":
                note = f"1000 resamples × {n} docs × {r['n_keys']} keys"
            elif "scoring_seconds" in r:
                note = (f"{r['scoring_seconds']:.3f} s with the gold fingerprint known; "
                        f"{r['duplicates']} duplicate predictions collapsed")
            prep = f"{r['prep_seconds']:.2f}" if "prep_seconds" in r else ""
            print(f"{n:>7}  {tool:<16} {r['gold_spans']:>8}/{r['pred_spans']:<8} {r['seconds']:>8.3f} {prep:>7} "
                  f"{r['rss_peak_mb']:>8.0f} {r['rss_peak_mb'] - r['rss_data_mb']:>7.0f}  {note}", flush=True)
        base = results.get("hoinghi", {}).get("seconds")
        alone = results.get("hoinghi", {}).get("scoring_seconds")
        for tool in ("nervaluate", "seqeval"):
            if base and results.get(tool, {}).get("seconds"):
                print(f"{'':>7}  speed-up over {tool}: {results[tool]['seconds'] / base:.1f}× "
                      f"(scoring alone: {results[tool]['seconds'] / alone:.1f}×)")
        for line in _agreement(results):
            print(f"{'':>7}  {line}")
    if args.json:
        Path(args.json).write_text(json.dumps(every, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
