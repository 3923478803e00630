"""The ``hoinghi`` command line.

Each command lives in its own module here (``hoinghi/cli/<command>.py``) and is a
thin ``<command>_cli(args)`` over a library function that returns data. A module
takes part by defining ``register(subparsers)``, which adds its sub-parser and sets
``func`` to its ``*_cli`` function. This is the only place that turns the
library's exceptions into messages and exit codes.
"""
from __future__ import annotations

__all__ = ["ExitCode", "main", "build_parser", "missing_extra"]

import argparse
import importlib
import os
import pkgutil
import sys
from enum import IntEnum

from .. import __version__
from ..errors import (ExtractorError, HoinghiError, InputError, SetupError, SignatureMismatch, StudioError,
                      UsageError)


class ExitCode(IntEnum):
    """Exit codes of every ``hoinghi`` command (documented in README)."""

    OK = 0
    REGRESSION = 1          # gate: a significant drop beyond tolerance
    USAGE = 2               # bad command line (argparse's own code)
    BAD_INPUT = 3           # bad files or records: JSONL, schema, gold, predictions, baseline
    SETUP = 4               # environment: server unreachable, bad token, missing package, busy port
    EXTRACTOR_FAILURES = 5  # the run finished but the extractor failed on some documents
    UNSETTLED = 6           # adjudicate: conflicts remain that no policy or reviewer settled
    INTERNAL = 70           # a bug in hoinghi (never 1, so CI never reads a crash as a regression)
    INTERRUPTED = 130
    BROKEN_PIPE = 141       # stdout closed by the reader (``| head``), as a shell reports SIGPIPE


def _command_modules():
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hoinghi", description="Annotation and evaluation toolkit for "
                                     "Vietnamese news about Party committee meetings.")
    parser.add_argument("--version", action="version", version=f"hoinghi {__version__}")
    parser.add_argument("--traceback", action="store_true", help="show Python tracebacks of errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.register(sub)
    return parser


# Packages that only an install profile brings (pyproject.toml's extras), by import name.
EXTRA_OF_MODULE = {
    "label_studio": "studio", "label_studio_sdk": "studio", "datasets": "studio", "httpx": "studio",
    "pytest": "pytest", "hypothesis": "dev", "nervaluate": "dev",
}


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The sentence for a package that an extra brings, or None for any other missing module.

    >>> missing_extra(ModuleNotFoundError("No module named 'label_studio_sdk'", name="label_studio_sdk"))
    "this command needs label_studio_sdk, which comes with hoinghi's 'studio' extra: pip install 'hoinghi[studio]'"
    >>> missing_extra(ModuleNotFoundError("No module named 'foo'", name="foo")) is None
    True
    """
    top = (exc.name or "").partition(".")[0]
    extra = EXTRA_OF_MODULE.get(top)
    if extra is None:
        return None
    return f"this command needs {top}, which comes with hoinghi's '{extra}' extra: pip install 'hoinghi[{extra}]'"


def _error(msg: str) -> None:
    print(f"hoinghi: error: {msg}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.USAGE
    show = args.traceback or os.environ.get("HOINGHI_TRACEBACK")
    try:
        code = int(args.func(args) or ExitCode.OK)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        return code
    except KeyboardInterrupt:
        _error("interrupted")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return ExitCode.BROKEN_PIPE
    except Exception as exc:  # noqa: BLE001 - the one place that turns every error into a sentence
        if show:
            raise
        code, message = _classify(exc)
        _error(message)
        return code


def _classify(exc: Exception) -> tuple[ExitCode, str]:
    """The exit code and the sentence for an exception (the table in README.md)."""
    if isinstance(exc, UsageError):
        return ExitCode.USAGE, str(exc)
    if isinstance(exc, ModuleNotFoundError) and missing_extra(exc):
        return ExitCode.SETUP, missing_extra(exc)
    if isinstance(exc, (InputError, SignatureMismatch)):
        return ExitCode.BAD_INPUT, str(exc)
    if isinstance(exc, (SetupError, StudioError, ExtractorError)):
        return ExitCode.SETUP, str(exc)
    if isinstance(exc, HoinghiError):
        return ExitCode.BAD_INPUT, str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return ExitCode.SETUP, f"{where}{exc.strerror or exc}"
    return ExitCode.INTERNAL, (f"internal error ({type(exc).__name__}: {exc}); please report it with the command "
                               "line; --traceback shows where")


def _silence_stdout() -> None:
    """After ``BrokenPipeError``: point stdout at /dev/null so the interpreter's
    final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
