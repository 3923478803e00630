"""``hoinghi eval``: score an extractor against a gold set.

A thin layer over the library: :func:`hoinghi.eval.pipeline.score_extractor` (load
gold, run the extractor, score) and :mod:`hoinghi.eval.text_report`. Prints the per-field
table, writes the JSON report atomically, and picks the exit code
(``EXTRACTOR_FAILURES`` after writing the report when the extractor failed on some
documents). Usage: ``docs/eval-cli.md``.
"""
from __future__ import annotations

__all__ = ["register", "eval_cli", "default_gold", "default_extractor", "DEFAULT_GOLD"]

import argparse
import importlib.util
import signal
import sys
from pathlib import Path

from ..atomic import check_output, write_atomic
from . import ExitCode
from ._arg_types import megabytes, positive_int, seconds, seed
from ._fields import add_field_options, selected_fields
from ..errors import InputError

DEFAULT_GOLD = "gold/hoinghi-5"
_REPO = Path(__file__).resolve().parents[2]


def default_gold() -> str:
    """The shipped gold set: ``gold/hoinghi-5`` under the working directory, else in the repo."""
    if Path(DEFAULT_GOLD).is_dir():
        return DEFAULT_GOLD  # relative: the report then names no machine-specific path
    if (_REPO / DEFAULT_GOLD).is_dir():
        return str(_REPO / DEFAULT_GOLD)
    raise InputError("no --gold given, and no gold set here: pass --gold PATH, a gold JSONL file (one document "
                     "per line with its spans, the format of README's document contract) or a gold set folder "
                     f"(gold/<name>/); the shipped sets ({DEFAULT_GOLD}, gold/synthetic-heldout) are in the hoinghi "
                     "repository, not in the installed package")


def default_extractor() -> str:
    """``reference``, or ``trivial`` while the reference extractor module does not exist."""
    return "reference" if importlib.util.find_spec("hoinghi.extractors.reference") else "trivial"


_ALL_VIEWS = ("span", "values", "relations", "records", "bio", "semeval")


def _views(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))
    bad = [v for v in chosen if v not in _ALL_VIEWS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown view {bad[0]!r} (known: {', '.join(_ALL_VIEWS)})")
    return chosen


def register(subparsers) -> None:
    from ..eval.registry import FORMATS, MODES, VIEWS

    p = subparsers.add_parser(
        "eval", help="score an extractor against a gold set (per-field P/R/F1 with 95%% CIs)",
        description="Score an extractor against gold: per-field TP/FP/FN, P/R/F1 with bootstrap 95% CIs, "
                    "support, per-schema and overall micro/macro rows. Writes a JSON report with a signature.",
        epilog="Extractor specs: a registered name (reference, trivial), package.module:function, "
               "path/file.py:function, cmd:<shell command> (JSONL on stdin -> JSONL on stdout), "
               "or a prediction .jsonl file. See docs/eval-cli.md.")
    p.add_argument("--gold", metavar="PATH", help=f"gold JSONL file or gold set folder (default: {DEFAULT_GOLD})")
    p.add_argument("--split", metavar="NAME", help="score one split of a gold set folder (default: all splits)")
    p.add_argument("--extractor", "-e", metavar="SPEC",
                   help="what to score (default: reference; trivial while the reference does not exist)")
    p.add_argument("--mode", default="strict", choices=MODES, help="span matching mode (default: strict)")
    p.add_argument("--view", default="span", choices=tuple(VIEWS),
                   help="which view's full table to print (default: span; all views are in the report)")
    p.add_argument("--views", metavar="LIST", type=_views,
                   help="compute only these, comma-separated: span (always), values, relations, records, bio, "
                        "semeval (the SemEval-2013 breakdown); default: all. --views span is the fastest "
                        "(for CI runs that need only span scores)")
    p.add_argument("--format", "-f", dest="fmt", default="table", choices=FORMATS,
                   help="what to print on stdout (default: table)")
    p.add_argument("--out", "-o", metavar="FILE", help="write the JSON report here (atomically)")
    p.add_argument("--save-predictions", metavar="FILE",
                   help="also keep the extractor's predictions: prediction JSONL plus a sidecar FILE.meta.json "
                        "(for hoinghi report --predictions, and eval/gate -e FILE without re-running)")
    p.add_argument("--jobs", "-j", type=positive_int, default=1, metavar="N", help="worker processes (default: 1)")
    p.add_argument("--timeout", type=seconds, default=30.0, metavar="S", help="seconds per document (default: 30)")
    p.add_argument("--seed", type=seed, default=12345, metavar="N", help="bootstrap seed (default: 12345)")
    p.add_argument("--n-boot", type=int, default=1000, metavar="N", help="bootstrap resamples; 0 turns CIs off (default: 1000)")
    p.add_argument("--max-memory", type=megabytes, default=None, metavar="MB",
                   help="resident memory per Python extractor worker; over it the worker is replaced "
                        "(default: 4096; 0: no limit)")
    add_field_options(p)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no warnings on stderr")
    p.set_defaults(func=eval_cli)


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # so the runner's clean-up kills workers and commands


def eval_cli(args) -> ExitCode:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _eval(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _eval(args) -> ExitCode:
    from ..eval.pipeline import score_extractor
    from ..jsonl import pretty_json
    from ..eval.text_report import render

    from ..eval.runner.spec import spec_paths

    if args.n_boot < 0:
        raise InputError("--n-boot must be 0 or more")
    gold_path = args.gold or default_gold()
    extractor = args.extractor or default_extractor()
    if args.out is not None:
        check_output(args.out, [gold_path, *spec_paths(extractor)])
    if args.save_predictions:
        from ..eval.saved_predictions import refuse_overwrite

        refuse_overwrite(args.save_predictions, [gold_path] + ([extractor] if Path(extractor).exists() else []))
    chosen = {}
    if args.views is not None:
        if args.view not in args.views and args.view != "span":
            raise InputError(f"--view {args.view} is not among --views {','.join(args.views)}")
        chosen = {"views": tuple(v for v in args.views if v != "semeval"), "breakdown": "semeval" in args.views}
    scored = score_extractor(gold_path, extractor, mode=args.mode, seed=args.seed, n_boot=args.n_boot,
                             jobs=args.jobs, timeout=args.timeout, progress=not args.quiet, split=args.split,
                             fields=selected_fields(args), max_memory_mb=args.max_memory,
                             keep_documents=bool(args.save_predictions), **chosen)
    report = scored.to_json()
    if args.save_predictions:
        from ..eval.pipeline import save_prediction_run

        save_prediction_run(args.save_predictions, scored.gold, scored.run,
                            source=str(Path(scored.provenance.path).resolve()))
        report["run"]["predictions_file"] = str(Path(args.save_predictions).resolve())
    text = pretty_json(report)
    if args.out is not None:
        write_atomic(args.out, text)
    n_docs = len(scored.result.doc_ids)
    title = f"{scored.run.extractor} on {Path(scored.provenance.path).name} ({n_docs} documents)"
    if scored.result.signature.fields != "all":
        title += f", fields {scored.result.signature.fields.replace('+', ', ')}"
    sys.stdout.write(text if args.fmt == "json" else render(scored.result, args.fmt, view=args.view, title=title))
    if not args.quiet:
        for w in scored.warnings:
            print(f"hoinghi: warning: {w}", file=sys.stderr)
    if scored.failures:
        print(f"hoinghi: {len(scored.failures)} of {n_docs} document(s) failed (scored as empty "
              "predictions; listed in the report)", file=sys.stderr)
        return ExitCode.EXTRACTOR_FAILURES
    return ExitCode.OK
