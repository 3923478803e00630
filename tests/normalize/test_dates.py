"""hoinghi.normalize.dates: tables of cases (Evaluate style), one table per parser."""
import pytest

from hoinghi.normalize import DateValue, parse_date

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
