"""Extractor specs: what a spec names, and the ``name@version`` that goes into the
score signature.

A spec is one of

* a registered short name (``reference``, ``trivial``: :data:`hoinghi.extractors.REGISTRY`);
* ``package.module:function`` or ``path/to/file.py:function``: a Python callable;
* ``cmd:<shell command>``: a program in any language that reads document JSONL on
  stdin and writes one prediction JSONL line per document on stdout;
* a path to a prediction ``.jsonl`` file made earlier.

The version is the module's ``__version__``, else a hash of its source; for a command, a
hash of the command line and of every file it names; for a file, a hash of its bytes,
unless it is a finished, unchanged file saved by ``hoinghi extract`` or
``eval --save-predictions``: then the name and version are the extractor's, from its
sidecar (:mod:`hoinghi.eval.saved_predictions`).
"""
from __future__ import annotations

__all__ = ["ExtractorSpec", "resolve_extractor", "load_callable", "findable_spec", "spec_paths", "prediction_file",
           "file_extractor"]

import hashlib
import importlib
import importlib.util
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ...errors import ExtractorError, InputError, Location
from ...extractors import REGISTRY


@dataclass(frozen=True)
class ExtractorSpec:
    """A resolved spec: ``kind`` (``python``, ``cmd`` or ``file``), what to run, and the
    ``name@version`` (``label``) that goes into the score signature."""

    kind: str          # "python" | "cmd" | "file"
    target: object     # spec string for python (importable in workers), command, or Path
    name: str
    version: str

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def load_callable(spec: str) -> tuple[Callable, object]:
    """Import ``module:function`` or ``path/file.py:function``; returns (callable, module)."""
    mod_name, _, func_name = spec.rpartition(":")
    if not mod_name or not func_name:
        raise ExtractorError(f"extractor {spec!r}: expected module:function")
    if mod_name.endswith(".py") or os.sep in mod_name:
        path = Path(mod_name).resolve()
        if not path.is_file():
            raise ExtractorError(f"extractor {spec!r}: no such file {mod_name}")
        name = "_hoinghi_extractor_" + _sha(str(path).encode())
        module = sys.modules.get(name)
        if module is None:
            mspec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(mspec)
            sys.modules[name] = module
            try:
                mspec.loader.exec_module(module)
            except Exception as exc:
                del sys.modules[name]
                raise ExtractorError(f"extractor {spec!r}: importing {mod_name} failed: {type(exc).__name__}: {exc}") from exc
    else:
        if os.getcwd() not in sys.path:  # like uvicorn/gunicorn: modules next to the user are importable
            sys.path.append(os.getcwd())
        try:
            module = importlib.import_module(mod_name)
        except Exception as exc:
            raise ExtractorError(f"extractor {spec!r}: cannot import {mod_name}: {type(exc).__name__}: {exc}") from exc
    func = getattr(module, func_name, None)
    if not callable(func):
        raise ExtractorError(f"extractor {spec!r}: {mod_name} has no callable {func_name!r}")
    return func, module


def _module_version(module) -> str:
    version = getattr(module, "__version__", None)
    if isinstance(version, str) and version:
        return version
    source = getattr(module, "__file__", None)
    if source and Path(source).is_file():
        return "sha-" + _sha(Path(source).read_bytes())
    return "unknown"


def spec_paths(spec: str) -> list[str]:
    """Every path a spec may read (the prediction file, the ``file.py`` of a callable,
    the words of a command): what an output path must never be.

    >>> spec_paths("cmd:python3 tag.py --fast"), spec_paths("x/tag.py:extract"), spec_paths("p.jsonl")
    (['python3', 'tag.py', '--fast'], ['x/tag.py'], ['p.jsonl'])
    """
    spec = spec.strip()
    if spec.startswith("cmd:"):
        try:
            return shlex.split(spec[4:])
        except ValueError:
            return spec[4:].split()
    return [spec.rpartition(":")[0] if ":" in spec else spec]


def _command_version(command: str) -> tuple[str, str]:
    """A name (the script, or the program) and a hash of the command line and of
    every file it names, so editing the script changes the signature."""
    try:
        tokens = shlex.split(command)
    except ValueError:
        tokens = command.split()
    h = hashlib.sha256(command.encode())
    files = [t for t in tokens if os.path.isfile(t)]
    for t in files:
        h.update(Path(t).read_bytes())
    name = Path(files[-1]).name if files else (Path(tokens[0]).name if tokens else "?")
    return f"cmd:{name}", h.hexdigest()[:12]


