"""A JSONL file as blocks of whole lines, screened and parsed by Arrow: the first step
of the columnar reader (:mod:`hoinghi.eval.columnar_load` checks what comes out).

:func:`line_blocks` reads about ``chunk_bytes`` at a time into a buffer of its own (the
buffer Arrow parses: never copied), carries the part line at its end to the next block,
hashes every byte when asked (the prediction file's identity) and :func:`screen` s each
block for what Arrow must never see: a line that does not start with ``{`` (Arrow 24
crashes the process on a first value ``null``; a blank line would shift line numbers), a
byte-order mark, a line nested deeper than Arrow's recursive parser takes.
:func:`parse_block` checks the bytes are UTF-8 (Arrow's JSON reader does not; ``json``
does) and parses them. Anything doubtful raises
:class:`~hoinghi.eval.columns.NotColumnar`.
"""
from __future__ import annotations

__all__ = ["line_blocks", "screen", "parse_block"]

from pathlib import Path
from typing import Iterator

import numpy as np

from .columns import NotColumnar

_DEEP_LINE = 4 << 10    # a shorter line nests at most 2,048 levels (Arrow takes time quadratic in depth)
_MAX_OPENERS = 1_000    # a longer line with fewer '[' and '{' than this nests less deep


def line_blocks(path: Path, chunk_bytes: int, sha256=None) -> Iterator[tuple[memoryview, int, int]]:
    """Blocks of whole lines, each without its final newline, screened (blank lines,
    BOM, deep nesting), with their number of lines and the length of the longest; every
    byte read goes into ``sha256`` when given (the prediction file's identity, without
    reading it twice). Each block is read into a buffer of its own (never copied again:
    it is what Arrow parses) and the part line at its end is carried to the next."""
    try:
        fh = path.open("rb", buffering=0)
    except OSError as exc:
        raise NotColumnar(f"cannot open: {exc}") from None
    with fh:
        carry, first = b"", True
        while True:
            buf = bytearray(len(carry) + chunk_bytes)
            buf[:len(carry)] = carry
            end = len(carry) + _read_into(fh, memoryview(buf)[len(carry):], sha256)
            if first and (end == 0 or buf.startswith(b"\xef\xbb\xbf")):
                raise NotColumnar("empty file" if end == 0 else "byte-order mark")
            first = False
            if end == len(carry):  # the end of the file: what is left is the last line
                if carry:
                    yield (memoryview(carry), *screen(carry, len(carry)))
                return
            cut = buf.rfind(b"\n", 0, end)
            if cut < 0:  # one line longer than the block: the rest of it, then the block is whole
                tail = fh.readline()
                if sha256 is not None:
                    sha256.update(tail)
                del buf[end:]
                buf += tail
                cut, end = (len(buf) - 1, len(buf)) if tail.endswith(b"\n") else (len(buf), len(buf))
            body = memoryview(buf)[:cut]
            carry = bytes(buf[cut + 1:end])
            yield (body, *screen(buf, cut))


def _read_into(fh, view: memoryview, sha256) -> int:
    """Fill ``view`` from ``fh`` as far as the file goes; the bytes read go into ``sha256``."""
    got = 0
    while got < len(view):
        n = fh.readinto(view[got:])
        if not n:
            break
        got += n
    if sha256 is not None:
        sha256.update(view[:got])
    return got


def screen(data, n: int) -> tuple[int, int]:
    """In the first ``n`` bytes of ``data`` (``bytes`` or ``bytearray``), refuse blank
    lines and lines that might nest deeper than Arrow's parser can take (a line of :data:`_DEEP_LINE` bytes or more with :data:`_MAX_OPENERS` brackets or more
    is parsed by orjson first, which refuses more than 1,024 levels); return the number of
    lines and the longest line's length. A blank line (empty or white space only) does
    not start with ``{`` either."""
    if not n:
        raise NotColumnar("a line that does not start with {")
    raw = np.frombuffer(data, dtype=np.uint8, count=n)
    ends = np.flatnonzero(raw == 10)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [n]))
    if (stops <= starts).any() or (raw[np.minimum(starts, len(raw) - 1)] != 0x7B).any():
        # Arrow 24 crashes the process on a first value that is null (b"null", b" null"):
        # only lines that start with "{" reach it
        raise NotColumnar("a line that does not start with {")
    long = stops - starts >= _DEEP_LINE
    for a, b in zip(starts[long].tolist(), stops[long].tolist()):
        if data.count(b"[", a, b) + data.count(b"{", a, b) >= _MAX_OPENERS:
            _check_depth(bytes(data[a:b]))
    return len(starts), int((stops - starts).max())


def _check_depth(line: bytes) -> None:
    import orjson  # refuses nesting deeper than 1,024 levels with an error, never a crash

    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        raise NotColumnar("a line the fast reader cannot vouch for") from None


def parse_block(body, n_lines: int, longest: int):
    """A block's lines as an Arrow table (one row a line), its bytes checked UTF-8."""
    import pyarrow as pa
    import pyarrow.json as pj

    block = max(1 << 20, 2 * longest + 2)  # an object must fit in one block
    options = pj.ReadOptions(use_threads=True, block_size=min(block, 1 << 30))  # blocks parsed on Arrow's threads
    buffer = pa.py_buffer(body)
    try:
        # Arrow does not check UTF-8 while it parses (json does): a cast of the bytes does
        pa.BinaryArray.from_buffers(pa.binary(), 1, [None, pa.py_buffer(np.array([0, len(body)], np.int32)),
                                                     buffer]).cast(pa.string())
        table = pj.read_json(buffer, read_options=options)
    except (pa.ArrowException, ValueError, UnicodeError) as exc:
        raise NotColumnar(f"arrow: {exc}") from None
    if table.num_rows != n_lines:
        raise NotColumnar("a line holds other than one JSON object")
    return table
