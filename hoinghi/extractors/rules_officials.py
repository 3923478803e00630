"""Rules for the ``officials`` schema: PERSON, POSITION and PERSON --holds--> POSITION.

Conventions of the genre (docs/guidelines.md §3):

* A POSITION opens with a title (``Bí thư``, ``Phó Chủ tịch``, ``Giám đốc``, ``Trưởng ban``,
  ``Thủ tướng`` …, or ``<Tỉnh|Thành|Huyện|Quận|Đảng> ủy viên``) and runs through its
  organisation, lower-case words included (``Giám đốc Trung tâm bồi dưỡng chính trị quận``),
  until punctuation, an honorific, a person's name or a verb/function word.
  Plural positions (``các đồng chí Quận ủy viên``) are not positions.
* A PERSON is a capitalised name of 2-5 syllables after ``đồng chí``/``ông``/``bà``, or
  right after a position when it starts with a Vietnamese surname. A capitalised run after
  an administrative word (``quận Hoàng Mai``) is a place unless it is a surname followed
  by at least two more syllables (``Chủ tịch UBND Quận Nguyễn Mạnh Hà``).
* Later mentions of a name already found are labelled wherever they occur.
* ``holds``: a person holds the chain of comma-separated positions just before it
  (``Thành ủy viên, Bí thư Quận ủy X, đồng chí Y``) or just after it
  (``Đồng chí Y, Trưởng ban …, Giám đốc …``; ``Y-Bí thư Quận ủy``).

>>> from hoinghi.normalize import fold_text
>>> t = "Tỉnh ủy viên, Bí thư Huyện ủy Tân Lạc, đồng chí Đinh Văn Long phát biểu."
>>> ms = find(fold_text(t))
>>> [(m.label, t[m.start:m.end]) for m in ms]
[('POSITION', 'Tỉnh ủy viên'), ('POSITION', 'Bí thư Huyện ủy Tân Lạc'), ('PERSON', 'Đinh Văn Long')]
>>> [(t[ms[2].start:ms[2].end], ty, t[p.start:p.end]) for ty, p in ms[2].links]
[('Đinh Văn Long', 'holds', 'Tỉnh ủy viên'), ('Đinh Văn Long', 'holds', 'Bí thư Huyện ủy Tân Lạc')]
"""
from __future__ import annotations

__all__ = ["find", "SURNAMES", "TITLES"]

import re

from .segmentation import UPPER, Mention, Sentence, content_end

#: Common Vietnamese family names (the first syllable of a person's full name).
SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương "
    "Lâm Phùng Mai Tô Hà Tạ Lương Đinh Thái Lưu Cao Chu Châu Hứa Kiều Lại Lò Lục Mạc Nông Quách Tăng Thân "
    "Triệu Văn Vi Từ Giang Khổng Khúc La Lạc Ninh Quan Tống Viên Âu Bạch Đàm Đồng Hàn Kim Lã Lưu Mẫn Nghiêm "
    "Tôn Trình Ông Cù Cấn Đậu Hầu Kha Khương Lục Mã Phí Sầm Thạch Thiều Tiêu Tòng Ứng Yên Diệp Doãn Lò Quàng "
    # family names and name prefixes of the Central Highlands and northern minorities (Jrai, Ê Đê, Bahnar, Tày …)
    "Ma Nay Siu Ksor Rơ Rmah Kpă Rah Puih Y Hà".split())

