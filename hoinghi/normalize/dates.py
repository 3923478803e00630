"""Dates as the genre writes them (:func:`parse_date` → :class:`DateValue`):
``Ngày 18-7``, ``Sáng ngày 02/10/2020``, ``ngày 2 tháng 10 năm 2020``, ``tháng 11/2020``.

>>> parse_date("Sáng ngày 02/10/2020").iso()
'2020-10-02'
"""
from __future__ import annotations

__all__ = ["DateValue", "parse_date"]

import re
import unicodedata
from dataclasses import dataclass

from .text import fold_text


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date of which the year (and for ``tháng 11/2020`` the day) may be unknown."""

    year: int | None
    month: int
    day: int | None = None

    def iso(self) -> str:
        """ISO 8601 with ``--`` for a missing year (``--07-18``), ``YYYY-MM`` without a day.

        >>> DateValue(None, 7, 18).iso(), DateValue(2020, 10, 2).iso(), DateValue(2020, 11).iso()
        ('--07-18', '2020-10-02', '2020-11')
        """
        y = f"{self.year:04d}" if self.year is not None else "-"
        if self.day is None:
            return f"{y}-{self.month:02d}"
        return f"{y}-{self.month:02d}-{self.day:02d}"

    def with_year(self, year: int | None) -> "DateValue":
        return self if self.year is not None or year is None else DateValue(year, self.month, self.day)


_DATE_NUMERIC = re.compile(r"(?<![\d/.,-])(\d{1,2})\s*([-/.])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?(?![\d/])")
_DATE_WORDS = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.I)
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})\s*[/-]\s*(\d{4})|tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)


def _valid(day: int | None, month: int, year: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    mdays = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if year is not None and month == 2 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        mdays = 28
    return 1 <= day <= mdays


def parse_date(text: str, *, year: int | None = None) -> DateValue:
    """The first date in ``text`` (day before month): ``18-7``, ``30/12``, ``02/10/2020``,
    ``31.7``, ``25 tháng 11 năm 2003``, ``tháng 11/2020``. ``year`` fills in a missing year.
    Raises ``ValueError`` when there is no valid date (``19/19`` is not one).

    >>> [parse_date(s).iso() for s in ["Ngày 18-7", "Sáng ngày 02/10/2020", "chiều 31.7", "ngày 25 tháng 11 năm 2003", "tháng 11/2020"]]
    ['--07-18', '2020-10-02', '--07-31', '2003-11-25', '2020-11']
    >>> parse_date("Ngày 30/12", year=2022).iso()
    '2022-12-30'
    >>> parse_date("19/19 chỉ tiêu")
    Traceback (most recent call last):
    ...
    ValueError: no date in '19/19 chỉ tiêu'
    """
    s = fold_text(unicodedata.normalize("NFC", text))
    found: list[tuple[int, DateValue]] = []
    for m in _MONTH_YEAR.finditer(s):
        mo, yr = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if _valid(None, int(mo), int(yr)):
            found.append((m.start(), DateValue(int(yr), int(mo))))
    for m in _DATE_WORDS.finditer(s):
        d, mo, yr = int(m.group(1)), int(m.group(2)), m.group(3)
        y = int(yr) if yr else None
        if _valid(d, mo, y):
            found.append((m.start(), DateValue(y, mo, d)))
    for m in _DATE_NUMERIC.finditer(s):
        if any(m.start() >= st and m.start() < st + 12 for st, _ in found):
            continue
        d, mo, yr = int(m.group(1)), int(m.group(3)), m.group(4)
        y = None
        if yr:
            y = int(yr) if len(yr) == 4 else 2000 + int(yr)
        if _valid(d, mo, y):
            found.append((m.start(), DateValue(y, mo, d)))
    if not found:
        raise ValueError(f"no date in {text!r}")
    found.sort(key=lambda x: x[0])
    return found[0][1].with_year(year)
