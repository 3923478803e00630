"""hoinghi.normalize.terms: tables of cases (Evaluate style), one table per parser."""
import pytest

from hoinghi.normalize import parse_term

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
