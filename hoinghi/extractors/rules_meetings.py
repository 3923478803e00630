"""Rules for the ``meetings`` schema: MEETING, ORGANIZER, DATE, TERM and the
``of`` relations ORGANIZER/DATE/TERM → MEETING.

The rules follow the genre's conventions (docs/guidelines.md §1):

* MEETING: ``Hội nghị`` … ``lần thứ`` + a session number (digits, Roman or words),
  with at most eight words between, none of them punctuation; not when the meeting is
  only named as the issuer of a resolution (``Nghị quyết Hội nghị …``).
* ORGANIZER: a Party body (``Ban Chấp hành Đảng bộ <unit> <Name> (<Province>)``,
  ``<Tỉnh|Thành|Huyện|Quận|Thị|Đảng> ủy <Name>``) in any of three roles: right after the
  meeting's designation; subject of ``tổ chức`` + the meeting; ``của <Đảng bộ …>`` after it.
* DATE: a day-month date (``Ngày 18-7``, ``Sáng ngày 02/10/2020``, ``chiều 31.7``) with its
  day and time-of-day words, opening a sentence that reports a meeting (or after
  ``vào``), never inside a range of dates, a document number or a ratio.
* TERM: ``nhiệm kỳ YYYY - YYYY`` (any dash) and ``khóa`` + numeral(s), at every mention.

>>> from hoinghi.normalize import fold_text
>>> t = "Ngày 9-4, Tỉnh ủy Hòa Bình tổ chức Hội nghị Ban Chấp hành lần thứ 7 khóa XVII."
>>> [(m.label, t[m.start:m.end]) for m in find(fold_text(t))]  # doctest: +NORMALIZE_WHITESPACE
[('MEETING', 'Hội nghị Ban Chấp hành lần thứ 7'), ('ORGANIZER', 'Tỉnh ủy Hòa Bình'),
 ('DATE', 'Ngày 9-4'), ('TERM', 'khóa XVII')]
"""
from __future__ import annotations

__all__ = ["find", "MEETING_RE", "REVIEW_RE", "TERM_RE", "DATE_RE"]

import re

from ..normalize import parse_date
from .segmentation import UPPER, Mention, Sentence, content_end, sentence_of, split_sentences

_WORD_NUM = (r"(?:hai mươi(?: (?:mốt|hai|ba|tư|bốn|lăm|năm|sáu|bảy|tám|chín))?|mười(?: (?:một|hai|ba|bốn|lăm|năm|sáu|bảy|tám|chín))?"
             r"|nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín)")
_ORD = rf"(?:\d{{1,3}}|[IVXLC]+|{_WORD_NUM})(?![\w-])"

# "Hội nghị" + up to 8 words (no punctuation; never "Đại hội") + "lần thứ" + number
MEETING_RE = re.compile(
    rf"[Hh](?:ội|ỘI) (?:nghị|NGHỊ)((?: (?!lần thứ\b)[\w()-]+){{0,10}}?) (?:lần|LẦN) (?:thứ|THỨ) ({_ORD})")

# a review meeting without a session number (guideline 1.2.0 §1): no MEETING, but its DATE and
# ORGANIZER are labelled, unlinked: "hội nghị sơ kết 6 tháng đầu năm", "hội nghị tổng kết năm 2019"
REVIEW_RE = re.compile(r"(?:[Hh]ội nghị|HỘI NGHỊ)(?: \(mở rộng\))? (?:sơ kết|tổng kết|SƠ KẾT|TỔNG KẾT)(?!\w)")

TERM_RE = re.compile(
    r"(?:(?:[Nn]hiệm kỳ|NHIỆM KỲ) \d{4} ?[-–—‐] ?\d{4}"
    r"|(?:[Kk]hóa|KHÓA) (?:[IVXLC]+|\d{1,2})(?![\w/-])(?:(?:, ?| và | VÀ )(?:[IVXLC]+|\d{1,2})(?![\w/-]))*)")

