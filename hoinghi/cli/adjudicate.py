"""``hoinghi adjudicate``: merge annotators' records into gold by a policy and log
every conflict. A thin layer over :func:`hoinghi.annotate.adjudication.adjudicate`.

Exit code 0 when every conflict is settled; 6 (``UNSETTLED``) when
some are unsettled — they are listed and the gold build will refuse them.
"""
from __future__ import annotations

__all__ = ["register", "adjudicate_cli"]

from pathlib import Path

from . import ExitCode


def register(subparsers) -> None:
    p = subparsers.add_parser("adjudicate", help="merge annotators' records into gold by a policy, logging conflicts",
                              description="Policies: majority (with two annotators: both must agree; a tie is left "
                                          "unsettled), reviewer:<email>, ground-truth, union.")
    p.add_argument("paths", nargs="+", metavar="PULL_DIR_OR_FILES")
    p.add_argument("--policy", default="majority", help="majority | reviewer:<email> | ground-truth | union")
    p.add_argument("--out-dir", "-o", metavar="DIR", required=True,
                   help="writes DIR/gold.jsonl (settled documents) and DIR/adjudication.jsonl (the log)")
    p.add_argument("--min-passes", type=int, default=2, choices=(1, 2),
                   help="independent passes every document needs (1: single-pass documents kept as they are)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    p.set_defaults(func=adjudicate_cli)


def describe(conflict) -> str:
    """One line per conflict for people."""
    cands = "; ".join(f"{c.label} {c.text!r} [{c.start},{c.end}) by {', '.join(c.annotators)}" for c in conflict.candidates)
    dec = "UNSETTLED" if conflict.decision is None else (
        "keep " + ", ".join(f"{c.label} {c.text!r}" for c in conflict.decision) if conflict.decision else "reject all")
    return f"{conflict.doc_id} {conflict.kind:<14} {cands} -> {dec} ({conflict.rule})"


def adjudicate_cli(args) -> ExitCode:
    from ..annotate.schema_groups import adjudicate_groups, load_groups
    from ..document import write_documents

    gold, log = adjudicate_groups(load_groups(args.paths), args.policy, min_passes=args.min_passes)
    out = Path(args.out_dir)
    write_documents(out / "gold.jsonl", gold)
    log.write(out / "adjudication.jsonl")
    s = log.summary()
    if not args.quiet:
        for c in log.conflicts:
            print(describe(c))
    print(f"policy {s['policy']}: {len(gold)} documents, {s['agreed_spans']} spans and {s['agreed_relations']} "
          f"relations agreed; {s['conflicts']} conflicts, {s['settled']} settled, {s['unsettled']} unsettled "
          f"-> {out / 'gold.jsonl'}, {out / 'adjudication.jsonl'}")
    return ExitCode.OK if not log.unsettled else ExitCode.UNSETTLED
