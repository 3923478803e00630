"""``hoinghi status``: where the annotation team stands, per project and annotator.

Articles done out of the total, skipped, drafts, median lead time; passes per article
against the project's target; the articles still waiting for a pass; agreement so far
(strict span F1 per field on the articles with two or more passes). A thin layer over
:func:`hoinghi.annotate.status.team_status`.
"""
from __future__ import annotations

__all__ = ["register", "status_cli"]

import json

from . import ExitCode
from .serve import add_connection_args


def register(subparsers) -> None:
    p = subparsers.add_parser("status", help="progress and agreement so far of the annotation projects",
                              description=__doc__)
    p.add_argument("projects", nargs="*", metavar="PROJECT",
                   help="project id, title or schema name (default: every PREFIX-... project)")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.add_argument("--prefix", default="hoinghi", help="project titles are PREFIX-<schema> (default: %(default)s)")
    add_connection_args(p)
    p.set_defaults(func=status_cli)


def status_cli(args) -> ExitCode:
    from ..annotate.status import team_status
    from ..annotate.studio import connect

    client = connect(args.url, args.token, workspace=args.workspace)
    result = team_status(client, args.projects, prefix=args.prefix)
    if args.json:
        print(json.dumps([s.to_json() for s in result], ensure_ascii=False, indent=2))
    elif not result:
        print(f"no {args.prefix}-... projects in Label Studio (push some articles first)")
    else:
        print("\n".join(line for s in result for line in s.lines()))
    return ExitCode.OK
