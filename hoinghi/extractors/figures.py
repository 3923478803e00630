"""Figures of the indicators schema, read first in a sentence: TARGET (``52% dự toán``,
``vượt 3% kế hoạch tỉnh giao``), CHANGE (``tăng 9,54%``, ``giảm tỷ lệ hộ nghèo 2,5%`` → ``2,5%``),
VALUE (``10,93%``, ``trên 3.320 tỷ đồng``, ``4 dự án mới``, a bare ``18.574``). Numbers use
``.`` for thousands and ``,`` for decimals. Not figures: ratios (``19/19``), negated figures
(``không đạt 100%``), a percentage before another noun (``100% quân số``), figures out of the
schema's scope (guideline §2), a cause (``do 1.500 ha lúa bị ngập``) or a comparison base.

>>> t = "Thu ngân sách đạt 1.250 tỷ đồng, bằng 105% dự toán, tăng 8,2%."
>>> [(m.label, t[m.start:m.end]) for m in figures(t, 0, len(t))]
[('VALUE', '1.250 tỷ đồng'), ('TARGET', '105% dự toán'), ('CHANGE', 'tăng 8,2%')]
"""
from __future__ import annotations

__all__ = ["FIGURE_RE", "figures"]

import re

from .phrases import MEASURE_RE as _MEASURE_RE, clean_phrase as _clean_phrase, last_boundary as _last_boundary
from .segmentation import Mention

_NUM = r"\d+(?:[.,]\d+)*"
_QUAL = r"(?:trên|khoảng|gần|hơn|dưới|xấp xỉ|ngót|tới|chừng)"
_MONEY = r"(?:(?:nghìn|ngàn) tỷ|nghìn|ngàn|triệu|tỷ|tỉ)(?: đồng| USD| đô la(?: Mỹ)?)?|đồng|USD|đô la(?: Mỹ)?"
_COUNT = (r"doanh nghiệp|hợp tác xã|dự án|lao động|việc làm|hộ gia đình|lượt khách|lượt người|lượt|khách|tấn|tạ|ha|héc-ta|"
          r"hecta|km|m2|m²|m3|con|căn hộ|cơ sở|người|hộ")
_PCT = r" ?%"
_PER = r"(?:/(?:người/năm|người/tháng|người|năm|tháng|ha|hộ|lao động)(?!\w))?"
# a count in millions or thousands ("23,4 triệu tấn", "1,2 triệu lượt khách") is no money
_COUNTED = rf"(?:(?:triệu|nghìn|ngàn) )?(?:{_COUNT})(?!\w){_PER}"
_CHANGE_UNIT = rf"(?: ?điểm ?%| điểm phần trăm| lần|{_PCT}| {_COUNTED}| (?:{_MONEY}){_PER})"
# the plan noun with its year, its kind and its owner: "kế hoạch năm", "kế hoạch vốn đầu tư công",
# "kế hoạch giao của HĐND thị xã", "dự toán tỉnh giao"
_PLAN = (r"(?:dự toán|kế hoạch(?: vốn(?: đầu tư công)?)?|KH|chỉ tiêu)(?: năm(?![ \d]*\d))?"
         r"(?: (?:[\w]+ ){0,3}?giao\b(?: của (?:HĐND|UBND|Hội đồng nhân dân|Ủy ban nhân dân)(?: (?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường))?)?)?")

FIGURE_RE = re.compile(
    rf"(?P<target>(?:(?:{_QUAL}|vượt) )?{_NUM}{_PCT} {_PLAN})"
    rf"|(?P<change>(?:tăng|giảm)(?: thêm| gấp)?(?: {_QUAL})? {_NUM}{_CHANGE_UNIT})"
    rf"|(?P<value>(?:(?:{_QUAL}|vượt) {_NUM}|{_NUM}(?: ?[-–] ?{_NUM}(?=%| ?(?:{_MONEY})))?)(?:{_PCT}| {_COUNTED}| (?:{_MONEY})(?!\w){_PER})?)"
)

# a percentage followed by one of these is still a figure
_PCT_NEXT_OK = re.compile(r"^(?:$|[ \t]*\n|[\s]*[,.;:)(]|\s+(?:tăng|giảm|so|và|trong|cùng|đạt|trở lên|của|năm|\())")
_DIGIT = re.compile(r"\d")
_NEGATION = re.compile(r"(?:không|chưa|chẳng)(?: \w+){0,2} $")

# the noun a count is of, after its unit (guideline 1.2.0: part of the VALUE): "4 dự án mới",
# "142.000 lượt khách du lịch", "215 hộ nghèo", "1.000 ha cà phê già cỗi", "4.120 lao động và hộ kinh doanh"
_COUNTED_NOUN_UNITS = re.compile(r"(?:dự án|lượt khách|lượt|hộ|ha|người|lao động)$")
_COUNTED_NOUN = re.compile(r"(?: (?!(?:được|với|gặp|đi|vào|tăng|giảm|so|trong|của|do|đã|đạt|bằng|là|tại|ở|trên|cho|từ|đến|"
                           r"theo|nâng|có|bị|thuộc|chiếm|trở|khoảng|nhằm|để|năm|tháng|mỗi|và|thành|lên|xuống|còn|"
                           r"bình)(?!\w))[a-zà-ỹđ]+(?!\w)(?![/-])){1,4}")
