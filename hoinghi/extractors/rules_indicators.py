"""Rules for the ``indicators`` schema: INDICATOR, VALUE, CHANGE, TARGET, PERIOD and
the ``of`` relations VALUE/CHANGE/TARGET/PERIOD → INDICATOR.

Conventions of the genre (docs/guidelines.md §2):

* Figures are read first, in this order of precedence:
  TARGET ``52% dự toán``, ``48,8% dự toán quận giao``;
  CHANGE ``tăng 9,54%``, ``tăng 1,89 điểm %``, ``tăng 2,08 lần``, ``giảm trên 40 tỷ đồng``;
  VALUE ``10,93%``, ``trên 3.320 tỷ đồng``, ``3.597 doanh nghiệp``, a bare ``18.574``.
  Numbers use ``.`` for thousands and ``,`` for decimals. A VALUE needs a money, percent
  or economic count unit (or thousands grouping); a percentage followed by another noun
  (``100% quân số``, ``100% chỉ tiêu``), a negated figure (``không đạt 100%``) and
  ratios (``19/19``, ``1/500``) are not figures.
* The INDICATOR is the phrase between the previous boundary (clause punctuation or the
  previous figure) and the figure, without connectors (``trong đó``), verbs (``ước đạt``,
  ``đạt``, ``là``, ``bằng``, ``phấn đấu``) or a PERIOD. A phrase that does not open with a
  measure noun (``tổng``, ``thu``, ``chi``, ``tốc độ``, ``tỷ lệ`` …) is extended back over
  commas to one that does (``chi dành cho … phòng, chống dịch``). A figure with no phrase
  of its own (``, đạt 47% dự toán``; ``(4.435 tỷ đồng)``) belongs to the previous indicator
  of the clause; with none, the figure is dropped.
* PERIOD (``năm 2022``, ``6 tháng đầu năm 2023``, ``quý I/2024``, ``nhiệm kỳ qua``) only
  between an indicator and its figure, or opening the sentence of an indicator; never a
  comparison base (``so với cùng kỳ năm 2021``).

>>> from hoinghi.normalize import fold_text
>>> t = "Thu ngân sách năm 2023 ước đạt 1.250 tỷ đồng, bằng 105% dự toán, tăng 8,2% so với cùng kỳ."
>>> [(m.label, t[m.start:m.end], [t[x.start:x.end] for _, x in m.links]) for m in find(fold_text(t))]  # doctest: +NORMALIZE_WHITESPACE
[('INDICATOR', 'Thu ngân sách', []), ('PERIOD', 'năm 2023', ['Thu ngân sách']),
 ('VALUE', '1.250 tỷ đồng', ['Thu ngân sách']), ('TARGET', '105% dự toán', ['Thu ngân sách']),
 ('CHANGE', 'tăng 8,2%', ['Thu ngân sách'])]
"""
from __future__ import annotations

__all__ = ["find", "FIGURE_RE", "PERIOD_RE", "MEASURE_NOUNS"]

import re

from .segmentation import UPPER, Mention, Sentence, content_end, split_sentences

_NUM = r"\d+(?:[.,]\d+)*"
_QUAL = r"(?:trên|khoảng|gần|hơn|xấp xỉ|ngót|tới|chừng)"
_MONEY = r"(?:(?:nghìn|ngàn) tỷ|nghìn|ngàn|triệu|tỷ|tỉ)(?: đồng| USD| đô la(?: Mỹ)?)?|đồng|USD|đô la(?: Mỹ)?"
_COUNT = (r"doanh nghiệp|hợp tác xã|dự án|lao động|việc làm|hộ gia đình|lượt khách|lượt người|khách|tấn|ha|héc-ta|"
          r"hecta|km|m2|m²|m3|con|căn hộ|cơ sở")
_PCT = r" ?%"
_PER = r"(?:/(?:người/năm|người/tháng|người|năm|tháng|ha|hộ|lao động)(?!\w))?"
_CHANGE_UNIT = rf"(?: ?điểm ?%| điểm phần trăm| lần|{_PCT}| (?:{_MONEY}){_PER}| (?:{_COUNT}))"

FIGURE_RE = re.compile(
    rf"(?P<target>{_NUM}{_PCT} (?:dự toán|kế hoạch|KH)(?: (?:[\w]+ ){{0,3}}?giao\b)?)"
    rf"|(?P<change>(?:tăng|giảm)(?: thêm)?(?: {_QUAL})? {_NUM}{_CHANGE_UNIT})"
    rf"|(?P<value>(?:{_QUAL} {_NUM}|{_NUM})(?:{_PCT}| (?:{_MONEY})(?!\w){_PER}| (?:{_COUNT})(?!\w))?)"
)

