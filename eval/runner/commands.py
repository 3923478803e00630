"""``cmd:`` extractors: a program that reads document JSONL on stdin and writes one
prediction JSONL line per document on stdout.

Documents go to the command in chunks (their size never depends on ``jobs``); ``jobs``
chunks run at once. Each document has ``timeout`` seconds from the previous answer line:
when a command answering in input order stops answering, the next document is charged the
timeout and the rest of the chunk goes on in a fresh run, so a command that hangs on every
document costs ``n × timeout`` at most. A chunk that crashes, writes garbage or leaves
documents without a line has those documents run again one by one, so the outcome lands
on the document that caused it and does not depend on the chunking. Reading stops once
every document has its line; the command's process group is then killed (a forked child
holding stdout open cannot turn a complete answer into a timeout), and it is killed too if
``hoinghi`` itself is killed (:mod:`hoinghi.child_groups`).
"""
from __future__ import annotations

__all__ = ["run_commands"]

import json
import math
import os
import select
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable, Sequence

from ...child_groups import unwatch, watch
from ...document import Document
from ...errors import ExtractorError
from ..predictions import input_json
from .spec import ExtractorSpec


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _parse_output(out: bytes, wanted: set[str]) -> tuple[str, str, list[tuple[int, dict]]]:
    """A command's stdout as (status, message, [(line no, prediction object)]): ``ok``, or
    ``garbage`` naming the first bad line.

    >>> _parse_output(b'{"id": "d1", "spans": []}\\n', {"d1"})
    ('ok', '', [(1, {'id': 'd1', 'spans': []})])
    >>> _parse_output(b'{"id": "d2"}\\n', {"d1"})[1]
    "stdout line 1 is for document 'd2', which was not sent"
    """
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "garbage", f"stdout is not UTF-8 (byte {exc.start})", []
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


@dataclass
class _Answer:
    """What one run of the command on a chunk gave: ``status`` (``ok``, ``timeout``,
    ``crash``, ``garbage``), a message, and the complete prediction lines it wrote."""

    status: str
    message: str = ""
    lines: list[tuple[int, dict]] = field(default_factory=list)


def _run_command_once(command: str, docs: Sequence[Document], timeout: float,
                      active: set | None = None) -> _Answer:
    """Run the command on a chunk, each document under ``timeout`` seconds from the
    previous answer line (so a command that hangs costs one timeout, not one per document
    of the chunk). Stops reading once every document has its line (a forked child holding
    stdout open does not turn a complete answer into a timeout). The command's whole
    process group is killed at the end, and when this process dies
    (:mod:`hoinghi.child_groups`). ``active`` collects running processes so an
    interrupted run can kill them."""
    data = "".join(json.dumps(input_json(d), ensure_ascii=False) + "\n" for d in docs).encode("utf-8")
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise ExtractorError(f"cannot start command {command!r}: {exc.strerror}") from None
    watch(proc.pid)
    if active is not None:
        active.add(proc)
    err: list[bytes] = []
    feeders = [threading.Thread(target=_feed, args=(proc.stdin, data), daemon=True),
               threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True)]
    for t in feeders:
        t.start()
    try:
        out, timed_out = _read_answers(proc.stdout, len(docs), timeout)
        status = _exit_status(proc, timeout) if not timed_out else None
    finally:
        _kill_group(proc)  # stray children too
        proc.wait()
        unwatch(proc.pid)
        if active is not None:
            active.discard(proc)
    complete = out[:out.rfind(b"\n") + 1]
    if timed_out:
        answer = _parse_output(complete, {d.id for d in docs})
        return _Answer("timeout", f"no answer within {timeout:g} s; the command was killed",
                       answer[2] if answer[0] == "ok" else [])
    feeders[1].join(1)
    last = (b"".join(err).decode("utf-8", "replace").strip().splitlines() or [""])[-1][:200]
    if status in (126, 127):  # the shell could not find or run the program: nothing will work
        raise ExtractorError(f"command {command!r} cannot run (exit status {status}): {last}")
    if status not in (0, None):
        return _Answer("crash", f"the command exited with status {status}" + (f": {last}" if last else ""))
    return _Answer(*_parse_output(out, {d.id for d in docs}))


def _feed(pipe, data: bytes) -> None:
    try:
        pipe.write(data)
        pipe.close()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the command stopped reading: what it wrote says why


def _drain(pipe, into: list[bytes]) -> None:
    try:
        for chunk in iter(lambda: pipe.read(65536), b""):
            into.append(chunk)
            del into[:-16]  # the end is what names the error
    except (OSError, ValueError):
        pass


def _read_answers(pipe, n: int, timeout: float) -> tuple[bytes, bool]:
    """Stdout until ``n`` non-blank lines or end of file, or until ``timeout`` seconds
    pass without a new line. Returns (bytes read, timed out)."""
    fd = pipe.fileno()
    buf = bytearray()
    lines = scanned = 0
    deadline = time.monotonic() + timeout
    while lines < n:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return bytes(buf), True
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buf += chunk
        end = buf.rfind(b"\n") + 1
        if end > scanned:
            lines += sum(1 for line in bytes(buf[scanned:end]).split(b"\n") if line.strip())
            scanned, deadline = end, time.monotonic() + timeout
    return bytes(buf), False


def _exit_status(proc: subprocess.Popen, timeout: float) -> int | None:
    """The command's exit status, or None when it wrote every line but does not exit
    within ``timeout`` (it is then killed; the answer stands)."""
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def run_commands(resolved: ExtractorSpec, docs: Sequence[Document], jobs: int, timeout: float,
                 on_answer: Callable[..., None], bar, chunk_size: int | None) -> None:
    """Run a ``cmd:`` spec on ``docs`` in chunks, ``jobs`` at once, calling
    ``on_answer(doc, status, payload[, where])`` once per document and ``bar.update(1)``
    after it. Ctrl-C or a command that cannot run kills every running command."""
    command = str(resolved.target)
    if chunk_size is None:  # never from jobs: what a document gets must not depend on --jobs
        chunk_size = max(1, min(64, math.ceil(len(docs) / 16)))
    chunks = [list(docs[i:i + chunk_size]) for i in range(0, len(docs), chunk_size)]
    active: set[subprocess.Popen] = set()
    stopping = threading.Event()

    def answer(doc: Document, status: str, payload, where: str | None = None) -> None:
        on_answer(doc, status, payload, *([where] if where else []))
        bar.update(1)

    def run_chunk(chunk: list[Document]) -> None:
        while chunk and not stopping.is_set():
            ans = _run_command_once(command, chunk, timeout, active)
            if stopping.is_set():
                return
            by_id = {obj["id"]: (lineno, obj) for lineno, obj in ans.lines}
            for doc in chunk:
                if doc.id in by_id:
                    answer(doc, "ok", by_id[doc.id][1], f"stdout line {by_id[doc.id][0]}")
            rest = [d for d in chunk if d.id not in by_id]
            if len(chunk) == 1 and rest:
                answer(rest[0], "missing" if ans.status == "ok" else ans.status,
                       "the command wrote no line for this document" if ans.status == "ok" else ans.message)
                return
            if ans.status == "timeout" and all(d.id in by_id for d in chunk[:len(chunk) - len(rest)]):
                answer(rest[0], "timeout", ans.message)  # answers came in order: the next one hung
                chunk = rest[1:]
                continue
            for doc in rest:  # each alone, so neither its neighbours nor the chunking decide its outcome
                run_chunk([doc])
            return

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