_TIME_OF_DAY = r"(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm)"
DATE_RE = re.compile(
    rf"((?:{_TIME_OF_DAY} (?:nay )?)?(?:[Nn]gày )?)"
    r"(\d{1,2}(?:-\d{1,2}(?:-\d{4})?|/\d{1,2}(?:/\d{4})?|\.\d{1,2}(?:\.\d{4})?)"
    r"|\d{1,2} tháng \d{1,2}(?: năm \d{4})?)(?![\w/-]|[.,]\d| ?[-–] ?\d)")

# "Sáng nay (12/7)": the date in brackets after a relative day
_DATE_NAY_RE = re.compile(rf"(?:{_TIME_OF_DAY}|[Hh]ôm) nay \((\d{{1,2}}[-/.]\d{{1,2}}(?:[-/.]\d{{4}})?)\)")

_ADMIN = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thành|xã|phường|thị trấn|Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|TP\.?)"
_NAME = rf"(?: (?!Đảng\b|Hội\b|lần\b|LẦN\b)[{UPPER}]\w*){{1,4}}"
_PLACE = rf"(?:(?: {_ADMIN})?{_NAME}|(?: {_ADMIN}))(?: \((?!mở rộng|bất thường)[^()\n]{{2,40}}\))?"
# "Đảng bộ Khối Doanh nghiệp tỉnh", "Đảng bộ Khối các cơ quan tỉnh": a bloc, not a place
_BLOC = rf"(?: Khối(?: (?:[{UPPER}]\w*|các|cơ|quan|doanh|nghiệp|và|dân|chính|đảng)(?!\w)){{1,6}}(?: (?:tỉnh|thành phố|Tỉnh|Thành phố))?)"
_BODY = (rf"(?:Ban [Cc]hấp hành|BCH|Ban [Tt]hường vụ)(?: Đảng bộ(?:{_BLOC}|{_PLACE})| (?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) ủy(?:{_PLACE})?)"
         rf"|(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng) ủy(?:{_PLACE})?")
_OWNER_RE = re.compile(rf"(?:,? {TERM_RE.pattern})?,? của ((?:{_BODY})|Đảng bộ(?:{_BLOC}|{_PLACE}))")
# "Hội nghị … do <body> tổ chức", "… mà <body> (đã) tổ chức", "… được <body> tổ chức"
_AGENT_RE = re.compile(rf"[^.;:\n]{{0,120}}? (?:do|mà|được) ((?:{_BODY}))(?:,? (?:{TERM_RE.pattern}),?)? (?:đã |vừa |sẽ )?(?:tổ chức|triệu tập|chủ trì tổ chức)(?!\w)(?! (?:thực hiện|triển khai|quán triệt))")
# what may stand between a meeting's session number and its organiser: "(mở rộng)", its term
_QUALIFIER_RE = re.compile(rf"(?: \((?:mở rộng|bất thường|[^()\n]{{1,25}})\))?(?:,? (?:{TERM_RE.pattern}))?")
_AFTER_RE = re.compile(rf" ((?:{_BODY}))")  # no comma: ", Tỉnh ủy đã …" opens a new clause
_SUBJECT_RE = re.compile(rf"((?:{_BODY}))(?:,? (?:{TERM_RE.pattern}),?)? (?:đã |sẽ |vừa )?(?:tổ chức|họp|tiến hành|khai mạc) $")

