"""hoinghi.extractors.phrases: where an indicator's name starts and ends (invented phrases)."""
import pytest

from hoinghi.extractors.phrases import clean_phrase, last_boundary, starts_with_measure

# (phrase before a figure, the name left after connectors and verbs are trimmed)
CLEAN = [
    ("Trong đó, thu ngân sách ước đạt ", "thu ngân sách"),
    ("giải quyết việc làm cho ", "giải quyết việc làm"),
    ("thu tiền sử dụng đất chỉ bằng ", "thu tiền sử dụng đất"),
    ("diện tích trồng rừng mới đạt ", "diện tích trồng rừng mới"),
    ("tỷ lệ giải ngân đến ngày 20/12 đạt ", "tỷ lệ giải ngân"),
    ("Thu hút đầu tư tiếp tục khởi sắc với ", "Thu hút đầu tư"),
    ("Công tác giải ngân còn chậm, mới đạt ", "giải ngân còn chậm"),
    ("phấn đấu ", ""),
]


@pytest.mark.parametrize("phrase, name", CLEAN)
def test_clean_phrase(phrase, name):
    s, e = clean_phrase(phrase, 0, len(phrase))
    assert phrase[s:e] == name


MEASURE = [("Tổng thu", True), ("tỷ lệ hộ nghèo", True), ("thu hút đầu tư", False), ("chi bộ", False),
           ("một số", False), ("thành lập mới", False)]


@pytest.mark.parametrize("phrase, is_measure", MEASURE)
def test_starts_with_measure(phrase, is_measure):
    assert starts_with_measure(phrase, 0) is is_measure


def test_last_boundary_keeps_a_closed_bracket_group():
    t = "Tổng giá trị (giá so sánh 2010) đạt"
    assert last_boundary(t, 0, len(t)) == 0
    t = "Thu đạt 5 tỷ đồng, chi đạt"
    assert t[last_boundary(t, 0, len(t)):] == " chi đạt"