def resolve_extractor(spec: str) -> ExtractorSpec:
    """Work out what a spec names, import it once to check it, and find its version.

    >>> resolve_extractor("trivial").label
    'trivial@0.1.0'
    >>> resolve_extractor("cmd:cat").name
    'cmd:cat'
    >>> resolve_extractor("nope")
    Traceback (most recent call last):
    ...
    hoinghi.errors.ExtractorError: unknown extractor 'nope': not a registered name (reference, trivial), module:function, cmd:<command> or an existing .jsonl file
    """
    if not isinstance(spec, str) or not spec.strip():
        raise ExtractorError("empty extractor spec")
    spec = spec.strip()
    if spec in REGISTRY:
        _, module = load_callable(REGISTRY[spec])
        return ExtractorSpec("python", REGISTRY[spec], spec, _module_version(module))
    if spec.startswith("cmd:"):
        command = spec[4:].strip()
        if not command:
            raise ExtractorError("extractor 'cmd:' names no command")
        name, version = _command_version(command)
        return ExtractorSpec("cmd", command, name, version)
    if spec.endswith(".py") and ":" not in spec:
        raise ExtractorError(f"extractor {spec!r}: name the function too, e.g. {spec}:extract")
    if spec.endswith(".jsonl") or (os.path.isfile(spec) and ":" not in spec):
        path = Path(spec)
        if not path.is_file():
            raise InputError("no such prediction file", Location(spec))
        return file_extractor(path)
    if ":" in spec:
        _, module = load_callable(spec)
        return ExtractorSpec("python", spec, spec, _module_version(module))
    raise ExtractorError(f"unknown extractor {spec!r}: not a registered name ({', '.join(REGISTRY)}), "
                         "module:function, cmd:<command> or an existing .jsonl file")


def prediction_file(spec: str) -> Path | None:
    """The prediction file a spec names (what :func:`resolve_extractor` reads as a
    ``file`` spec), or None; nothing is imported or read.

    >>> prediction_file("reference") is None, prediction_file("cmd:cat x.jsonl") is None
    (True, True)
    """
    spec = spec.strip() if isinstance(spec, str) else ""
    if not spec or spec in REGISTRY or spec.startswith("cmd:") or (spec.endswith(".py") and ":" not in spec):
        return None
    if spec.endswith(".jsonl") or (os.path.isfile(spec) and ":" not in spec):
        return Path(spec) if Path(spec).is_file() else None
    return None


def file_extractor(path: Path, sha: str | None = None) -> ExtractorSpec:
    """The spec of a prediction file: the extractor its sidecar names when the file is a
    finished, unchanged one of ``hoinghi extract`` / ``eval --save-predictions``, else
    ``file:NAME@`` the first 12 hex digits of its SHA-256 (``sha``: the whole hex digest,
    when the caller has read the file already)."""
    from ..saved_predictions import file_sha, saved_identity

    sha = sha or file_sha(path)  # once, streamed: the sidecar's check and the fallback name share it
    saved = saved_identity(path, sha)
    if saved is not None:
        return ExtractorSpec("file", path, saved.extractor_name, saved.extractor_version)
    return ExtractorSpec("file", path, f"file:{path.name}", sha[:12])


def findable_spec(spec: str, cwd: str | os.PathLike | None = None) -> str:
    """``spec`` with the files it names made absolute (from ``cwd``, default the working
    directory), so that a report made elsewhere can find the extractor again: a
    ``file.py:function`` or a prediction file becomes its resolved path; registered
    names, importable ``package.module:function`` and ``cmd:`` commands stay as written
    (a command runs in the folder the eval report records beside it).

    >>> findable_spec("ext/regex_ext.py:extract", "/home/u/proj")
    '/home/u/proj/ext/regex_ext.py:extract'
    >>> findable_spec("preds.jsonl", "/tmp/x"), findable_spec("reference"), findable_spec("mypkg.ner:extract")
    ('/tmp/x/preds.jsonl', 'reference', 'mypkg.ner:extract')
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    spec = spec.strip()
    if spec in REGISTRY or spec.startswith("cmd:"):
        return spec
    if spec.endswith(".jsonl") or (":" not in spec and os.path.isfile(base / spec)):
        return str((base / spec).resolve()) if not Path(spec).is_absolute() else spec
    module, sep, func = spec.rpartition(":")
    if sep and (module.endswith(".py") or os.sep in module):
        return f"{(base / module).resolve() if not Path(module).is_absolute() else module}:{func}"
    return spec
