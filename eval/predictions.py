"""Run an extractor over documents and collect validated predictions.

An extractor **spec** is one of:

* a registered short name (``reference``, ``trivial``: see :data:`hoinghi.extractors.REGISTRY`);
* ``package.module:function`` or ``path/to/file.py:function`` — a Python callable;
* ``cmd:<shell command>`` — a program in any language that reads document JSONL on
  stdin and writes one prediction JSONL line per document on stdout;
* a path to a prediction ``.jsonl`` file made earlier.

A Python callable receives a :class:`~hoinghi.document.Document` carrying ``id``,
``text`` only (never the gold spans or the gold ``meta``, which holds annotation
provenance). If its first parameter is annotated
``str`` or named ``text``, it receives the text instead. It returns one of

* a :class:`~hoinghi.document.Document` (same id);
* a dict in the document contract (``id`` and ``text`` may be left out);
* a list of spans (:class:`~hoinghi.document.Span` objects or dicts
  ``{"start", "end", "label", "id"?, "text"?}``), for an extractor without relations.

Returning ``None`` is an error (return ``[]`` for "nothing found").

:func:`run_extractor` runs callables in ``jobs`` worker processes and commands in
``jobs`` concurrent chunks, each document under a timeout. When the extractor raises,
hangs, crashes, writes garbage or returns invalid spans (offsets out of range, unknown
labels, bad types, span text that does not match) on a document, that document gets a
:class:`Failure`, is scored as an empty prediction and is listed in the report; the run
goes on. A prediction *file* is the user's input and is checked like one: a bad line
raises :class:`~hoinghi.errors.InputError` naming file, line, document and field.

>>> from hoinghi.document import Document
>>> gold = [Document("d1", "Hội nghị lần thứ 14 đã diễn ra.")]
>>> run = run_extractor("trivial", gold, progress=False)
>>> run.extractor
'trivial@0.1.0'
>>> [(s.start, s.end, s.label) for s in run.predictions["d1"].spans]
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
    "resolve_extractor",
    "coerce_prediction",
    "check_prediction",
]

import hashlib
import importlib
import importlib.util
import inspect
import json
import math
import os
import select
import shlex
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..document import Document, Span, iter_json_lines, validate_document
from ..errors import ExtractorError, InputError, Location
from ..schema import SchemaSet, load_schemas

#: What can go wrong with an extractor on one document.
FAILURE_KINDS = {
    "error": "the extractor raised an exception",
    "timeout": "the extractor did not answer within the timeout (its process was killed)",
    "crash": "the extractor's process died or a command exited with a non-zero status",
    "garbage": "a command wrote output that is not prediction JSONL for the documents sent",
    "invalid": "the prediction breaks the document contract (offsets, labels, types, span text)",
    "missing": "no prediction for this document (a command or a prediction file left it out)",
}

_STARTUP_TIMEOUT = 120.0  # seconds a worker may take to import the extractor (models load here)


@dataclass(frozen=True)
class Failure:
    """The extractor failed on one document; it is scored as an empty prediction.

    >>> Failure("d7", "timeout", "no answer within 2.0 s").to_json()
    {'doc_id': 'd7', 'kind': 'timeout', 'message': 'no answer within 2.0 s'}
    """

    doc_id: str
    kind: str
    message: str

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "kind": self.kind, "message": self.message}


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


# -- resolving specs ------------------------------------------------------------

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


def _load_callable(spec: str) -> tuple[Callable, object]:
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
    from ..extractors import REGISTRY

    if not isinstance(spec, str) or not spec.strip():
        raise ExtractorError("empty extractor spec")
    spec = spec.strip()
    if spec in REGISTRY:
        _, module = _load_callable(REGISTRY[spec])
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
        return ExtractorSpec("file", path, f"file:{path.name}", _sha(path.read_bytes()))
    if ":" in spec:
        _, module = _load_callable(spec)
        return ExtractorSpec("python", spec, spec, _module_version(module))
    raise ExtractorError(f"unknown extractor {spec!r}: not a registered name ({', '.join(REGISTRY)}), "
                         "module:function, cmd:<command> or an existing .jsonl file")


# -- turning an extractor's answer into a checked prediction -------------------

def _wants_text(func: Callable) -> bool:
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return False
    if not params:
        return False
    first = params[0]
    ann = first.annotation
    if ann is str or ann == "str":
        return True
    if ann is inspect.Parameter.empty and first.name == "text":
        return True
    return False


def _span_json(s) -> dict:
    if isinstance(s, Span):
        return s.to_json() if s.id is not None else {k: v for k, v in s.to_json().items() if k != "id"}
    if isinstance(s, dict):
        return s
    raise TypeError(f"a span must be a Span or a dict, got {type(s).__name__}")


def coerce_prediction(result: object, doc_id: str) -> dict:
    """Turn what a Python extractor returned into a prediction dict in the contract
    (not yet checked: see :func:`check_prediction`). Raises ``TypeError`` for a
    return value of the wrong kind.

    >>> coerce_prediction([Span(0, 3, "PERSON")], "d1")
    {'id': 'd1', 'spans': [{'start': 0, 'end': 3, 'label': 'PERSON'}], 'relations': []}
    >>> coerce_prediction({"spans": []}, "d1")
    {'spans': [], 'id': 'd1'}
    >>> coerce_prediction(None, "d1")
    Traceback (most recent call last):
    ...
    TypeError: the extractor returned None (return [] when it finds nothing)
    """
    if result is None:
        raise TypeError("the extractor returned None (return [] when it finds nothing)")
    if isinstance(result, Document):
        out = result.to_json()
        if result.id != doc_id:
            out["id"] = result.id  # check_prediction reports the mismatch
        return out
    if isinstance(result, dict):
        out = dict(result)
        out.setdefault("id", doc_id)
        return out
    if isinstance(result, (list, tuple)):
        return {"id": doc_id, "spans": [_span_json(s) for s in result], "relations": []}
    raise TypeError(f"the extractor returned {type(result).__name__}; expected a Document, a dict or a list of spans")


def check_prediction(obj: object, gold: Document, where: Location | None = None, *,
                     schemas: SchemaSet | None = None) -> Document:
    """Check one prediction against its gold document and the schemas; return it as a
    :class:`Document` carrying the gold text. Raises :class:`InputError` naming the field.

    Predictions may overlap (the scorer's duplicate policy handles them) but must use
    known labels, allowed relations and offsets inside the gold text.

    >>> g = Document("d1", "Ông Lê Văn An")
    >>> check_prediction({"id": "d1", "spans": [{"start": 4, "end": 13, "label": "PERSON"}]}, g).spans[0].label
    'PERSON'
    >>> check_prediction({"id": "d1", "spans": [{"start": 4, "end": 40, "label": "PERSON"}]}, g, Location("p.jsonl", 1))
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: p.jsonl, line 1, document d1, field spans[0].end: offsets [4, 40) out of range (text has 13 characters)
    """
    schemas = schemas or load_schemas()
    where = where or Location()
    return _check_parsed(Document.from_json(obj, where, require_text=False), gold, where, schemas)


def _check_parsed(pred: Document, gold: Document, where: Location, schemas: SchemaSet) -> Document:
    """:func:`check_prediction` for a prediction already parsed with ``Document.from_json``."""
    loc = lambda fld: Location(where.file, where.line, pred.id, fld)  # noqa: E731
    if pred.id != gold.id:
        raise InputError(f"prediction for document {pred.id!r} given where {gold.id!r} was expected", loc("id"))
    text = gold.text or ""
    if pred.text is not None and pred.text != text:
        raise InputError("text differs from the gold text of this document (leave text out, or send it unchanged)", loc("text"))
    for i, s in enumerate(pred.spans):
        if s.end > len(text):
            raise InputError(f"offsets [{s.start}, {s.end}) out of range (text has {len(text)} characters)", loc(f"spans[{i}].end"))
        if s.text is not None and text[s.start:s.end] != s.text:
            raise InputError(f"span text {s.text!r} does not match text[{s.start}:{s.end}] = {text[s.start:s.end]!r}",
                             loc(f"spans[{i}].text"))
    validate_document(pred, where, labels=schemas.label_to_schema(), gold=False, relation_ok=schemas.allows_relation)
    return Document(gold.id, gold.text, pred.spans, pred.relations, pred.meta)


def _input_json(doc: Document) -> dict:
    """What an extractor sees of a gold document: id and text. Never its spans, relations
    or meta (annotators, adjudication: provenance, not input)."""
    return {"id": doc.id, "text": doc.text}


# -- Python callables in worker processes --------------------------------------

def _die_with_parent() -> None:  # pragma: no cover - runs in a worker process
    """On Linux, ask the kernel to kill this worker when the runner dies (even by SIGKILL),
    so a hung extractor never outlives its run."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the runner already died before prctl
        os._exit(1)


def _serve() -> None:  # pragma: no cover - runs in a worker process
    """A worker: resolve the callable named in ``sys.argv[1]``, say ready, then answer
    one document per stdin line with one JSON line on the protocol channel. The
    extractor's own prints go to stderr so they cannot corrupt the protocol."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    _die_with_parent()
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)

    def send(**msg) -> None:
        channel.write(json.dumps(msg, ensure_ascii=False) + "\n")
        channel.flush()

    try:
        func = _load_callable(sys.argv[1])[0]
        wants_text = _wants_text(func)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        send(status="fatal", message=f"{type(exc).__name__}: {exc}")
        return
    send(status="ready")
    for line in sys.stdin:
        doc = Document.from_json(json.loads(line))
        try:
            result = func(doc.text if wants_text else doc)
        except Exception as exc:  # noqa: BLE001
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            send(status="error", message=f"{type(exc).__name__}: {exc} (at {Path(tb.filename).name}:{tb.lineno})")
            continue
        try:
            out = coerce_prediction(result, doc.id)
            payload = json.loads(json.dumps(out, ensure_ascii=False))  # plain JSON or a clear error
        except (TypeError, ValueError) as exc:
            send(status="invalid", message=str(exc))
            continue
        send(status="ok", prediction=payload)


class _Worker:
    """One worker process, spoken to by JSON lines over its stdin/stdout."""

    def __init__(self, target: str):
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from hoinghi.eval.predictions import _serve; _serve()", target],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=os.getcwd(), start_new_session=True)
        self.fd = self.process.stdout.fileno()
        self.buffer = b""
        self.doc: Document | None = None
        self.deadline = time.monotonic() + _STARTUP_TIMEOUT
        self.ready = False

    def send(self, doc: Document, timeout: float) -> bool:
        self.doc = doc
        self.deadline = time.monotonic() + timeout
        try:
            self.process.stdin.write((json.dumps(_input_json(doc), ensure_ascii=False) + "\n").encode("utf-8"))
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def read_messages(self) -> list[dict] | None:
        """Messages now available; None at end of file (the process died)."""
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            return None
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        return [json.loads(x) for x in lines if x.strip()]

    def kill(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def stop(self) -> None:
        try:
            self.process.stdin.close()
            self.process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


def _run_python(resolved: ExtractorSpec, docs: Sequence[Document], jobs: int, timeout: float,
                on_answer: Callable[..., None], bar) -> None:
    target = str(resolved.target)
    todo = deque(docs)
    workers = [_Worker(target) for _ in range(min(jobs, len(docs)))]

    def fail(i: int, kind: str, message: str) -> None:
        w = workers[i]
        w.kill()
        if not w.ready:
            raise ExtractorError(f"extractor {resolved.name}: its worker process could not start ({message})")
        doc, w.doc = w.doc, None
        on_answer(doc, kind, message)
        bar.update(1)
        workers[i] = _Worker(target)

    try:
        while todo or any(w.doc is not None for w in workers):
            for i, w in enumerate(workers):
                if w.ready and w.doc is None and todo:
                    if not w.send(todo.popleft(), timeout):
                        fail(i, "crash", f"the worker process died (exit code {w.process.poll()})")
            busy = [w for w in workers if w.doc is not None or not w.ready]
            if not busy:
                continue
            wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            poller = select.poll()  # fresh each round: fd numbers get reused when workers are replaced
            for w in busy:
                poller.register(w.fd, select.POLLIN)
            readable = {fd for fd, _ in poller.poll(wait * 1000)}
            for i, w in enumerate(list(workers)):
                if w.fd in readable:
                    try:
                        messages = w.read_messages()
                    except (ValueError, OSError) as exc:
                        fail(i, "crash", f"the worker process broke the protocol ({exc})")
                        continue
                    if messages is None:
                        fail(i, "crash", f"the worker process died (exit code {w.process.wait()})")
                        continue
                    for msg in messages:
                        status = msg.get("status")
                        if status == "fatal":
                            w.kill()
                            raise ExtractorError(f"extractor {resolved.name}: {msg.get('message')}")
                        if status == "ready":
                            w.ready = True
                        elif w.doc is not None:
                            doc, w.doc = w.doc, None
                            on_answer(doc, status, msg.get("prediction") if status == "ok" else msg.get("message"))
                            bar.update(1)
                elif (w.doc is not None or not w.ready) and time.monotonic() >= w.deadline:
                    if not w.ready:
                        fail(i, "timeout", f"no ready signal within {_STARTUP_TIMEOUT:.0f} s")
                    fail(i, "timeout", f"no answer within {timeout:g} s; the worker was killed")
    finally:
        for w in workers:
            if w.doc is None and w.process.poll() is None:
                w.stop()
            else:
                w.kill()


# -- external commands, one chunk of documents at a time -----------------------

def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _run_command_once(command: str, docs: Sequence[Document], timeout: float,
                      active: set | None = None) -> tuple[str, str, list[tuple[int, dict]]]:
    """Run the command on a chunk. Returns (status, message, [(output line no, object)]);
    status is "ok", "timeout", "crash" or "garbage". ``active`` collects running
    processes so an interrupted run can kill them."""
    data = "".join(json.dumps(_input_json(d), ensure_ascii=False) + "\n" for d in docs).encode("utf-8")
    limit = timeout * len(docs)
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise ExtractorError(f"cannot start command {command!r}: {exc.strerror}") from None
    if active is not None:
        active.add(proc)
    try:
        out, err = proc.communicate(data, timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        return "timeout", f"no answer within {limit:g} s ({len(docs)} document(s) × {timeout:g} s); the command was killed", []
    finally:
        if proc.poll() is None:  # interrupted: do not leave the command running
            _kill_group(proc)
        if active is not None:
            active.discard(proc)
    last = (err.decode("utf-8", "replace").strip().splitlines() or [""])[-1][:200]
    if proc.returncode in (126, 127):  # the shell could not find or run the program: nothing will work
        raise ExtractorError(f"command {command!r} cannot run (exit status {proc.returncode}): {last}")
    if proc.returncode != 0:
        return "crash", f"the command exited with status {proc.returncode}" + (f": {last}" if last else ""), []
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "garbage", f"stdout is not UTF-8 (byte {exc.start})", []
    wanted = {d.id for d in docs}
    seen: set[str] = set()
    lines = []
    # split on "\n" only: str.splitlines() also splits on U+2028/U+0085, which
    # json.dumps(ensure_ascii=False) leaves raw inside strings
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return "garbage", f"stdout line {lineno} is not JSON ({exc.msg}): {line[:80]!r}", []
        doc_id = obj.get("id") if isinstance(obj, dict) else None
        if not isinstance(doc_id, str):
            return "garbage", f"stdout line {lineno} is not a prediction object with a string id: {line[:80]!r}", []
        if doc_id not in wanted:
            return "garbage", f"stdout line {lineno} is for document {doc_id!r}, which was not sent", []
        if doc_id in seen:
            return "garbage", f"stdout line {lineno} repeats document {doc_id!r}", []
        seen.add(doc_id)
        lines.append((lineno, obj))
    return "ok", "", lines


def _run_commands(resolved: ExtractorSpec, docs: Sequence[Document], jobs: int, timeout: float,
                  on_answer: Callable[..., None], bar, chunk_size: int | None) -> None:
    command = str(resolved.target)
    if chunk_size is None:
        chunk_size = max(1, min(64, math.ceil(len(docs) / (4 * jobs))))
    chunks = [list(docs[i:i + chunk_size]) for i in range(0, len(docs), chunk_size)]

    active: set[subprocess.Popen] = set()
    stopping = threading.Event()

    def run_chunk(chunk: list[Document]) -> None:
        if stopping.is_set():
            return
        status, message, lines = _run_command_once(command, chunk, timeout, active)
        if stopping.is_set():
            return
        if status != "ok" and len(chunk) > 1:
            for doc in chunk:  # isolate the document that broke the chunk
                run_chunk([doc])
            return
        if status != "ok":
            on_answer(chunk[0], status, message)
            bar.update(1)
            return
        by_id = {obj["id"]: (lineno, obj) for lineno, obj in lines}
        for doc in chunk:
            if doc.id in by_id:
                on_answer(doc, "ok", by_id[doc.id][1], f"stdout line {by_id[doc.id][0]}")
            else:
                on_answer(doc, "missing", "the command wrote no line for this document")
            bar.update(1)

    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        for fut in as_completed([pool.submit(run_chunk, c) for c in chunks]):
            fut.result()
    except BaseException:  # Ctrl-C or a command that cannot run: stop everything now
        stopping.set()
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(active):
            _kill_group(proc)
        raise
    pool.shutdown()


# -- prediction files ------------------------------------------------------------

def _read_prediction_file(path: Path, gold: dict[str, Document], schemas: SchemaSet):
    """Read and check a prediction file against the gold documents.
    Returns (predictions, ids not in gold)."""
    preds: dict[str, Document] = {}
    first_line: dict[str, int] = {}
    extra: list[str] = []
    for where, obj in iter_json_lines(path):
        doc = Document.from_json(obj, where, require_text=False)
        lineno = where.line
        if doc.id in first_line:
            raise InputError(f"duplicate document id (first on line {first_line[doc.id]})", Location(str(path), lineno, doc.id, "id"))
        first_line[doc.id] = lineno
        if doc.id not in gold:
            validate_document(doc, where, labels=schemas.label_to_schema(), relation_ok=schemas.allows_relation)
            extra.append(doc.id)
            continue
        preds[doc.id] = _check_parsed(doc, gold[doc.id], where, schemas)
    return preds, extra


# -- the runner --------------------------------------------------------------------

def _progress_bar(total: int, enabled: bool, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", file=sys.stderr, leave=False,
                disable=not enabled or not sys.stderr.isatty())


def run_extractor(spec: str | Callable, documents: Iterable[Document], *, jobs: int = 1, timeout: float = 30.0,
                  progress: bool = True, schemas: SchemaSet | None = None, chunk_size: int | None = None) -> PredictionRun:
    """Run ``spec`` on the (gold) documents and return checked predictions, one per document.

    Extractors see each document's id and text, never its spans or meta. ``jobs`` worker
    processes (callables) or concurrent command chunks run at once; each document has
    ``timeout`` seconds (a command chunk of n documents gets n × ``timeout``). A hung
    worker is killed and replaced. Failures are recorded per document (see
    :data:`FAILURE_KINDS`) and the run goes on. The result does not depend on ``jobs``.

    ``spec`` may also be a module-level function of an importable module (library use). Raises
    :class:`~hoinghi.errors.ExtractorError` when the extractor cannot be started at all
    and :class:`~hoinghi.errors.InputError` for a bad prediction file.
    """
    schemas = schemas or load_schemas()
    docs = list(documents)
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError("duplicate document id among the documents to run", Location(doc_id=dup, field="id"))
    if callable(spec):
        mod, qual = getattr(spec, "__module__", None), getattr(spec, "__qualname__", "")
        if not mod or mod == "__main__" or "<" in qual or "." in qual:
            raise ExtractorError(f"extractor {spec!r}: pass a module-level function of an importable module "
                                 "(workers import it by name), or a 'path/file.py:function' spec")
        spec = f"{mod}:{qual}"
    resolved = resolve_extractor(spec)
    spec_text = spec.strip()
    gold = {d.id: d for d in docs}
    started = time.perf_counter()
    predictions: dict[str, Document] = {}
    failures: dict[str, Failure] = {}
    warnings: list[str] = []

    def on_answer(doc: Document, status: str, payload, where_text: str | None = None) -> None:
        if status == "ok":
            try:
                predictions[doc.id] = check_prediction(payload, doc, Location(where_text), schemas=schemas)
                return
            except InputError as exc:
                status, payload = "invalid", str(exc)
        failures[doc.id] = Failure(doc.id, status, str(payload))

    if resolved.kind == "file":
        predictions, extra = _read_prediction_file(resolved.target, gold, schemas)
        if extra:
            shown = ", ".join(extra[:10]) + (f" and {len(extra) - 10} more" if len(extra) > 10 else "")
            warnings.append(f"{len(extra)} prediction id(s) in {resolved.target} are not in the gold set and were ignored: {shown}")
        for d in docs:
            if d.id not in predictions:
                failures[d.id] = Failure(d.id, "missing", f"no line for this document in {resolved.target}")
    elif docs:
        with _progress_bar(len(docs), progress, resolved.name) as bar:
            if resolved.kind == "cmd":
                _run_commands(resolved, docs, jobs, timeout, on_answer, bar, chunk_size)
            else:
                _run_python(resolved, docs, jobs, timeout, on_answer, bar)
    for d in docs:
        if d.id not in predictions:
            predictions[d.id] = Document(d.id, d.text, (), (), {})
    ordered = {d.id: predictions[d.id] for d in docs}
    failure_list = [failures[d.id] for d in docs if d.id in failures]
    return PredictionRun(ordered, failure_list, resolved.label, spec_text, warnings, time.perf_counter() - started)
