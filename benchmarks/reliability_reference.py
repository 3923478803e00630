"""Reliability table of the reference extractor's span scores on gold sets: per score bin,
how many predicted spans there are and how many of them match gold (observed precision),
beside the bin's mean score; ECE at the bottom. See hoinghi/extractors/calibration.py.

    .venv/bin/python benchmarks/reliability_reference.py [--gold gold/hoinghi-5 gold/synthetic-heldout]
        [--bins 10] [--mode strict|overlap] [--split dev]

The gold sets are read as they are shipped (``data/<split>.jsonl``); all splits are pooled
unless ``--split`` is given. The extractor runs in this process.
"""
from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _gold(folder: Path, split: str | None):
    from hoinghi.document import read_documents

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
    args = ap.parse_args(argv)

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


if __name__ == "__main__":
    raise SystemExit(main())
