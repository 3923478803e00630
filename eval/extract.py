"""``hoinghi extract``: run an extractor over a corpus and keep what it returned.

:func:`extract` reads a source (:mod:`~hoinghi.eval.extract_sources`), runs the
extractor on every document with an engine, and writes a prediction JSONL file plus its
sidecar (:mod:`~hoinghi.eval.saved_predictions`):

* ``engine="local"`` (default): the runner's worker processes or command chunks
  (:func:`~hoinghi.eval.runner.stream_extractor`), ``jobs`` at once, each document
  under ``timeout``;
* ``engine="ray"``: Ray Data on a local or existing cluster
  (:mod:`~hoinghi.eval.runner.ray_engine`). Both run each document through
  :func:`~hoinghi.eval.runner.apply.apply_extractor` and give identical files.

Each answer is appended to the output as it comes, so an interrupted run loses nothing
already written; running the same command again **resumes**: documents with a line are
not run again (documents that failed are retried), provided the extractor
(``name@version``) and the input fingerprint are those in the sidecar. When every
document is done the file is put in input order and the sidecar marked complete with
the file's SHA-256. Memory: the input's ids and texts are held (one copy).
"""
from __future__ import annotations

__all__ = ["ExtractResult", "extract", "ENGINES"]

import json
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..atomic import atomic_writer
from ..document import Document
from ..errors import ExtractorError, InputError, Location
from ..progress import progress as progress_bar
from .extract_sources import Source, read_source
from .predictions import Failure
from .runner import resolve_extractor, stream_extractor
from .runner.spec import ExtractorSpec, findable_spec
from .saved_predictions import (Sidecar, file_sha, input_fingerprint, prediction_line, read_sidecar,
                                refuse_overwrite, sidecar_path, write_sidecar)

ENGINES = ("local", "ray")


@dataclass(frozen=True)
class ExtractResult:
    """What :func:`extract` did: the files written, the sidecar, how many documents ran
    now and how many were already in the file (resumed)."""

    out: Path
    sidecar: Sidecar
    n_run: int
    n_resumed: int
    seconds: float

    @property
    def failures(self) -> tuple[Failure, ...]:
        return self.sidecar.failures


def _check_paths(out: Path, source: Source, resolved: ExtractorSpec) -> None:
    """An output never overwrites an input: not the source, nothing inside a source
    folder, not the extractor's own file."""
    inputs = [] if source.kind == "hf" else [source.location]
    spec_file = str(resolved.target).rpartition(":")[0] if resolved.kind == "python" else ""
    if spec_file and Path(spec_file).exists():
        inputs.append(spec_file)
    refuse_overwrite(out, inputs)


def _done_ids(out: Path, wanted: set[str]) -> list[str]:
    """Ids already written to ``out`` (a partial last line from an interruption is cut off)."""
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        with open(out, "r+b") as fh:
            fh.truncate(data.rfind(b"\n") + 1)
        data = data[:data.rfind(b"\n") + 1]
    ids = []
    for lineno, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            doc_id = json.loads(line)["id"]
        except (ValueError, KeyError, TypeError):
            raise InputError("not a prediction line (this file was not written by hoinghi extract)",
                             Location(str(out), lineno)) from None
        if doc_id not in wanted:
            raise InputError("a document that is not in the input (the file belongs to another input)",
                             Location(str(out), lineno, str(doc_id), "id"))
        ids.append(doc_id)
    return ids


def _resume(out: Path, fresh: Sidecar, restart: bool, wanted: set[str]) -> list[str]:
    """Ids already done in ``out``, after checking it belongs to this extractor and input."""
    if not out.exists():
        return []
    old = read_sidecar(out)
    if restart:
        out.unlink()
        return []
    if old is None:
        raise InputError("the output exists and has no sidecar (it was not written by hoinghi extract); "
                         "pass --restart to replace it, or choose another --out", Location(str(out)))
    for what, was, now in (("extractor", old.extractor, fresh.extractor),
                           ("input fingerprint", old.input_fingerprint, fresh.input_fingerprint)):
        if was != now:
            raise InputError(f"cannot resume: the file was made with {what} {was}, this run has {now}; "
                             "pass --restart to start over, or choose another --out", Location(str(sidecar_path(out))))
    return _done_ids(out, wanted)


