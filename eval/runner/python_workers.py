"""Python extractors in worker processes.

Each worker is ``python -c "...serve()" module:function [schema files]``: it imports the
callable once, says ``ready``, then answers one document per stdin line with one JSON
line on its protocol channel, running :func:`~hoinghi.eval.runner.apply.apply_extractor`.
:func:`run_python` keeps ``jobs`` workers busy, kills and replaces a worker that hangs
past the timeout or dies, and records that document's failure; the run goes on.

Memory: a worker whose resident memory passes ``max_memory_mb`` (default
:data:`DEFAULT_MAX_MEMORY_MB`; ``--max-memory``) while working is killed and its document
fails; one that passes it after answering, or whose extractor raised ``MemoryError``, is
replaced before the next document, so a leaking extractor cannot grow without bound nor
make every later document fail.
"""
from __future__ import annotations

__all__ = ["run_python", "serve", "STARTUP_TIMEOUT", "DEFAULT_MAX_MEMORY_MB"]

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import deque
from typing import Callable, Sequence

from ...document import Document
from ...errors import ExtractorError
from ...schema import SchemaSet, load_schemas
from ..predictions import Failure, input_json
from .apply import apply_extractor, wants_text
from .spec import ExtractorSpec, load_callable

STARTUP_TIMEOUT = 120.0  # seconds a worker may take to import the extractor (models load here)
DEFAULT_MAX_MEMORY_MB = 4096  # resident memory per worker; 0 turns the check off
_MEMORY_POLL = 0.25  # seconds between checks of a working worker's memory
_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 4096 / 2**20


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE_MB
    except (OSError, ValueError, IndexError):
        return 0.0


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


