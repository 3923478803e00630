"""Terms of office (:func:`parse_term` → :class:`Term`): ``nhiệm kỳ 2020 - 2025``,
``khóa XXVI``, ``khóa XI, XII, XIII``.

>>> parse_term("khoá XXVI").canonical()
'khóa 26'
"""
from __future__ import annotations

__all__ = ["Term", "parse_term"]

import re
import unicodedata
from dataclasses import dataclass

from .numerals import parse_ordinal
from .text import fold_text


@dataclass(frozen=True, slots=True)
class Term:
    """A term of office: a numbered one (``khóa XXVI`` → ``number=26``) or a range of
    years (``nhiệm kỳ 2020 - 2025`` → ``start=2020, end=2025``)."""

    kind: str  # "khóa" or "nhiệm kỳ"
    number: int | None = None
    start: int | None = None
    end: int | None = None
    numbers: tuple[int, ...] = ()

    def canonical(self) -> str:
        """The canonical text: ``khóa 26``, ``nhiệm kỳ 2020-2025``.

        >>> parse_term("khóa XXVI").canonical(), parse_term("nhiệm kỳ 2020 – 2025").canonical()
        ('khóa 26', 'nhiệm kỳ 2020-2025')
        """
        if self.numbers and len(self.numbers) > 1:
            return f"{self.kind} " + ", ".join(str(n) for n in self.numbers)
        if self.number is not None:
            return f"{self.kind} {self.number}"
        return f"{self.kind} {self.start}-{self.end}"


_RANGE_RE = re.compile(r"(\d{4})\s*[-–—‐−]\s*(\d{4})")


def parse_term(text: str) -> Term:
    """``nhiệm kỳ 2020 - 2025`` / ``2020-2025`` / ``2020 – 2025``; ``khóa XXVI`` / ``khoá 4``;
    ``khóa XI, XII, XIII``.

    >>> parse_term("Nhiệm kỳ 2015 - 2020")
    Term(kind='nhiệm kỳ', number=None, start=2015, end=2020, numbers=())
    >>> parse_term("khoá 4").number, parse_term("khóa XI, XII, XIII").numbers
    (4, (11, 12, 13))
    """
    s = fold_text(unicodedata.normalize("NFC", text)).strip()
    low = s.lower()
    m = _RANGE_RE.search(s)
    if m:
        kind = "khóa" if low.startswith("khóa") else "nhiệm kỳ"
        return Term(kind, start=int(m.group(1)), end=int(m.group(2)))
    if low.startswith("khóa"):
        rest = s[4:].strip()
        parts = [p.strip() for p in re.split(r"[,;]|\s+và\s+", rest) if p.strip()]
        try:
            nums = tuple(parse_ordinal(p) for p in parts)
        except ValueError:
            raise ValueError(f"not a term: {text!r}") from None
        if not nums:
            raise ValueError(f"not a term: {text!r}")
        return Term("khóa", number=nums[0], numbers=nums if len(nums) > 1 else ())
    raise ValueError(f"not a term: {text!r}")