#: Titles a position opens with (longest first when matched).
TITLES = (
    "Tổng Bí thư", "Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư", "Phó Chủ tịch Thường trực", "Phó Chủ tịch",
    "Chủ tịch", "Phó Thủ tướng", "Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Phó Tổng Giám đốc", "Tổng Giám đốc",
    "Tổng giám đốc", "Phó Giám đốc", "Giám đốc", "Phó Trưởng ban", "Phó Trưởng Ban", "Trưởng ban", "Trưởng Ban",
    "Phó Chủ nhiệm", "Chủ nhiệm", "Phó Chánh Văn phòng", "Chánh Văn phòng", "Phó Chánh văn phòng", "Chánh văn phòng",
    "Chánh Thanh tra", "Chánh án", "Viện trưởng", "Phó Viện trưởng", "Trưởng phòng", "Phó Trưởng phòng",
    "Hiệu trưởng", "Chỉ huy trưởng", "Chính ủy", "Tư lệnh", "Trưởng Công an", "Giám đốc Công an", "Trưởng đoàn",
    "Trưởng Đoàn", "Phó Trưởng đoàn", "Phó Trưởng Đoàn", "Ủy viên dự khuyết", "Ủy viên", "Đại biểu Quốc hội", "Thường trực",
)
_MEMBER_TITLES = tuple(f"{unit} ủy viên" for unit in ("Tỉnh", "Thành", "Huyện", "Quận", "Thị", "Đảng", "Xã", "Phường"))
# every alternative starts with a literal, so the regex engine can skip ahead by first character
_TITLE_RE = re.compile(
    r"(?:" + "|".join(re.escape(t) for t in sorted(set(TITLES + _MEMBER_TITLES) - {"Thường trực"}, key=len, reverse=True))
    + r")(?!\w)")

# military/police ranks and academic titles stand between an honorific (or a comma) and a name
_RANK = (r"(?:(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá|úy)|Đại tướng|(?:PGS|GS)\.? ?,? ?TS\.?|TS\.|ThS\.|"
         r"Tiến sĩ|Thạc sĩ|Luật sư|Nhà báo|Bác sĩ)")
_RANK_RE = re.compile(_RANK + r"(?!\w)")
_HONORIFIC = rf"(?:(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|[Đđ]/c)(?: {_RANK})?|{_RANK})"
_NAME_WORD = rf"[{UPPER}][^\W\d_]*(?:'[{UPPER}][^\W\d_]*)?"  # "H'Nguyên", "H'Ngơn"
_HONORIFIC_NAME_RE = re.compile(rf"{_HONORIFIC} ({_NAME_WORD}(?: {_NAME_WORD}){{1,4}})(?![\w])")

# Lower-case words and phrases that end a position (verbs and function words of the genre).
_STOP_EXPRESSIONS = """
đã|sẽ|đang|vừa|được|bị|là|có|và|với|cùng|tại|trong|về|cho|của|khi|đến|từ|theo|để|thì|mà|nhưng|này|đó|ấy|nêu|
phát biểu|chủ trì|cho biết|nhấn mạnh|khẳng định|yêu cầu|đề nghị|chia sẻ|bày tỏ|trao|tặng|dự|tham dự|kết luận|
chỉ đạo|thông tin|báo cáo|trình bày|quán triệt|tin tưởng|đánh giá|ghi nhận|biểu dương|phân tích|lưu ý|giao|
kiêm|làm|ký|nói|tiếp|đề cập|gửi|chúc|mong|thăm|kiểm tra|khai mạc|bế mạc|điều hành|phụ trách|trả lời|
cũng|luôn|rất|đều|lại|còn|từng|vẫn|nhận|chủ tọa|chủ toạ|đọc|công bố|nhận định|thay mặt|lên|xuống|ra|vào|như|các|những|
một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|nhiều|mọi|toàn|hội nghị|nhiệm kỳ|khóa|lần|nhấn|đề ra|quyết định|
phát động|động viên|hoan nghênh|cảm ơn|ôn lại|chủ động|trực tiếp|thông qua|phải|đồng thời
"""
_STOP_RE = re.compile(r"(?:" + "|".join(sorted({e.strip() for e in _STOP_EXPRESSIONS.replace("\n", "|").split("|") if e.strip()},
                                                key=len, reverse=True)) + r")(?!\w)")
_ADMIN_WORDS = frozenset("tỉnh thành phố huyện quận xã phường thị trấn Tỉnh Quận Huyện Phường Xã TP Thành".split())
_MAX_POSITION_WORDS = 14
_TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]|\s+")


def _tokens(text: str, start: int, end: int):
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(text, start, end)]


