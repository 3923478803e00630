"""hoinghi.normalize.numerals: tables of cases (Evaluate style), one table per parser."""
from decimal import Decimal

import pytest

from hoinghi.normalize import parse_number, parse_ordinal, parse_roman, to_roman

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
