"""Phrases of the indicators schema: where an indicator's name may start and end (the
measure nouns that open a name, the connectors before it, the verbs after it, clause
boundaries), shared by :mod:`~hoinghi.extractors.figures` and
:mod:`~hoinghi.extractors.rules_indicators`.

>>> t = "Trong đó, thu ngân sách ước đạt 12 tỷ đồng"
>>> s, e = clean_phrase(t, 0, t.index("12")); t[s:e]
'thu ngân sách'
"""
from __future__ import annotations

__all__ = ["MEASURE_NOUNS", "MEASURE_RE", "LEAD_RE", "SUBJECT_PLACE", "starts_with_measure", "clean_phrase",
           "last_boundary", "comma_segments_back"]

import re

from .segmentation import UPPER

#: First words that open an indicator's name (lower case).
MEASURE_NOUNS = ("tổng", "thu", "chi", "tốc độ", "tỷ lệ", "tỉ lệ", "giá trị", "số", "kim ngạch", "vốn", "thu nhập",
                 "doanh thu", "sản lượng", "grdp", "gdp", "ngân sách", "tăng trưởng", "cơ cấu", "diện tích",
                 "năng suất", "bình quân", "mức", "dư nợ", "nguồn", "kinh phí", "xuất khẩu", "nhập khẩu", "lượng",
                 "quy mô", "chỉ số", "giải ngân", "huy động", "nsnn", "giá", "lãi", "lợi nhuận", "chỉ tiêu thu", "tỷ trọng",
                 "tỉ trọng", "nộp ngân sách")
# "thu hút", "chi bộ", "một số" … are not measure nouns
_NOT_MEASURE = r"(?! (?:hút|hoạch|nhận|thập|gom|hồi|bộ|nhánh|tiết|hội|đoàn|ủy|lượng cán bộ))"
_MEASURE_RE = re.compile(r"(?<!một )(?<!các )(?<!thiểu )(?<!Hè )(?<!vụ )(?:" + "|".join(re.escape(w) for w in sorted(MEASURE_NOUNS, key=len, reverse=True))
                         + r")(?!\w)" + _NOT_MEASURE, re.I)
_LEAD_RE = re.compile(r"^(?:(?:trong đó|đặc biệt là|đặc biệt|riêng|với|và|còn|cụ thể|bao gồm|trong|nhờ đó|theo đó|đã|đang|"
                      r"phấn đấu|ước tính|ước|dự kiến|tiếp tục|đồng thời|ngoài ra|công tác)(?:[ ,:]+|$))+", re.I)
_TRAIL_RE = re.compile(r"(?:(?:^|\s+)(?:giảm xuống còn|giảm còn|xuống còn|tăng lên|còn|ước tính|ước đạt|ước thực hiện|ước|đạt được|đạt|là|bằng|chiếm|phấn đấu hoàn thành|phấn đấu đạt|"
                       r"phấn đấu|hoàn thành|thực hiện|chỉ đạt|(?<!trồng )(?<!rừng )(?<!lập )mới đạt|cũng đạt|đã đạt|vẫn đạt|đều đạt|lên|tới|đến|ở mức|đạt mức|khoảng|vào khoảng|với|được|vượt|trong|tính đến|"
                       r"chỉ bằng|mới bằng|mới được|mới có|chỉ|phải|dự kiến|duy trì|được mở rộng|chiếm tỷ trọng(?: lớn| cao)?|từ|đạt thấp|còn thấp|còn chậm|"
                       r"còn hạn chế|tiếp tục(?: [^\s,;]+){0,4}|(?:đến|tính đến) ngày [\d/.-]+|(?<!tăng )thêm|cho))+$")
_SUBJECT_PLACE = re.compile(rf"(?:[Tt]oàn )?(?:tỉnh|huyện|quận|thành phố|thị xã|xã|phường|[Tt]ỉnh|[Hh]uyện|[Qq]uận|"
                            rf"[Tt]hành phố|Thị xã|Xã|Phường)(?: [{UPPER}]\w*)* ")
MEASURE_RE = _MEASURE_RE
LEAD_RE = _LEAD_RE
SUBJECT_PLACE = _SUBJECT_PLACE


def starts_with_measure(text: str, pos: int) -> bool:
    """Whether the phrase at ``pos`` opens with a measure noun (``Tổng thu``, ``tỷ lệ`` …).

    >>> starts_with_measure("Tỷ lệ hộ nghèo", 0), starts_with_measure("thành lập mới", 0)
    (True, False)
    """
    return _MEASURE_RE.match(text, pos) is not None


def clean_phrase(text: str, s: int, e: int) -> tuple[int, int]:
    seg = text[s:e]
    lead = re.match(r"^[\s\-–•+*]*", seg).end()
    s += lead
    seg = text[s:e]
    m = _LEAD_RE.match(seg)
    if m:
        s += m.end()
    while e > s and text[e - 1] in " ,":
        e -= 1
    seg = text[s:e]
    m = _TRAIL_RE.search(seg)
    if m:
        e = s + m.start()
    while e > s and text[e - 1] in " ,":
        e -= 1
    while s < e and text[s] in " ,":
        s += 1
    return s, e


def last_boundary(text: str, lo: int, hi: int) -> int:
    """End of the last clause boundary (``, ; : ( ) \\n``) in ``text[lo:hi]``; a closed
    bracket group (``(giá so sánh 2010)``, ``(GRDP)``) is part of the phrase, not a boundary."""
    if text.find(")", lo, hi) < 0:  # the common case, without a Python loop
        return max(lo, max(text.rfind(c, lo, hi) for c in ",;:(\n") + 1)
    depth = 0
    for i in range(hi - 1, lo - 1, -1):
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(" and depth:
            depth -= 1
        elif depth == 0 and c in ",;:(\n":
            return i + 1
        elif c == "\n":
            return i + 1
    return lo


def comma_segments_back(text: str, lo: int, hi: int, limit: int = 6) -> list[int]:
    """Starts of up to ``limit`` comma-separated segments before ``hi`` (the nearest
    first), crossing bracket groups, stopping at ``;``, ``:`` or ``lo``."""
    starts = []
    depth = 0
    i = hi - 1
    # skip the boundary char right before hi
    while i >= lo and text[i] in " ,":
        i -= 1
    while i >= lo and len(starts) < limit:
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            depth = max(0, depth - 1)
        elif depth == 0 and c in ";:\n":
            break
        elif depth == 0 and c == ",":
            starts.append(i + 1)
        i -= 1
    else:
        if i < lo and len(starts) < limit:
            starts.append(lo)
    if i >= lo and text[i] in ";:\n" and len(starts) < limit:
        starts.append(i + 1)
    return starts
