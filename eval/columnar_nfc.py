"""Gold texts checked NFC from their UTF-8 bytes, for the columnar reader.

The object path refuses a gold text that is not NFC (``unicodedata.is_normalized``).
Making a Python string of every text only to ask that is most of what the reader spends
on texts, so the question is first put to the bytes: by the quick check of Unicode
Standard Annex #15, a text whose code points all have canonical combining class 0 and
``NFC_Quick_Check=Yes`` **is** NFC. Only texts holding some other code point (a
combining mark, a character NFC replaces, one that may compose with the character
before it, anything outside the Basic Multilingual Plane) are handed to
``unicodedata.is_normalized`` — one in a thousand, say, of Vietnamese news in NFC, where
tone marks are precomposed letters (U+1EA0–U+1EF9) and NFC never changes a thing.

``NFC_Quick_Check=Yes`` is derived from the running Python's ``unicodedata`` (so it
follows its Unicode version): a code point is *quick-yes* when it is its own NFC, has
combining class 0, is not the second of any two-character canonical decomposition
(the ``Maybe`` characters, taken wider: excluded compositions count too) and is not a
Hangul vowel or trailing jamo (composed by rule, not by the table).

>>> import pyarrow as pa
>>> suspects(pa.array(["Hội nghị lần thứ 14", "Ho\\u0323i nghi\\u0323", "ASCII"])).tolist()
[1]
>>> check_nfc_columns(pa.array(["Hội nghị", "Hội nghị\\u0301"]))  # NFC, though a mark is there
>>> check_nfc_columns(pa.array(["Ho\\u0323\\u0302i"]))
Traceback (most recent call last):
...
hoinghi.eval.columns.NotColumnar: a text that is not NFC
"""
from __future__ import annotations

__all__ = ["suspects", "check_nfc_columns", "is_quick_yes"]

import functools
import threading
import unicodedata

import numpy as np

from ..arrow_bridge import from_numpy
from .columns import NotColumnar

_UNKNOWN, _YES, _OTHER = 0, 1, 2
_known = np.zeros(0x10000, dtype=np.int8)  # Basic Multilingual Plane, filled as code points are met
_lock = threading.Lock()
_BEYOND_BMP = 0x0300  # stands for a 4-byte character: not quick-yes (U+0300 has class 230)


def check_nfc_columns(texts) -> None:
    """Raise :class:`~hoinghi.eval.columns.NotColumnar` unless every text of the
    Arrow string array ``texts`` (no nulls) is NFC."""
    rows = suspects(texts)
    if len(rows) and not all(unicodedata.is_normalized("NFC", t) for t in texts.take(from_numpy(rows)).to_pylist()):
        raise NotColumnar("a text that is not NFC")


def suspects(texts) -> np.ndarray:
    """The rows of ``texts`` (an Arrow string array of valid UTF-8) holding a code point
    that is not quick-yes: the only ones that can fail to be NFC.

    Every byte is first looked up with the byte after it (:func:`_pair_states`): that
    settles ASCII, a two-byte character, and a three-byte one whose block of 64 code
    points is all quick-yes (Vietnamese letters with tone marks, U+1E00–U+1EFF). Only the
    characters it leaves open are decoded and looked up one by one."""
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32)[texts.offset:texts.offset + len(texts) + 1]
    if texts.buffers()[2] is None or offsets[-1] == offsets[0]:
        return np.zeros(0, dtype=np.int64)
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    lead = np.flatnonzero(_pair_states(data))  # characters the pair does not settle
    if not len(lead):
        return np.zeros(0, dtype=np.int64)
    bad = lead[~_quick_yes(_code_points(data, lead))]
    if not len(bad):
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.searchsorted(offsets - offsets[0], bad, side="right") - 1).astype(np.int64)


_PAIR_UNKNOWN = 255
_pairs = np.full(1 << 16, _PAIR_UNKNOWN, dtype=np.uint8)  # (byte, next byte) -> 0 settled, 1 open


def _pair_states(data: np.ndarray) -> np.ndarray:
    """Per byte: 0 when it and the byte after it settle that no character starting there
    can make the text non-NFC, 1 when the character must be decoded (uint8)."""
    pairs = np.empty(len(data), dtype=np.uint16)
    np.left_shift(data, 8, out=pairs, dtype=np.uint16)
    pairs[:-1] |= data[1:]
    state = _pairs[pairs]
    if (state == _PAIR_UNKNOWN).any():
        with _lock:
            for pair in np.unique(pairs[state == _PAIR_UNKNOWN]).tolist():
                _pairs[pair] = _pair_state(pair >> 8, pair & 0xFF)
        state = _pairs[pairs]
    return state


def _pair_state(b0: int, b1: int) -> int:
    """0 when no character starting with the bytes ``b0 b1`` can make a text non-NFC."""
    if b0 < 0xC0:  # ASCII, or the inside of a character
        return 0
    if b0 >= 0xF0 or b1 & 0xC0 != 0x80:  # four bytes (decoded as not quick-yes), or not UTF-8
        return 1
    if b0 < 0xE0:
        return 0 if is_quick_yes(((b0 & 0x1F) << 6) | (b1 & 0x3F)) else 1
    block = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6)
    return 0 if all(is_quick_yes(block | k) for k in range(64)) else 1


def _code_points(data: np.ndarray, lead: np.ndarray) -> np.ndarray:
    """The code point starting at each ``lead`` byte (2 or 3 bytes long; a 4-byte one
    becomes :data:`_BEYOND_BMP`)."""
    last = len(data) - 1
    b0 = data[lead].astype(np.int32)
    b1 = (data[np.minimum(lead + 1, last)] & 0x3F).astype(np.int32)
    b2 = (data[np.minimum(lead + 2, last)] & 0x3F).astype(np.int32)
    cps = np.where(b0 < 0xE0, ((b0 & 0x1F) << 6) | b1, ((b0 & 0x0F) << 12) | (b1 << 6) | b2)
    cps[b0 >= 0xF0] = _BEYOND_BMP
    return cps


def _quick_yes(cps: np.ndarray) -> np.ndarray:
    """A mask over ``cps`` (BMP code points): quick-yes or not, deciding the code points
    not met before."""
    state = _known[cps]
    if (state == _UNKNOWN).any():
        with _lock:
            for cp in np.unique(cps[state == _UNKNOWN]).tolist():
                _known[cp] = _YES if is_quick_yes(cp) else _OTHER
        state = _known[cps]
    return state == _YES


def is_quick_yes(cp: int) -> bool:
    """Combining class 0 and ``NFC_Quick_Check=Yes`` (see the module doc; ``No`` or
    ``Maybe`` may be answered for a few more, never ``Yes`` for fewer).

    >>> [is_quick_yes(ord(c)) for c in "aệ–\\u0301\\u2000\\u1161"]
    [True, True, True, False, False, False]
    """
    c = chr(cp)
    return (unicodedata.combining(c) == 0 and unicodedata.normalize("NFC", c) == c
            and cp not in _second_parts() and not (0x1161 <= cp <= 0x1175 or 0x11A8 <= cp <= 0x11C2))


@functools.cache
def _second_parts() -> frozenset[int]:
    """Every code point that is the second of a two-character canonical decomposition
    (Basic and Supplementary Multilingual Planes; about 15 ms once)."""
    out = set()
    for cp in range(0x20000):
        d = unicodedata.decomposition(chr(cp))
        if d and d[0] != "<":
            parts = d.split()
            if len(parts) == 2:
                out.add(int(parts[1], 16))
    return frozenset(out)
