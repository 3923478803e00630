"""``hoinghi gate``: fail CI when an extractor is significantly worse than its baseline.

A thin layer over :func:`hoinghi.eval.pipeline.score_extractor` (the ``hoinghi eval``
path), :func:`hoinghi.eval.pipeline.gate_scored_run` and :mod:`hoinghi.eval.baselines`. Usage and rules: ``docs/gate-report.md``.

Exit codes: 0 ``OK`` (pass, or a baseline written with ``--update``), 1 ``REGRESSION``
(a drop beyond the tolerance, significant after the Holm correction), 3 ``BAD_INPUT``
(bad gold, predictions or baseline; signatures that differ in gold fingerprint, schema
version or matching mode; no baseline yet), 4 ``SETUP`` (the extractor cannot start),
5 ``EXTRACTOR_FAILURES`` (``--update`` refused: the extractor failed on some documents;
``--allow-failures`` writes the baseline anyway).
"""
from __future__ import annotations

__all__ = ["register", "gate_cli"]

import json
import sys

from ..atomic import check_output, write_atomic
from . import ExitCode
from ._arg_types import megabytes, fraction, positive_int, seconds, seed
from ._fields import add_field_options, selected_fields


def register(subparsers) -> None:
    from ..eval.registry import MODES

    p = subparsers.add_parser(
        "gate", help="regression gate: compare an extractor with its committed baseline (CI)",
        description="Score an extractor on gold and compare it with a committed baseline, per field, schema and "
                    "overall: baseline, candidate, delta, paired-bootstrap 95% CI of the delta over documents, "
                    "one-sided p-value, Holm-Bonferroni correction, verdict. Fails only when a drop exceeds the "
                    "tolerance and is significant.",
        epilog="Exit codes: 0 pass (or baseline written), 1 regression, 3 bad input or signatures that differ, "
               "4 setup error. See docs/gate-report.md.")
    p.add_argument("--gold", metavar="PATH", help="gold JSONL file or gold set folder (default: gold/hoinghi-5)")
    p.add_argument("--split", metavar="NAME", help="gate on one split of a gold set folder")
    p.add_argument("--extractor", "-e", metavar="SPEC", required=True,
                   help="what to gate: a registered name, module:function, cmd:..., or a prediction .jsonl file")
    p.add_argument("--baseline", "-b", metavar="NAME|PATH",
                   help="baseline name (gold/baselines/NAME.json) or file; default: the extractor's name")
    p.add_argument("--baselines-dir", metavar="DIR", default="gold/baselines",
                   help="where baseline names live (default: gold/baselines)")
    p.add_argument("--update", action="store_true", help="write the candidate's counts as the new baseline")
    p.add_argument("--allow-failures", action="store_true",
                   help="with --update: write the baseline even though the extractor failed on some documents")
    p.add_argument("--mode", default="strict", choices=MODES, help="span matching mode (default: strict)")
    p.add_argument("--tolerance", type=fraction, default=0.02, help="allowed F1 drop (default: 0.02)")
    p.add_argument("--alpha", type=fraction, default=0.05, help="significance level after Holm (default: 0.05)")
    p.add_argument("--seed", type=seed, default=12345, help="bootstrap seed (default: 12345)")
    p.add_argument("--n-boot", type=positive_int, default=1000, help="paired bootstrap resamples (default: 1000)")
    p.add_argument("--jobs", "-j", type=positive_int, default=1, help="worker processes (default: 1)")
    p.add_argument("--timeout", type=seconds, default=30.0, help="seconds per document (default: 30)")
    p.add_argument("--json", metavar="FILE", dest="json_out", help="also write the gate result as JSON")
    p.add_argument("--max-memory", type=megabytes, default=None, metavar="MB",
                   help="resident memory per Python extractor worker; over it the worker is replaced "
                        "(default: 4096; 0: no limit)")
    add_field_options(p)
    p.add_argument("--markdown", metavar="FILE", dest="markdown_out",
                   help="also write the verdict and table as Markdown (e.g. for $GITHUB_STEP_SUMMARY)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=gate_cli)


def _default_gold() -> str:
    from .eval import default_gold

    return default_gold()


def gate_cli(args) -> ExitCode:
    from ..eval.baselines import baseline_path, default_baseline_name
    from ..eval.text_report import format_gate, format_gate_markdown
    from ..eval.pipeline import gate_scored_run, score_extractor
    from ..eval.runner.spec import spec_paths

    gold = args.gold or _default_gold()
    if args.baseline is None:
        _check_default_baseline(args.extractor)
    inputs = [gold, *spec_paths(args.extractor), args.baselines_dir,
              baseline_path(args.baseline, args.baselines_dir) if args.baseline else None]
    for option, out in (("--json", args.json_out), ("--markdown", args.markdown_out)):
        if out is not None:
            check_output(out, inputs, option=option)
    scored = score_extractor(gold, args.extractor, mode=args.mode, seed=args.seed,
                             n_boot=args.n_boot, jobs=args.jobs, timeout=args.timeout, progress=not args.quiet,
                             split=args.split, fields=selected_fields(args),
                             max_memory_mb=args.max_memory, keep_documents=False)  # read again only to show a failure
    name = args.baseline if args.baseline is not None else default_baseline_name(scored.result.extractor,
                                                                                  args.extractor)
    path = baseline_path(name, args.baselines_dir)
    if scored.failures:
        print(f"hoinghi: warning: the extractor failed on {len(scored.failures)} document(s) "
              f"(scored as empty predictions): {', '.join(f.doc_id for f in scored.failures[:10])}", file=sys.stderr)
    if args.update:
        return _update(args, scored, path)
    res = gate_scored_run(scored, path, tolerance=args.tolerance, alpha=args.alpha, n_boot=args.n_boot,
                          seed=args.seed)
    print(format_gate(res))
    if args.json_out is not None:
        write_atomic(args.json_out, json.dumps(res.to_json(), ensure_ascii=False, indent=2, allow_nan=False) + "\n")
    if args.markdown_out is not None:
        write_atomic(args.markdown_out, format_gate_markdown(res))
    return ExitCode.OK if res.passed else ExitCode.REGRESSION


def _check_default_baseline(spec: str) -> None:
    """A prediction file without a finished sidecar is only ``file:NAME``, which has no
    default baseline: say so before scoring it, not after (nothing is hashed here; a
    file whose sidecar does not match its bytes is still refused after scoring)."""
    from ..eval.baselines import default_baseline_name
    from ..eval.runner.spec import prediction_file
    from ..eval.saved_predictions import read_sidecar

    path = prediction_file(spec)
    sidecar = read_sidecar(path) if path is not None else None
    if path is not None and (sidecar is None or not sidecar.complete):
        default_baseline_name(f"file:{path.name}", spec)


def _update(args, scored, path) -> ExitCode:
    """``--update``: refuse a run with failures (unless allowed), show how the run
    compares with the old baseline when there is a comparable one, write the new one."""
    from ..eval.baselines import Baseline, read_baseline, write_baseline
    from ..eval.gate import gate
    from ..eval.text_report import format_gate

    result = scored.result
    if scored.failures and not args.allow_failures:
        print(f"hoinghi: error: not writing {path}: a baseline recorded from a run with failures would make "
              "every later gate too lax; fix the extractor or pass --allow-failures", file=sys.stderr)
        return ExitCode.EXTRACTOR_FAILURES
    if path.is_file():
        try:
            old = read_baseline(path)
            res = gate(result, old, tolerance=args.tolerance, alpha=args.alpha, n_boot=args.n_boot, seed=args.seed)
            print(format_gate(res, details=False))
            print()
        except Exception as exc:  # noqa: BLE001 - the old baseline is being replaced anyway
            print(f"hoinghi: note: the old baseline is not comparable ({exc}); replacing it", file=sys.stderr)
    write_baseline(path, Baseline.from_result(result))
    print(f"hoinghi: baseline written to {path} ({len(result.doc_ids)} documents, {result.extractor}); "
          f"review and commit it")
    return ExitCode.OK
