"""Value normalisers for Vietnamese span text (shared by the harness and the extractor).

Two kinds of function live here:

* :func:`fold_text` — a **length-preserving** fold (no-break and other Unicode spaces →
  ASCII space; tone mark moved to the first vowel of ``oa``/``oe``/``uy`` at the end of a
  syllable, except in ``qu`` words). Safe to apply before matching because it never
  moves an offset.
* :func:`normalize_value` — the canonical form of a span's text for the document-level
  view ("what a database would hold"): NFC, fold, whitespace collapsed, numbers parsed
  (``50.068 tỷ đồng`` == ``50068 tỷ đồng``), dates as ISO (``--MM-DD`` when the year is
  unknown), sessions and terms with Arabic numerals, names in title case.

And the individual parsers: :func:`parse_number`, :func:`parse_roman`,
:func:`parse_ordinal`, :func:`parse_date`, :func:`parse_term`.

>>> normalize_value("VALUE", "50.068 tỷ đồng") == normalize_value("VALUE", "50068  tỷ\\u00a0đồng")
True
>>> normalize_value("POSITION", "Bí thư Quận uỷ") == normalize_value("POSITION", "Bí thư quận ủy")
True
"""
from __future__ import annotations

__all__ = [
    "fold_text",
    "fold_tone",
    "normalize_value",
    "parse_number",
    "parse_roman",
    "to_roman",
    "parse_ordinal",
    "parse_date",
    "parse_term",
    "DateValue",
    "Term",
    "NUMBER_PATTERN",
]

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# ---------------------------------------------------------------------------
# Length-preserving fold

# Unicode space separators (NBSP, narrow NBSP, thin space, ...) → " ".
_SPACES = {c: " " for c in ("\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005",
                             "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000")}
_SPACE_RE = re.compile("[" + "".join(_SPACES) + "]")

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot below


def _build_tone_map() -> dict[str, str]:
    out: dict[str, str] = {}
    pairs = {"o": "ae", "O": "aeAE", "u": "y", "U": "yY"}
    for first, seconds in pairs.items():
        for second in seconds:
            for tone in _TONES:
                toned = unicodedata.normalize("NFC", second + tone)
                moved = unicodedata.normalize("NFC", first + tone)
                out[first + toned] = moved + second
    return out


_TONE_MAP = _build_tone_map()
# no leading look-behind (it would defeat the regex engine's first-character scan): "qu" is checked in _fold_pair
_TONE_PAIR_RE = re.compile(r"[oOuU][" + "".join(sorted({k[1] for k in _TONE_MAP})) + r"](?!\w)")


def _fold_pair(m: re.Match) -> str:
    pair = m.group(0)
    i = m.start()
    if i and m.string[i - 1] in "qQ":
        return pair
    return _TONE_MAP.get(pair, pair)


def fold_tone(text: str) -> str:
    """Move the tone mark of a syllable-final ``oa``/``oe``/``uy`` to its first vowel
    (``uỷ`` → ``ủy``, ``hoá`` → ``hóa``, ``khoẻ`` → ``khỏe``); ``qu`` words are left alone
    (``quỹ``, ``quý``). Length-preserving.

    >>> fold_tone("Quận uỷ, Uỷ ban, văn hoá, khoẻ, quỹ, Thuý, hoàn")
    'Quận ủy, Ủy ban, văn hóa, khỏe, quỹ, Thúy, hoàn'
    """
    if not text:
        return text
    return _TONE_PAIR_RE.sub(_fold_pair, text)


def fold_text(text: str) -> str:
    """Length-preserving fold for matching: Unicode spaces (NBSP …) → ``" "``, tone
    placement folded with :func:`fold_tone`. Offsets into the result are offsets into
    the input.

    >>> fold_text("Quận\\u00a0uỷ") == "Quận ủy"
    True
    >>> all(len(fold_text(s)) == len(s) for s in ["\\u00a0hoá", "Uỷ ban", "quỹ"])
    True
    """
    return fold_tone(_SPACE_RE.sub(" ", text))


# ---------------------------------------------------------------------------
# Numbers

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


def _canon_numbers(text: str) -> str:
    def one(m: re.Match) -> str:
        try:
            return _format_number(parse_number(m.group(0)))
        except ValueError:
            return m.group(0)
    return _NUMBER_RE.sub(one, text)


# ---------------------------------------------------------------------------
# Roman numerals and ordinals

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


# ---------------------------------------------------------------------------
# Dates

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


# ---------------------------------------------------------------------------
# Terms

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


# ---------------------------------------------------------------------------
# normalize_value

_WS_RE = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n,.;:\"'“”‘’«»()[]-–—"
_HONORIFIC_RE = re.compile(r"^(?:đồng chí|ông|bà|đ/c)\s+", re.I)
_ORDINAL_IN_TEXT = re.compile(r"(lần thứ|thứ|khóa|kỳ họp thứ|phiên)\s+([IVXLCDM]+|\d+|(?:" + "|".join(
    sorted(set(NUMBER_WORDS) | {"mươi", "mốt", "lăm", "tư"}, key=len, reverse=True)) + r")(?:\s+(?:mươi|mốt|lăm|một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín))*)\b", re.I)
