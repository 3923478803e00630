"""Reliability table of the reference extractor's span scores on gold sets: per score bin,
how many predicted spans there are and how many of them match gold (observed precision),
beside the bin's mean score; ECE at the bottom. See hoinghi/extractors/calibration.py.

    .venv/bin/python benchmarks/reliability_reference.py [--gold gold/hoinghi-5 gold/synthetic-heldout]
        [--bins 10] [--mode strict|overlap] [--split dev] [--by-rule]

The gold sets are read as they are shipped (``data/<split>.jsonl``); all splits are pooled
unless ``--split`` is given. A ``--gold`` that is a JSONL file is read whole, filtered to the
ids whose hash split (:func:`hoinghi.gold_set.split_of`) is ``--split`` when it is given.
``--by-rule`` prints, per rule and ambiguity, how many spans there are and how many are right
(what the bases in ``hoinghi/extractors/confidence.py`` are set from, on the train split only).
The extractor runs in this process.
"""
from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _gold(folder: Path, split: str | None):
    from hoinghi.document import read_documents
    from hoinghi.gold_set import split_of

    if folder.is_file():
        docs = [d for d in read_documents(folder) if split is None or split_of(d.id) == split]
        if not docs:
            raise SystemExit(f"no gold documents in {folder} (split {split or 'all'})")
        return docs
    files = [folder / "data" / f"{split}.jsonl"] if split else sorted((folder / "data").glob("*.jsonl"))
    docs = [d for f in files if f.exists() for d in read_documents(f)]
    if not docs:
        raise SystemExit(f"no gold documents in {folder} (split {split or 'all'})")
    return docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", nargs="+", type=Path,
                    default=[REPO / "gold" / "hoinghi-5", REPO / "gold" / "synthetic-heldout"])
    ap.add_argument("--bins", type=int, default=10)
    ap.add_argument("--mode", choices=("strict", "overlap"), default="strict")
    ap.add_argument("--split", default=None)
    ap.add_argument("--by-rule", action="store_true", help="precision per rule and ambiguity instead of score bins")
    args = ap.parse_args(argv)
    if args.by_rule:
        return _by_rule([d for folder in args.gold for d in _gold(folder, args.split)])

    from hoinghi.extractors import reference
    from hoinghi.extractors.calibration import format_reliability, reliability

    pooled_gold, pooled_pred = [], []
    for folder in args.gold:
        gold = _gold(folder, args.split)
        pred = [reference.extract(d) for d in gold]
        print(f"## {folder.name}: {len(gold)} documents, {reference.__version__}, {args.mode}")
        print(format_reliability(reliability(gold, pred, bins=args.bins, mode=args.mode)))
        print()
        pooled_gold += gold
        pooled_pred += pred
    if len(args.gold) > 1:
        print(f"## pooled: {len(pooled_gold)} documents")
        print(format_reliability(reliability(pooled_gold, pooled_pred, bins=args.bins, mode=args.mode)))
    return 0


def _by_rule(gold) -> int:
    from collections import Counter

    from hoinghi.extractors import confidence
    from hoinghi.extractors.reference import extract_text
    from hoinghi.normalize import fold_text

    n, right = Counter(), Counter()
    for doc in gold:
        keys = {s.key for s in doc.spans}
        folded = fold_text(doc.text)
        for m in extract_text(doc.text)[0]:
            k = (m.rule, ",".join(confidence.ambiguities(m, folded)) or "-")
            n[k] += 1
            right[k] += (m.start, m.end, m.label) in keys
    print(f"{'rule':20s} {'ambiguities':28s} {'spans':>5s} {'right':>5s} precision")
    for k in sorted(n):
        print(f"{k[0]:20s} {k[1]:28s} {n[k]:5d} {right[k]:5d} {right[k] / n[k]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
