"""hoinghi.normalize: tables of cases (Evaluate style), one table per parser."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from hoinghi.normalize import (
    DateValue,
    fold_text,
    normalize_value,
    parse_date,
    parse_number,
    parse_ordinal,
    parse_roman,
    parse_term,
    to_roman,
)

FOLD_CASES = [
    # (input, expected)
    ("Quận uỷ", "Quận ủy"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("văn hoá, khoá XX", "văn hóa, khóa XX"),
    ("sức khoẻ", "sức khỏe"),
    ("thuỷ lợi, Thuỵ", "thủy lợi, Thụy"),
    ("HOÁ", "HÓA"),
    ("quỹ đất, quý II, Quỳnh", "quỹ đất, quý II, Quỳnh"),  # qu words untouched
    ("hoàn thành, toàn, khoản", "hoàn thành, toàn, khoản"),  # closed syllables untouched
    ("thuế, huyện, khuyến", "thuế, huyện, khuyến"),
    ("a\u00a0b\u202fc", "a b c"),
    ("", ""),
]


@pytest.mark.parametrize("text, expected", FOLD_CASES)
def test_fold_text(text, expected):
    assert fold_text(text) == expected
    assert len(fold_text(text)) == len(text)


@given(st.text(alphabet="aáàảãạoòóỏõọuùúủũụyýỳỷỹỵeéèẻẽẹqQhk \u00a0.,", max_size=40))
def test_fold_text_preserves_length_and_is_idempotent(text):
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert fold_text(folded) == folded


NUMBER_CASES = [
    ("50.068", Decimal("50068")),
    ("18.574", Decimal("18574")),
    ("9,54", Decimal("9.54")),
    ("7,938", Decimal("7.938")),  # comma is the decimal mark in Vietnamese
    ("1.234.567", Decimal("1234567")),
    ("1.234,5", Decimal("1234.5")),
    ("03", Decimal("3")),
    ("100", Decimal("100")),
    ("1,234.5", Decimal("1234.5")),  # English style is recognised
    ("1,234,567", Decimal("1234567")),
    ("3.5", Decimal("3.5")),
]


@pytest.mark.parametrize("text, expected", NUMBER_CASES)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1..2", "12.3,4,5", "1,2.3,4"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


ROMAN_CASES = [("I", 1), ("IV", 4), ("IX", 9), ("XII", 12), ("XIV", 14), ("XIX", 19), ("XXVI", 26),
               ("XL", 40), ("XCIX", 99), ("MMXXV", 2025)]


@pytest.mark.parametrize("text, expected", ROMAN_CASES)
def test_roman_round_trip(text, expected):
    assert parse_roman(text) == expected
    assert to_roman(expected) == text


@pytest.mark.parametrize("text", ["", "IIII", "VX", "iv", "ABC"])
def test_parse_roman_rejects(text):
    with pytest.raises(ValueError):
        parse_roman(text)


ORDINAL_CASES = [
    ("7", 7), ("03", 3), ("XVII", 17), ("thứ nhất", 1), ("nhất", 1), ("hai", 2), ("ba", 3),
    ("tư", 4), ("thứ tư", 4), ("bốn", 4), ("năm", 5), ("sáu", 6), ("bảy", 7), ("tám", 8), ("chín", 9),
    ("mười", 10), ("mười một", 11), ("mười lăm", 15), ("hai mươi", 20), ("hai mươi mốt", 21),
    ("hai mốt", 21), ("ba mươi lăm", 35), ("Thứ Mười", 10),
]


@pytest.mark.parametrize("text, expected", ORDINAL_CASES)
def test_parse_ordinal(text, expected):
    assert parse_ordinal(text) == expected


@pytest.mark.parametrize("text", ["", "qua", "này", "mươi", "mười mươi"])
def test_parse_ordinal_rejects(text):
    with pytest.raises(ValueError):
        parse_ordinal(text)


DATE_CASES = [
    # (text, year for fill-in, expected)
    ("Ngày 9-4", None, DateValue(None, 4, 9)),
    ("ngày 28/2", None, DateValue(None, 2, 28)),
    ("Chiều ngày 14/01/2021", None, DateValue(2021, 1, 14)),
    ("tối 5.9", None, DateValue(None, 9, 5)),
    ("ngày 3 tháng 6 năm 2019", None, DateValue(2019, 6, 3)),
    ("ngày 3 tháng 6", 2024, DateValue(2024, 6, 3)),
    ("Ngày 9-4", 2021, DateValue(2021, 4, 9)),
    ("ngày 1/2/2019", 2024, DateValue(2019, 2, 1)),  # a written year wins
    ("tháng 8/2022", None, DateValue(2022, 8)),
    ("sáng 6/5/22", None, DateValue(2022, 5, 6)),
    ("Sáng\u00a0ngày 12 - 3", None, DateValue(None, 3, 12)),
]


@pytest.mark.parametrize("text, year, expected", DATE_CASES)
def test_parse_date(text, year, expected):
    assert parse_date(text, year=year) == expected


@pytest.mark.parametrize("text", ["12/12 chỉ tiêu đạt", "tỷ lệ 1/2000", "31/2", "13/13", "Quyết định 08-QĐ", "32-7"])
def test_parse_date_rejects(text):
    # 12/12 is a valid day/month on its own; the extractor, not the parser, decides the role.
    if text.startswith("12/12"):
        assert parse_date(text) == DateValue(None, 12, 12)
        return
    with pytest.raises(ValueError):
        parse_date(text)


TERM_CASES = [
    ("nhiệm kỳ 2015-2020", "nhiệm kỳ 2015-2020"),
    ("nhiệm kỳ 2015 - 2020", "nhiệm kỳ 2015-2020"),
    ("Nhiệm kỳ 2015 – 2020", "nhiệm kỳ 2015-2020"),
    ("nhiệm\u00a0kỳ 2015—2020", "nhiệm kỳ 2015-2020"),
    ("khóa XIX", "khóa 19"),
    ("khoá XIX", "khóa 19"),
    ("khóa 19", "khóa 19"),
    ("Khóa X, XI, XII", "khóa 10, 11, 12"),
]


@pytest.mark.parametrize("text, expected", TERM_CASES)
def test_parse_term(text, expected):
    assert parse_term(text).canonical() == expected


@pytest.mark.parametrize("text", ["nhiệm kỳ qua", "toàn khóa", "khóa họp"])
def test_parse_term_rejects(text):
    with pytest.raises(ValueError):
        parse_term(text)


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
