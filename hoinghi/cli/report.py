"""``hoinghi report``: one self-contained HTML file from one or two eval reports.

A thin layer over :func:`hoinghi.eval.report_data.build_report` and
:func:`hoinghi.eval.html_report.write_report`. The eval JSON (``hoinghi eval --out``) holds
the scores and per-document counts but not the predicted spans, so the error views
re-read the gold (``--gold``, default: the path recorded in the eval JSON) and take
the predictions from ``--predictions FILE`` (default: the file saved by ``hoinghi eval
--save-predictions`` that the eval JSON records), checking that they reproduce the
recorded counts. Only ``--rerun`` runs an extractor (the one the eval JSON records, in
its working-directory-independent form, or the ``--predictions`` spec).
Usage: ``docs/gate-report.md``.
"""
from __future__ import annotations

__all__ = ["register", "report_cli", "load_eval_report"]

import sys
from pathlib import Path

from . import ExitCode
from ._fields import add_field_options, selected_fields
from ..atomic import check_output
from ..errors import InputError, Location, SignatureMismatch


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "report", help="self-contained HTML report of one eval JSON, or a comparison of two",
        description="Render eval reports (hoinghi eval --out) as one HTML file that needs no network: per-field "
                    "table with 95% intervals, F1 bar charts, a paired comparison of two runs (A then B), the "
                    "label confusion matrix and every error in context, filterable by field and error kind.",
        epilog="With two reports the comparison is two-sided (the second run better, worse or no significant "
               "difference, with the interval of the difference), the error views show both runs, and the spans "
               "whose exact match changed from the first run to the second are listed. See docs/gate-report.md.")
    p.add_argument("reports", nargs="+", metavar="EVAL_JSON", help="one or two eval reports (A, then B)")
    p.add_argument("--out", "-o", metavar="FILE", required=True, help="the HTML file to write")
    p.add_argument("--gold", metavar="PATH", help="gold for the error views (default: the path in the eval JSON)")
    p.add_argument("--predictions", "-p", metavar="FILE",
                   help="predictions for the error views: a prediction .jsonl file (hoinghi extract, or eval "
                        "--save-predictions; default: the saved predictions recorded in the last eval JSON); "
                        "with --rerun, any extractor spec")
    p.add_argument("--predictions-a", metavar="FILE",
                   help="with two reports: predictions of A for the A → B changes (default: A's saved predictions)")
    p.add_argument("--rerun", action="store_true",
                   help="run the extractor recorded in the eval JSON again (or the --predictions spec) instead of "
                        "reading saved predictions; the only way report runs an extractor")
    p.add_argument("--names", metavar="A,B", help="display names of the runs (default: extractor name@version)")
    add_field_options(p)
    p.add_argument("--no-errors", action="store_true", help="scores only: no confusion matrix or error views")
    p.add_argument("--title", help="page title")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=report_cli)


def load_eval_report(path: str | Path):
    """``(EvalResult, raw dict)`` from an eval JSON, with errors naming the file."""
    from ..eval.results import EvalResult

    from ..document import read_json

    path = Path(path)
    if not path.exists():
        raise InputError("no such file", Location(str(path)))
    obj = read_json(path)
    if not isinstance(obj, dict):
        raise InputError("not an evaluation report (expected a JSON object)", Location(str(path)))
    try:
        return EvalResult.from_json(obj), obj
    except InputError as exc:
        raise InputError(exc.message, Location(str(path), None, exc.where.doc_id, exc.where.field)) from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"a damaged evaluation report ({type(exc).__name__}: {exc})", Location(str(path))) from None


def _saved_file(path: str, where: str, fld: str) -> str:
    """A prediction file named in an eval report: read as data, never run."""
    from ..extractors import REGISTRY

    if path.startswith("cmd:") or path in REGISTRY or not path.endswith(".jsonl") or not Path(path).is_file():
        raise InputError(f"the saved predictions recorded in the eval report ({path}) are not a prediction .jsonl "
                         "file found from here; pass --predictions FILE (or --rerun, or --no-errors)",
                         Location(where, field=fld))
    return path