_COUNTED_AND = re.compile(r" và (?:hộ|người|lao động)(?!\w)")
_QUAL_RE = re.compile(rf"^(?:{_QUAL}|vượt) ")
# figures outside the schema's scope (guideline §2, 1.2.0): elections, health insurance, pupils,
# clean water, vaccination, Party members
_OUT_OF_SCOPE = re.compile(r"cử tri|bầu cử|bảo hiểm y tế|BHYT|học sinh|nước sạch|tiêm|vắc|đảng viên|mặt bằng|di dời|tái định cư|"
                           r"xã đạt chuẩn|đạt chuẩn nông thôn mới|che phủ rừng|đô thị hóa|đô thị hoá")
# "cao hơn cùng kỳ 1,8 điểm phần trăm": the comparison base between the direction and the number
# (guideline 1.2.0: CHANGE, the number with its unit)
_COMPARED = re.compile(rf"(?:cao|thấp) hơn (?:so với )?cùng kỳ(?: năm \d{{4}})? ({_NUM}{_CHANGE_UNIT})")
# a figure after these is a cause or a comparison base, not a reported figure
_NOT_REPORTED = re.compile(r"(?:(?<!\w)do|cùng kỳ|so với[^,;]{0,30}) $")


def _value_ok(text: str, g: str, e: int) -> bool:
    """Whether a VALUE match is a figure: a percentage before a connector or punctuation, a
    number with a unit, or a bare thousands-grouped number; ``vượt N%`` without a plan noun is not one."""
    if "%" in g:
        return not g.startswith("vượt") and _PCT_NEXT_OK.match(text[e:e + 12]) is not None
    bare = _QUAL_RE.sub("", g)
    if not re.search(r"[^\d.,\s]", bare):
        # a bare number: only with thousands grouping, and not a year or a count of things
        if g.startswith("vượt") or not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", bare.strip()):
            return False
        return not (re.match(r" [^\W\d]", text[e:e + 2]) and not re.match(r" (?:tăng|giảm|so|và|trong)\b", text[e:e + 8]))
    return re.search(rf"(?:{_MONEY}|{_COUNT}){_PER}$", g) is not None


def _split_change(text: str, start: int, s: int) -> bool:
    """``giảm tỷ lệ hộ nghèo 2,5%``: a clause that opens with the direction word, then the
    indicator (a measure noun, at most six words, no verb), then the figure: the figure is a
    CHANGE without its direction word (guideline 1.2.0)."""
    cs, _ = _clean_phrase(text, _last_boundary(text, start, s), s)
    m = re.match(r"(?:[Tt]ăng|[Gg]iảm) ", text[cs:s])
    if m is None:
        return False
    rest = text[cs + m.end():s].strip()
    return (_MEASURE_RE.match(rest) is not None and len(rest.split()) <= 6
            and re.search(r"(?<!\w)(?:đạt|còn|là|bằng|ước|so|tăng|giảm)(?!\w)", rest) is None)


def _counted_end(text: str, e: int, end: int) -> int:
    """End of a count VALUE with the noun it counts (``4 dự án`` → ``4 dự án mới``)."""
    m = _COUNTED_NOUN.match(text, e, end)
    e = m.end() if m else e
    m = _COUNTED_AND.match(text, e, end)
    if m is not None:
        e = _counted_end(text, m.end(), end)
    return e


def figures(text: str, start: int, end: int) -> list[Mention]:
    out = []
    for m in FIGURE_RE.finditer(text, start, end):
        kind = m.lastgroup
        s, e = m.start(), m.end()
        prev = text[s - 1] if s > 0 else " "
        if prev.isalnum() or prev in "/.,-" or text[e:e + 1] == "/" or (text[e:e + 1].isalnum() and kind == "value"):
            continue
        if _NEGATION.search(text[max(start, s - 20):s]):
            continue
        if kind == "value" and text[max(start, s - 4):s] == "của ":
            continue  # a count inside a name: "Tổng doanh thu của 62 doanh nghiệp …"
        g = m.group(0)
        if kind == "value" and not _value_ok(text, g, e):
            continue
        if _OUT_OF_SCOPE.search(text, _last_boundary(text, start, s), e) or (kind == "value" and _NOT_REPORTED.search(text, max(start, s - 40), s)):
            continue
        rule = kind
        if kind == "value" and not _QUAL_RE.match(g) and _split_change(text, start, s):
            kind = rule = "change"
            rule = "change-split"
        elif kind == "value" and _COUNTED_NOUN_UNITS.search(g):
            e = _counted_end(text, e, end)
        label = {"target": "TARGET", "change": "CHANGE", "value": "VALUE"}[kind]
        out.append(Mention(s, e, label, rule))
    for m in _COMPARED.finditer(text, start, end):
        if not any(f.start < m.end(1) and m.start(1) < f.end for f in out):
            out.append(Mention(m.start(1), m.end(1), "CHANGE", "change-compared"))
    return sorted(out, key=lambda f: f.start)