#: Provinces and centrally-run cities whose names begin with a family name: a capitalised run
#: that starts with one of them starts with a place (general knowledge of the country, not
#: of any article).
PLACE_NAMES = frozenset({
    "Hà Nội", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hồ Chí Minh", "Lâm Đồng", "Cao Bằng", "Đồng Nai", "Đồng Tháp",
    "Thái Nguyên", "Thái Bình", "Vĩnh Phúc", "Vĩnh Long", "Hoàng Sa", "Trường Sa", "Buôn Ma Thuột", "Ma Thuột",
})


def _place_prefix(words: list[tuple[int, int, str]]) -> int:
    """Number of leading words of a capitalised run that form a known place name."""
    for k in (3, 2):
        if len(words) >= k and " ".join(w[2] for w in words[:k]) in PLACE_NAMES:
            return k
    return 0


def _surname_split(words: list[tuple[int, int, str]], after_admin: bool) -> int | None:
    """Index in a capitalised run where a person's name starts (None: no name)."""
    n = len(words)
    first = _place_prefix(words)
    starts = [i for i in range(first, n) if words[i][2] in SURNAMES and 2 <= n - i <= 4]
    # a three-syllable name is the common one: "Phổ Yên Tạ Xuân Đoàn" splits before "Tạ", not "Yên"
    starts.sort(key=lambda i: (n - i != 3, i))
    for i in starts:
        if i == 0 and after_admin and n - i < 3:
            continue  # "quận Hoàng Mai": a place
        return i
    return None


def _capitalised_run(toks: list, i: int) -> tuple[list, int]:
    """The capitalised words from token ``i`` on (spaces skipped, ``TP.HCM`` read through its
    abbreviation dot) and the index after them."""
    run = []
    j = i
    while j < len(toks):
        w2 = toks[j][2]
        if w2 == " ":
            j += 1
            continue
        if w2[0].isalpha() and w2[0].isupper():
            run.append(toks[j])
            j += 1
            continue
        if w2 == "." and run and j + 1 < len(toks) and toks[j + 1][2][0].isupper():
            j += 1  # an abbreviation: "TP.HCM" ("TP. Tam Kỳ" is not read through: "TP. Ông A …" ends a sentence)
            continue
        break
    return run, j


def _extend_position(text: str, start: int, title_end: int, limit: int) -> tuple[int, Mention | None]:
    """End of the position opened by a title at ``start``; also a PERSON found right
    after it (a surname-led capitalised run)."""
    toks = _tokens(text, title_end, limit)
    end = title_end
    nwords = 0
    i = 0
    prev_word = text[start:title_end].split()[-1]
    while i < len(toks):
        s, e, w = toks[i]
        if w.isspace():
            if w != " ":
                break
            i += 1
            continue
        if not w[0].isalnum():
            if w == "(" :
                close = text.find(")", s, limit)
                if 0 < close - s <= 40 and not re.search(r"\d", text[s:close]):
                    end = close + 1
                    i = next((k for k in range(i, len(toks)) if toks[k][0] >= close + 1), len(toks))
                    continue
            break
        if w[0].isupper():
            run, j = _capitalised_run(toks, i)  # organisation name, place or a person
            split = _surname_split(run, prev_word in _ADMIN_WORDS or prev_word in ("ủy", "UBND", "HĐND"))
            if split is not None:
                if split > 0:
                    end = run[split - 1][1]
                person = Mention(run[split][0], run[-1][1], "PERSON", "after-position")
                return end, person
            if _TITLE_RE.match(text, run[0][0]) and nwords > 0:
                break  # a second position starts
            if _RANK_RE.match(text, run[0][0]):
                break  # "… Công an tỉnh Đại tá Nguyễn Văn B": a rank opens the name
            end = run[-1][1]
            nwords += len(run)
            prev_word = run[-1][2]
            i = j
        else:
            if w.isdigit() or _STOP_RE.match(text, s):
                break
            end = e
            nwords += 1
            prev_word = w
            i += 1
        if nwords >= _MAX_POSITION_WORDS:
            break
    return end, None


_PLURAL_BEFORE = re.compile(r"(?:các|những|Các|Những|và các|mấy|mỗi|Mỗi)(?: đồng chí| vị| ông| bà)? $")


