"""hoinghi.normalize.text: tables of cases (Evaluate style), one table per parser."""
import pytest
from hypothesis import given, strategies as st

from hoinghi.normalize import fold_text

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
