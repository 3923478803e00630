"""``hoinghi agree``: inter-annotator agreement of a pull.

A thin layer over :func:`hoinghi.annotate.agreement.agree`. Usage: ``docs/gold.md``.
"""
from __future__ import annotations

__all__ = ["register", "agree_cli"]

import json
import sys

from ..atomic import check_output, write_atomic
from . import ExitCode


def register(subparsers) -> None:
    p = subparsers.add_parser("agree", help="inter-annotator agreement (span F1 and kappa) of a pull",
                              description="Pairwise span F1 (strict and overlap; positive specific agreement) per "
                                          "field and overall, averaged over annotator pairs; Cohen's kappa on "
                                          "character labels per schema; per pair and per document (lowest first).")
    p.add_argument("paths", nargs="+", metavar="PULL_DIR_OR_FILES",
                   help="pull folders (hoinghi pull) or annotator JSONL files")
    p.add_argument("--format", "-f", dest="fmt", default="table", choices=("table", "json"))
    p.add_argument("--out", "-o", metavar="FILE", help="also write the JSON report here")
    p.add_argument("--exclude", action="append", default=[], metavar="ANNOTATOR",
                   help="leave this annotator's records out (e.g. a reviewer's pass); repeatable")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=agree_cli)


def agree_cli(args) -> ExitCode:
    from ..annotate.schema_groups import agree_groups, load_groups

    if args.out is not None:
        check_output(args.out, args.paths)
    groups = load_groups(args.paths)
    present = {r.annotator for g in groups for r in g.records}
    for who in args.exclude:
        if who not in present:
            from ..errors import InputError, Location
            raise InputError(f"--exclude {who}: no such annotator (present: {', '.join(sorted(present))})",
                             Location(field="meta.annotator"))
    if args.exclude:
        print(f"left out the records of {', '.join(args.exclude)}", file=sys.stderr)
    result = agree_groups(groups, exclude=args.exclude, progress=not args.quiet and sys.stderr.isatty())
    if args.out is not None:
        write_atomic(args.out, json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    if args.fmt == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(result.table())
    return ExitCode.OK
