"""Any extractor as a Label Studio ML backend: what each route answers (no HTTP here;
:mod:`~hoinghi.annotate.ml_server` serves it).

Label Studio 1.23.2 calls four routes (``docs/ml-backend.md``):

* ``GET /health`` → ``{"status": "UP", "model_class": ..., "model_version": ...}``;
* ``POST /setup`` → ``{"model_version": "<name>@<version>"}`` — the extractor's
  ``name@version`` (the same string as in every score signature and as push's
  ``--predictions-from``). Label Studio uses it as a cache key: a task that already holds a
  prediction of that version is not sent again;
* ``POST /predict`` with ``{"tasks": [...], "label_config": ...}`` →
  ``{"results": [{"result": [...], "score": s, "model_version": ...}, ...]}``, one entry
  per task, in order;
* ``POST /webhook`` → 200 (Label Studio registers it when the backend is connected).

Each task's ``data.text`` (and ``data.doc_id``, else ``task-<id>``) is run through the
harness's runner: a Python extractor in this process by
:func:`hoinghi.eval.runner.apply_extractor` (loaded once, at start), a ``cmd:`` extractor
by :func:`hoinghi.eval.runner.run_extractor` (a timeout per document). The prediction is
converted by :func:`hoinghi.annotate.push.task_payload`, the conversion push uses, restricted
to the labels of the project's label config, with the task score of
:mod:`~hoinghi.annotate.task_scores`. When the extractor fails on a task (raises, breaks
the contract, times out) or the task has no text, that task gets an empty result with
score 0.0 and the reason is logged: never an error reply, which Label Studio would retry.
A prediction file is refused: it cannot answer for an article it has not seen.

>>> backend = open_backend("trivial")
>>> backend.setup({"project": "1.1700000000"})
{'model_version': 'trivial@0.1.0'}
>>> out = backend.predict({"tasks": [{"id": 7, "data": {"text": "Hội nghị lần thứ 14 đã diễn ra."}}]})
>>> [(r["value"]["text"], r["from_name"]) for r in out["results"][0]["result"]]
[('Hội nghị lần thứ 14', 'meetings')]
>>> backend.predict({"tasks": [{"id": 8, "data": {}}]})["results"]
[{'result': [], 'score': 0.0, 'model_version': 'trivial@0.1.0'}]
"""
from __future__ import annotations

__all__ = ["Backend", "open_backend", "RequestError", "task_document"]

import logging
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from ..document import Document
from ..errors import ExtractorError, InputError
from ..eval.predictions import Failure
from ..eval.runner import ExtractorSpec, apply_extractor, resolve_extractor, run_extractor
from ..eval.runner.apply import wants_text
from ..eval.runner.spec import load_callable
from ..schema import SchemaSet, load_schemas
from .label_config import parse_label_config
from .push import task_payload

log = logging.getLogger("hoinghi.ml_backend")


class RequestError(ValueError):
    """A request body the protocol does not allow (answered with 400)."""


def task_document(task, index: int) -> Document | str:
    """The document a Label Studio task record holds, or the reason it holds none.

    >>> task_document({"id": 3, "data": {"text": "Hà Nội", "doc_id": "d1"}}, 0)
    Document(id='d1', text='Hà Nội', spans=(), relations=(), meta={})
    >>> task_document({"id": 3, "data": {"text": 5}}, 0)
    'task 3 has no text in data.text'
    """
    if not isinstance(task, dict):
        return f"tasks[{index}] is not an object"
    data = task.get("data") if isinstance(task.get("data"), dict) else {}
    tid = task.get("id", f"#{index}")
    text = data.get("text")
    if not isinstance(text, str) or not text:
        return f"task {tid} has no text in data.text"
    doc_id = data.get("doc_id") if isinstance(data.get("doc_id"), str) and data.get("doc_id") else f"task-{tid}"
    return Document(doc_id, unicodedata.normalize("NFC", text))