# what may stand before a sentence-opening date: an outlet tag ("ANTD.VN - ", "(HNMO) ")
_OPENING = re.compile(r"(?:[^,;:\n]{0,50}?\s[-–]\s*|\(?[^()\n\s]{1,30}\)\s*[-–]?\s*)?[\s(]*")
_MEETING_REPORT = re.compile(r"[Hh]ội nghị|HỘI NGHỊ")
_ISSUER_BEFORE = re.compile(r"(?:[Nn]ghị quyết|[Kk]ết luận|[Cc]hỉ thị|[Qq]uy định)(?: số [\w/-]+)?(?: của)? $")
_TERM_OWNER_EXCLUDED = re.compile(r"Đại hội|Quốc hội|HĐND|Hội đồng nhân dân|bầu cử|Trung ương|Công đoàn|Nghị quyết")
_DATE_BLOCKERS = re.compile(r"(?:số|Số|[A-ZĐ]{2,}[/-]|Ngày đăng|đăng|cập nhật|[Nn]ghị quyết|[Qq]uyết định|[Cc]hỉ thị|[Kk]ế hoạch|"
                            r"[Tt]hông báo|[Cc]ông văn|(?<!phát biểu )[Kk]ết luận|[Qq]uy định|[Hh]ướng dẫn|[Cc]hương trình)[^,.;]{0,30}$")


def _meetings(text: str, end: int) -> list[Mention]:
    out = []
    for m in MEETING_RE.finditer(text, 0, end):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        before = text[max(0, m.start() - 40):m.start()]
        if _ISSUER_BEFORE.search(before):
            continue
        if "\n" in m.group(0):
            continue
        out.append(Mention(m.start(), m.end(), "MEETING", "meeting"))
    return out


# "khóa" of a training course or a school year is no term of office
_COURSE_BEFORE = re.compile(r"(?:lớp|học viên|đào tạo|bồi dưỡng|tập huấn|sinh viên|tốt nghiệp|khóa học|huấn luyện)[^,.;:\n]{0,30}$", re.I)


def _terms(text: str, end: int) -> list[Mention]:
    out = []
    for m in TERM_RE.finditer(text, 0, end):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if m.group(0)[0] in "Kk" and _COURSE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        out.append(Mention(m.start(), m.end(), "TERM", "term-range" if m.group(0)[0] in "Nn" else "term-number"))
    return out


def _organizer(text: str, m: re.Match, rule: str, meeting: Mention, offset: int = 0) -> Mention:
    s, e = offset + m.start(m.lastindex), offset + m.end(m.lastindex)
    org = Mention(s, _strip_place(text, s, e), "ORGANIZER", rule)
    org.link("of", meeting)
    return org


def _organizers(text: str, meetings: list[Mention], terms: list[Mention]) -> list[Mention]:
    """The body holding each meeting, in the roles of guideline §1 ORGANIZER."""
    out = []
    for mt in meetings:
        line_end = text.find("\n", mt.end)
        line_end = len(text) if line_end < 0 else line_end
        # "… lần thứ 14 (mở rộng), nhiệm kỳ … Ban Chấp hành Đảng bộ quận X (Y)"
        pos = _QUALIFIER_RE.match(text, mt.end, line_end).end()
        for rx, rule in ((_AFTER_RE, "org-after"), (_OWNER_RE, "org-owner"), (_AGENT_RE, "org-agent")):
            m = rx.match(text, pos if rx is _AFTER_RE else mt.end, line_end)
            if m is None and rx is _OWNER_RE:
                m = rx.match(text, pos, line_end)
            if m:
                out.append(_organizer(text, m, rule, mt))
        # "X (đã) tổ chức <meeting>"
        line_start = text.rfind("\n", 0, mt.start) + 1
        window = text[max(line_start, mt.start - 160):mt.start]
        m = _SUBJECT_RE.search(window)
        if m:
            out.append(_organizer(text, m, "org-subject", mt, mt.start - len(window)))
    return out


# "hội nghị sơ kết … của <body>": the owner, unless the body owns a document named in between
_REVIEW_OWNER_RE = re.compile(rf"[^.;:\n]{{0,120}}? của ((?:{_BODY}))")
_DOCUMENT_WORD = re.compile(r"[Nn]ghị quyết|[Cc]hỉ thị|[Kk]ết luận|[Cc]hương trình|[Kk]ế hoạch|[Qq]uy định|[Đđ]ề án")


