"""Numbers as the genre writes them: ``.`` thousands and ``,`` decimals
(:func:`parse_number`), Roman numerals (:func:`parse_roman`, :func:`to_roman`) and
session ordinals in digits, Roman or words (:func:`parse_ordinal`).

>>> parse_number("50.068"), parse_ordinal("IV"), parse_ordinal("mười hai"), to_roman(26)
(Decimal('50068'), 4, 12, 'XXVI')
"""
from __future__ import annotations

__all__ = ["NUMBER_PATTERN", "NUMBER_WORDS", "parse_number", "parse_roman", "to_roman", "parse_ordinal",
           "canon_numbers"]

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .text import fold_text


NUMBER_PATTERN = r"\d+(?:[.,]\d+)*"
_NUMBER_RE = re.compile(NUMBER_PATTERN)
_GROUPED_DOTS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_GROUPED_COMMAS = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}")


def parse_number(text: str) -> Decimal:
    """A number written the Vietnamese way: ``.`` groups thousands, ``,`` marks decimals.
    A string in the English style (``1,234.5``, ``1,234,567``) is read as such; a single
    ``.`` not followed by exactly three digits is a decimal point.

    Raises ``ValueError`` when ``text`` is not a number.

    >>> [str(parse_number(s)) for s in ["50.068", "9,54", "1.234.567,5", "03", "2,08", "1,234.5", "3.5"]]
    ['50068', '9.54', '1234567.5', '3', '2.08', '1234.5', '3.5']
    """
    s = text.strip().replace(" ", "")
    if not s or not _NUMBER_RE.fullmatch(s):
        raise ValueError(f"not a number: {text!r}")
    if _GROUPED_DOTS.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMAS.fullmatch(s):
        s = s.replace(",", "")
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    elif s.count(".") == 1 and "," not in s:
        pass
    elif "," not in s and "." not in s:
        pass
    else:
        raise ValueError(f"not a number: {text!r}")
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        raise ValueError(f"not a number: {text!r}") from None


def _format_number(d: Decimal) -> str:
    d = d.normalize()
    out = format(d, "f")
    return out


def canon_numbers(text: str) -> str:
    def one(m: re.Match) -> str:
        try:
            return _format_number(parse_number(m.group(0)))
        except ValueError:
            return m.group(0)
    return _NUMBER_RE.sub(one, text)


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_ROMAN_RE = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def parse_roman(text: str) -> int:
    """A Roman numeral (upper case, canonical form).

    >>> [parse_roman(s) for s in ["IV", "XII", "XXVI", "XVII", "MMXX"]]
    [4, 12, 26, 17, 2020]
    >>> parse_roman("IIII")
    Traceback (most recent call last):
    ...
    ValueError: not a Roman numeral: 'IIII'
    """
    s = text.strip()
    if not s or not _ROMAN_RE.fullmatch(s):
        raise ValueError(f"not a Roman numeral: {text!r}")
    total, i = 0, 0
    for value, sym in _ROMAN:
        while s.startswith(sym, i):
            total += value
            i += len(sym)
    return total


def to_roman(n: int) -> str:
    """An integer as a Roman numeral.

    >>> to_roman(26), to_roman(4)
    ('XXVI', 'IV')
    """
    if not 0 < n < 4000:
        raise ValueError(f"out of range for a Roman numeral: {n}")
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


_UNITS = {"một": 1, "mốt": 1, "nhất": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
NUMBER_WORDS = ("một", "nhất", "hai", "ba", "bốn", "tư", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười")


def _parse_words(words: list[str]) -> int:
    # 1-99: "mười", "mười hai", "hai mươi", "hai mươi mốt", "ba mươi lăm", "hai mốt"
    if not words:
        raise ValueError
    if words[0] == "mười":
        if len(words) == 1:
            return 10
        if len(words) == 2 and words[1] in _UNITS and words[1] not in ("mốt", "nhất", "tư", "nhăm"):
            return 10 + _UNITS[words[1]]
        raise ValueError
    if words[0] in _UNITS and words[0] not in ("mốt", "lăm", "nhăm"):
        tens = _UNITS[words[0]]
        if len(words) == 1:
            return tens
        rest = words[1:]
        if tens >= 2 and rest[0] in ("mươi", "chục"):
            rest = rest[1:]
        elif tens >= 2 and len(rest) == 1 and rest[0] in ("mốt", "tư", "lăm", "nhăm"):
            pass  # "hai mốt" = 21
        else:
            raise ValueError
        if tens < 2:
            raise ValueError
        if not rest:
            return tens * 10
        if len(rest) == 1 and rest[0] in _UNITS and rest[0] not in ("nhất", "năm"):
            return tens * 10 + _UNITS[rest[0]]
    raise ValueError


def parse_ordinal(text: str) -> int:
    """A session or term number written in digits, Roman numerals or words, with or
    without ``thứ``: ``14``, ``IV``, ``ba``, ``thứ nhất``, ``thứ tư``, ``mười hai``.

    >>> [parse_ordinal(s) for s in ["14", "03", "IV", "XXVI", "ba", "thứ nhất", "thứ tư", "mười hai", "hai mươi mốt", "Thứ Ba"]]
    [14, 3, 4, 26, 3, 1, 4, 12, 21, 3]
    """
    s = fold_text(unicodedata.normalize("NFC", text)).strip()
    if s.isdigit():
        return int(s)
    if _ROMAN_RE.fullmatch(s) and s:
        return parse_roman(s)
    words = s.lower().split()
    if words and words[0] == "thứ":
        words = words[1:]
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    try:
        return _parse_words(words)
    except ValueError:
        raise ValueError(f"not an ordinal: {text!r}") from None