def _positions(text: str, end: int) -> tuple[list[Mention], list[Mention]]:
    positions, persons = [], []
    for m in _TITLE_RE.finditer(text, 0, end):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        if positions and m.start() < positions[-1].end:
            continue
        before = text[max(0, m.start() - 16):m.start()]
        if _PLURAL_BEFORE.search(before):
            continue
        line_end = text.find("\n", m.end(), end)
        line_end = end if line_end < 0 else line_end
        if any(text.startswith(" " + place, m.end()) for place in PLACE_NAMES):
            continue  # "Chủ tịch Hồ Chí Minh": a title before a bare place-shaped name is not an office
        p_end, person = _extend_position(text, m.start(), m.end(), line_end)
        title = m.group(0)
        if title in ("Ủy viên", "Đại biểu Quốc hội") and p_end == m.end():
            continue  # a bare "Ủy viên" is no position
        pos = Mention(m.start(), p_end, "POSITION", "title")
        positions.append(pos)
        if person is not None:
            persons.append(person)
    return positions, persons


def _honorific_persons(text: str, end: int) -> list[Mention]:
    out = []
    for m in _HONORIFIC_NAME_RE.finditer(text, 0, end):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        s, e = m.start(1), m.end(1)
        if _TITLE_RE.match(text, s):
            continue  # "Đồng chí Bí thư Quận ủy": a position, not a name
        # a name ends before a hyphen-joined position ("Tiến-Thành ủy viên")
        name_words = text[s:e].split(" ")
        if name_words[0] not in SURNAMES and "'" not in name_words[0] and len(name_words) < 3:
            continue
        if text[s:e] in PLACE_NAMES:
            continue
        out.append(Mention(s, e, "PERSON", "honorific"))
    return out


_NAME_BEFORE_POSITION = re.compile(
    rf"(?:^|[:;,(\n]\s*|\s(?:và|cùng)\s)({_NAME_WORD}(?: {_NAME_WORD}){{1,3}})(?:, |-| - | – )$")


def _listed_persons(text: str, positions: list[Mention]) -> list[Mention]:
    """``Name, Position`` in lists (``các đồng chí: A, Phó Bí thư …; B, Chủ tịch …``)."""
    out = []
    for p in positions:
        m = _NAME_BEFORE_POSITION.search(text, max(0, p.start - 50), p.start)
        if m and m.group(1).split(" ")[0] in SURNAMES and not _TITLE_RE.match(m.group(1)):
            out.append(Mention(m.start(1), m.end(1), "PERSON", "listed"))
    return out


_LOWER_TITLE_RE = re.compile(
    r"(?:, | - | – |-)((?:" + "|".join(re.escape(t.lower()) for t in sorted(set(TITLES) - {"Thường trực", "Ủy viên"},
                                                                       key=len, reverse=True)) + r")(?!\w))")


def _lowercase_positions(text: str, end: int, persons: list[Mention]) -> list[Mention]:
    """Titles some outlets write in lower case, accepted only right after a person's
    name: ``ông Nguyễn Văn A, phó chủ tịch UBND tỉnh``."""
    out = []
    for p in persons:
        m = _LOWER_TITLE_RE.match(text, p.end, min(end, p.end + 40))
        if m:
            line_end = text.find("\n", m.end(1), end)
            p_end, _ = _extend_position(text, m.start(1), m.end(1), end if line_end < 0 else line_end)
            out.append(Mention(m.start(1), p_end, "POSITION", "lower-title"))
    return out


_GIVEN_NAME_RE = re.compile(rf"(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à) ({_NAME_WORD})(?! ?[{UPPER}])")


def _given_names(text: str, end: int, persons: list[Mention]) -> list[Mention]:
    """``ông Hiếu`` after ``ông Nguyễn Quang Hiếu`` has been named: the given name of a
    person already found, after an honorific."""
    given = {text[p.start:p.end].split()[-1] for p in persons if len(text[p.start:p.end].split()) >= 2}
    if not given:
        return []
    out = []
    for m in _GIVEN_NAME_RE.finditer(text, 0, end):
        if m.group(1) in given and not (m.start() and text[m.start() - 1].isalnum()):
            if not any(p.start <= m.start(1) < p.end for p in persons):
                out.append(Mention(m.start(1), m.end(1), "PERSON", "given-name"))
    return out