PERIOD_RE = re.compile(
    r"(?:\d{1,2} tháng(?: đầu| cuối)? năm(?: \d{4})?|sáu tháng(?: đầu| cuối)? năm(?: \d{4})?|chín tháng(?: đầu| cuối)? năm(?: \d{4})?|ba tháng(?: đầu| cuối)? năm(?: \d{4})?|quý [IV]{1,3}(?:/| năm )\d{4}|"
    r"năm \d{4}|[Nn]ăm \d{4}|nhiệm kỳ qua)(?!\w)")

#: First words that open an indicator's name (lower case).
MEASURE_NOUNS = ("tổng", "thu", "chi", "tốc độ", "tỷ lệ", "tỉ lệ", "giá trị", "số", "kim ngạch", "vốn", "thu nhập",
                 "doanh thu", "sản lượng", "grdp", "gdp", "ngân sách", "tăng trưởng", "cơ cấu", "diện tích",
                 "năng suất", "bình quân", "mức", "dư nợ", "nguồn", "kinh phí", "xuất khẩu", "nhập khẩu", "lượng",
                 "quy mô", "chỉ số", "giải ngân", "huy động", "nsnn", "giá", "lãi", "lợi nhuận", "chỉ tiêu thu")
# "thu hút", "chi bộ", "một số" … are not measure nouns
_NOT_MEASURE = r"(?! (?:hút|hoạch|nhận|thập|gom|hồi|bộ|nhánh|tiết|hội|đoàn|ủy|lượng cán bộ))"
_MEASURE_RE = re.compile(r"(?<!một )(?<!các )(?:" + "|".join(re.escape(w) for w in sorted(MEASURE_NOUNS, key=len, reverse=True))
                         + r")(?!\w)" + _NOT_MEASURE, re.I)
_LEAD_RE = re.compile(r"^(?:(?:trong đó|đặc biệt là|đặc biệt|riêng|với|và|còn|cụ thể|bao gồm|trong|nhờ đó|theo đó|"
                      r"phấn đấu|ước tính|ước|dự kiến|tiếp tục|đồng thời|ngoài ra)(?:[ ,:]+|$))+", re.I)
_TRAIL_RE = re.compile(r"(?:\s+(?:giảm xuống còn|giảm còn|xuống còn|tăng lên|còn|ước tính|ước đạt|ước|đạt được|đạt|là|bằng|chiếm|phấn đấu hoàn thành|phấn đấu đạt|"
                       r"phấn đấu|hoàn thành|lên|tới|đến|ở mức|đạt mức|khoảng|vào khoảng|với|được))+$")
_SUBJECT_PLACE = re.compile(rf"(?:[Tt]oàn )?(?:tỉnh|huyện|quận|thành phố|thị xã|xã|phường|[Tt]ỉnh|[Hh]uyện|[Qq]uận|"
                            rf"[Tt]hành phố)(?: [{UPPER}]\w*)* ")
_NOT_INDICATOR = re.compile(r"^(?:so với|so cùng kỳ|cùng kỳ|bằng|đạt|tương đương|tăng|giảm|gấp|trong đó|và|,)", re.I)
_BOUNDARY = re.compile(r"[,;:()\n]")
# a percentage followed by one of these is still a figure
_PCT_NEXT_OK = re.compile(r"^(?:$|[\s]*[,.;:)(]|\s+(?:tăng|giảm|so|và|trong|cùng|đạt|trở lên|của|năm|\())")
_DIGIT = re.compile(r"\d")
_NEGATION = re.compile(r"(?:không|chưa|chẳng)(?: \w+){0,2} $")


def _figures(text: str, start: int, end: int) -> list[Mention]:
    out = []
    for m in FIGURE_RE.finditer(text, start, end):
        kind = m.lastgroup
        s, e = m.start(), m.end()
        prev = text[s - 1] if s > 0 else " "
        if prev.isalnum() or prev in "/.,-" or text[e:e + 1] in "/" or (text[e:e + 1].isalnum() and kind == "value"):
            continue
        if _NEGATION.search(text[max(start, s - 20):s]):
            continue
        g = m.group(0)
        if kind == "value":
            if "%" in g:
                if not _PCT_NEXT_OK.match(text[e:e + 12]):
                    continue
            elif not re.search(r"[^\d.,\s]", g.replace("trên", "").replace("khoảng", "").replace("gần", "").replace("hơn", "")):
                # a bare number: only with thousands grouping, and not a year or a count of things
                num = re.search(_NUM, g).group(0)
                if not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):
                    continue
                if re.match(r" [^\W\d]", text[e:e + 2]) and not re.match(r" (?:tăng|giảm|so|và|trong)\b", text[e:e + 8]):
                    continue
            elif not re.search(rf"(?:{_MONEY}|{_COUNT}){_PER}$", g):
                continue
        label = {"target": "TARGET", "change": "CHANGE", "value": "VALUE"}[kind]
        out.append(Mention(s, e, label, kind))
    return out