def _reviews(text: str, end: int) -> list[Mention]:
    """Review meetings without a session number (``hội nghị sơ kết …``): anchors for their
    DATE and ORGANIZER, never spans themselves (guideline 1.2.0 §1)."""
    return [Mention(m.start(), m.end(), "REVIEW", "review") for m in REVIEW_RE.finditer(text, 0, end)
            if not (m.start() and text[m.start() - 1].isalnum())]


def _review_organizers(text: str, reviews: list[Mention]) -> list[Mention]:
    """The body holding a review meeting: ``X tổ chức hội nghị sơ kết``, ``hội nghị sơ kết … của X``,
    ``… mà/do X tổ chức``; unlinked (there is no MEETING to point at)."""
    out = []
    for rv in reviews:
        line_start = text.rfind("\n", 0, rv.start) + 1
        line_end = text.find("\n", rv.end)
        line_end = len(text) if line_end < 0 else line_end
        found = []
        m = _SUBJECT_RE.search(text[max(line_start, rv.start - 160):rv.start])
        if m:
            off = max(line_start, rv.start - 160)
            found.append((off + m.start(1), off + m.end(1), "org-subject"))
        m = _REVIEW_OWNER_RE.match(text, rv.end, line_end)
        if m and not _DOCUMENT_WORD.search(text, rv.end, m.start(1)):
            found.append((m.start(1), m.end(1), "org-owner"))
        m = _AGENT_RE.match(text, rv.end, line_end)
        if m:
            found.append((m.start(1), m.end(1), "org-agent"))
        out += [Mention(s, _strip_place(text, s, e), "ORGANIZER", rule) for s, e, rule in found]
    return out


def _strip_place(text: str, start: int, end: int) -> int:
    # a body never ends with a lower-case function word or a dangling bracket
    while end > start and text[end - 1] in " ,(":
        end -= 1
    if text.count("(", start, end) > text.count(")", start, end):
        end = text.rfind("(", start, end)
        while end > start and text[end - 1] == " ":
            end -= 1
    return end


_EVENT_NOUN = re.compile(r"[Hh]ội nghị Trung ương|[Hh]ội nghị|HỘI NGHỊ|[Đđ]ại hội|[Ll]ễ |[Kk]ỳ họp|[Hh]ội thảo|[Hh]ội thi|[Dd]iễn đàn")
_DATE_HINT = re.compile(r"\d[-/.]\d|\d tháng \d")
_AFTER_VERB = re.compile(r"(?:tổ chức|diễn ra|khai mạc|bế mạc|họp|tiến hành|triệu tập)(?: vào)? $")
_AFTER_VAO = re.compile(r"(?:[Vv]ào|[Tt]rong|[Tt]ừ) $")


def _date_candidates(text: str, sent: Sentence):
    """``(start, end, date text)`` of the dates of a sentence, day and time-of-day words included."""
    if not _DATE_HINT.search(text, sent.start, sent.end):
        return  # no digit-separator-digit: no date (a cheap scan before the full pattern)
    for m in DATE_RE.finditer(text, sent.start, sent.end):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "/.,-("):
            continue
        if re.match(r" ?[-–] ?\d", text[m.end():m.end() + 3]) or re.search(r"\d ?[-–] ?$", text[max(0, m.start() - 4):m.start()]):
            continue  # a range of dates
        yield (m.start() if m.group(1) else m.start(2)), m.end(), m.group(2)
    for m in _DATE_NAY_RE.finditer(text, sent.start, sent.end):
        yield m.start(), m.end(), m.group(1)


