"""Atomic file writes: a temporary file in the target's folder, renamed into place, so
a reader never sees a partial file and a failed run leaves the old file (or none).

The one implementation behind every file the toolkit writes (documents, eval reports,
baselines, HTML reports, pulls, credentials).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "sub" / "out.txt"
>>> write_atomic(p, "xin chào\\n") == p, p.read_text(encoding="utf-8")
(True, 'xin chào\\n')
>>> with atomic_writer(p) as fh:
...     _ = fh.write("partial")
...     raise RuntimeError("boom")
Traceback (most recent call last):
...
RuntimeError: boom
>>> p.read_text(encoding="utf-8"), sorted(x.name for x in p.parent.iterdir())
('xin chào\\n', ['out.txt'])
"""
from __future__ import annotations

__all__ = ["atomic_writer", "write_atomic"]

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


def _ordinary_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_writer(path: str | os.PathLike, *, binary: bool = False, mode: int | None = None) -> Iterator[IO]:
    """Open a temporary file next to ``path`` for writing; on success it replaces
    ``path``, on any exception it is removed. ``mode`` defaults to the usual
    permissions under the umask (``mkstemp`` alone would give 0600); pass ``0o600``
    for secrets."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, _ordinary_mode() if mode is None else mode)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike, data: str | bytes, *, mode: int | None = None) -> Path:
    """Write text (UTF-8) or bytes to ``path`` atomically; returns the path."""
    with atomic_writer(path, binary=isinstance(data, bytes), mode=mode) as fh:
        fh.write(data)
    return Path(path)
