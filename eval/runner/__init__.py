"""Run an extractor over documents and collect checked predictions.

What a spec may name is in :mod:`~hoinghi.eval.runner.spec`; what a Python callable
receives and may return, and the one function that runs it on a document, in
:mod:`~hoinghi.eval.runner.apply`. :func:`run_extractor` runs callables in ``jobs``
worker processes (:mod:`~hoinghi.eval.runner.python_workers`) and commands in ``jobs``
concurrent chunks (:mod:`~hoinghi.eval.runner.commands`), each document under a
timeout, or reads a prediction file (:func:`hoinghi.eval.predictions.read_prediction_file`).

When the extractor raises, hangs, crashes, writes garbage or returns invalid spans
(offsets out of range, unknown labels, bad types, span text that does not match) on a
document, that document gets a :class:`Failure`, is scored as an empty prediction and
is listed in the report; the run goes on. A prediction *file* is the user's input and is
checked like one: a bad line raises :class:`~hoinghi.errors.InputError` naming file,
line, document and field.

>>> from hoinghi.document import Document
>>> gold = [Document("d1", "Hội nghị lần thứ 14 đã diễn ra.")]
>>> run = run_extractor("trivial", gold, progress=False)
>>> run.extractor
'trivial@0.1.0'
>>> [s.key for s in run.predictions["d1"].spans]
[(0, 19, 'MEETING')]
>>> run.failures
[]
"""
from __future__ import annotations

__all__ = [
    "Failure",
    "FAILURE_KINDS",
    "ExtractorSpec",
    "PredictionRun",
    "run_extractor",
    "stream_extractor",
    "resolve_extractor",
    "apply_extractor",
    "file_failures",
]

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from ...document import Document
from ...errors import ExtractorError, InputError, Location
from ...progress import progress as progress_bar
from ...schema import SchemaSet, load_schemas
from ..predictions import FAILURE_KINDS, Failure, check_prediction, read_prediction_file
from .apply import apply_extractor
from .commands import run_commands
from .python_workers import DEFAULT_MAX_MEMORY_MB, run_python
from .spec import ExtractorSpec, resolve_extractor


@dataclass
class PredictionRun:
    """The outcome of :func:`run_extractor`.

    ``predictions`` has one entry per input document (an empty one where the extractor
    failed); ``failures`` lists those documents; ``warnings`` holds things worth a look
    that change no score (e.g. prediction ids that are not in the gold set);
    ``extractor`` is ``name@version`` for the score signature; ``spec`` the spec as given.
    """

    predictions: dict[str, Document]
    failures: list[Failure]
    extractor: str
    spec: str
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def n_failed(self) -> int:
        return len(self.failures)


def _spec_text(spec: str | Callable) -> str:
    """A callable as the ``module:function`` spec its workers import."""
    if not callable(spec):
        return spec
    mod, qual = getattr(spec, "__module__", None), getattr(spec, "__qualname__", "")
    if not mod or mod == "__main__" or "<" in qual or "." in qual:
        raise ExtractorError(f"extractor {spec!r}: pass a module-level function of an importable module "
                             "(workers import it by name), or a 'path/file.py:function' spec")
    return f"{mod}:{qual}"


def _check_arguments(docs: list[Document], jobs: int, timeout: float) -> None:
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError("duplicate document id among the documents to run", Location(doc_id=dup, field="id"))


def _from_file(resolved: ExtractorSpec, docs: list[Document], schemas: SchemaSet,
               failures: dict[str, Failure], warnings: list[str]) -> dict[str, Document]:
    """A prediction file's predictions; missing documents become failures, extra ids a warning."""
    predictions, extra = read_prediction_file(resolved.target, {d.id: d for d in docs}, schemas)
    missing = [d.id for d in docs if d.id not in predictions]
    found, notes = file_failures(resolved.target, missing, extra)
    failures.update(found)
    warnings += notes
    return predictions


def file_failures(target, missing: Sequence[str], extra: Sequence[str]) -> tuple[dict[str, Failure], list[str]]:
    """What reading a prediction file reports besides its predictions: a failure per gold
    document ``missing`` from it (the one its sidecar recorded, else ``missing``) and
    warnings (ids ``extra`` to the gold, an extraction that did not finish). Shared by
    :func:`run_extractor` and the columnar scorer."""
    from ..saved_predictions import read_sidecar

    warnings = []
    if extra:
        shown = ", ".join(extra[:10]) + (f" and {len(extra) - 10} more" if len(extra) > 10 else "")
        warnings.append(f"{len(extra)} prediction id(s) in {target} are not in the gold set and were ignored: {shown}")
    sidecar = read_sidecar(target)
    recorded = {f.doc_id: f for f in sidecar.failures} if sidecar else {}
    if sidecar is not None and not sidecar.complete:
        warnings.append(f"{target}: the extraction that wrote it did not finish (run hoinghi extract again "
                        "to resume it); documents without a line are scored as empty predictions")
    failures = {d: recorded.get(d) or Failure(d, "missing", f"no line for this document in {target}") for d in missing}
    return failures, warnings


