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
from dataclasses import asdict

from . import ExitCode
from ..errors import UsageError
from ._arg_types import positive_int
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
    p.add_argument("--jobs", type=positive_int, default=1, help="extractor worker processes (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="update a label config even if it orphans annotations")
    p.add_argument("--batch-size", type=positive_int, default=1000, help="tasks per import request (default: %(default)s)")
    p.add_argument("--annotators-per-task", type=int, metavar="N",
                   help="Label Studio serves each task to N different annotators (maximum_annotations)")
    p.add_argument("--overlap", type=int, metavar="PERCENT",
                   help="with --annotators-per-task: share of tasks that get N passes, the rest one "
                        "(overlap_cohort_percentage; default: 100)")
    p.add_argument("--guideline", metavar="FILE",
                   help="Markdown shown to annotators before labelling (default: docs/guidelines.md)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.add_argument("--prefix", default="hoinghi", help="project titles are PREFIX-<schema> (default: %(default)s)")
    q = p.add_argument_group("live predictions and the queue (docs/ml-backend.md)")
    q.add_argument("--ml-backend", metavar="URL", help="connect this ML backend (hoinghi ml-backend); its "
                   "predictions become the ones annotators see")
    q.add_argument("--order", choices=("uncertainty", "disagreement", "sequential"),
                   help="what each annotator is served next (default: leave the project's order)")
    q.add_argument("--compare-with", metavar="SPEC", help="the second extractor of --order disagreement")
    add_connection_args(p)
    p.set_defaults(func=push_cli)


def push_cli(args) -> ExitCode:
    from ..annotate.articles import load_articles
    from ..annotate.push import extractor_predictions, push
    from ..annotate.studio import connect

    from ..annotate.project_team import Overlap, default_guideline, read_guideline

    if args.overlap is not None and args.annotators_per_task is None:
        raise UsageError("--overlap sets the share of tasks served to several annotators: it needs "
                         "--annotators-per-task N (N passes for that share, one for the rest)")
    overlap = (Overlap(args.annotators_per_task, 100 if args.overlap is None else args.overlap)
               if args.annotators_per_task is not None else None)
    guide = args.guideline or default_guideline()
    guideline = read_guideline(guide) if guide is not None else None
    docs = load_articles(args.source)
    client = connect(args.url, args.token, workspace=args.workspace)
    predictions = model_version = None
    failures = []
    if args.predictions_from:
        predictions, model_version, failures = extractor_predictions(args.predictions_from, docs, jobs=args.jobs,
                                                                     progress=not args.quiet)
    backend_version = _check_queue(args, predictions)
    result = push(client, docs, schemas=args.schemas, combined=args.combined, predictions=predictions,
                  model_version=model_version, force=args.force, batch_size=args.batch_size,
                  progress=not args.quiet, prefix=args.prefix, overlap=overlap, guideline=guideline)
    result.prediction_failures = failures
    queues = _queue(args, client, docs, result, predictions, model_version, backend_version)
    if args.json:
        print(json.dumps(result.to_json() | {"queue": [asdict(q) for q in queues]}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(result.lines(args.source)))
    for q in queues:
        if not args.json:
            print(q.line())
        for note in q.notes:
            print(f"hoinghi: note: {note}", file=sys.stderr)
    for f in failures:
        print(f"hoinghi: extractor failed on {f.doc_id} ({f.kind}): {f.message}", file=sys.stderr)
    return ExitCode.EXTRACTOR_FAILURES if failures else ExitCode.OK


def _check_queue(args, predictions) -> str | None:
    """Refuse option combinations that cannot work and probe the ML backend, before
    anything is pushed; the backend's model_version."""
    from ..annotate.project_settings import probe_ml_backend
    from ..annotate.queue_setup import check_queue_options

    check_queue_options(args.order, ml_backend=args.ml_backend, predictions_from=args.predictions_from,
                        compare_with=args.compare_with, predictions=predictions)
    return probe_ml_backend(args.ml_backend) if args.ml_backend else None


def _queue(args, client, docs, result, predictions, model_version, backend_version) -> list:
    """--ml-backend / --order / --compare-with after the push (annotate.queue_setup)."""
    if not (args.ml_backend or args.order):
        return []
    from ..annotate.push import extractor_predictions, push
    from ..annotate.queue_setup import setup_projects
    from ..schema import load_schemas

    second = second_version = None
    if args.compare_with:   # B's predictions are stored beside A's, so `hoinghi queue` can say what differs
        second, second_version, second_failures = extractor_predictions(args.compare_with, docs, jobs=args.jobs,
                                                                        progress=not args.quiet)
        result.prediction_failures += second_failures
        push(client, docs, schemas=args.schemas, combined=args.combined, predictions=second,
             model_version=second_version, batch_size=args.batch_size, progress=not args.quiet, prefix=args.prefix)
    projects = [(p.project_id, p.title, p.schemas) for p in result.projects]
    return setup_projects(client, projects, docs, schemas=load_schemas(), order=args.order, ml_backend=args.ml_backend,
                          backend_version=backend_version, model_version=model_version, predictions=predictions,
                          second=second, second_version=second_version)
