"""The canonical value of a span's text, by label (:func:`normalize_value`): what the
document-level view compares and a database would hold.
"""
from __future__ import annotations

__all__ = ["normalize_value"]

import re
import unicodedata

from .dates import parse_date
from .numerals import NUMBER_WORDS, canon_numbers, parse_ordinal
from .terms import parse_term
from .text import fold_text


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
        return _date_value(s, year)
    return _BY_LABEL.get(label, _name_value)(s)


def _date_value(s: str, year: int | None) -> str:
    try:
        return parse_date(s, year=year).iso()
    except ValueError:
        return s.lower()


def _term_value(s: str) -> str:
    try:
        return parse_term(s).canonical()
    except ValueError:
        return _range_dash(s.lower())


def _quantity_value(s: str) -> str:
    s = canon_numbers(s.lower())
    for rx, rep in _UNIT_SYNONYMS:
        s = rx.sub(rep, s)
    return _range_dash(s)


def _meeting_value(s: str) -> str:
    return _range_dash(_ordinals_to_arabic(s).lower())


def _person_value(s: str) -> str:
    s = _HONORIFIC_RE.sub("", s)
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split(" "))


def _name_value(s: str) -> str:
    """ORGANIZER, POSITION, INDICATOR and labels no rule names."""
    return _range_dash(_expand(s.lower()))


#: The rule of each label after the common folding (DATE takes the year too; the rest: :func:`_name_value`).
_BY_LABEL = {"TERM": _term_value, "VALUE": _quantity_value, "CHANGE": _quantity_value, "TARGET": _quantity_value,
             "PERIOD": _quantity_value, "MEETING": _meeting_value, "PERSON": _person_value}
