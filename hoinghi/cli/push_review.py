"""``hoinghi push-review``: the articles where annotators disagree, to a review project.

Each annotator's version is a prediction labelled by the annotator (``model_version``);
the reviewer opens the task, accepts or edits one version and submits. Then
``hoinghi pull <prefix>-review`` and ``hoinghi gold build PULLS... REVIEW_PULL --policy
reviewer:<email>``. A thin layer over :func:`hoinghi.annotate.review.push_review`.
"""
from __future__ import annotations

__all__ = ["register", "push_review_cli"]

import argparse

from . import ExitCode
from .serve import add_connection_args


def register(subparsers) -> None:
    p = subparsers.add_parser("push-review", help="send the articles where annotators disagree to a review project",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PULL", help="pull folders (one per schema's project, or combined)")
    p.add_argument("--policy", default="majority",
                   help="an article goes to review when this policy leaves a conflict unsettled "
                        "(majority | union | ground-truth; default: %(default)s)")
    p.add_argument("--prefix", default="hoinghi", help="the project is PREFIX-review (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="update the review project's label config even if it "
                                                        "orphans annotations")
    add_connection_args(p)
    p.set_defaults(func=push_review_cli)


def push_review_cli(args) -> ExitCode:
    from ..annotate.review import push_review
    from ..annotate.schema_groups import load_groups
    from ..annotate.studio import connect

    groups = load_groups(args.paths)
    client = connect(args.url, args.token, workspace=args.workspace)
    result = push_review(client, groups, policy=args.policy, prefix=args.prefix, force=args.force)
    print("\n".join(result.lines()))
    return ExitCode.OK
