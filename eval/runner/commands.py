"""``cmd:`` extractors: a program that reads document JSONL on stdin and writes one
prediction JSONL line per document on stdout.

Documents go to the command in chunks; ``jobs`` chunks run at once. A chunk that times
out, crashes or writes garbage is split and its documents are run one by one, so the
failure lands on the document that caused it.
"""
from __future__ import annotations

__all__ = ["run_commands"]

import json
import math
import os
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Callable, Sequence

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


def _run_command_once(command: str, docs: Sequence[Document], timeout: float,
                      active: set | None = None) -> tuple[str, str, list[tuple[int, dict]]]:
    """Run the command on a chunk. Returns (status, message, [(output line no, object)]);
    status is "ok", "timeout", "crash" or "garbage". ``active`` collects running
    processes so an interrupted run can kill them."""
    data = "".join(json.dumps(input_json(d), ensure_ascii=False) + "\n" for d in docs).encode("utf-8")
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
    return _parse_output(out, {d.id for d in docs})


def run_commands(resolved: ExtractorSpec, docs: Sequence[Document], jobs: int, timeout: float,
                 on_answer: Callable[..., None], bar, chunk_size: int | None) -> None:
    """Run a ``cmd:`` spec on ``docs`` in chunks, ``jobs`` at once, calling
    ``on_answer(doc, status, payload[, where])`` once per document and ``bar.update(1)``
    after it. Ctrl-C or a command that cannot run kills every running command."""
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