_UNIT_SYNONYMS = [(re.compile(r"\btỉ\b"), "tỷ"), (re.compile(r"\s*%"), "%"), (re.compile(r"\bphần trăm\b"), "%"),
                  (re.compile(r"(\d)\s*đ\b"), r"\1 đồng")]


def _basic(text: str) -> str:
    s = fold_text(unicodedata.normalize("NFC", text))
    s = _WS_RE.sub(" ", s).strip(_EDGE_PUNCT) if s.strip(_EDGE_PUNCT) else _WS_RE.sub(" ", s).strip()
    # keep a closing bracket that belongs to the value: "(Hà Nội)"
    if "(" in text and s.count("(") > s.count(")"):
        s += ")"
    return s


def _ordinals_to_arabic(s: str) -> str:
    def one(m: re.Match) -> str:
        try:
            return f"{m.group(1)} {parse_ordinal(m.group(2))}"
        except ValueError:
            return m.group(0)
    return _ORDINAL_IN_TEXT.sub(one, s)


def _range_dash(s: str) -> str:
    return re.sub(r"(\d)\s*[-–—‐−]\s*(\d)", r"\1-\2", s)


# Abbreviations of bodies written either way in the genre (compared in their long form).
_ABBREVIATIONS = [(re.compile(rf"(?<!\w){a}(?!\w)"), b) for a, b in (
    ("ubnd", "ủy ban nhân dân"), ("hđnd", "hội đồng nhân dân"), ("mttq", "mặt trận tổ quốc"),
    ("bch", "ban chấp hành"), ("nsnn", "ngân sách nhà nước"), ("tp\\.?", "thành phố"), ("btv", "ban thường vụ"))]


def _expand(s: str) -> str:
    for rx, long in _ABBREVIATIONS:
        if rx.search(s):
            s = rx.sub(long, s)
    return s


def normalize_value(label: str, text: str, *, year: int | None = None) -> str:
    """The canonical value of a span's text for the document-level view.

    Every label: NFC, :func:`fold_text`, whitespace collapsed, edge punctuation
    stripped. Then by label:

    * VALUE, CHANGE, TARGET, PERIOD: lower case, numbers canonical (``50.068`` →
      ``50068``, ``9,54`` → ``9.54``), ``tỉ`` → ``tỷ``, ``9,54 %`` → ``9.54%``;
    * DATE: ISO date (``--07-18`` when the year is not written and ``year`` is not given;
      the time of day is dropped: ``Sáng ngày 02/10/2020`` == ``ngày 2/10/2020``);
    * TERM: ``khóa 26``, ``nhiệm kỳ 2020-2025``;
    * MEETING: lower case, session number in Arabic digits (``lần thứ IV`` == ``lần thứ 4``
      == ``lần thứ tư``), ranges unspaced;
    * PERSON: honorific dropped, each syllable capitalised;
    * ORGANIZER, POSITION, INDICATOR (and unknown labels): lower case, ranges unspaced,
      abbreviations of bodies spelt out (``UBND`` = ``Ủy ban nhân dân``, ``NSNN``, ``HĐND``,
      ``MTTQ``, ``BCH``, ``BTV``, ``TP``).

    A text the parser cannot read falls back to the folded lower-case text, never an error.

    >>> normalize_value("VALUE", "trên 3.320 tỷ đồng")
    'trên 3320 tỷ đồng'
    >>> normalize_value("CHANGE", "tăng 1,89 điểm %")
    'tăng 1.89 điểm%'
    >>> normalize_value("DATE", "\\u00a0 \\u00a0Sáng ngày 02/10/2020")
    '2020-10-02'
    >>> normalize_value("DATE", "Ngày 18-7", year=2023)
    '2023-07-18'
    >>> normalize_value("TERM", "khóa XXVI"), normalize_value("TERM", "nhiệm kỳ 2020 – 2025")
    ('khóa 26', 'nhiệm kỳ 2020-2025')
    >>> normalize_value("MEETING", "Hội nghị lần thứ IV") == normalize_value("MEETING", "hội nghị lần thứ tư")
    True
    >>> normalize_value("PERSON", "đồng chí NGUYỄN  Quang hiếu")
    'Nguyễn Quang Hiếu'
    >>> normalize_value("ORGANIZER", "Ban chấp hành Đảng bộ Quận")
    'ban chấp hành đảng bộ quận'
    >>> normalize_value("POSITION", "Chủ tịch UBND tỉnh") == normalize_value("POSITION", "Chủ tịch Uỷ ban nhân dân tỉnh")
    True
    """
    s = _basic(text)
    if label == "DATE":
        try:
            return parse_date(s, year=year).iso()
        except ValueError:
            return s.lower()
    if label == "TERM":
        try:
            return parse_term(s).canonical()
        except ValueError:
            return _range_dash(s.lower())
    if label in ("VALUE", "CHANGE", "TARGET", "PERIOD"):
        s = _canon_numbers(s.lower())
        for rx, rep in _UNIT_SYNONYMS:
            s = rx.sub(rep, s)
        return _range_dash(s)
    if label == "MEETING":
        return _range_dash(_ordinals_to_arabic(s).lower())
    if label == "PERSON":
        s = _HONORIFIC_RE.sub("", s)
        return " ".join(w[:1].upper() + w[1:].lower() for w in s.split(" "))
    return _range_dash(_expand(s.lower()))
