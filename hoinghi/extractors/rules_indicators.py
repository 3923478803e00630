"""Rules for the ``indicators`` schema: INDICATOR, VALUE, CHANGE, TARGET, PERIOD and
the ``of`` relations VALUE/CHANGE/TARGET/PERIOD → INDICATOR.

Conventions of the genre (docs/guidelines.md §2):

* Figures are read first (:mod:`~hoinghi.extractors.figures`), in this order of precedence:
  TARGET ``52% dự toán``, ``48,8% dự toán quận giao``;
  CHANGE ``tăng 9,54%``, ``tăng 1,89 điểm %``, ``tăng 2,08 lần``, ``giảm trên 40 tỷ đồng``;
  VALUE ``10,93%``, ``trên 3.320 tỷ đồng``, ``3.597 doanh nghiệp``, a bare ``18.574``.
  Numbers use ``.`` for thousands and ``,`` for decimals. A VALUE needs a money, percent
  or economic count unit (or thousands grouping); a percentage followed by another noun
  (``100% quân số``, ``100% chỉ tiêu``), a negated figure (``không đạt 100%``) and
  ratios (``19/19``, ``1/500``) are not figures.
* The INDICATOR (phrase boundaries: :mod:`~hoinghi.extractors.phrases`) is the phrase between the previous boundary (clause punctuation or the
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

__all__ = ["find", "FIGURE_RE", "PERIOD_RE", "MEASURE_NOUNS", "starts_with_measure"]

import re

from .figures import FIGURE_RE, figures as _figures
from .phrases import (LEAD_RE as _LEAD_RE, MEASURE_NOUNS, MEASURE_RE as _MEASURE_RE, SUBJECT_PLACE as _SUBJECT_PLACE,
                      clean_phrase as _clean_phrase, comma_segments_back as _comma_segments_back,
                      last_boundary as _last_boundary, starts_with_measure)
from .segmentation import UPPER, Mention, Sentence, content_end, split_sentences

_DIGIT = re.compile(r"\d")

# months written in digits or words ("9 tháng", "Chín tháng đầu năm 2017"); a bare "9 tháng"
# only counts where a period is tied to a figure (inside an indicator's phrase, opening its
# sentence, or after "trong" right after the figure), like every PERIOD
# a bare form ("9 tháng", "cả năm", "quý I") only before a verb, a figure, a measure noun or
# punctuation, never before another noun ("dưới 6 tháng tuổi", "cả năm học")
_MONTHS = r"(?:\d{1,2}|[Bb]a|[Ss]áu|[Cc]hín|[Mm]ười một|[Mm]ười hai)"
_BARE_END = (r"(?=\s*[,.;:\n)]|\s*$| \d| (?:ước|đạt|tăng|giảm|là|bằng|thực hiện|được|của|vượt|có|mới|đã|"
             + "|".join(re.escape(w) for w in sorted(MEASURE_NOUNS, key=len, reverse=True)) + r")(?!\w))")
# crop seasons with their year (guideline 1.2.0): "niên vụ 2020 - 2021", "vụ xuân năm 2019", "vụ Đông Xuân 2017 - 2018"
_SEASON = (r"(?:(?:niên vụ|vụ (?:[Đđ]ông [Xx]uân|[Hh]è [Tt]hu|[Tt]hu [Đđ]ông|[Cc]hiêm [Xx]uân|[Xx]uân|[Mm]ùa|[Đđ]ông))"
           r"(?: năm)? \d{4}(?: ?[-–] ?\d{4})?|vụ (?:Đông Xuân|Hè Thu|Thu Đông)(?! ?\d))")
PERIOD_RE = re.compile(
    rf"(?:{_MONTHS} tháng(?: đầu| cuối)?(?: năm \d{{4}}| năm(?!\w)|{_BARE_END})|quý [IV]{{1,3}}(?:/\d{{4}}| năm \d{{4}}|{_BARE_END})|"
    rf"[Nn]ăm \d{{4}}|cả năm(?: \d{{4}}|{_BARE_END})|nhiệm kỳ qua|(?:[Nn]ăm|{_MONTHS} tháng) qua|[Nn]ăm nay|{_SEASON}|(?<=[Tt]rong )năm(?=\s*[,:]))(?!\w)")

# verbs that name what is measured (guideline 1.2.0 §2): the name starts at the verb
_VERB_INDICATOR = re.compile(r"(?<!\w)(?:thu hút|đón|giải quyết việc làm|chi trả hỗ trợ|hỗ trợ|xuống giống|gieo cấy|gieo trồng|"
                             r"tái canh|trồng mới|thành lập mới)(?!\w)", re.I)
# task verbs before a measure in the clause before a figure without a name of its own:
# "đẩy mạnh thu ngân sách, phấn đấu vượt 3% kế hoạch"
_TASK_LEAD = re.compile(r"(?:(?:sẽ|đã|tập trung|quyết liệt|tiếp tục|đẩy mạnh|đôn đốc|tăng cường|chống thất thu) )*", re.I)
_WITH_MEASURE = re.compile(r"(?<=\w) với (?=(?:" + "|".join(re.escape(w) for w in ("tổng", "kinh phí", "vốn", "diện tích", "giá trị"))
                           + r")(?!\w))")
_AGRI_PAIR = re.compile(r"(?<!\w)nông, (?:lâm, )?$")
_NOT_INDICATOR = re.compile(r"^(?:so với|so cùng kỳ|cùng kỳ|bằng|đạt|tương đương|tăng(?! trưởng)|giảm|gấp|trong đó|và|,)(?!\w)", re.I)

def _name_start(text: str, floor: int, b: int, s: int, e: int) -> int:
    """Where the name of a phrase that does not open with a measure noun starts."""
    v = _VERB_INDICATOR.search(text, s, e)
    if v:
        return v.start()  # "Thị xã đã giải quyết việc làm", "Khu di tích … đã đón"
    # extend back over comma-separated segments (brackets included, never ";" or ":")
    # to one that opens with a measure noun
    for seg_start in _comma_segments_back(text, floor, b):
        ps, _ = _clean_phrase(text, seg_start, b)
        if _MEASURE_RE.match(text, ps):
            return ps
    # no measure noun opens it: start at the first one inside ("huyện phấn đấu tốc độ …")
    m = _MEASURE_RE.search(text, s + 1, e)
    if m and text[m.start() - 1] == " ":
        return m.start()
    # a verb phrase names it ("thành lập mới"): without the locality as subject
    m = _SUBJECT_PLACE.match(text, s, e)
    if m and m.end() < e:
        s = m.end()
        lead = _LEAD_RE.match(text[s:e])  # "Toàn huyện đã gieo cấy …"
        s = s + lead.end() if lead and s + lead.end() < e else s
    return s


def _from_previous_segment(text: str, floor: int, b: int) -> tuple[int, int] | None:
    """A figure whose own phrase is only verbs (``, phấn đấu vượt 3% kế hoạch``) measures the
    measure noun that ends the previous comma segment after task verbs (``đẩy mạnh thu ngân sách``)."""
    starts = _comma_segments_back(text, floor, b, limit=1)
    if not starts or starts[0] >= b:
        return None
    ps, pe = _clean_phrase(text, starts[0], b)
    subject = _SUBJECT_PLACE.match(text, ps, pe)
    lead = _TASK_LEAD.match(text, subject.end() if subject else ps, pe)
    if _MEASURE_RE.match(text, lead.end()) is None or len(text[lead.end():pe].split()) > 6:
        return None
    return lead.end(), pe


def _indicator_for(text: str, sent: Sentence, fig: Mention, floor: int) -> tuple[int, int] | None:
    if fig.rule == "change-compared":
        return None  # "…, cao hơn cùng kỳ 0,3 tấn/ha": the clause's indicator
    b = _last_boundary(text, floor, fig.start)
    w = _WITH_MEASURE.search(text, b, fig.start)  # "… gặp khó khăn với tổng kinh phí 9 tỷ đồng"
    b = w.end() if w else b
    s, e = _clean_phrase(text, b, fig.start)
    if fig.rule == "change-split":
        s += re.match(r"(?:[Tt]ăng|[Gg]iảm) ", text[s:e]).end()  # "giảm tỷ lệ hộ nghèo 2,5%"
    if e <= s:
        return _from_previous_segment(text, floor, b)
    if _NOT_INDICATOR.match(text[s:e]):
        return None
    # a measure noun written with a capital inside the phrase starts a new name ("… ngân sách Tổng thu …")
    for m in _MEASURE_RE.finditer(text, s + 1, e):
        if text[m.start()].isupper() and not text[m.start():m.end()].isupper() and text[m.start() - 1] == " ":
            s = m.start()
    if not _MEASURE_RE.match(text, s):
        s = _name_start(text, floor, b, s, e)
    pair = _AGRI_PAIR.search(text, max(floor, s - 12), s)  # "nông, lâm, thủy sản" is one name
    s = pair.start() if pair else s
    if len(text[s:e].split()) > 40:
        return None
    return s, e


_PERIOD_NOT_AFTER = re.compile(r"(?:cùng kỳ|so với|so sánh|đến|hết|giai đoạn|từ|trước|sau|đầu|cuối|thứ|kỷ niệm|chào mừng|ngày) $")
_OPENING_PERIOD = re.compile(r"[\s\-–•]*(?:[^;\n]{0,200}: |[^,;:\n]{0,60}, )?(?:(?:Cũng trong|cũng trong|Trong|trong|Tính đến|tính đến|Qua|qua|Sau|Ước tính|Ước|ước|"
                             r"Lũy kế|Luỹ kế|lũy kế|Tính chung|tính chung) )?")
# "N% chỉ tiêu" is a TARGET only for an economic indicator: not for Party-building or
# conscription quotas ("kết nạp 87 đảng viên, đạt 58% chỉ tiêu", "100% chỉ tiêu giao quân")
_QUOTA_OUT_OF_SCOPE = re.compile(r"đảng viên|chi bộ|tổ chức đảng|tuyển quân|giao quân|giao nhận quân|nhập ngũ|thanh niên|quân số|"
                                 r"dân quân|kết nạp|hồ sơ|thủ tục|chỉ tiêu giao quân")
_LIST_ITEM = re.compile(r"[ \t\u00a0]*(?:[-–+•*]|[a-zđ]\)|\d{1,2}[.)])[ \t\u00a0]")


def _periods(text: str, sent: Sentence) -> list[Mention]:
    """PERIOD candidates of a sentence (never a comparison base, a programme period …)."""
    out = []
    for m in PERIOD_RE.finditer(text, sent.start, sent.end):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if (re.match(r" ?\d", text[m.end():m.end() + 2]) and m.group(0).endswith("tháng")) or _PERIOD_NOT_AFTER.search(text[max(sent.start, m.start() - 14):m.start()]):
            continue  # "12 tháng 5" is a date
        out.append(Mention(m.start(), m.end(), "PERIOD", "period"))
    return out


_DEFENCE = re.compile(r"tuyển quân|giao quân|giao nhận quân|nhập ngũ|quân số|dân quân|quốc phòng")


def _quota_out_of_scope(text: str, floor: int, fig: Mention) -> bool:
    """Out of the schema's scope (guideline §2): a quota of Party-building or conscription,
    or any figure of a clause about conscription (``công tác giao nhận quân đạt 100%``)."""
    clause = _last_boundary(text, floor, fig.start)
    if _DEFENCE.search(text, clause, fig.end):
        return True
    return "chỉ tiêu" in text[fig.start:fig.end] and bool(_QUOTA_OUT_OF_SCOPE.search(text, floor, fig.end))


# a count named after its figure (guideline 1.2.0): "214 doanh nghiệp thành lập mới"
_NAME_AFTER = re.compile(r" (thành lập mới|đi làm việc(?: có thời hạn)? ở nước ngoài)(?!\w)")


def _link_figures(text: str, sent: Sentence, figs: list[Mention], periods: list[Mention]):
    """Each figure to the indicator it measures (a PERIOD inside the phrase ends the name);
    returns (indicators, periods used, figures kept)."""
    current: Mention | None = None
    floor = sent.start
    indicators: list[Mention] = []
    used: list[Mention] = []
    kept: list[Mention] = []
    for fig in figs:
        if _quota_out_of_scope(text, max(sent.start, floor - 80), fig):
            floor = fig.end
            continue
        after = _NAME_AFTER.match(text, fig.end)
        span = (after.start(1), after.end(1)) if after else _indicator_for(text, sent, fig, floor)
        if "chỉ tiêu" in text[fig.start:fig.end]:
            ind_start = span[0] if span else (current.start if current else None)
            if ind_start is None or not _MEASURE_RE.match(text, ind_start):
                floor = fig.end  # a quota of something not measured in the economy
                continue
        if span is not None:
            s, e = span
            inner = [p for p in periods if s < p.start and p.end <= e]
            if inner:
                p = inner[0]
                s, e = _clean_phrase(text, s, p.start)
                current = Mention(s, e, "INDICATOR", "phrase") if e > s else None
                if current is not None:
                    used.append(p)
                    p.link("of", current)
            else:
                current = Mention(s, e, "INDICATOR", "phrase")
            if current is not None and (not indicators or indicators[-1].start != current.start):
                indicators.append(current)
        elif current is not None and ";" in text[current.end:fig.start]:
            current = None
        floor = fig.end
        if current is None:
            continue
        fig.link("of", current)
        kept.append(fig)
    return indicators, used, kept


def _has_period(ind: Mention, periods: list[Mention]) -> bool:
    return any(t is ind for p in periods for _, t in p.links)


# what may stand between a PERIOD and the indicator it opens: "Năm 2023 tổng thu …" (a headline),
# "phấn đấu năm 2018 thu ngân sách …", "năm 2024 thành phố phấn đấu tổng thu …",
# "các chỉ tiêu năm 2020, trong đó phấn đấu thu ngân sách …"
_BEFORE_INDICATOR = re.compile(r"(,? (?:trong đó|đặc biệt là|riêng),?)? (?:(?:[Tt]oàn )?(?:huyện|thị xã|thành phố|quận|tỉnh|xã|phường)"
                               rf"(?: [{UPPER}]\w*)* )?(?:(?:sẽ |đã )?phấn đấu |dự kiến |ước )?")


_LEAD_HEAD = re.compile(r"[\s\-–•]*[^,;:\d\n]{0,30}")
_LEAD_TAIL = re.compile(r"[^,;:\d\n]{0,20},")


def _link_loose_periods(text: str, sent: Sentence, periods: list[Mention], used: list[Mention],
                        indicators: list[Mention], figs: list[Mention]) -> None:
    """PERIODs outside the phrases: opening the sentence (``Năm 2023, …``), opening an inline
    colon-list (``Kết quả năm 2020: A đạt …; B đạt …``, guideline 1.1.0: to each indicator
    after the colon), right before an indicator (``phấn đấu năm 2018 thu ngân sách đạt …``) and
    after a figure (``… đạt 300 tỷ đồng trong 6 tháng đầu năm``)."""
    for p in periods:
        if p in used:
            continue
        colon = re.match(r"[^;.\d]{0,40}?:", text[p.end:sent.end])
        if colon and not any(p.end <= f.start < p.end + colon.end() for f in figs):
            tails = [i for i in indicators if i.start > p.end + colon.end() and not _has_period(i, used)]
            for ind in tails:
                p.link("of", ind)
            if tails:
                p.rule = "period-colon"
                used.append(p)
            continue
        head = text[sent.start:p.start]
        opening = _OPENING_PERIOD.fullmatch(head) and text[p.end:p.end + 1] == ","
        # in a short lead clause without a figure: "Sản xuất vụ xuân năm 2019 thắng lợi, năng suất …"
        opening = opening or (_LEAD_HEAD.fullmatch(head) and _LEAD_TAIL.match(text, p.end))
        if opening and not any(f.start < p.start for f in figs):
            first = next((i for i in indicators if i.start > p.end), None)
            if first is not None:
                p.rule = "period-opening"
                p.link("of", first)
                used.append(p)
            continue
        first = next((i for i in indicators if i.start >= p.end), None)
        between = _BEFORE_INDICATOR.fullmatch(text, p.end, first.start) if first is not None else None
        if between and (not _has_period(first, used) or between.group(1)):  # "năm 2022, trong đó … cả năm"
            p.rule = "period-before"
            p.link("of", first)
            used.append(p)
            continue
        # right after the figure: "… trong 6 tháng đầu năm", "trên 45% kế hoạch vốn năm 2022"
        fig = next((f for f in figs if f.links and (re.fullmatch(r" trong ", text[f.end:p.start])
                                                    or (f.label == "TARGET" and text[f.end:p.start] == " "))), None)
        if fig is not None and not _has_period(fig.links[0][1], used):
            p.rule = "period-after"
            p.link("of", fig.links[0][1])
            used.append(p)


def _colon_lists(text: str, sentences: list[Sentence], found: list[Mention]) -> list[Mention]:
    """Guideline 1.1.0: a line ending with ``:`` opens the list of marker lines after it;
    a PERIOD of that line links to each INDICATOR of the list without a period of its own."""
    out = []
    indicators = [m for m in found if m.label == "INDICATOR"]
    periods = [m for m in found if m.label == "PERIOD"]
    for i, sent in enumerate(sentences):
        line_end = text.find("\n", sent.end)
        line_end = len(text) if line_end < 0 else line_end
        if text[sent.end:line_end].strip() != ":" or any(sent.start <= m.start < sent.end for m in found):
            continue
        items_end = sent.end
        for nxt in sentences[i + 1:]:
            line_start = text.rfind("\n", 0, nxt.start) + 1
            if line_start > items_end and not _LIST_ITEM.match(text, line_start):
                break
            items_end = nxt.end
        tails = [m for m in indicators if sent.end < m.start < items_end and not _has_period(m, periods)]
        if not tails:
            continue
        candidates = _periods(text, sent)
        for p in candidates:
            if len(candidates) == 1 or _OPENING_PERIOD.fullmatch(text[sent.start:p.start]) or text[p.end:sent.end].strip(" ,") == "":
                p.rule = "period-list"
                for ind in tails:
                    p.link("of", ind)
                out.append(p)
    return out


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
        periods = _periods(text, sent)
        indicators, used, kept = _link_figures(text, sent, figs, periods)
        if not indicators:
            continue
        _link_loose_periods(text, sent, periods, used, indicators, kept)
        out += indicators + used + kept
    out += _colon_lists(text, sentences, out)
    return sorted(out, key=lambda m: m.start)
