"""Atomic file writes: a temporary file in the target's folder, renamed into place, so
a reader never sees a partial file and a failed run leaves the old file (or none).

The one implementation behind every file the toolkit writes (documents, eval reports,
baselines, HTML reports, pulls, credentials), and the one place that checks an output
path (:func:`check_output`): never one of the run's inputs, never anything but a
regular file. A temporary file left by a killed writer (``.NAME.<random>``) is removed
by the next write of ``NAME``: each writer holds an exclusive ``flock`` on its temporary
file, so one nobody holds belongs to a dead process.

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

__all__ = ["atomic_writer", "write_atomic", "check_output"]

import fcntl
import os
import re
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator

from .errors import Location, SetupError, UsageError


def _ordinary_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def check_output(path: str | os.PathLike, inputs: Iterable[str | os.PathLike | None] = (), *,
                 option: str = "--out") -> Path:
    """Refuse an output path that would destroy something: empty, one of ``inputs``
    (a file, or a file inside an input folder), or an existing thing that is not a
    regular file (folder, symlink, FIFO, device); a ``..`` through a folder that does
    not exist. Raises :class:`~hoinghi.errors.UsageError`; returns the path.

    >>> import tempfile, pathlib
    >>> gold = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = gold.write_text("{}", encoding="utf-8")
    >>> check_output(gold, [gold])
    Traceback (most recent call last):
    ...
    hoinghi.errors.UsageError: .../gold.jsonl: --out is one of the run's inputs; it would be overwritten: write elsewhere
    """
    text = os.fspath(path)
    if not text.strip():
        raise UsageError(f"{option} is empty: give a file name")
    path = Path(text)
    where = Location(text)
    if ".." in path.parts:
        real_parent = Path(*path.parts[:path.parts.index("..")])
        if not real_parent.is_dir():
            raise UsageError(f"{option} goes through {real_parent}, which is not a folder", where)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise UsageError(f"{option}: a part of this path is a file, not a folder", where) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a symbolic link" if stat.S_ISLNK(st.st_mode)
                else "not a regular file")
        raise UsageError(f"{option} is {kind}; give the path of a regular file", where)
    if st is not None and any(_same(path, inp) for inp in inputs if inp):
        raise UsageError(f"{option} is one of the run's inputs; it would be overwritten: write elsewhere", where)
    return path


def _same(out: Path, inp: str | os.PathLike) -> bool:
    inp = Path(inp)
    try:
        if inp.is_dir():
            return out.resolve().is_relative_to(inp.resolve()) and out.resolve() != inp.resolve()
        return inp.exists() and os.path.samefile(out, inp)
    except OSError:
        return False


_TEMP_SUFFIX = re.compile(r"[a-z0-9_]{8}")  # tempfile's random names


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of ``path`` (``.NAME.<8 random>``) that no live writer holds."""
    prefix = f".{path.name}."
    try:
        candidates = [p for p in path.parent.iterdir()
                      if p.name.startswith(prefix) and _TEMP_SUFFIX.fullmatch(p.name[len(prefix):])]
    except OSError:
        return
    for p in candidates:
        try:
            fd = os.open(p, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            p.unlink(missing_ok=True)  # nobody holds it: its writer is dead
        except OSError:
            pass  # a live writer holds it
        finally:
            os.close(fd)


@contextmanager
def atomic_writer(path: str | os.PathLike, *, binary: bool = False, mode: int | None = None) -> Iterator[IO]:
    """Open a temporary file next to ``path`` for writing; on success it replaces
    ``path``, on any exception it is removed. ``mode`` defaults to the usual
    permissions under the umask (``mkstemp`` alone would give 0600); pass ``0o600``
    for secrets. Refuses a path that is not a regular file (see :func:`check_output`);
    a folder that cannot be made or written is a :class:`~hoinghi.errors.SetupError`."""
    path = check_output(path, option="the output")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise SetupError(f"{path}: cannot write here: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.fchmod(fd, _ordinary_mode() if mode is None else mode)
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise SetupError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def write_atomic(path: str | os.PathLike, data: str | bytes, *, mode: int | None = None) -> Path:
    """Write text (UTF-8) or bytes to ``path`` atomically; returns the path."""
    with atomic_writer(path, binary=isinstance(data, bytes), mode=mode) as fh:
        fh.write(data)
    return Path(path)
