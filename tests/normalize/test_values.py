"""hoinghi.normalize.values: tables of cases (Evaluate style), one table per parser."""
import pytest

from hoinghi.normalize import normalize_value

# (label, a, b): the two texts normalise to the same value
SAME_VALUE = [
    ("VALUE", "12.345 tỷ đồng", "12345 tỷ đồng"),
    ("VALUE", "12.345 tỉ đồng", "12345  tỷ\u00a0đồng"),
    ("VALUE", "4,7 %", "4,7%"),
    ("CHANGE", "tăng 3,2 lần", "Tăng 3,2 lần"),
    ("TARGET", "61,5% dự toán", "61,5 % dự toán"),
    ("PERIOD", "9 tháng đầu năm 2024", "9 tháng đầu năm 2024."),
    ("DATE", "Sáng ngày 05/03/2021", "ngày 5-3-2021"),
    ("DATE", "Chiều 9/4", "Ngày 9-4"),
    ("TERM", "khóa XIX", "khoá 19"),
    ("TERM", "nhiệm kỳ 2025 - 2030", "nhiệm kỳ 2025–2030"),
    ("MEETING", "Hội nghị lần thứ IX", "hội nghị lần thứ chín"),
    ("MEETING", "Hội nghị Ban Chấp hành lần thứ 7", "Hội nghị Ban chấp hành lần thứ bảy"),
    ("ORGANIZER", "Huyện uỷ Tân Lạc", "Huyện ủy Tân Lạc"),
    ("ORGANIZER", "Ban Chấp hành Đảng bộ huyện", "Ban chấp hành Đảng bộ Huyện"),
    ("POSITION", "Phó Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND Tỉnh"),
    ("POSITION", "Tỉnh uỷ viên", "Tỉnh ủy viên"),
    ("PERSON", "Trần Thị Thuý", "Trần Thị Thúy"),
    ("PERSON", "ĐINH VĂN LONG", "Đinh Văn Long"),
    ("PERSON", "ông Đinh Văn Long", "Đinh Văn Long"),
    ("INDICATOR", "Thu ngân sách\u00a0nhà nước", "thu ngân sách nhà nước"),
    ("INDICATOR", "Thu NSNN", "thu ngân sách nhà nước"),
    ("POSITION", "Chủ tịch UBND TP Hải Phòng", "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"),
    ("POSITION", "Phó Chủ tịch HĐND tỉnh", "Phó Chủ tịch Hội đồng nhân dân tỉnh"),
    ("ORGANIZER", "BCH Đảng bộ huyện", "Ban Chấp hành Đảng bộ huyện"),
]


@pytest.mark.parametrize("label, a, b", SAME_VALUE)
def test_same_value(label, a, b):
    assert normalize_value(label, a) == normalize_value(label, b)


# (label, a, b): the two texts are different values
DIFFERENT_VALUE = [
    ("VALUE", "12.345 tỷ đồng", "12,345 tỷ đồng"),
    ("VALUE", "trên 50 tỷ đồng", "50 tỷ đồng"),
    ("CHANGE", "tăng 5%", "giảm 5%"),
    ("CHANGE", "tăng 1,2 điểm %", "tăng 1,2%"),
    ("DATE", "Ngày 9-4", "Ngày 4-9"),
    ("TERM", "khóa XIX", "khóa XX"),
    ("MEETING", "Hội nghị lần thứ 9", "Hội nghị lần thứ 19"),
    ("PERSON", "Trần Thị Thủy", "Trần Thị Thùy"),
    ("POSITION", "Bí thư Huyện ủy", "Phó Bí thư Huyện ủy"),
    ("POSITION", "Chủ tịch UBND tỉnh", "Chủ tịch HĐND tỉnh"),
]


@pytest.mark.parametrize("label, a, b", DIFFERENT_VALUE)
def test_different_value(label, a, b):
    assert normalize_value(label, a) != normalize_value(label, b)


CANONICAL = [
    ("VALUE", "12.345 tỷ đồng", "12345 tỷ đồng"),
    ("VALUE", "khoảng 1,5 triệu USD", "khoảng 1.5 triệu usd"),
    ("CHANGE", "giảm 0,8 điểm %", "giảm 0.8 điểm%"),
    ("DATE", "Ngày 9-4", "--04-09"),
    ("DATE", "không rõ", "không rõ"),  # unreadable: folded text, no error
    ("TERM", "khóa XIX", "khóa 19"),
    ("MEETING", "Hội nghị lần thứ IX", "hội nghị lần thứ 9"),
    ("ORGANIZER", "Ban Chấp hành Đảng bộ tỉnh (Hòa Bình)", "ban chấp hành đảng bộ tỉnh (hòa bình)"),
    ("PERSON", " Lê  Văn Tám,", "Lê Văn Tám"),
]


@pytest.mark.parametrize("label, text, expected", CANONICAL)
def test_canonical_value(label, text, expected):
    assert normalize_value(label, text) == expected


def test_date_year_fill_in():
    assert normalize_value("DATE", "Ngày 9-4", year=2021) == "2021-04-09"
    assert normalize_value("DATE", "ngày 9/4/2019", year=2021) == "2019-04-09"
