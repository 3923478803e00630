"""hoinghi.extractors.rules_indicators: invented sentences in the genre, as data tables."""
import pytest

from hoinghi.extractors import rules_indicators
from hoinghi.normalize import fold_text


def _found(text):
    ms = rules_indicators.find(fold_text(text))
    spans = sorted((m.label, text[m.start:m.end]) for m in ms)
    rels = sorted((text[m.start:m.end], text[t.start:t.end]) for m in ms for _, t in m.links)
    return spans, rels


# (text, expected spans, expected "of" relations (figure or period, indicator))
CASES = [
    ("Tổng thu ngân sách trên địa bàn tỉnh đạt 12.345 tỷ đồng, bằng 56,7% dự toán, tăng 12% so với cùng kỳ.",
     [("CHANGE", "tăng 12%"), ("INDICATOR", "Tổng thu ngân sách trên địa bàn tỉnh"), ("TARGET", "56,7% dự toán"),
      ("VALUE", "12.345 tỷ đồng")],
     [("12.345 tỷ đồng", "Tổng thu ngân sách trên địa bàn tỉnh"), ("56,7% dự toán", "Tổng thu ngân sách trên địa bàn tỉnh"),
      ("tăng 12%", "Tổng thu ngân sách trên địa bàn tỉnh")]),
    ("- GRDP 6 tháng đầu năm 2024 ước tăng 7,5% so với cùng kỳ năm 2023.",
     [("CHANGE", "tăng 7,5%"), ("INDICATOR", "GRDP"), ("PERIOD", "6 tháng đầu năm 2024")],
     [("6 tháng đầu năm 2024", "GRDP"), ("tăng 7,5%", "GRDP")]),
    ("Năm 2023, tốc độ tăng trưởng kinh tế đạt 8,5%, thu nhập bình quân đầu người đạt 75 triệu đồng.",
     [("INDICATOR", "thu nhập bình quân đầu người"), ("INDICATOR", "tốc độ tăng trưởng kinh tế"),
      ("PERIOD", "Năm 2023"), ("VALUE", "75 triệu đồng"), ("VALUE", "8,5%")],
     [("75 triệu đồng", "thu nhập bình quân đầu người"), ("8,5%", "tốc độ tăng trưởng kinh tế"),
      ("Năm 2023", "tốc độ tăng trưởng kinh tế")]),
    ("Kim ngạch xuất khẩu ước đạt khoảng 1,2 tỷ USD; Vốn đầu tư công giải ngân được 3.456 tỷ đồng, đạt 78% kế hoạch.",
     [("INDICATOR", "Kim ngạch xuất khẩu"), ("INDICATOR", "Vốn đầu tư công giải ngân"), ("TARGET", "78% kế hoạch"),
      ("VALUE", "3.456 tỷ đồng"), ("VALUE", "khoảng 1,2 tỷ USD")],
     [("3.456 tỷ đồng", "Vốn đầu tư công giải ngân"), ("78% kế hoạch", "Vốn đầu tư công giải ngân"),
      ("khoảng 1,2 tỷ USD", "Kim ngạch xuất khẩu")]),
    ("Chi ngân sách huyện đạt 640 tỷ đồng, bằng 51,2% dự toán tỉnh giao.",
     [("INDICATOR", "Chi ngân sách huyện"), ("TARGET", "51,2% dự toán tỉnh giao"), ("VALUE", "640 tỷ đồng")],
     [("51,2% dự toán tỉnh giao", "Chi ngân sách huyện"), ("640 tỷ đồng", "Chi ngân sách huyện")]),
    ("Tỷ lệ hộ nghèo giảm 1,25 điểm %, còn 2,1%.",
     [("CHANGE", "giảm 1,25 điểm %"), ("INDICATOR", "Tỷ lệ hộ nghèo"), ("VALUE", "2,1%")],
     [("2,1%", "Tỷ lệ hộ nghèo"), ("giảm 1,25 điểm %", "Tỷ lệ hộ nghèo")]),
    ("Trong nhiệm kỳ qua, tổng vốn huy động cho xây dựng nông thôn mới là 1.020 tỷ đồng, gấp 2,5 lần nhiệm kỳ trước.",
     [("INDICATOR", "tổng vốn huy động cho xây dựng nông thôn mới"), ("PERIOD", "nhiệm kỳ qua"), ("VALUE", "1.020 tỷ đồng")],
     [("1.020 tỷ đồng", "tổng vốn huy động cho xây dựng nông thôn mới"),
      ("nhiệm kỳ qua", "tổng vốn huy động cho xây dựng nông thôn mới")]),
    ("Thu nhập bình quân đầu người đạt 75 triệu đồng/người/năm, tăng 10,2 triệu đồng.",
     [("CHANGE", "tăng 10,2 triệu đồng"), ("INDICATOR", "Thu nhập bình quân đầu người"), ("VALUE", "75 triệu đồng/người/năm")],
     [("75 triệu đồng/người/năm", "Thu nhập bình quân đầu người"), ("tăng 10,2 triệu đồng", "Thu nhập bình quân đầu người")]),
    ("Tổng sản phẩm trên địa bàn (GRDP) năm 2023 tăng 8,12%, đứng thứ 5 cả nước.",
     [("CHANGE", "tăng 8,12%"), ("INDICATOR", "Tổng sản phẩm trên địa bàn (GRDP)"), ("PERIOD", "năm 2023")],
     [("năm 2023", "Tổng sản phẩm trên địa bàn (GRDP)"), ("tăng 8,12%", "Tổng sản phẩm trên địa bàn (GRDP)")]),
    # a lead-in clause before the period; "giảm xuống còn" is not part of the name
    ("Báo cáo tại hội nghị cho thấy, năm 2023, tỷ lệ hộ nghèo giảm xuống còn 0,5%.",
     [("INDICATOR", "tỷ lệ hộ nghèo"), ("PERIOD", "năm 2023"), ("VALUE", "0,5%")],
     [("0,5%", "tỷ lệ hộ nghèo"), ("năm 2023", "tỷ lệ hộ nghèo")]),
    # a verb phrase names the indicator, without the locality as its subject
    ("Trong năm, huyện Lương Sơn thành lập mới 120 doanh nghiệp.",
     [("INDICATOR", "thành lập mới"), ("VALUE", "120 doanh nghiệp")], [("120 doanh nghiệp", "thành lập mới")]),
]

