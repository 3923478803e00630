"""hoinghi.extractors.figures: which numbers are figures, and their extent (invented sentences)."""
import pytest

from hoinghi.extractors.figures import figures
from hoinghi.normalize import fold_text

# (text, expected (label, text) figures in text order)
CASES = [
    ("Thu đạt 50.068 tỷ đồng, bằng 96% dự toán, tăng 9,54%.",
     [("VALUE", "50.068 tỷ đồng"), ("TARGET", "96% dự toán"), ("CHANGE", "tăng 9,54%")]),
    ("Chi đạt 41% kế hoạch năm; giải ngân 100% kế hoạch vốn đầu tư công.",
     [("TARGET", "41% kế hoạch năm"), ("TARGET", "100% kế hoạch vốn đầu tư công")]),
    ("Thu bằng 58% kế hoạch giao của HĐND thị xã.", [("TARGET", "58% kế hoạch giao của HĐND thị xã")]),
    ("Sản lượng đạt 1,4 triệu tấn, năng suất 62,5 tạ/ha.", [("VALUE", "1,4 triệu tấn"), ("VALUE", "62,5 tạ/ha")]),
    ("Đón 95.000 lượt khách du lịch, tăng gấp 2 lần.", [("VALUE", "95.000 lượt khách du lịch"), ("CHANGE", "tăng gấp 2 lần")]),
    ("Hỗ trợ 310 người và hộ kinh doanh gặp khó khăn.", [("VALUE", "310 người và hộ kinh doanh")]),
    ("Giảm tỷ lệ hộ nghèo 1,2%; tỷ lệ thất nghiệp dưới 3%.", [("CHANGE", "1,2%"), ("VALUE", "dưới 3%")]),
    ("Tổng thu vượt 2,6 nghìn tỷ đồng.", [("VALUE", "vượt 2,6 nghìn tỷ đồng")]),
    ("Năng suất cao hơn cùng kỳ 0,5 tấn/ha.", [("CHANGE", "0,5 tấn/ha")]),
]

NEGATIVE = [
    "Tốc độ tăng vượt 2% so với mục tiêu.",       # "vượt N%" without a plan noun
    "Sản lượng giảm do 800 ha lúa bị ngập.",      # a cause
    "Năng suất tăng so với năm trước 0,5 tấn/ha.",  # after a comparison base without a direction word
    "Tỷ lệ cử tri đi bầu đạt 99,5%.",             # out of the schema's scope
    "Hoàn thành 19/19 tiêu chí, không đạt 100% kế hoạch.",
]


@pytest.mark.parametrize("text, expected", CASES)
def test_figures(text, expected):
    got = [(m.label, text[m.start:m.end]) for m in figures(fold_text(text), 0, len(text))]
    assert got == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_figures(text):
    assert figures(fold_text(text), 0, len(text)) == []
