"""``hoinghi extract``: run an extractor over a corpus and save its predictions.

A thin layer over :func:`hoinghi.eval.extract.extract`: prints what was written and
picks the exit code (``EXTRACTOR_FAILURES`` when the extractor failed on some
documents; they are listed in the sidecar). Usage: ``docs/extract.md``.
"""
from __future__ import annotations

__all__ = ["register", "extract_cli"]

import signal
import sys

from . import ExitCode


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "extract", help="run an extractor over a corpus; write prediction JSONL and a sidecar (resumable)",
        description="Run an extractor over a corpus (a folder of .txt, a JSONL file, a gold set folder or hf:NAME[:SPLIT]) "
                    "and write prediction JSONL plus a sidecar (NAME.meta.json: extractor name@version, the spec, "
                    "the input's fingerprint, failures). Running the same command again resumes an interrupted run.",
        epilog="The file can then be scored with hoinghi eval -e FILE, gated with hoinghi gate -e FILE and shown with "
               "hoinghi report --predictions FILE; the signature names the extractor from the sidecar. See docs/extract.md.")
    p.add_argument("--extractor", "-e", metavar="SPEC", required=True,
                   help="a registered name (reference, trivial), module:function, path/file.py:function or cmd:<command>")
    p.add_argument("--in", dest="source", metavar="SOURCE", required=True,
                   help="folder of .txt, JSONL file (id, text), gold set folder, or hf:NAME[:SPLIT]")
    p.add_argument("--out", "-o", metavar="FILE", required=True, help="prediction JSONL to write (resumed if it exists)")
    p.add_argument("--engine", default="local", choices=("local", "ray"),
                   help="local worker processes (default) or Ray Data (pip install 'hoinghi[ray]')")
    p.add_argument("--address", metavar="ADDR",
                   help="with --engine ray: 'auto' or ray://HOST:PORT of a running cluster (default: start Ray here)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="worker processes (local) or CPUs of a Ray started here (default: 1)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="seconds per document, local engine (default: 30)")
    p.add_argument("--restart", action="store_true", help="start over instead of resuming an existing --out")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    p.set_defaults(func=extract_cli)


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # the runner's clean-up kills workers; the sidecar records what is done


def extract_cli(args) -> ExitCode:
    from ..errors import InputError
    from ..eval.extract import extract

    if args.jobs < 1 or args.timeout <= 0:
        raise InputError("--jobs must be at least 1 and --timeout positive")
    if args.address and args.engine != "ray":
        raise InputError("--address applies to --engine ray")
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        result = extract(args.extractor, args.source, args.out, engine=args.engine, jobs=args.jobs,
                         timeout=args.timeout, address=args.address, progress=not args.quiet, restart=args.restart)
    finally:
        signal.signal(signal.SIGTERM, previous)
    side = result.sidecar
    resumed = f" ({result.n_resumed} already done, resumed)" if result.n_resumed else ""
    print(f"hoinghi: {side.extractor}: {side.n_predictions} of {side.n_documents} document(s) in {result.out}{resumed}; "
          f"{result.n_run} run in {result.seconds:.1f} s", file=sys.stderr)
    if result.failures:
        print(f"hoinghi: {len(result.failures)} document(s) failed (listed in the sidecar; run again to retry them)",
              file=sys.stderr)
        return ExitCode.EXTRACTOR_FAILURES
    return ExitCode.OK