def _clean_phrase(text: str, s: int, e: int) -> tuple[int, int]:
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


def _last_boundary(text: str, lo: int, hi: int) -> int:
    last = lo
    for m in _BOUNDARY.finditer(text, lo, hi):
        last = m.end()
    return last


def _comma_segments_back(text: str, lo: int, hi: int, limit: int = 6) -> list[int]:
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


def _indicator_for(text: str, sent: Sentence, fig: Mention, floor: int) -> tuple[int, int] | None:
    b = _last_boundary(text, floor, fig.start)
    s, e = _clean_phrase(text, b, fig.start)
    if e <= s or _NOT_INDICATOR.match(text[s:e]):
        return None
    # a measure noun written with a capital inside the phrase starts a new name ("… ngân sách Tổng thu …")
    for m in _MEASURE_RE.finditer(text, s + 1, e):
        if text[m.start()].isupper() and not text[m.start():m.end()].isupper() and text[m.start() - 1] == " ":
            s = m.start()
    if not _MEASURE_RE.match(text, s):
        # extend back over comma-separated segments (brackets included, never ";" or ":")
        # to one that opens with a measure noun
        for seg_start in _comma_segments_back(text, floor, b):
            ps, _ = _clean_phrase(text, seg_start, b)
            if _MEASURE_RE.match(text, ps):
                s = ps
                break
        else:
            # no measure noun opens it: start at the first one inside ("huyện phấn đấu tốc độ …")
            m = _MEASURE_RE.search(text, s + 1, e)
            if m and text[m.start() - 1] == " ":
                s = m.start()
            else:
                # a verb phrase names it ("thành lập mới"): without the locality as subject
                m = _SUBJECT_PLACE.match(text, s, e)
                if m and m.end() < e:
                    s = m.end()
    if len(text[s:e].split()) > 40:
        return None
    return s, e


def find(text: str, sentences: list[Sentence] | None = None, end: int | None = None) -> list[Mention]:
    """All indicators-schema mentions of a folded text; ``of`` relations on the figures
    and periods."""
    end = content_end(text) if end is None else end
    if sentences is None:
        sentences = split_sentences(text, end)
    out: list[Mention] = []
    for sent in sentences:
        if not _DIGIT.search(text, sent.start, sent.end):
            continue
        figs = _figures(text, sent.start, sent.end)
        if not figs:
            continue
        periods = [Mention(m.start(), m.end(), "PERIOD", "period") for m in PERIOD_RE.finditer(text, sent.start, sent.end)
                   if not (m.start() and text[m.start() - 1].isalnum()) and not re.search(r"(?:cùng kỳ|so với|đến|hết|giai đoạn|từ|trước|sau|đầu|cuối|thứ|kỷ niệm|chào mừng) $",
                                    text[max(sent.start, m.start() - 14):m.start()])]
        current: Mention | None = None
        floor = sent.start
        indicators: list[Mention] = []
        used_periods: list[Mention] = []
        kept_figs: list[Mention] = []
        for fig in figs:
            span = _indicator_for(text, sent, fig, floor)
            if span is not None:
                s, e = span
                # a PERIOD inside the phrase ends the indicator's name
                inner = [p for p in periods if s < p.start and p.end <= e]
                if inner:
                    p = inner[0]
                    ps, pe = _clean_phrase(text, s, p.start)
                    if pe > ps:
                        s, e = ps, pe
                        used_periods.append(p)
                        current = Mention(s, e, "INDICATOR", "phrase")
                        p.link("of", current)
                    else:
                        current = None
                else:
                    current = Mention(s, e, "INDICATOR", "phrase")
                if current is not None and (not indicators or indicators[-1].start != current.start):
                    indicators.append(current)
            elif current is not None and ";" in text[current.end:fig.start]:
                current = None
            if current is None:
                floor = fig.end
                continue
            fig.link("of", current)
            kept_figs.append(fig)
            floor = fig.end
        if not indicators:
            continue
        # a PERIOD opening the sentence ("Năm 2022, …", "Trong nhiệm kỳ qua, …")
        for p in periods:
            if p in used_periods:
                continue
            head = text[sent.start:p.start]
            opening = re.fullmatch(r"[\s\-–•]*(?:[^,;:]{0,40}, )?(?:(?:Trong|trong|Tính đến|tính đến|Qua|qua|Sau) )?", head)
            if opening and text[p.end:p.end + 1] == "," and not any(f.start < p.start for f in figs):
                first = next((i for i in indicators if i.start > p.end), None)
                if first is not None:
                    p.link("of", first)
                    used_periods.append(p)
        out += indicators + used_periods + kept_figs
    return sorted(out, key=lambda m: m.start)
