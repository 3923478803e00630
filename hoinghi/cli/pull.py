"""``hoinghi pull``: export a project's submitted annotations to document JSONL.

Writes into --out (default ``workspace/pull/<project title>``) one ``<annotator>.jsonl``
per annotator, ``rejects.jsonl`` (everything that could not be converted, with reason),
the raw snapshot export and ``pull.json`` (the summary). Skipped annotations and drafts
are kept out and counted.
"""
from __future__ import annotations

__all__ = ["register", "pull_cli"]

import argparse
import json
from pathlib import Path

from . import ExitCode
from .serve import add_connection_args


def register(subparsers) -> None:
    p = subparsers.add_parser("pull", help="pull annotations from Label Studio as document JSONL",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project", metavar="PROJECT", help="project id, title, or schema name (meetings → hoinghi-meetings)")
    p.add_argument("--out", help="output folder (default: workspace/pull/<project title>)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.add_argument("--prefix", default="hoinghi", help="project titles are PREFIX-<schema> (default: %(default)s)")
    add_connection_args(p)
    p.set_defaults(func=pull_cli)


def pull_cli(args) -> ExitCode:
    from ..annotate.pull import pull
    from ..annotate.projects import find_project
    from ..annotate.studio import connect

    client = connect(args.url, args.token, workspace=args.workspace)
    out = args.out
    if out is None:
        out = Path("workspace") / "pull" / find_project(client, args.project, args.prefix).title
    summary = pull(client, args.project, out, progress=not args.quiet, prefix=args.prefix)
    if args.json:
        print(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(summary.lines()))
    return ExitCode.OK
