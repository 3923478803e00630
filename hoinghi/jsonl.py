"""Reading JSON and JSON Lines files, every problem located.

The one JSONL reader of the toolkit (:func:`iter_json_lines`: documents, predictions,
pulls, logs), the one whole-file JSON reader (:func:`read_json`: manifests, exports,
eval reports) and the writer of large indented reports (:func:`pretty_json`). Invalid
JSON, invalid UTF-8, nesting too deep and lone surrogate escapes are :class:`~hoinghi.errors.InputError` naming file and line; lines are split on ``\n``
only (a ``\r`` or U+2028 inside a line is JSON's business, not a line end).
"""
from __future__ import annotations

__all__ = ["iter_json_lines", "read_json", "pretty_json"]

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


def pretty_json(report: dict) -> str:
    """``json.dumps(report, ensure_ascii=False, indent=2)`` plus a newline, byte for byte
    (the eval report's text). Written with orjson (the standard library's encoder
    runs in Python when it indents: a second at 100k documents), except for a report
    holding a number orjson writes differently (a float below 1e-4, a NaN, a non-string
    key), which goes through ``json``.

    >>> r = {"a": [1, 0.5, None, "Hà Nội"], "b": {"c": 1e-05}}
    >>> pretty_json(r) == json.dumps(r, ensure_ascii=False, indent=2) + "\\n"
    True
    >>> pretty_json({"x": 0.25}) == json.dumps({"x": 0.25}, ensure_ascii=False, indent=2) + "\\n"
    True
    """
    try:
        import orjson
    except ImportError:  # pragma: no cover - a dependency
        orjson = None
    if orjson is None or not _orjson_writes_it_alike(report):
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    return orjson.dumps(report, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode("utf-8")


def _orjson_writes_it_alike(obj) -> bool:
    """No float orjson would spell unlike ``json`` (``1e-05``/``1e-5``, ``NaN``/``null``),
    only string keys, only JSON types (an empty container is written alike: ``[]``)."""
    stack = [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if not all(type(k) is str for k in x):
                return False
            stack.extend(v for v in x.values() if not isinstance(v, str))
        elif isinstance(x, (list, tuple)):
            stack.extend(v for v in x if not isinstance(v, str))
        elif isinstance(x, float):
            if x != x or x in (float("inf"), float("-inf")) or (x != 0 and abs(x) < 1e-4) or abs(x) >= 1e16:
                return False
        elif not (x is None or isinstance(x, (bool, int, str))):
            return False
    return True
