"""The annotation queue, simulated: how fast annotating fixes a pre-annotated corpus when
articles are taken in queue order instead of in sequence (hoinghi.annotate.queue_simulation).

The gold sets play the annotator: every article starts with the extractor's prediction;
annotating an article replaces it by its gold. For each order, after every article: the
share of the extractor's span errors fixed so far and the corpus's strict micro-F1.

    .venv/bin/python benchmarks/bench_queue.py                          # shipped gold sets + development passes
    .venv/bin/python benchmarks/bench_queue.py --svg docs/img/queue-simulation.svg

Pools: ``shipped`` = gold/hoinghi-5 + gold/synthetic-heldout (11 articles, adjudicated
gold); ``development`` = annotations/synthetic-provinces/passes/annotator-a.jsonl (45
invented articles, one annotator's checked pass, not adjudicated).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hoinghi.annotate.queue_simulation import area_under, orders, random_curve, simulate  # noqa: E402
from hoinghi.document import read_documents  # noqa: E402
from hoinghi.gold_set import load_gold_or_jsonl  # noqa: E402
from hoinghi.eval.runner import run_extractor  # noqa: E402

POOLS = {
    "shipped": [REPO / "gold/hoinghi-5", REPO / "gold/synthetic-heldout"],
    "development": [REPO / "annotations/synthetic-provinces/passes/annotator-a.jsonl"],
}
COLOURS = {"sequential": "#888888", "random": "#bbbbbb", "uncertainty": "#1f77b4", "disagreement": "#d62728",
           "oracle": "#2ca02c"}


def _load(paths) -> list:
    docs = []
    for p in paths:
        docs += load_gold_or_jsonl(p)[0] if p.is_dir() else read_documents(p)
    return docs


def _curves(gold, extractor: str, second: str) -> tuple[dict, str]:
    pred = run_extractor(extractor, gold, progress=False)
    other = run_extractor(second, gold, progress=False)
    found = orders(gold, pred.predictions, second=other.predictions)
    curves = {name: simulate(gold, pred.predictions, order) for name, order in found.items()}
    curves["random"] = random_curve(gold, pred.predictions)
    return curves, f"{pred.extractor} (second: {other.extractor})"


def _table(pool: str, label: str, curves: dict, n: int) -> None:
    print(f"\n{pool}: {n} articles, extractor {label}")
    marks = sorted({max(1, round(n * f)) for f in (0.1, 0.25, 0.5)})
    head = "".join(f"  fixed@{k:<3}" for k in marks) + "".join(f"  F1@{k:<3}" for k in marks)
    print(f"{'order':<20} area(errors fixed){head}")
    for name in ("sequential", "random", "uncertainty", "uncertainty:min", "uncertainty:product", "disagreement",
                 "oracle"):
        if name not in curves:
            print(f"{name:<20} n/a (the extractor gives no span scores)")
            continue
        c = curves[name]
        cells = "".join(f"  {c[k].errors_fixed:>9.3f}" for k in marks) + "".join(f"  {c[k].f1:>6.3f}" for k in marks)
        print(f"{name:<20} {area_under(c):>18.3f}{cells}")
    print(f"  (start: F1 {curves['sequential'][0].f1:.3f}; area = mean share of errors fixed over 0..{n} articles)")


def _svg(panels: list[tuple[str, dict]], path: Path) -> None:
    """Hand-written SVG: one panel per pool, share of errors fixed vs articles annotated."""
    w, h, pad = 420, 300, 45
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w * len(panels)}" height="{h + 40}" '
             'font-family="sans-serif" font-size="11">', '<rect width="100%" height="100%" fill="white"/>']
    for i, (title, curves) in enumerate(panels):
        x0 = i * w
        n = len(curves["sequential"]) - 1
        sx = lambda k: x0 + pad + (w - 2 * pad) * k / n  # noqa: E731
        sy = lambda v: h - pad + 10 - (h - 2 * pad) * v  # noqa: E731
        parts.append(f'<text x="{x0 + w / 2}" y="18" text-anchor="middle" font-weight="bold">{title}</text>')
        parts.append(f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(n)}" y2="{sy(0)}" stroke="black"/>')
        parts.append(f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(0)}" y2="{sy(1)}" stroke="black"/>')
        for v in (0, 0.25, 0.5, 0.75, 1):
            parts.append(f'<text x="{sx(0) - 4}" y="{sy(v) + 4}" text-anchor="end">{v:.2f}</text>')
        for k in sorted({0, n // 4, n // 2, 3 * n // 4, n}):
            parts.append(f'<text x="{sx(k)}" y="{sy(0) + 14}" text-anchor="middle">{k}</text>')
        parts.append(f'<text x="{x0 + w / 2}" y="{h + 22}" text-anchor="middle">articles annotated</text>')
        parts.append(f'<text x="{x0 + 12}" y="{sy(0.5)}" transform="rotate(-90 {x0 + 12} {sy(0.5)})" '
                     'text-anchor="middle">share of extractor errors fixed</text>')
        for j, (name, c) in enumerate((k, v) for k, v in curves.items() if k in COLOURS):
            pts = " ".join(f"{sx(p.done):.1f},{sy(p.errors_fixed):.1f}" for p in c)
            dash = ' stroke-dasharray="4 3"' if name in ("random", "oracle") else ""
            parts.append(f'<polyline fill="none" stroke="{COLOURS[name]}" stroke-width="2"{dash} points="{pts}"/>')
            parts.append(f'<text x="{sx(n) - 95}" y="{sy(0) - 60 + 12 * j}" fill="{COLOURS[name]}">{name}</text>')
    parts.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--extractor", default="reference")
    ap.add_argument("--second", default="trivial", help="the second extractor of the disagreement order")
    ap.add_argument("--pools", default="shipped,development")
    ap.add_argument("--svg", type=Path, help="draw the curves into this SVG file")
    args = ap.parse_args()
    panels = []
    for pool in args.pools.split(","):
        gold = _load(POOLS[pool])
        curves, label = _curves(gold, args.extractor, args.second)
        _table(pool, label, curves, len(gold))
        panels.append((f"{pool}: {len(gold)} articles, {args.extractor}", curves))
    if args.svg:
        _svg(panels, args.svg)
        print(f"\nchart: {args.svg}")


if __name__ == "__main__":
    main()
