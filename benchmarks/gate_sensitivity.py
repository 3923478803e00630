"""What the regression gate can see on each shipped gold set (issue 15 part 4): the smallest
per-field drop, and the smallest drop confined to one article, that ``hoinghi gate`` flags with
80% probability. Simulated by removing spans from the reference extractor's own predictions
(the baseline is the unmodified run, so every difference is a real drop), seeded:

    .venv/bin/python benchmarks/gate_sensitivity.py [--gold gold/hoinghi-5 gold/synthetic-heldout]
        [--reps 20] [--n-boot 1000] [--seed 15] [--levels 0.1 0.2 0.3 0.5 0.75 1.0]

* **per field**: for each field and each level q, ``reps`` times: remove a random share q of the
  field's predicted spans (at least one) in the whole set and gate the result against the
  unmodified run (default tolerance 0.02, α 0.05, Holm over the rows). The flag rate is the share
  of repetitions the gate fails; the table gives, per field, the smallest level flagged in ≥ 80%
  of repetitions with the mean Δ F1 of that field there (``—`` when not even q = 1 is).
* **one article**: ``reps`` times per level: pick one article at random and remove a share q of
  all its predicted spans (every field); the table gives the flag rate and the mean Δ overall
  micro-F1 per level.

The gate's own bootstrap uses ``--n-boot`` resamples, 1000 as in CI (fewer cannot fail a row at
all: the p-value floor 1/(n_boot+1), Holm-adjusted over 16 rows, must stay below α). The
extractor runs once per gold set, in this process; the default run takes a few minutes.
"""
from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _drop(predictions, chosen):
    """Predictions without the spans in ``chosen`` (a set of (doc id, span key))."""
    from hoinghi.document import Document

    return {k: Document(d.id, d.text, tuple(s for s in d.spans if (k, s.key) not in chosen), ())
            for k, d in predictions.items()}


def _gate(gold, preds, base, n_boot):
    from hoinghi.eval.gate import gate
    from hoinghi.eval.scoring import evaluate

    cand = evaluate(gold, preds, n_boot=0, views=("span",))
    res = gate(cand, base, n_boot=n_boot)
    return not res.passed, {r.name: r.delta for r in res.rows}


def _per_field(gold, preds, base, rng, levels, reps, n_boot):
    rows = []
    labels = sorted({s.label for d in preds.values() for s in d.spans})
    for label in labels:
        spans = [(k, s.key) for k, d in preds.items() for s in d.spans if s.label == label]
        found = None
        for q in levels:
            flags, deltas = 0, []
            for _ in range(reps):
                n = max(1, round(q * len(spans)))
                chosen = {spans[i] for i in rng.choice(len(spans), size=n, replace=False)}
                flagged, delta = _gate(gold, _drop(preds, chosen), base, n_boot)
                flags += flagged
                deltas.append(delta.get(label) or 0.0)
            if flags / reps >= 0.8:
                found = (q, sum(deltas) / reps, flags / reps)
                break
        rows.append((label, len(spans), found))
    return rows


def _one_article(gold, preds, base, rng, levels, reps, n_boot):
    rows = []
    ids = sorted(preds)
    for q in levels:
        flags, deltas = 0, []
        for _ in range(reps):
            doc = ids[rng.integers(len(ids))]
            spans = [(doc, s.key) for s in preds[doc].spans]
            n = max(1, round(q * len(spans)))
            chosen = {spans[i] for i in rng.choice(len(spans), size=n, replace=False)}
            flagged, delta = _gate(gold, _drop(preds, chosen), base, n_boot)
            flags += flagged
            deltas.append(delta.get("overall micro") or 0.0)
        rows.append((q, flags / reps, sum(deltas) / reps))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", nargs="+", default=[str(REPO / "gold" / "hoinghi-5"), str(REPO / "gold" / "synthetic-heldout")])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--levels", type=float, nargs="+", default=[0.1, 0.2, 0.3, 0.5, 0.75, 1.0])
    args = ap.parse_args(argv)

    import numpy as np

    from hoinghi.eval.pipeline import score_extractor
    from hoinghi.eval.scoring import evaluate

    for g in args.gold:
        run = score_extractor(g, "reference", n_boot=0, progress=False, views=("span",))
        gold, preds = run.gold, run.predictions
        preds = {k: v.__class__(v.id, v.text, v.spans, ()) for k, v in preds.items()}
        base = evaluate(gold, preds, n_boot=0, views=("span",))
        rng = np.random.default_rng(args.seed)
        print(f"## {Path(g).name}: {len(gold)} documents, {sum(len(d.spans) for d in gold)} gold spans, "
              f"{args.reps} repetitions, gate n_boot {args.n_boot}, seed {args.seed}")
        print(f"{'field':10s} {'predicted':>9s}  smallest share removed flagged ≥80%  mean ΔF1 there  flag rate")
        for label, n, found in _per_field(gold, preds, base, rng, args.levels, args.reps, args.n_boot):
            if found is None:
                print(f"{label:10s} {n:9d}  —")
            else:
                q, d, rate = found
                print(f"{label:10s} {n:9d}  {q:>36.2f}  {d:>14.3f}  {rate:9.2f}")
        print(f"\none article: share of its predicted spans removed -> flag rate, mean Δ overall micro-F1")
        for q, rate, d in _one_article(gold, preds, base, rng, args.levels, args.reps, args.n_boot):
            print(f"  {q:.2f}  flagged {rate:.2f}  Δ {d:+.3f}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