def _predictions(spec, raw: dict, where: str, result, gold, warnings: list[str], quiet: bool, rerun: bool):
    """Predictions for one eval report: ``spec`` (a prediction file, or with ``rerun`` any
    spec), else the saved predictions the report records, else (only with ``rerun``) its
    extractor run again. Checked against the report's counts."""
    from ..eval.runner import run_extractor
    from ..eval.report_data import check_counts

    run = raw.get("run") or {}
    if spec is not None and not rerun and not (spec.endswith(".jsonl") and Path(spec).is_file()):
        raise InputError(f"--predictions {spec!r} is not a prediction .jsonl file; to run an extractor, add --rerun")
    if spec is None and run.get("predictions_file") and not rerun:
        spec = _saved_file(str(run["predictions_file"]), where, "run.predictions_file")
    if spec is None and rerun:
        spec = run.get("spec_resolved") or run.get("spec")  # resolved: the files it names, from anywhere
        if not spec:
            raise InputError("the eval report does not record its extractor; pass --predictions SPEC (or --no-errors)",
                             Location(where, field="run.spec"))
    if spec is None:
        raise InputError("the eval report records no saved predictions: pass --predictions FILE (from hoinghi eval "
                         "--save-predictions or hoinghi extract), --rerun to run its extractor again, or --no-errors",
                         Location(where, field="run.predictions_file"))
    predictions = run_extractor(spec, gold, progress=not quiet).predictions
    warnings += [f"{where}: {w}" for w in check_counts(result, gold, predictions, mode=result.mode)]
    return predictions


def _on_fields(results: list, fields: list[str], gold, predictions: list) -> list:
    """The runs on ``--fields``: as they are when scored on those fields, else scored again
    from their predictions (which the error views re-read anyway)."""
    if not fields:
        return results
    from ..eval.fields import select_fields
    from ..eval.report_data import rescore
    from ..schema import load_schemas

    wanted = select_fields(load_schemas(), fields)
    out = []
    for i, (result, preds) in enumerate(zip(results, predictions)):
        if result.signature.fields == wanted.text:
            out.append(result)
        elif gold is None or preds is None:
            raise InputError(f"--fields {','.join(wanted.labels)}: run {i + 1} was scored on fields "
                             f"{result.signature.fields}; scoring it again needs its predictions (leave out "
                             "--no-errors, or give --predictions-a), or an eval report made with --fields")
        else:
            out.append(rescore(result, gold, preds, wanted.labels))
    return out


def _spec_paths(spec: str | None) -> list[str]:
    from ..eval.runner.spec import spec_paths

    return spec_paths(spec) if spec else []


def report_cli(args) -> ExitCode:
    from ..eval.html_report import write_report
    from ..eval.report_data import build_report

    if len(args.reports) > 2:
        raise InputError("give one eval report, or two to compare (A, then B)")
    check_output(args.out, [*args.reports, args.gold, *_spec_paths(args.predictions), *_spec_paths(args.predictions_a)])
    loaded = [load_eval_report(p) for p in args.reports]
    results = [r for r, _ in loaded]
    names = [n.strip() for n in args.names.split(",")] if args.names else None
    if names is not None and len(names) != len(results):
        raise InputError(f"--names has {len(names)} name(s) for {len(results)} report(s)")
    gold = predictions = predictions_a = None
    warnings: list[str] = []
    if not args.no_errors:
        from ..gold_set import load_gold_or_jsonl

        last, raw = loaded[-1]
        recorded = raw.get("gold") or {}
        gold_path = args.gold or recorded.get("path")
        if not args.gold and gold_path and not Path(gold_path).exists() and recorded.get("path_resolved"):
            gold_path = recorded["path_resolved"]  # the report is read from another folder
        if not gold_path:
            raise InputError("the eval report does not record its gold path; pass --gold PATH (or --no-errors)",
                             Location(args.reports[-1], field="gold.path"))
        if not args.gold and not Path(gold_path).exists():
            raise InputError(f"the gold recorded in the eval report ({gold_path}) is not found from here; "
                             "pass --gold PATH (or --no-errors)", Location(args.reports[-1], field="gold.path"))
        check_output(args.out, [gold_path])
        gold, _, _ = load_gold_or_jsonl(gold_path)
        predictions = _predictions(args.predictions, raw, args.reports[-1], last, gold, warnings, args.quiet,
                                   args.rerun)
        if len(loaded) == 2:
            first, raw_a = loaded[0]
            run_a = raw_a.get("run") or {}
            if args.predictions_a or run_a.get("predictions_file") or (args.rerun and run_a.get("spec")):
                try:
                    predictions_a = _predictions(args.predictions_a, raw_a, args.reports[0], first, gold, warnings,
                                                 args.quiet, args.rerun)
                except SignatureMismatch as exc:
                    warnings.append(f"no A → B changes: {exc}")
    results = _on_fields(results, selected_fields(args), gold, [predictions_a, predictions][-len(results):])
    report = build_report(results, gold=gold, predictions=predictions, names=names, title=args.title,
                          predictions_a=predictions_a)
    report.warnings[:0] = warnings
    write_report(args.out, report)
    for w in warnings:
        print(f"hoinghi: warning: {w}", file=sys.stderr)
    print(f"hoinghi: report written to {args.out}", file=sys.stderr)
    return ExitCode.OK
