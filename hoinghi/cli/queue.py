"""``hoinghi queue PROJECT``: what Label Studio serves next in a project, and why.

PROJECT is an id, a title or a schema name (``meetings`` → ``hoinghi-meetings``). Prints the
project's order (``push --order``), then the next tasks with their score and the reason: the
least certain spans for an uncertainty queue, the fields where the two extractors disagree
for a disagreement queue.
"""
from __future__ import annotations

__all__ = ["register", "queue_cli"]

import argparse
import json

from . import ExitCode
from .serve import add_connection_args


def register(subparsers) -> None:
    p = subparsers.add_parser("queue", help="what a Label Studio project serves next, and why",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("project", metavar="PROJECT", help="project id, title or schema name")
    p.add_argument("-n", "--limit", type=int, default=10, help="tasks to show (default: %(default)s)")
    p.add_argument("--prefix", default="hoinghi", help="project titles are PREFIX-<schema> (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print the queue as JSON")
    add_connection_args(p)
    p.set_defaults(func=queue_cli)


def queue_cli(args) -> ExitCode:
    from ..annotate.projects import find_project
    from ..annotate.queue import project_queue
    from ..annotate.studio import connect

    client = connect(args.url, args.token, workspace=args.workspace)
    q = project_queue(client, find_project(client, args.project, args.prefix), limit=args.limit)
    if args.json:
        print(json.dumps(q.to_json(), ensure_ascii=False, indent=2))
        return ExitCode.OK
    print(f"{q.title} (id {q.project_id}): {q.sampling}"
          + (f" by predictions of {q.model_version}" if q.sampling == "Uncertainty sampling" else "")
          + f"; {q.unlabelled} task(s) to label")
    for e in q.entries:
        score = "  -  " if e.score is None else f"{e.score:.3f}"
        print(f"{e.rank:>4}. task {e.task_id:<6} {str(e.doc_id or ''):<24} score {score}  {e.why}")
    for note in q.notes:
        print(f"  note: {note}")
    return ExitCode.OK