def _date_role(text: str, sent: Sentence, start: int, anchors: list[Mention], reports_meeting: bool) -> str | None:
    """Which rule makes a date the meeting's date, or None: opening the sentence, after
    ``vào``/``trong``, right after the meeting (its organiser or term) or a back-reference
    ``hội nghị``, or after ``tổ chức``/``diễn ra`` … when the last event named is a hội nghị."""
    head = text[sent.start:start]
    if _DATE_BLOCKERS.search(head):
        return None
    if any(0 <= start - a.end <= 6 and re.fullmatch(r",? ?(?:vào )?", text[a.end:start]) for a in anchors) \
            or re.search(r"(?:[Hh]ội nghị|HỘI NGHỊ),? (?:vào )?$", head):
        return "date-after-meeting"
    if not reports_meeting:
        return None
    if len(head) <= 60 and _OPENING.fullmatch(head) is not None:
        return "date-opening"
    events = list(_EVENT_NOUN.finditer(head))
    last_event = events[-1].group(0).lower() if events else None
    if last_event not in (None, "hội nghị"):
        return None  # the date of another event named later: a congress, a ceremony …
    if _AFTER_VAO.search(head):
        return "date-after-vao"
    if _AFTER_VERB.search(head) and last_event == "hội nghị":
        return "date-after-verb"
    return None


def _dates(text: str, sentences: list[Sentence], meetings: list[Mention], anchors: list[Mention],
           reviews: list[Mention] = ()) -> list[Mention]:
    if not meetings and not reviews:
        return []  # no numbered meeting and no review meeting in the article: no meeting date
    out = []
    for sent in sentences:
        stext = text[sent.start:sent.end]
        in_sent = [m for m in meetings if sent.start <= m.start < sent.end]
        reports_meeting = bool(in_sent) or (bool(_MEETING_REPORT.search(stext))
                                            and re.search(r"tổ chức|diễn ra|khai mạc|bế mạc|họp|tiến hành", stext) is not None)
        near = [a for a in anchors if sent.start <= a.start < sent.end]
        for start, end, date_text in _date_candidates(text, sent):
            try:
                parse_date(date_text)
            except ValueError:
                continue
            rule = _date_role(text, sent, start, near, reports_meeting)
            if rule is None:
                continue
            date = Mention(start, end, "DATE", rule)
            target = _nearest(in_sent, date)
            if target is not None:
                date.link("of", target)
            out.append(date)
    return out


def _nearest(meetings: list[Mention], m: Mention) -> Mention | None:
    if not meetings:
        return None
    return min(meetings, key=lambda x: (abs(x.start - m.start), x.start))


def _link_terms(text: str, sentences: list[Sentence], meetings: list[Mention], terms: list[Mention],
                organizers: list[Mention]) -> None:
    for t in terms:
        si = sentence_of(sentences, t.start)
        if not sentences or not (sentences[si].start <= t.start < sentences[si].end):
            continue
        sent = sentences[si]
        in_sent = [m for m in meetings if sent.start <= m.start < sent.end]
        if not in_sent:
            continue
        # right after the meeting (", " allowed) or after an organiser of it
        direct = [m for m in in_sent if 0 <= t.start - m.end <= 2 and text[m.end:t.start].strip(" ,") == ""]
        if direct:
            t.link("of", direct[0])
            continue
        lead = text[max(sent.start, t.start - 60):t.start]
        if _TERM_OWNER_EXCLUDED.search(lead):
            continue
        owner = [o for o in organizers if sent.start <= o.start < sent.end]
        body_before = re.search(r"(?:Ban [Cc]hấp hành|BCH|[Uu]ỷ ban|ủy)[^,.;]{0,40} $", text[sent.start:t.start])
        if owner or body_before:
            t.link("of", _nearest(in_sent, t))


def find(text: str, sentences: list[Sentence] | None = None, end: int | None = None) -> list[Mention]:
    """All meetings-schema mentions of a folded text (see the module doc), relations
    attached to the heads (``Mention.links``)."""
    end = content_end(text) if end is None else end
    if sentences is None:
        sentences = split_sentences(text, end)
    meetings = _meetings(text, end)
    terms = _terms(text, end)
    organizers = _organizers(text, meetings, terms)
    reviews = _reviews(text, end)
    review_orgs = _review_organizers(text, reviews)
    dates = _dates(text, sentences, meetings, meetings + organizers + terms + review_orgs, reviews)
    _link_terms(text, sentences, meetings, terms, organizers)
    return meetings + organizers + review_orgs + dates + terms
