"""hoinghi.extractors.rules_meetings: invented sentences in the genre (other provinces,
other outlets), as data tables. None is copied from the corpus gold."""
import pytest

from hoinghi.extractors import rules_meetings
from hoinghi.normalize import fold_text


def _found(text):
    ms = rules_meetings.find(fold_text(text))
    spans = sorted((m.label, text[m.start:m.end]) for m in ms)
    rels = sorted((text[m.start:m.end], ty, text[t.start:t.end]) for m in ms for ty, t in m.links)
    return spans, rels


# (text, expected spans, expected relations (head text, type, tail text))
CASES = [
    ("Sáng 15/7, Tỉnh ủy Nghệ An tổ chức Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15.",
     [("DATE", "Sáng 15/7"), ("MEETING", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"),
      ("ORGANIZER", "Tỉnh ủy Nghệ An")],
     [("Sáng 15/7", "of", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"),
      ("Tỉnh ủy Nghệ An", "of", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15")]),
    ("NDO - Ngày 20-12, Hội nghị lần thứ 9 Ban Chấp hành Đảng bộ huyện Mỹ Đức (Hà Nội) khóa XXIV đã khai mạc.",
     [("DATE", "Ngày 20-12"), ("MEETING", "Hội nghị lần thứ 9"),
      ("ORGANIZER", "Ban Chấp hành Đảng bộ huyện Mỹ Đức (Hà Nội)"), ("TERM", "khóa XXIV")],
     [("Ban Chấp hành Đảng bộ huyện Mỹ Đức (Hà Nội)", "of", "Hội nghị lần thứ 9"),
      ("Ngày 20-12", "of", "Hội nghị lần thứ 9"), ("khóa XXIV", "of", "Hội nghị lần thứ 9")]),
    ("Chiều ngày 05/01/2024, Thành uỷ Vinh tổ chức hội nghị lần thứ mười hai.",
     [("DATE", "Chiều ngày 05/01/2024"), ("MEETING", "hội nghị lần thứ mười hai"), ("ORGANIZER", "Thành uỷ Vinh")],
     [("Chiều ngày 05/01/2024", "of", "hội nghị lần thứ mười hai"), ("Thành uỷ Vinh", "of", "hội nghị lần thứ mười hai")]),
    ("\u00a0 \u00a0Tối 3.8, Đảng ủy xã Tân Lập tổ chức Hội nghị Ban chấp hành lần thứ 6 nhiệm kỳ 2020 – 2025.",
     [("DATE", "Tối 3.8"), ("MEETING", "Hội nghị Ban chấp hành lần thứ 6"), ("ORGANIZER", "Đảng ủy xã Tân Lập"),
      ("TERM", "nhiệm kỳ 2020 – 2025")],
     [("Tối 3.8", "of", "Hội nghị Ban chấp hành lần thứ 6"), ("nhiệm kỳ 2020 – 2025", "of", "Hội nghị Ban chấp hành lần thứ 6"),
      ("Đảng ủy xã Tân Lập", "of", "Hội nghị Ban chấp hành lần thứ 6")]),
    ("Huyện ủy Lạc Sơn tổ chức Hội nghị lần thứ IV vào sáng 12/3.",
     [("DATE", "sáng 12/3"), ("MEETING", "Hội nghị lần thứ IV"), ("ORGANIZER", "Huyện ủy Lạc Sơn")],
     [("Huyện ủy Lạc Sơn", "of", "Hội nghị lần thứ IV"), ("sáng 12/3", "of", "Hội nghị lần thứ IV")]),
    ("Hội nghị Ban Chấp hành lần thứ 7 nhiệm kỳ 2025-2030 của Đảng bộ phường Yên Hòa.",
     [("MEETING", "Hội nghị Ban Chấp hành lần thứ 7"), ("ORGANIZER", "Đảng bộ phường Yên Hòa"),
      ("TERM", "nhiệm kỳ 2025-2030")],
     [("Đảng bộ phường Yên Hòa", "of", "Hội nghị Ban Chấp hành lần thứ 7"),
      ("nhiệm kỳ 2025-2030", "of", "Hội nghị Ban Chấp hành lần thứ 7")]),
    # an outlet tag in brackets, "Sáng nay", a body without its place name, both organiser roles
    ("(HNMO) Sáng nay 5/7, Thành ủy tổ chức Hội nghị lần thứ 16 Ban Chấp hành Đảng bộ thành phố.",
     [("DATE", "Sáng nay 5/7"), ("MEETING", "Hội nghị lần thứ 16"), ("ORGANIZER", "Ban Chấp hành Đảng bộ thành phố"),
      ("ORGANIZER", "Thành ủy")],
     [("Ban Chấp hành Đảng bộ thành phố", "of", "Hội nghị lần thứ 16"), ("Sáng nay 5/7", "of", "Hội nghị lần thứ 16"),
      ("Thành ủy", "of", "Hội nghị lần thứ 16")]),
    # the organiser's term between it and "tổ chức"
    ("Sáng 14/12, Ban Chấp hành Đảng bộ tỉnh Cao Bằng khóa XIX tổ chức Hội nghị lần thứ 20.",
     [("DATE", "Sáng 14/12"), ("MEETING", "Hội nghị lần thứ 20"), ("ORGANIZER", "Ban Chấp hành Đảng bộ tỉnh Cao Bằng"),
      ("TERM", "khóa XIX")],
     [("Ban Chấp hành Đảng bộ tỉnh Cao Bằng", "of", "Hội nghị lần thứ 20"), ("Sáng 14/12", "of", "Hội nghị lần thứ 20"),
      ("khóa XIX", "of", "Hội nghị lần thứ 20")]),
]

# texts with nothing of the schema but terms (every mention of a term is labelled)
NEGATIVE = [
    # a congress is not a meeting; its term is still a TERM
    ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2020 - 2025 thành công.", [("TERM", "nhiệm kỳ 2020 - 2025")]),
    # a resolution of a Central plenum is not a meeting
    ("Thực hiện Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương (khóa XII).", [("TERM", "khóa XII")]),
    # meetings without a session number, counted meetings
    ("Năm 2023, Huyện ủy tổ chức 5 Hội nghị Ban Chấp hành và các hội nghị chuyên đề.", []),
    # dates that are not the meeting's
    ("Tại hội nghị, các đại biểu thảo luận Nghị quyết số 12-NQ/TU ngày 5/3/2021 của Tỉnh ủy.", []),
    ("Ngày đăng 05/10/2024 | 10:20", []),
    ("Kỷ niệm 77 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2024).", []),
    ("Tỉnh hoàn thành 12/12 chỉ tiêu; bản đồ tỷ lệ 1/500.", []),
    # a body after a comma opens a new clause: not the organiser
    ("Sau Hội nghị Ban Chấp hành lần thứ 12, Tỉnh ủy Hòa Bình đã ban hành kế hoạch.",
     [("MEETING", "Hội nghị Ban Chấp hành lần thứ 12")]),
    # terms without an identifier
    ("Các chỉ tiêu nhiệm kỳ qua, giữa nhiệm kỳ và toàn khóa đều đạt.", []),
]


@pytest.mark.parametrize("text, spans, relations", CASES)
def test_meetings(text, spans, relations):
    got_spans, got_rels = _found(text)
    assert got_spans == sorted(spans)
    assert got_rels == sorted(relations)


@pytest.mark.parametrize("text, spans", NEGATIVE)
def test_not_meetings(text, spans):
    got_spans, _ = _found(text)
    assert got_spans == sorted(spans)


TERMS = [
    ("nhiệm kỳ 2020-2025", True), ("nhiệm kỳ 2020 - 2025", True), ("nhiệm kỳ 2020 – 2025", True),
    ("Nhiệm kỳ 2015 - 2020", True), ("khóa XV", True), ("khoá XV", True), ("khóa 4", True),
    ("khóa XI, XII, XIII", True), ("khóa họp", False), ("toàn khóa", False), ("giai đoạn 2021-2025", False),
    ("KHÓA XVII", True), ("NHIỆM KỲ 2020 - 2025", True), ("KHÓA HỌC", False),
]


@pytest.mark.parametrize("text, is_term", TERMS)
def test_terms(text, is_term):
    ms = [m for m in rules_meetings.find(fold_text("Theo đó " + text + " vừa qua.")) if m.label == "TERM"]
    got = [("Theo đó " + text)[m.start:m.end] for m in ms]
    assert got == ([text] if is_term else [])


# Families of issue 15 (reference-1.2.0). Each row: (text, expected spans, expected relations).
# DATE in lower case or with a time of day after the meeting, the organiser or the verb;
# repeated in a photo caption.
DATE_FAMILY = [
    ("Huyện ủy Kim Bôi tổ chức Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 11 ngày 14/7.",
     [("DATE", "ngày 14/7"), ("MEETING", "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 11"), ("ORGANIZER", "Huyện ủy Kim Bôi")],
     [("Huyện ủy Kim Bôi", "of", "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 11"),
      ("ngày 14/7", "of", "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 11")]),
    ("Hội nghị lần thứ 16 Ban Chấp hành Đảng bộ thị xã Cửa Lò diễn ra sáng 20/12.",
     [("DATE", "sáng 20/12"), ("MEETING", "Hội nghị lần thứ 16"), ("ORGANIZER", "Ban Chấp hành Đảng bộ thị xã Cửa Lò")],
     [("Ban Chấp hành Đảng bộ thị xã Cửa Lò", "of", "Hội nghị lần thứ 16"), ("sáng 20/12", "of", "Hội nghị lần thứ 16")]),
    ("(QTO) - Trong ngày 3/8/2022, Thị ủy Ba Đồn tổ chức Hội nghị lần thứ 9.",
     [("DATE", "ngày 3/8/2022"), ("MEETING", "Hội nghị lần thứ 9"), ("ORGANIZER", "Thị ủy Ba Đồn")],
     [("Thị ủy Ba Đồn", "of", "Hội nghị lần thứ 9"), ("ngày 3/8/2022", "of", "Hội nghị lần thứ 9")]),
    ("Chiều nay (4/1), Huyện ủy Tam Nông khai mạc Hội nghị lần thứ 14.",
     [("DATE", "Chiều nay (4/1)"), ("MEETING", "Hội nghị lần thứ 14"), ("ORGANIZER", "Huyện ủy Tam Nông")],
     [("Chiều nay (4/1)", "of", "Hội nghị lần thứ 14"), ("Huyện ủy Tam Nông", "of", "Hội nghị lần thứ 14")]),
    # a caption repeating the meeting and its date
    ("Quang cảnh Hội nghị lần thứ 14 sáng 4/1.\nĐồng chí Bí thư phát biểu tại hội nghị sáng 4/1.",
     [("DATE", "sáng 4/1"), ("DATE", "sáng 4/1"), ("MEETING", "Hội nghị lần thứ 14")],
     [("sáng 4/1", "of", "Hội nghị lần thứ 14")]),
]

# the DATE rules must not fire here
DATE_NEGATIVE = [
    # a congress's date after the verb, in a sentence that also names the meeting
    "Tại Hội nghị lần thứ 5, các đại biểu thống nhất Đại hội Đảng bộ huyện sẽ diễn ra ngày 20/10.",
    # a resolution's date after a bare "hội nghị"
    "Hội nghị lần thứ 5 quán triệt Nghị quyết hội nghị ngày 12/5/2018 của Tỉnh ủy.",
    # an anniversary in brackets and a date range
    "Hội nghị lần thứ 5 diễn ra dịp kỷ niệm Ngày Thương binh - Liệt sĩ (27/7).",
    "Hội nghị lần thứ 5 diễn ra từ ngày 12 - 14/7.",
    # no numbered meeting and no review meeting in the article: no meeting date
    "Sáng 9/10, Huyện ủy tổ chức lễ ra quân làm đường giao thông nông thôn.",
    "Sáng 9/10, Huyện ủy tổ chức hội nghị học tập chuyên đề năm 2024.",
    # the verb "kết luận" of a document, not "phát biểu kết luận hội nghị"
    "Hội nghị lần thứ 5 thảo luận Kết luận hội nghị 25/3/2021 của Tỉnh ủy.",
    # the date of another event named after the meeting
    "Hội nghị lần thứ 8 thống nhất tổ chức lễ kỷ niệm vào ngày 2/9.",
    "Hội nghị lần thứ 8 thống nhất Đại hội sẽ khai mạc vào sáng 20/10.",
    "Hội nghị lần thứ 8 quán triệt kết quả Hội nghị Trung ương 8 diễn ra ngày 12/10.",
]

# ORGANIZER as "<unit> ủy <name>", "do … tổ chức", "mà … tổ chức", "… của Ban Chấp hành Đảng bộ <unit>"
ORGANIZER_FAMILY = [
    ("Quận ủy Cầu Giấy tổ chức Hội nghị lần thứ 21.",
     [("MEETING", "Hội nghị lần thứ 21"), ("ORGANIZER", "Quận ủy Cầu Giấy")],
     [("Quận ủy Cầu Giấy", "of", "Hội nghị lần thứ 21")]),
    ("Hội nghị Ban Chấp hành lần thứ 8 do Ban Thường vụ Huyện ủy Đà Bắc tổ chức.",
     [("MEETING", "Hội nghị Ban Chấp hành lần thứ 8"), ("ORGANIZER", "Ban Thường vụ Huyện ủy Đà Bắc")],
     [("Ban Thường vụ Huyện ủy Đà Bắc", "of", "Hội nghị Ban Chấp hành lần thứ 8")]),
    ("Đây là Hội nghị lần thứ 3 mà Thành ủy Bắc Kạn đã tổ chức trong năm.",
     [("MEETING", "Hội nghị lần thứ 3"), ("ORGANIZER", "Thành ủy Bắc Kạn")],
     [("Thành ủy Bắc Kạn", "of", "Hội nghị lần thứ 3")]),
    ("Hội nghị lần thứ 12 (mở rộng) của Ban Chấp hành Đảng bộ huyện Yên Thủy bàn nhiệm vụ năm 2024.",
     [("MEETING", "Hội nghị lần thứ 12"), ("ORGANIZER", "Ban Chấp hành Đảng bộ huyện Yên Thủy")],
     [("Ban Chấp hành Đảng bộ huyện Yên Thủy", "of", "Hội nghị lần thứ 12")]),
    ("Hội nghị lần thứ 10, khóa XX của Ban Chấp hành Đảng bộ thị xã Phú Thọ.",
     [("MEETING", "Hội nghị lần thứ 10"), ("ORGANIZER", "Ban Chấp hành Đảng bộ thị xã Phú Thọ"), ("TERM", "khóa XX")],
     [("Ban Chấp hành Đảng bộ thị xã Phú Thọ", "of", "Hội nghị lần thứ 10"), ("khóa XX", "of", "Hội nghị lần thứ 10")]),
    ("Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh tổ chức Hội nghị lần thứ 7.",
     [("MEETING", "Hội nghị lần thứ 7"), ("ORGANIZER", "Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh")],
     [("Ban Chấp hành Đảng bộ Khối các cơ quan tỉnh", "of", "Hội nghị lần thứ 7")]),
]

# Guideline 1.2.0 §1: a review meeting without a session number (hội nghị sơ kết / tổng kết)
# has no MEETING, but its DATE and ORGANIZER are labelled, without a relation.
REVIEW_FAMILY = [
    ("Sáng 9/10, Huyện ủy Lục Yên tổ chức hội nghị sơ kết 9 tháng đầu năm.",
     [("DATE", "Sáng 9/10"), ("ORGANIZER", "Huyện ủy Lục Yên")], []),
    ("Báo Điện tử Miền Núi và Trung Du - Chiều 27/12/2022, Thị ủy Sơn Tây tổ chức hội nghị tổng kết năm 2022.",
     [("DATE", "Chiều 27/12/2022"), ("ORGANIZER", "Thị ủy Sơn Tây")], []),
    ("Quang cảnh hội nghị tổng kết công tác năm 2021 của Ban Chấp hành Đảng bộ huyện Yên Lập, sáng 24/12.",
     [("DATE", "sáng 24/12"), ("ORGANIZER", "Ban Chấp hành Đảng bộ huyện Yên Lập")], []),
    ("Hội nghị sơ kết 6 tháng của Thành ủy Cẩm Phả diễn ra chiều 18/7.",
     [("DATE", "chiều 18/7"), ("ORGANIZER", "Thành ủy Cẩm Phả")], []),
    ("Đây là hội nghị tổng kết đầu tiên mà Huyện ủy Mường Tè tổ chức sau khi chia tách.",
     [("ORGANIZER", "Huyện ủy Mường Tè")], []),
    ("Hội nghị sơ kết 6 tháng.\nBí thư Huyện ủy phát biểu kết luận hội nghị sáng 12-7.",
     [("DATE", "sáng 12-7")], []),
    # numbered meetings: the organiser after "được", a long designation, "(mở rộng)" after the body
    ("Hội nghị lần thứ 4 Ban Chấp hành Đảng bộ thị xã Điện Bàn khóa XXII, nhiệm kỳ 2020 - 2025 được Thị ủy tổ chức ngày 5/1.",
     [("DATE", "ngày 5/1"), ("MEETING", "Hội nghị lần thứ 4"), ("ORGANIZER", "Ban Chấp hành Đảng bộ thị xã Điện Bàn"),
      ("ORGANIZER", "Thị ủy"), ("TERM", "khóa XXII"), ("TERM", "nhiệm kỳ 2020 - 2025")],
     [("Ban Chấp hành Đảng bộ thị xã Điện Bàn", "of", "Hội nghị lần thứ 4"), ("Thị ủy", "of", "Hội nghị lần thứ 4"),
      ("khóa XXII", "of", "Hội nghị lần thứ 4"), ("ngày 5/1", "of", "Hội nghị lần thứ 4"),
      ("nhiệm kỳ 2020 - 2025", "of", "Hội nghị lần thứ 4")]),
    ("Hội nghị Ban Chấp hành Đảng bộ thị xã Quảng Trị lần thứ 9",
     [("MEETING", "Hội nghị Ban Chấp hành Đảng bộ thị xã Quảng Trị lần thứ 9")], []),
    ("Hội nghị lần thứ sáu Ban Chấp hành Đảng bộ huyện Krông Pắc (mở rộng)",
     [("MEETING", "Hội nghị lần thứ sáu"), ("ORGANIZER", "Ban Chấp hành Đảng bộ huyện Krông Pắc")],
     [("Ban Chấp hành Đảng bộ huyện Krông Pắc", "of", "Hội nghị lần thứ sáu")]),
]

REVIEW_NEGATIVE = [
    # the body owns the resolution the review is about, not the meeting
    ("Hội nghị sơ kết 5 năm thực hiện Nghị quyết số 05 của Tỉnh ủy Lai Châu.", []),
    # a deadline in a review article is not the meeting's date
    ("Huyện ủy tổ chức hội nghị sơ kết; các chi bộ hoàn thành báo cáo trước ngày 30/6.", [("ORGANIZER", "Huyện ủy")]),
    # a headline subject of "sơ kết" without the meeting noun
    ("Thị ủy Hương Trà sơ kết 6 tháng đầu năm 2023", []),
]

ORGANIZER_NEGATIVE = [
    # the body in another role: not the organiser
    ("Sau Hội nghị lần thứ 8, Huyện ủy Đà Bắc đã chỉ đạo các chi bộ.", [("MEETING", "Hội nghị lần thứ 8")]),
    ("Hội nghị lần thứ 8 đề nghị Ban Thường vụ Huyện ủy Đà Bắc chỉ đạo.", [("MEETING", "Hội nghị lần thứ 8")]),
    # "do" introducing a cause, not an agent that holds the meeting
    ("Hội nghị lần thứ 8 hoãn do Huyện ủy Đà Bắc bận công tác.", [("MEETING", "Hội nghị lần thứ 8")]),
    # "tổ chức thực hiện" is carrying out a task, not holding the meeting
    ("Hội nghị lần thứ 8 đánh giá các nhiệm vụ do Huyện ủy Đà Bắc tổ chức thực hiện.", [("MEETING", "Hội nghị lần thứ 8")]),
]


@pytest.mark.parametrize("text, spans, relations", DATE_FAMILY + ORGANIZER_FAMILY + REVIEW_FAMILY)
def test_issue15_families(text, spans, relations):
    got_spans, got_rels = _found(text)
    assert got_spans == sorted(spans)
    assert got_rels == sorted(relations)


@pytest.mark.parametrize("text", DATE_NEGATIVE)
def test_no_meeting_date(text):
    assert [t for label, t in _found(text)[0] if label == "DATE"] == []


@pytest.mark.parametrize("text, spans", ORGANIZER_NEGATIVE + REVIEW_NEGATIVE)
def test_not_an_organizer(text, spans):
    assert _found(text)[0] == sorted(spans)


# "khóa" of a course is no term of office (TERM over-prediction)
TERM_NEGATIVE = ["Lớp bồi dưỡng cán bộ nguồn khóa 3 khai giảng.", "Học viên khóa IV tốt nghiệp.",
                 "Sinh viên khóa 12 của trường tham gia."]


@pytest.mark.parametrize("text", TERM_NEGATIVE)
def test_course_is_not_a_term(text):
    assert _found(text)[0] == []