def serve() -> None:  # pragma: no cover - runs in a worker process
    """A worker: resolve the callable named in ``sys.argv[1]`` (and the schema files in
    ``sys.argv[2:]``, default the shipped ones), say ready, then answer one document per
    stdin line with one JSON line on the protocol channel. The extractor's own prints go
    to stderr so they cannot corrupt the protocol."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    _die_with_parent()
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)

    def send(**msg) -> None:
        channel.write(json.dumps(msg, ensure_ascii=False) + "\n")
        channel.flush()

    try:
        func = load_callable(sys.argv[1])[0]
        takes_text = wants_text(func)
        schemas = load_schemas(sys.argv[2:] or None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        send(status="fatal", message=f"{type(exc).__name__}: {exc}")
        return
    send(status="ready")
    for line in sys.stdin:
        answer = apply_extractor(func, Document.from_json(json.loads(line)), schemas=schemas, takes_text=takes_text)
        if isinstance(answer, Failure):
            send(status=answer.kind, message=answer.message)
        else:
            prediction = answer.to_json()
            prediction.pop("text", None)  # the runner has the text; sending it back would only cost time
            send(status="ok", prediction=prediction)


class _Worker:
    """One worker process, spoken to by JSON lines over its stdin/stdout."""

    def __init__(self, argv: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from hoinghi.eval.runner.python_workers import serve; serve()", *argv],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=os.getcwd(), start_new_session=True)
        self.fd = self.process.stdout.fileno()
        self.buffer = b""
        self.doc: Document | None = None
        self.deadline = time.monotonic() + STARTUP_TIMEOUT
        self.ready = False

    @property
    def busy(self) -> bool:
        """Starting up or working on a document."""
        return self.doc is not None or not self.ready

    def send(self, doc: Document, timeout: float) -> bool:
        self.doc = doc
        self.deadline = time.monotonic() + timeout
        try:
            self.process.stdin.write((json.dumps(input_json(doc), ensure_ascii=False) + "\n").encode("utf-8"))
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


def _schema_argv(schemas: SchemaSet | None) -> list[str]:
    """The schema files a worker checks against: none for the shipped set (its default)."""
    if schemas is None or schemas is load_schemas():
        return []
    return [s.source for s in schemas.schemas]


class _Pool:
    """``jobs`` workers over a queue of documents; see :func:`run_python`."""

    def __init__(self, resolved: ExtractorSpec, docs: Sequence[Document], jobs: int, timeout: float,
                 on_answer: Callable[..., None], bar, schemas: SchemaSet | None, max_memory_mb: float = 0):
        self.name, self.timeout, self.on_answer, self.bar = resolved.name, timeout, on_answer, bar
        self.max_memory_mb = max_memory_mb
        self.argv = [str(resolved.target), *_schema_argv(schemas)]
        self.todo = deque(docs)
        self.workers = [_Worker(self.argv) for _ in range(min(jobs, len(docs)))]

    def answer(self, i: int, kind: str, payload) -> None:
        w = self.workers[i]
        doc, w.doc = w.doc, None
        self.on_answer(doc, kind, payload)
        self.bar.update(1)
        if (kind == "error" and str(payload).startswith("MemoryError")) or self.over_memory(w):
            w.kill()  # a leak stays in the process: replace it before the next document
            self.workers[i] = _Worker(self.argv)

    def over_memory(self, w: _Worker) -> float:
        """The worker's resident MB when it is over ``max_memory_mb``, else 0."""
        if not self.max_memory_mb:
            return 0.0
        rss = _rss_mb(w.process.pid)
        return rss if rss > self.max_memory_mb else 0.0

    def fail(self, i: int, kind: str, message: str) -> None:
        """Kill worker ``i``, record its document's failure and start a new worker."""
        w = self.workers[i]
        w.kill()
        if not w.ready:
            raise ExtractorError(f"extractor {self.name}: its worker process could not start ({message})")
        self.answer(i, kind, message)
        self.workers[i] = _Worker(self.argv)

    def dispatch(self) -> None:
        for i, w in enumerate(self.workers):
            if w.ready and w.doc is None and self.todo:
                if not w.send(self.todo.popleft(), self.timeout):
                    self.fail(i, "crash", f"the worker process died (exit code {w.process.poll()})")

    def wait(self) -> set[int]:
        """Block until some busy worker has output or the nearest deadline; readable fds."""
        busy = [w for w in self.workers if w.busy]
        if not busy:
            return set()
        wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        if self.max_memory_mb:
            wait = min(wait, _MEMORY_POLL)
        poller = select.poll()  # fresh each round: fd numbers get reused when workers are replaced
        for w in busy:
            poller.register(w.fd, select.POLLIN)
        return {fd for fd, _ in poller.poll(wait * 1000)}

    def read(self, i: int, w: _Worker) -> None:
        try:
            messages = w.read_messages()
        except (ValueError, OSError) as exc:
            return self.fail(i, "crash", f"the worker process broke the protocol ({exc})")
        if messages is None:
            return self.fail(i, "crash", f"the worker process died (exit code {w.process.wait()})")
        for msg in messages:
            status = msg.get("status")
            if status == "fatal":
                w.kill()
                raise ExtractorError(f"extractor {self.name}: {msg.get('message')}")
            if status == "ready":
                w.ready = True
            elif w.doc is not None:
                self.answer(i, status, msg.get("prediction") if status == "ok" else msg.get("message"))

    def step(self) -> None:
        self.dispatch()
        readable = self.wait()
        for i, w in enumerate(list(self.workers)):
            if w.fd in readable:
                self.read(i, w)
            elif w.busy and time.monotonic() >= w.deadline:
                if not w.ready:
                    self.fail(i, "timeout", f"no ready signal within {STARTUP_TIMEOUT:.0f} s")
                self.fail(i, "timeout", f"no answer within {self.timeout:g} s; the worker was killed")
            elif w.doc is not None and (rss := self.over_memory(w)):
                self.fail(i, "crash", f"the worker used {rss:.0f} MB, over --max-memory {self.max_memory_mb:g} MB; "
                          "it was killed and replaced")

    def close(self) -> None:
        for w in self.workers:
            if w.doc is None and w.process.poll() is None:
                w.stop()
            else:
                w.kill()


def run_python(resolved: ExtractorSpec, docs: Sequence[Document], jobs: int, timeout: float,
               on_answer: Callable[..., None], bar, schemas: SchemaSet | None = None,
               max_memory_mb: float = DEFAULT_MAX_MEMORY_MB) -> None:
    """Run a Python spec on ``docs`` in ``jobs`` worker processes, calling
    ``on_answer(doc, status, payload)`` once per document (``status`` ``ok`` with the
    prediction JSON, or a failure kind with its message) and ``bar.update(1)`` after it.
    Raises :class:`~hoinghi.errors.ExtractorError` when a worker cannot start at all."""
    pool = _Pool(resolved, docs, jobs, timeout, on_answer, bar, schemas, max_memory_mb)
    try:
        while pool.todo or any(w.doc is not None for w in pool.workers):
            pool.step()
    finally:
        pool.close()