def stream_extractor(resolved: ExtractorSpec, docs: Sequence[Document],
                     on_result: Callable[[Document, Document | Failure], None], *, jobs: int = 1,
                     timeout: float = 30.0, bar=None, schemas: SchemaSet | None = None,
                     chunk_size: int | None = None, max_memory_mb: float = DEFAULT_MAX_MEMORY_MB) -> None:
    """Run a resolved Python or ``cmd:`` spec on ``docs`` and hand each document's checked
    prediction (or its :class:`Failure`) to ``on_result(doc, answer)`` as soon as it is
    there, in completion order; nothing is kept here, so a caller can write results as
    they come (``hoinghi extract``) or collect them (:func:`run_extractor`)."""
    schemas = schemas or load_schemas()
    bar = bar if bar is not None else progress_bar(enabled=False)

    def on_answer(doc: Document, status: str, payload, where_text: str | None = None) -> None:
        if status == "ok":
            try:
                on_result(doc, check_prediction(payload, doc, Location(where_text), schemas=schemas))
                return
            except InputError as exc:
                status, payload = "invalid", str(exc)
        on_result(doc, Failure(doc.id, status, str(payload)))

    if resolved.kind == "cmd":
        run_commands(resolved, docs, jobs, timeout, on_answer, bar, chunk_size)
    elif resolved.kind == "python":
        run_python(resolved, docs, jobs, timeout, on_answer, bar, schemas, max_memory_mb)
    else:
        raise ExtractorError(f"extractor {resolved.label}: a prediction file is read, not run")


def run_extractor(spec: str | Callable, documents: Iterable[Document], *, jobs: int = 1, timeout: float = 30.0,
                  progress: bool = True, schemas: SchemaSet | None = None, chunk_size: int | None = None,
                  max_memory_mb: float = DEFAULT_MAX_MEMORY_MB) -> PredictionRun:
    """Run ``spec`` on the (gold) documents and return checked predictions, one per document.

    Extractors see each document's id and text, never its spans or meta. ``jobs`` worker
    processes (callables) or concurrent command chunks run at once; each document has
    ``timeout`` seconds (a command chunk of n documents gets n × ``timeout``). A hung
    worker is killed and replaced, and so is one over ``max_memory_mb`` of resident memory
    (0: no limit; see :mod:`~hoinghi.eval.runner.python_workers`). Failures are recorded per document (see
    :data:`FAILURE_KINDS`) and the run goes on. The result does not depend on ``jobs``.

    ``spec`` may also be a module-level function of an importable module (library use). Raises
    :class:`~hoinghi.errors.ExtractorError` when the extractor cannot be started at all
    and :class:`~hoinghi.errors.InputError` for a bad prediction file.
    """
    schemas = schemas or load_schemas()
    docs = list(documents)
    _check_arguments(docs, jobs, timeout)
    spec = _spec_text(spec)
    resolved = resolve_extractor(spec)
    started = time.perf_counter()
    predictions: dict[str, Document] = {}
    failures: dict[str, Failure] = {}
    warnings: list[str] = []

    def on_result(doc: Document, answer: Document | Failure) -> None:
        if isinstance(answer, Failure):
            failures[doc.id] = answer
        else:
            predictions[doc.id] = answer

    if resolved.kind == "file":
        predictions = _from_file(resolved, docs, schemas, failures, warnings)
    elif docs:
        with progress_bar(total=len(docs), desc=resolved.name, enabled=progress) as bar:
            stream_extractor(resolved, docs, on_result, jobs=jobs, timeout=timeout, bar=bar, schemas=schemas,
                             chunk_size=chunk_size, max_memory_mb=max_memory_mb)
    ordered = {d.id: predictions.get(d.id) or Document(d.id, d.text, (), (), {}) for d in docs}
    failure_list = [failures[d.id] for d in docs if d.id in failures]
    return PredictionRun(ordered, failure_list, resolved.label, spec.strip(), warnings, time.perf_counter() - started)