# figures outside the schema's scope (docs/guidelines.md §2)
NEGATIVE = [
    "Toàn tỉnh hoàn thành 18/18 chỉ tiêu, bản đồ quy hoạch tỷ lệ 1/2000.",
    "Công tác tuyển quân đạt 100% chỉ tiêu, giao 650 thanh niên lên đường nhập ngũ.",
    "Kết nạp 1.245 đảng viên mới; 320/320 chi bộ đăng ký 960 nội dung sinh hoạt chuyên đề.",
    "Tỷ lệ xây dựng có phép không đạt 100% theo chỉ tiêu.",
    "Tỉnh đề ra 7 giải pháp, 03 khâu đột phá và kỷ niệm 30 năm tái lập tỉnh.",
    "Năm 2024 là năm có ý nghĩa quan trọng.",
    "Đảng ủy xã có 25 chi bộ với 1.150 đảng viên.",
]

# the indicator's name starts at a measure noun, not at "thu hút" / "chi bộ"
MEASURE_START = [
    ("Huyện thu hút đầu tư, tổng vốn đăng ký đạt 2.300 tỷ đồng.", "tổng vốn đăng ký"),
    ("Huyện phấn đấu tốc độ tăng trưởng kinh tế đạt trên 10%.", "tốc độ tăng trưởng kinh tế"),
    ("Các chi bộ vận động, giá trị đóng góp đạt 12 tỷ đồng.", "giá trị đóng góp"),
]


@pytest.mark.parametrize("text, spans, relations", CASES)
def test_indicators(text, spans, relations):
    got_spans, got_rels = _found(text)
    assert got_spans == sorted(spans)
    assert got_rels == sorted(relations)


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_indicators(text):
    assert _found(text)[0] == []


@pytest.mark.parametrize("text, indicator", MEASURE_START)
def test_indicator_starts_at_a_measure_noun(text, indicator):
    spans, _ = _found(text)
    assert [t for label, t in spans if label == "INDICATOR"] == [indicator]
