"""``hoinghi push``: create/update the Label Studio projects and import articles.

SOURCE is a folder of .txt files, a document JSONL or ``hf:<dataset>[@split]``. One
project per schema (``hoinghi-<schema>``), or one ``hoinghi-combined`` with --combined.
Re-running imports nothing twice; a changed article under an existing id is reported.
``--predictions-from SPEC`` runs an extractor (any spec ``hoinghi eval`` accepts) and
imports its output as pre-annotations (model_version = name@version).
"""
from __future__ import annotations

__all__ = ["register", "push_cli"]

import argparse
import json
import sys

from . import ExitCode
from ..schema import SCHEMA_NAMES
from .serve import add_connection_args


def register(subparsers) -> None:
    p = subparsers.add_parser("push", help="push schemas and articles to Label Studio",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", metavar="SOURCE", help="folder of .txt, document JSONL, or hf:<dataset>[@split]")
    p.add_argument("--schema", action="append", choices=SCHEMA_NAMES, dest="schemas",
                   help="schema to push (repeatable; default: all three)")
    p.add_argument("--combined", action="store_true", help="one project covering the chosen schemas")
    p.add_argument("--predictions-from", metavar="SPEC", help="extractor spec for pre-annotations")
    p.add_argument("--jobs", type=int, default=1, help="extractor worker processes (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="update a label config even if it orphans annotations")
    p.add_argument("--batch-size", type=int, default=1000, help="tasks per import request (default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.add_argument("--prefix", default="hoinghi", help="project titles are PREFIX-<schema> (default: %(default)s)")
    add_connection_args(p)
    p.set_defaults(func=push_cli)


def push_cli(args) -> ExitCode:
    from ..annotate.articles import load_articles
    from ..annotate.push import extractor_predictions, push
    from ..annotate.studio import connect

    docs = load_articles(args.source)
    client = connect(args.url, args.token, workspace=args.workspace)
    predictions = model_version = None
    failures = []
    if args.predictions_from:
        predictions, model_version, failures = extractor_predictions(args.predictions_from, docs, jobs=args.jobs,
                                                                     progress=not args.quiet)
    result = push(client, docs, schemas=args.schemas, combined=args.combined, predictions=predictions,
                  model_version=model_version, force=args.force, batch_size=args.batch_size,
                  progress=not args.quiet, prefix=args.prefix)
    result.prediction_failures = failures
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(result.lines(args.source)))
    for f in failures:
        print(f"hoinghi: extractor failed on {f.doc_id} ({f.kind}): {f.message}", file=sys.stderr)
    return ExitCode.EXTRACTOR_FAILURES if failures else ExitCode.OK