@dataclass
class Backend:
    """One extractor behind the protocol (see the module doc). Build it with
    :func:`open_backend`."""

    resolved: ExtractorSpec
    spec: str
    timeout: float
    schemas: SchemaSet
    func: Callable | None = None
    takes_text: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    served: int = 0
    failed: int = 0

    @property
    def model_version(self) -> str:
        return self.resolved.label

    def health(self) -> dict:
        return {"status": "UP", "model_class": "hoinghi", "model_version": self.model_version}

    def setup(self, body) -> dict:
        if not isinstance(body, dict):
            raise RequestError("the /setup body must be a JSON object")
        log.info("setup for project %s: model_version %s", body.get("project"), self.model_version)
        return {"model_version": self.model_version}

    def predict(self, body) -> dict:
        """``{"results": [...]}``, one entry per task of ``body["tasks"]``, in order."""
        if not isinstance(body, dict) or not isinstance(body.get("tasks"), list):
            raise RequestError("the /predict body must be a JSON object with a 'tasks' list")
        labels, l2s = self._project_labels(body.get("label_config"))
        docs = [task_document(t, i) for i, t in enumerate(body["tasks"])]
        docs = _unique_ids(docs)
        answers = self._run([d for d in docs if isinstance(d, Document)])
        results = []
        for task, doc in zip(body["tasks"], docs):
            answer = answers.get(doc.id) if isinstance(doc, Document) else doc
            if not isinstance(answer, Document):
                reason = answer.message if isinstance(answer, Failure) else answer
                kind = answer.kind if isinstance(answer, Failure) else "no text"
                log.warning("task %s: empty prediction (%s): %s", _task_id(task), kind, reason)
                self.failed += 1
                results.append({"result": [], "score": 0.0, "model_version": self.model_version})
                continue
            results.append(task_payload(doc, answer, self.model_version, l2s, labels)["predictions"][0])
        self.served += len(results)
        return {"results": results}

    def _project_labels(self, config) -> tuple[set[str] | None, dict[str, str]]:
        """The labels the project's config declares and their control names (default:
        every label of the shipped schemas under its schema's control)."""
        l2s = self.schemas.label_to_schema()
        if not isinstance(config, str) or not config.strip():
            return None, l2s
        try:
            parsed = parse_label_config(config)
        except InputError as exc:
            log.warning("unreadable label_config, predicting every label: %s", exc)
            return None, l2s
        return set(parsed.labels), {**l2s, **parsed.labels}

    def _run(self, docs: list[Document]) -> dict[str, Document | Failure]:
        if not docs:
            return {}
        if self.func is None:   # cmd: the runner's command path, with its timeouts
            run = run_extractor(self.spec, docs, timeout=self.timeout, progress=False, schemas=self.schemas)
            failed = {f.doc_id: f for f in run.failures}
            return {d.id: failed.get(d.id) or run.predictions[d.id] for d in docs}
        with self.lock:   # extractors need not be thread-safe
            return {d.id: apply_extractor(self.func, d, schemas=self.schemas, takes_text=self.takes_text)
                    for d in docs}


def _task_id(task) -> object:
    return task.get("id") if isinstance(task, dict) else None


def _unique_ids(docs: list) -> list:
    """Two tasks of one batch with the same ``doc_id`` are run as ``doc_id#2``, ..."""
    seen: dict[str, int] = {}
    out = []
    for d in docs:
        if isinstance(d, Document):
            seen[d.id] = seen.get(d.id, 0) + 1
            if seen[d.id] > 1:
                d = Document(f"{d.id}#{seen[d.id]}", d.text)
        out.append(d)
    return out


def open_backend(spec: str, *, timeout: float = 30.0, schemas: SchemaSet | None = None) -> Backend:
    """Resolve ``spec`` (any spec ``hoinghi eval`` accepts except a prediction file) and
    load a Python extractor once. Raises :class:`~hoinghi.errors.ExtractorError`."""
    resolved = resolve_extractor(spec)
    if resolved.kind == "file":
        raise ExtractorError(f"extractor {spec!r} is a prediction file: it cannot predict articles it has not "
                             "seen; serve an extractor (a registered name, module:function, file.py:function "
                             "or cmd:...), or import the file with push --predictions-from")
    backend = Backend(resolved, spec.strip(), timeout, schemas or load_schemas())
    if resolved.kind == "python":
        backend.func = load_callable(str(resolved.target))[0]
        backend.takes_text = wants_text(backend.func)
    return backend
