"""Reading JSON and JSON Lines files, every problem located.

The one JSONL reader of the toolkit (:func:`iter_json_lines`: documents, predictions,
pulls, logs) and the one whole-file JSON reader (:func:`read_json`: manifests, exports,
eval reports). Invalid JSON, invalid UTF-8, nesting too deep and lone surrogate escapes
are :class:`~hoinghi.errors.InputError` naming file and line; lines are split on ``\n``
only (a ``\r`` or U+2028 inside a line is JSON's business, not a line end).
"""
from __future__ import annotations

__all__ = ["iter_json_lines", "read_json"]

import json
import re
from pathlib import Path
from typing import Iterator

from .errors import InputError, Location


def _fast_loads():
    """``orjson.loads`` when orjson is installed (3–4× faster than ``json.loads``), else
    None. Lines it refuses (blank lines, NaN, huge integers, bad JSON) fall back to
    ``json.loads``, so what is accepted and every error message stay ``json``'s."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency; the toolkit works without it
        return None
    return orjson.loads


def iter_json_lines(path: str | Path) -> Iterator[tuple[Location, object]]:
    """The one JSONL reader of the toolkit: yields ``(Location(file, line), parsed
    object)`` for each non-blank line; unreadable files, invalid UTF-8, invalid JSON,
    nesting too deep and lone surrogate escapes are :class:`InputError` naming file and
    line. Lines end at ``\\n`` only: a lone ``\\r`` is JSON whitespace, not a line end.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
    >>> _ = p.write_text('{"id":' + chr(13) + ' "a"}' + chr(10) * 2 + '{"id": ', encoding="utf-8")
    >>> [(w.line, o) for w, o in iter_json_lines(p)]
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: .../x.jsonl, line 3: invalid JSON: Expecting value (column 8)
    """
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(str(path))) from None
    fast = _fast_loads()
    with fh:
        for lineno, raw in enumerate(_lines(fh, path), 1):
            if fast is not None:
                # the common case; what orjson refuses (blank, bad UTF-8 or JSON, lone
                # surrogates, too deep) is parsed again below for the located message
                try:
                    yield Location(str(path), lineno), fast(raw)
                    continue
                except ValueError:
                    pass
            where = Location(str(path), lineno)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 (byte {exc.start + 1} of the line: {exc.reason})", where) from None
            if not line.strip():
                continue
            yield where, _parse_json(line, where, lambda exc: f"column {exc.colno}")


def _lines(fh, path: Path) -> Iterator[bytes]:
    try:
        yield from fh  # binary files split on b"\\n" only
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(str(path))) from None


_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]|\\u[dD][c-fC-F]")


def _parse_json(text: str, where: Location, position) -> object:
    """``json.loads`` with every failure an :class:`InputError` at ``where``."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} ({position(exc)})", where) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", where) from None
    if _LONE_SURROGATE_ESCAPE.search(text):
        fld = _lone_surrogate_field(obj)
        if fld is not None:
            doc_id = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
            raise InputError("a \\u escape names a lone UTF-16 surrogate (e.g. \\ud800), which is not a character",
                             Location(where.file, where.line, None if fld == "id" else doc_id, fld or None))
    return obj


def _lone_surrogate_field(obj: object) -> str | None:
    """The path (``spans[0].text``; ``""`` for the top) of the first string or key
    holding a lone surrogate, or ``None``. Iterative: nesting depth is the reader's
    limit, not this walk's.

    >>> _lone_surrogate_field({"id": "a", "spans": [{"text": "x\\ud800"}]}), _lone_surrogate_field(["ok"])
    ('spans[0].text', None)
    """
    stack = [("", obj)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return path
        elif isinstance(value, dict):
            for k, v in reversed(value.items()):
                stack.append((path, k))
                stack.append((f"{path}.{k}" if path else k, v))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return None


def read_json(path: str | Path) -> object:
    """The one reader of a whole JSON file (a manifest, a pull summary, a raw export):
    unreadable files, invalid UTF-8, invalid JSON, nesting too deep and lone surrogate
    escapes are :class:`InputError` naming the file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.json"
    >>> _ = p.write_text('{"a": 1,' + chr(10) + '}', encoding="utf-8")
    >>> read_json(p)
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: .../x.json: invalid JSON: Expecting property name enclosed in double quotes (line 2, column 1)
    """
    path = Path(path)
    where = Location(str(path))
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start + 1}: {exc.reason})", where) from None
    return _parse_json(text, where, lambda exc: f"line {exc.lineno}, column {exc.colno}")