def _put_in_order(out: Path, order: list[str]) -> None:
    """Rewrite ``out`` in input order (atomically) when it is not already."""
    lines = {}
    with open(out, "rb") as fh:
        for line in fh:
            if line.strip():
                lines[json.loads(line)["id"]] = line
    ids = list(lines)
    wanted = [i for i in order if i in lines]
    if ids == wanted:
        return
    with atomic_writer(out, binary=True) as fh:
        for i in wanted:
            fh.write(lines[i])


def _run(resolved: ExtractorSpec, todo: list[Document], on_result, *, engine: str, jobs: int, timeout: float,
         address: str | None, bar, work_dir: Path) -> None:
    if engine == "local":
        stream_extractor(resolved, todo, on_result, jobs=jobs, timeout=timeout, bar=bar)
    else:
        from .runner.ray_engine import run_ray

        run_ray(resolved, todo, on_result, address=address, num_cpus=jobs, bar=bar, work_dir=work_dir)


def _check_arguments(engine: str, jobs: int, timeout: float) -> None:
    """A known engine, at least one job, a positive timeout (the CLI checks these first)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    if jobs < 1 or timeout <= 0:
        raise ValueError("jobs must be at least 1 and timeout positive")


def extract(spec: str, source: str | Path, out: str | Path, *, engine: str = "local", jobs: int = 1,
            timeout: float = 30.0, address: str | None = None, progress: bool = True,
            restart: bool = False) -> ExtractResult:
    """Run ``spec`` over ``source`` and write ``out`` (prediction JSONL) and its sidecar;
    resume a run interrupted earlier. Raises :class:`~hoinghi.errors.InputError` for a
    bad source or an output that belongs to another run, and
    :class:`~hoinghi.errors.ExtractorError` when the extractor cannot start."""
    _check_arguments(engine, jobs, timeout)
    resolved = resolve_extractor(spec)
    if resolved.kind == "file":
        raise ExtractorError(f"{spec} is a prediction file: there is nothing to run (give an extractor spec)")
    src = read_source(source)
    out = Path(out)
    _check_paths(out, src, resolved)
    sidecar = Sidecar(resolved.name, resolved.version, spec.strip(), findable_spec(spec), src.location, src.kind,
                      input_fingerprint(src.documents), len(src.documents), engine)
    done = _resume(out, sidecar, restart, {d.id for d in src.documents})
    done_set = set(done)
    todo = [d for d in src.documents if d.id not in done_set]
    failures: list[Failure] = []
    written = len(done)
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_sidecar(out, sidecar)
    complete = False
    try:
        with open(out, "a", encoding="utf-8", buffering=1) as fh, \
                progress_bar(total=len(todo), desc=resolved.name, enabled=progress) as bar:
            def on_result(doc: Document, answer: Document | Failure) -> None:
                nonlocal written
                if isinstance(answer, Failure):
                    failures.append(answer)
                else:
                    fh.write(prediction_line(answer))
                    written += 1

            if todo:
                _run(resolved, todo, on_result, engine=engine, jobs=jobs, timeout=timeout, address=address, bar=bar,
                     work_dir=out.with_name(f".{out.name}.{engine}-{os.getpid()}"))
        _put_in_order(out, [d.id for d in src.documents])
        complete = True
    finally:
        order = {d.id: i for i, d in enumerate(src.documents)}
        failures.sort(key=lambda f: order[f.doc_id])
        sidecar = replace(sidecar, complete=complete, n_predictions=written, failures=tuple(failures),
                          predictions_sha=file_sha(out) if complete else None)
        write_sidecar(out, sidecar)
    return ExtractResult(out, sidecar, len(todo), len(done), time.perf_counter() - started)