_PLACE_BEFORE = re.compile(r"(?:TP\.?|[Tt]hành phố|tỉnh|Tỉnh|huyện|quận|Quận|phường|xã|đường|phố|tư tưởng|phong cách|"
                           r"đạo đức|[Ll]ăng|[Bb]ảo tàng) ?$")


def _repeat_names(text: str, end: int, persons: list[Mention]) -> list[Mention]:
    names = {text[p.start:p.end] for p in persons if len(text[p.start:p.end].split()) >= 2}
    taken = {(p.start, p.end) for p in persons}
    out = []
    for name in sorted(names - PLACE_NAMES, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text[:end]):
            if _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "TP Hồ Chí Minh", "tư tưởng Hồ Chí Minh"
            if (m.start(), m.end()) not in taken and not any(p.start <= m.start() < p.end for p in persons + out):
                out.append(Mention(m.start(), m.end(), "PERSON", "repeat"))
    return out


_LEFT_GAP = re.compile(rf"(?:,? (?:đồng chí|Đồng chí|ông|Ông|bà|Bà)(?: {_RANK})? |,? {_RANK} |, | |-| - )$")
_RIGHT_GAP = re.compile(r"^(?:, |-| - | \(|, là )")
_CHAIN_GAPS = (", ", " kiêm ", " và ")  # between two chained positions, tried in this order


def _link(text: str, persons: list[Mention], positions: list[Mention]) -> None:
    by_end = {p.end: p for p in positions}
    by_start = {p.start: p for p in positions}
    claimed: set[int] = set()
    persons = sorted(persons, key=lambda p: p.start)
    # left chains first: "<position>, <position>, đồng chí <name>"
    for person in persons:
        gap = _LEFT_GAP.search(text[max(0, person.start - 32):person.start])
        if not gap:
            continue
        pos = by_end.get(person.start - len(gap.group(0)))
        chain = []
        while pos is not None and id(pos) not in claimed:
            chain.append(pos)
            nxt = None
            for g in _CHAIN_GAPS:
                cand = by_end.get(pos.start - len(g))
                if cand is not None and text[cand.end:pos.start] == g:
                    nxt = cand
                    break
            pos = nxt
        for pos in reversed(chain):
            person.link("holds", pos)
            claimed.add(id(pos))
    # right chains: "<name>, <position>, <position>" / "<name>-<position>"
    for person in persons:
        gap = _RIGHT_GAP.match(text[person.end:person.end + 8])
        if not gap:
            continue
        pos = by_start.get(person.end + len(gap.group(0)))
        while pos is not None and id(pos) not in claimed:
            if re.match(r",? (?:đồng chí|ông|bà) ", text[pos.end:pos.end + 12], re.I):
                break  # this position introduces the next person
            person.link("holds", pos)
            claimed.add(id(pos))
            nxt = None
            for g in _CHAIN_GAPS:
                cand = by_start.get(pos.end + len(g))
                if cand is not None and text[pos.end:cand.start] == g:
                    nxt = cand
                    break
            pos = nxt


def find(text: str, sentences: list[Sentence] | None = None, end: int | None = None) -> list[Mention]:
    """All officials-schema mentions of a folded text; ``holds`` relations on the persons."""
    end = content_end(text) if end is None else end
    positions, persons = _positions(text, end)
    for p in _honorific_persons(text, end):
        if not any(q.start < p.end and p.start < q.end for q in persons):
            persons.append(p)
    for p in _listed_persons(text, positions):
        if not any(q.start < p.end and p.start < q.end for q in persons):
            persons.append(p)
    for pos in _lowercase_positions(text, end, persons):
        if not any(q.start < pos.end and pos.start < q.end for q in positions):
            positions.append(pos)
    persons += _repeat_names(text, end, persons)
    persons += _given_names(text, end, persons)
    # drop persons overlapping a position
    persons = [p for p in persons if not any(q.start < p.end and p.start < q.end for q in positions)]
    _link(text, persons, positions)
    return sorted(positions + persons, key=lambda m: m.start)
