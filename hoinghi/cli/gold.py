"""``hoinghi gold build`` and ``hoinghi gold show``: versioned gold sets.

``build`` = check the pull, measure agreement, adjudicate by a policy, write
``gold/<name>/`` (:func:`hoinghi.annotate.gold.build_from_pull`). It refuses while
conflicts are unsettled. ``show`` prints a gold set's manifest summary.
"""
from __future__ import annotations

__all__ = ["register", "gold_cli"]

import json
import sys
from pathlib import Path

from . import ExitCode
from ..errors import InputError, Location


def register(subparsers) -> None:
    p = subparsers.add_parser("gold", help="build or show a versioned gold set (gold/<name>/)")
    sub = p.add_subparsers(dest="gold_command", metavar="SUBCOMMAND")
    b = sub.add_parser("build", help="agreement + adjudication + gold/<name>/ from a pull",
                       description="Writes OUT/NAME/{data/{train,dev,test}.jsonl, README.md, gold.json, "
                                   "adjudication.jsonl}; refuses while conflicts are unsettled.")
    b.add_argument("paths", nargs="+", metavar="PULL_DIR_OR_FILES")
    b.add_argument("--name", required=True, help="gold set name (folder name)")
    b.add_argument("--version", required=True, help="gold set version, e.g. 1.0.0")
    b.add_argument("--policy", default="majority", help="majority | reviewer:<email> | ground-truth | union")
    b.add_argument("--out", default="gold", metavar="DIR", help="parent folder (default: gold)")
    b.add_argument("--provenance", metavar="JSON", help="a JSON object merged into the card's provenance "
                                                          "(e.g. export time, Label Studio version)")
    b.add_argument("--overwrite", action="store_true", help="replace an existing gold set folder")
    b.add_argument("--min-passes", type=int, default=2, choices=(1, 2),
                   help="independent passes a document needs (default: %(default)s; 1: single-pass documents are "
                        "kept as they are, agreement is measured on the documents with two or more)")
    b.add_argument("--quiet", "-q", action="store_true")
    s = sub.add_parser("show", help="print a gold set's manifest summary")
    s.add_argument("path", metavar="GOLD_DIR")
    s.add_argument("--format", "-f", dest="fmt", default="table", choices=("table", "json"))
    p.set_defaults(func=gold_cli, _gold_parser=p)


def gold_cli(args) -> ExitCode:
    if args.gold_command is None:
        args._gold_parser.print_help()
        return ExitCode.USAGE
    if args.gold_command == "show":
        return _show(args)
    return _build(args)


def _build(args) -> ExitCode:
    from ..annotate.gold import build_from_pull
    from ..document import read_json

    provenance = read_json(args.provenance) if args.provenance else None
    if provenance is not None and not isinstance(provenance, dict):
        raise InputError("the provenance must be a JSON object", Location(args.provenance))
    manifest, agreement, log = build_from_pull(args.paths, name=args.name, version=args.version, policy=args.policy,
                                               out=args.out, provenance=provenance, overwrite=args.overwrite,
                                               progress=not args.quiet and sys.stderr.isatty(),
                                               min_passes=args.min_passes)
    ov = agreement.overall if agreement is not None else {"strict": None, "overlap": None}
    single = (manifest.agreement or {}).get("single_pass_documents")
    print(f"built {Path(args.out) / args.name} v{args.version}: {manifest.n_documents} documents "
          f"({', '.join(f'{s} {len(v)}' for s, v in manifest.splits.items())}), schemas {manifest.schema_version}, "
          f"fingerprint {manifest.fingerprint}; agreement strict F1 {_na(ov['strict'])}, overlap {_na(ov['overlap'])}"
          + (f" on the {manifest.agreement['multi_pass_documents']} multi-pass documents ({single} single-pass kept "
             "as labelled)" if single is not None else "")
          + f"; {len(log.conflicts)} conflicts settled by {log.policy}")
    return ExitCode.OK


def _na(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _show(args) -> ExitCode:
    from ..gold_set import read_manifest

    m = read_manifest(args.path)
    if args.fmt == "json":
        print(json.dumps(m, ensure_ascii=False, indent=2))
        return ExitCode.OK
    print(f"{m.get('name')} v{m.get('version')}: {m.get('n_documents')} documents, schemas {m.get('schema_version')}, "
          f"fingerprint {m.get('fingerprint')}")
    for split, ids in (m.get("splits") or {}).items():
        c = (m.get("counts") or {}).get(split, {})
        spans = sum(v for k, v in c.items() if k not in ("relations", "documents"))
        print(f"  {split:<5} {len(ids)} documents, {spans} spans, {c.get('relations', 0)} relations")
    a = m.get("agreement") or {}
    if a:
        ov = a.get("overall", {})
        print(f"  agreement: strict F1 {ov.get('strict')}, overlap F1 {ov.get('overlap')} "
              f"({a.get('n_pairs')} pair(s)); kappa {a.get('kappa')}")
    adj = m.get("adjudication") or {}
    if adj.get("policy") not in (None, "none"):
        print(f"  adjudication: {adj.get('policy')}, {adj.get('conflicts')} conflicts, {adj.get('unsettled')} unsettled")
    else:
        print("  adjudication: none recorded (single annotator or built without a log)")
    return ExitCode.OK
