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
    # "Trong năm" gives the PERIOD "năm" (guideline 1.2.0, relative periods)
    ("Trong năm, huyện Lương Sơn thành lập mới 120 doanh nghiệp.",
     [("INDICATOR", "thành lập mới"), ("PERIOD", "năm"), ("VALUE", "120 doanh nghiệp")],
     [("120 doanh nghiệp", "thành lập mới"), ("năm", "thành lập mới")]),
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


# Families of issue 15 (reference-1.2.0): invented sentences, (text, spans, relations).
# PERIOD in headlines, after "trong", spelled out, opening a colon-list (guideline 1.1.0).
PERIOD_FAMILY = [
    ("Thị xã Sông Cầu: Thu ngân sách 9 tháng đạt 410 tỷ đồng\n",
     [("INDICATOR", "Thu ngân sách"), ("PERIOD", "9 tháng"), ("VALUE", "410 tỷ đồng")],
     [("410 tỷ đồng", "Thu ngân sách"), ("9 tháng", "Thu ngân sách")]),
    ("Tăng trưởng kinh tế năm 2022 ước đạt 6,8%\n",
     [("INDICATOR", "Tăng trưởng kinh tế"), ("PERIOD", "năm 2022"), ("VALUE", "6,8%")],
     [("6,8%", "Tăng trưởng kinh tế"), ("năm 2022", "Tăng trưởng kinh tế")]),
    ("Tổng thu ngân sách trong 6 tháng đầu năm 2019 đạt 230 tỷ đồng.",
     [("INDICATOR", "Tổng thu ngân sách"), ("PERIOD", "6 tháng đầu năm 2019"), ("VALUE", "230 tỷ đồng")],
     [("230 tỷ đồng", "Tổng thu ngân sách"), ("6 tháng đầu năm 2019", "Tổng thu ngân sách")]),
    ("Giá trị xuất khẩu đạt 95 triệu USD trong 6 tháng đầu năm.",
     [("INDICATOR", "Giá trị xuất khẩu"), ("PERIOD", "6 tháng đầu năm"), ("VALUE", "95 triệu USD")],
     [("6 tháng đầu năm", "Giá trị xuất khẩu"), ("95 triệu USD", "Giá trị xuất khẩu")]),
    ("Chín tháng đầu năm 2017, giá trị sản xuất công nghiệp tăng 11,2%.",
     [("CHANGE", "tăng 11,2%"), ("INDICATOR", "giá trị sản xuất công nghiệp"), ("PERIOD", "Chín tháng đầu năm 2017")],
     [("Chín tháng đầu năm 2017", "giá trị sản xuất công nghiệp"), ("tăng 11,2%", "giá trị sản xuất công nghiệp")]),
    ("Báo cáo của Ban Thường vụ Huyện ủy cho biết, 9 tháng năm 2021, tổng vốn đầu tư đạt 1.200 tỷ đồng.",
     [("INDICATOR", "tổng vốn đầu tư"), ("PERIOD", "9 tháng năm 2021"), ("VALUE", "1.200 tỷ đồng")],
     [("1.200 tỷ đồng", "tổng vốn đầu tư"), ("9 tháng năm 2021", "tổng vốn đầu tư")]),
    ("Một số chỉ tiêu chủ yếu của năm 2021:\n- Tổng thu ngân sách đạt 1.250 tỷ đồng, bằng 82% dự toán.\n\n"
     "- Giá trị sản xuất công nghiệp tăng 12,4%.\nHội nghị cũng chỉ ra hạn chế.",
     [("CHANGE", "tăng 12,4%"), ("INDICATOR", "Giá trị sản xuất công nghiệp"), ("INDICATOR", "Tổng thu ngân sách"),
      ("PERIOD", "năm 2021"), ("TARGET", "82% dự toán"), ("VALUE", "1.250 tỷ đồng")],
     [("1.250 tỷ đồng", "Tổng thu ngân sách"), ("82% dự toán", "Tổng thu ngân sách"),
      ("năm 2021", "Giá trị sản xuất công nghiệp"), ("năm 2021", "Tổng thu ngân sách"),
      ("tăng 12,4%", "Giá trị sản xuất công nghiệp")]),
    ("Lũy kế 9 tháng, giải ngân vốn đầu tư công đạt 65% kế hoạch.",
     [("INDICATOR", "giải ngân vốn đầu tư công"), ("PERIOD", "9 tháng"), ("TARGET", "65% kế hoạch")],
     [("65% kế hoạch", "giải ngân vốn đầu tư công"), ("9 tháng", "giải ngân vốn đầu tư công")]),
    ("Ước cả năm, tổng thu ngân sách đạt 2.100 tỷ đồng.",
     [("INDICATOR", "tổng thu ngân sách"), ("PERIOD", "cả năm"), ("VALUE", "2.100 tỷ đồng")],
     [("2.100 tỷ đồng", "tổng thu ngân sách"), ("cả năm", "tổng thu ngân sách")]),
    # the item's own period wins over the opener's
    ("Cụ thể, trong 9 tháng đầu năm 2018:\n+ Thu ngân sách đạt 300 tỷ đồng.\n+ Kim ngạch xuất khẩu quý III/2018 đạt 40 triệu USD.",
     [("INDICATOR", "Kim ngạch xuất khẩu"), ("INDICATOR", "Thu ngân sách"), ("PERIOD", "9 tháng đầu năm 2018"),
      ("PERIOD", "quý III/2018"), ("VALUE", "300 tỷ đồng"), ("VALUE", "40 triệu USD")],
     [("300 tỷ đồng", "Thu ngân sách"), ("40 triệu USD", "Kim ngạch xuất khẩu"), ("9 tháng đầu năm 2018", "Thu ngân sách"),
      ("quý III/2018", "Kim ngạch xuất khẩu")]),
    # an inline colon-list
    ("Kết quả năm 2020: tổng thu ngân sách đạt 500 tỷ đồng; chi ngân sách 400 tỷ đồng.",
     [("INDICATOR", "chi ngân sách"), ("INDICATOR", "tổng thu ngân sách"), ("PERIOD", "năm 2020"),
      ("VALUE", "400 tỷ đồng"), ("VALUE", "500 tỷ đồng")],
     [("400 tỷ đồng", "chi ngân sách"), ("500 tỷ đồng", "tổng thu ngân sách"), ("năm 2020", "chi ngân sách"),
      ("năm 2020", "tổng thu ngân sách")]),
]

# reference-1.3.0 (synthetic-provinces train/dev): a PERIOD right before its indicator (headlines,
# "phấn đấu năm N …", "chỉ tiêu năm N, trong đó …"), relative periods, crop seasons, a lead clause,
# "cả năm" before a figure, a colon-list opener with the period inside it
PERIOD_FAMILY_13 = [
    ("Lục Ngạn: 9 tháng đầu năm 2021 tổng thu ngân sách đạt 310 tỷ đồng",
     [("INDICATOR", "tổng thu ngân sách"), ("PERIOD", "9 tháng đầu năm 2021"), ("VALUE", "310 tỷ đồng")],
     [("310 tỷ đồng", "tổng thu ngân sách"), ("9 tháng đầu năm 2021", "tổng thu ngân sách")]),
    ("Lục Ngạn: 6 tháng giá trị sản xuất tăng 7,2%",
     [("CHANGE", "tăng 7,2%"), ("INDICATOR", "giá trị sản xuất"), ("PERIOD", "6 tháng")],
     [("6 tháng", "giá trị sản xuất"), ("tăng 7,2%", "giá trị sản xuất")]),
    ("Đồng chí yêu cầu đôn đốc các khoản thu, phấn đấu năm 2021 thu ngân sách đạt 105% dự toán.",
     [("INDICATOR", "thu ngân sách"), ("PERIOD", "năm 2021"), ("TARGET", "105% dự toán")],
     [("105% dự toán", "thu ngân sách"), ("năm 2021", "thu ngân sách")]),
    ("Ông cho biết, năm 2022 huyện phấn đấu tổng giá trị sản xuất tăng 9%.",
     [("CHANGE", "tăng 9%"), ("INDICATOR", "tổng giá trị sản xuất"), ("PERIOD", "năm 2022")],
     [("năm 2022", "tổng giá trị sản xuất"), ("tăng 9%", "tổng giá trị sản xuất")]),
    ("Tập trung hoàn thành các chỉ tiêu năm 2019, trong đó thu ngân sách đạt 120 tỷ đồng.",
     [("INDICATOR", "thu ngân sách"), ("PERIOD", "năm 2019"), ("VALUE", "120 tỷ đồng")],
     [("120 tỷ đồng", "thu ngân sách"), ("năm 2019", "thu ngân sách")]),
    ("Năm qua, tổng thu ngân sách đạt 95 tỷ đồng.",
     [("INDICATOR", "tổng thu ngân sách"), ("PERIOD", "Năm qua"), ("VALUE", "95 tỷ đồng")],
     [("95 tỷ đồng", "tổng thu ngân sách"), ("Năm qua", "tổng thu ngân sách")]),
    ("Diện tích chè niên vụ 2022 - 2023 đạt 1.450 ha.",
     [("INDICATOR", "Diện tích chè"), ("PERIOD", "niên vụ 2022 - 2023"), ("VALUE", "1.450 ha")],
     [("1.450 ha", "Diện tích chè"), ("niên vụ 2022 - 2023", "Diện tích chè")]),
    ("Sản xuất vụ mùa năm 2020 bội thu, sản lượng lương thực đạt 42.000 tấn.",
     [("INDICATOR", "sản lượng lương thực"), ("PERIOD", "vụ mùa năm 2020"), ("VALUE", "42.000 tấn")],
     [("42.000 tấn", "sản lượng lương thực"), ("vụ mùa năm 2020", "sản lượng lương thực")]),
    ("Chi ngân sách huyện cả năm 410 tỷ đồng, bằng 98% dự toán.",
     [("INDICATOR", "Chi ngân sách huyện"), ("PERIOD", "cả năm"), ("TARGET", "98% dự toán"), ("VALUE", "410 tỷ đồng")],
     [("410 tỷ đồng", "Chi ngân sách huyện"), ("98% dự toán", "Chi ngân sách huyện"), ("cả năm", "Chi ngân sách huyện")]),
    ("Kết quả năm 2020 ở một số chỉ tiêu như sau:\n- Tổng thu ngân sách đạt 640 tỷ đồng.",
     [("INDICATOR", "Tổng thu ngân sách"), ("PERIOD", "năm 2020"), ("VALUE", "640 tỷ đồng")],
     [("640 tỷ đồng", "Tổng thu ngân sách"), ("năm 2020", "Tổng thu ngân sách")]),
    ("Báo cáo nêu rõ: Trong 9 tháng năm 2022, dù còn khó khăn, nhưng tổng thu ngân sách đạt 88 tỷ đồng.",
     [("INDICATOR", "tổng thu ngân sách"), ("PERIOD", "9 tháng năm 2022"), ("VALUE", "88 tỷ đồng")],
     [("88 tỷ đồng", "tổng thu ngân sách"), ("9 tháng năm 2022", "tổng thu ngân sách")]),
]

# reference-1.3.0: TARGET plan nouns with year/kind/owner, VALUE units and the counted noun, CHANGE
# without its direction word, verb-named indicators, names after their figure, trimmed names
FIGURE_FAMILY_13 = [
    ("Giá trị sản xuất nông nghiệp đạt 2.100 tỷ đồng, bằng 48,5% kế hoạch năm.",
     [("INDICATOR", "Giá trị sản xuất nông nghiệp"), ("TARGET", "48,5% kế hoạch năm"), ("VALUE", "2.100 tỷ đồng")],
     [("2.100 tỷ đồng", "Giá trị sản xuất nông nghiệp"), ("48,5% kế hoạch năm", "Giá trị sản xuất nông nghiệp")]),
    ("Thu ngân sách đạt 90 tỷ đồng, bằng 61% kế hoạch giao của HĐND huyện.",
     [("INDICATOR", "Thu ngân sách"), ("TARGET", "61% kế hoạch giao của HĐND huyện"), ("VALUE", "90 tỷ đồng")],
     [("61% kế hoạch giao của HĐND huyện", "Thu ngân sách"), ("90 tỷ đồng", "Thu ngân sách")]),
    ("Tăng cường chống thất thu ngân sách, phấn đấu vượt 5% dự toán tỉnh giao.",
     [("INDICATOR", "ngân sách"), ("TARGET", "vượt 5% dự toán tỉnh giao")], [("vượt 5% dự toán tỉnh giao", "ngân sách")]),
    ("Huyện sẽ đôn đốc thu ngân sách, phấn đấu hoàn thành 100% dự toán.",
     [("INDICATOR", "thu ngân sách"), ("TARGET", "100% dự toán")], [("100% dự toán", "thu ngân sách")]),
    ("Năng suất lúa bình quân đạt 61,3 tạ/ha; sản lượng than đạt 2,1 triệu tấn.",
     [("INDICATOR", "Năng suất lúa bình quân"), ("INDICATOR", "sản lượng than"), ("VALUE", "2,1 triệu tấn"),
      ("VALUE", "61,3 tạ/ha")],
     [("2,1 triệu tấn", "sản lượng than"), ("61,3 tạ/ha", "Năng suất lúa bình quân")]),
    ("Tỉnh thu hút 9 dự án đầu tư mới với tổng vốn đăng ký 3.400 tỷ đồng.",
     [("INDICATOR", "thu hút"), ("INDICATOR", "tổng vốn đăng ký"), ("VALUE", "3.400 tỷ đồng"), ("VALUE", "9 dự án đầu tư mới")],
     [("3.400 tỷ đồng", "tổng vốn đăng ký"), ("9 dự án đầu tư mới", "thu hút")]),
    ("Khu du lịch Hồ Núi Cốc đón 250.000 lượt khách tham quan, tăng 12%.",
     [("CHANGE", "tăng 12%"), ("INDICATOR", "đón"), ("VALUE", "250.000 lượt khách tham quan")],
     [("250.000 lượt khách tham quan", "đón"), ("tăng 12%", "đón")]),
    ("Thị xã đã giải quyết việc làm cho 950 lao động; hỗ trợ làm nhà ở cho 64 hộ nghèo.",
     [("INDICATOR", "giải quyết việc làm"), ("INDICATOR", "hỗ trợ làm nhà ở"), ("VALUE", "64 hộ nghèo"),
      ("VALUE", "950 lao động")],
     [("64 hộ nghèo", "hỗ trợ làm nhà ở"), ("950 lao động", "giải quyết việc làm")]),
    ("Huyện có thêm 120 doanh nghiệp thành lập mới, đạt 80% kế hoạch.",
     [("INDICATOR", "thành lập mới"), ("TARGET", "80% kế hoạch"), ("VALUE", "120 doanh nghiệp")],
     [("120 doanh nghiệp", "thành lập mới"), ("80% kế hoạch", "thành lập mới")]),
    ("Năm 2025, huyện phấn đấu thu ngân sách 300 tỷ đồng; giảm tỷ lệ hộ nghèo 1,5%; tỷ lệ thất nghiệp dưới 2%.",
     [("CHANGE", "1,5%"), ("INDICATOR", "thu ngân sách"), ("INDICATOR", "tỷ lệ hộ nghèo"), ("INDICATOR", "tỷ lệ thất nghiệp"),
      ("PERIOD", "Năm 2025"), ("VALUE", "300 tỷ đồng"), ("VALUE", "dưới 2%")],
     [("1,5%", "tỷ lệ hộ nghèo"), ("300 tỷ đồng", "thu ngân sách"), ("Năm 2025", "thu ngân sách"), ("dưới 2%", "tỷ lệ thất nghiệp")]),
    ("Tổng thu ngân sách năm 2023 vượt 1,2 nghìn tỷ đồng.",
     [("INDICATOR", "Tổng thu ngân sách"), ("PERIOD", "năm 2023"), ("VALUE", "vượt 1,2 nghìn tỷ đồng")],
     [("năm 2023", "Tổng thu ngân sách"), ("vượt 1,2 nghìn tỷ đồng", "Tổng thu ngân sách")]),
    ("Cơ cấu kinh tế: nông, lâm, thủy sản chiếm 28,1%; dịch vụ chiếm 40,2%.",
     [("INDICATOR", "dịch vụ"), ("INDICATOR", "nông, lâm, thủy sản"), ("VALUE", "28,1%"), ("VALUE", "40,2%")],
     [("28,1%", "nông, lâm, thủy sản"), ("40,2%", "dịch vụ")]),
    ("Công tác giải ngân vốn đầu tư công còn chậm, mới đạt 41% kế hoạch; thu tiền sử dụng đất chỉ bằng 30% dự toán.",
     [("INDICATOR", "giải ngân vốn đầu tư công"), ("INDICATOR", "thu tiền sử dụng đất"), ("TARGET", "30% dự toán"),
      ("TARGET", "41% kế hoạch")],
     [("30% dự toán", "thu tiền sử dụng đất"), ("41% kế hoạch", "giải ngân vốn đầu tư công")]),
    # the comparison base between the direction and the number; a season without a year
    ("Năng suất lúa vụ Hè Thu đạt 5,8 tấn/ha, cao hơn cùng kỳ 0,4 tấn/ha.",
     [("CHANGE", "0,4 tấn/ha"), ("INDICATOR", "Năng suất lúa"), ("PERIOD", "vụ Hè Thu"), ("VALUE", "5,8 tấn/ha")],
     [("0,4 tấn/ha", "Năng suất lúa"), ("5,8 tấn/ha", "Năng suất lúa"), ("vụ Hè Thu", "Năng suất lúa")]),
    ("Giải ngân vốn đầu tư công đạt 52% kế hoạch vốn năm 2023; 15 lao động đi làm việc ở nước ngoài.",
     [("INDICATOR", "Giải ngân vốn đầu tư công"), ("INDICATOR", "đi làm việc ở nước ngoài"), ("PERIOD", "năm 2023"),
      ("TARGET", "52% kế hoạch vốn"), ("VALUE", "15 lao động")],
     [("15 lao động", "đi làm việc ở nước ngoài"), ("52% kế hoạch vốn", "Giải ngân vốn đầu tư công"),
      ("năm 2023", "Giải ngân vốn đầu tư công")]),
    ("Số hộ nghèo giảm 85 hộ; diện tích trồng rừng mới đạt 900 ha.",
     [("CHANGE", "giảm 85 hộ"), ("INDICATOR", "Số hộ nghèo"), ("INDICATOR", "diện tích trồng rừng mới"), ("VALUE", "900 ha")],
     [("900 ha", "diện tích trồng rừng mới"), ("giảm 85 hộ", "Số hộ nghèo")]),
]

FIGURE_NEGATIVE_13 = [
    # out of scope: elections, health insurance, pupils, clean water, Party members, site clearance, relocation
    "Cuộc bầu cử thành công với tỷ lệ cử tri đi bầu đạt 99,7%.",
    "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 91,2%.",
    "Tỷ lệ học sinh tốt nghiệp đạt 98%; tỷ lệ hộ dùng nước sạch đạt 97%.",
    "Kết nạp 52 đảng viên, trong đó đảng viên nữ chiếm 40%.",
    "Huyện đã di dời khẩn cấp 25 hộ dân khỏi vùng sạt lở; còn 12 hộ chưa bàn giao mặt bằng.",
    "Số xã đạt chuẩn nông thôn mới chỉ đạt 60% chỉ tiêu.",
    "Tỷ lệ che phủ rừng đạt 52%; tỷ lệ đô thị hóa đạt 40%.",
    # "vượt N%" without a plan noun; a cause; a comparison base
    "Tốc độ tăng giá trị sản xuất vượt 1,2% so với mục tiêu.",
    "Sản lượng giảm do 1.500 ha lúa bị ngập.",
]

PERIOD_NEGATIVE = [
    # a period of the price base inside a name
    "Tổng giá trị sản xuất (giá so sánh năm 2010) đạt 5.200 tỷ đồng.",
    # a season or a relative period without a figure tied to it
    "Huyện chỉ đạo gieo cấy vụ mùa năm 2020 đúng lịch thời vụ.",
    "Năm qua, Đảng bộ tập trung lãnh đạo công tác xây dựng Đảng.",
    # a deadline before the indicator is not its period
    "Đến năm 2025 tỷ lệ hộ nghèo giảm còn 1,5%.",

    # a colon-list of tasks: no figure, so no PERIOD
    "Năm 2024, huyện tập trung các nhiệm vụ:\n- Đẩy mạnh cải cách hành chính.\n- Nâng cao chất lượng đảng viên.",
    # a date written with "tháng" is not a period; the comparison base is not one either
    "Ngày 12 tháng 5 năm 2023, giá trị sản xuất tăng 5% so với 6 tháng đầu năm 2022.",
    "So với cùng kỳ năm 2020:\n- Thu ngân sách tăng 12%.",
    # a bare month count or "cả năm" before a noun is no period
    "Tỷ lệ trẻ em dưới 6 tháng tuổi được tiêm chủng đạt 98%.",
    "Tỷ lệ học sinh lên lớp cả năm học đạt 99,5%.",
]

# TARGET with a qualifier and other plan words; INDICATOR boundaries
TARGET_FAMILY = [
    ("Thu ngân sách đạt 230 tỷ đồng, hơn 48% dự toán.",
     [("INDICATOR", "Thu ngân sách"), ("TARGET", "hơn 48% dự toán"), ("VALUE", "230 tỷ đồng")],
     [("230 tỷ đồng", "Thu ngân sách"), ("hơn 48% dự toán", "Thu ngân sách")]),
    ("Chi ngân sách đạt trên 60% kế hoạch giao.",
     [("INDICATOR", "Chi ngân sách"), ("TARGET", "trên 60% kế hoạch giao")], [("trên 60% kế hoạch giao", "Chi ngân sách")]),
    ("Giá trị sản xuất nông nghiệp vượt 3% kế hoạch tỉnh giao.",
     [("INDICATOR", "Giá trị sản xuất nông nghiệp"), ("TARGET", "vượt 3% kế hoạch tỉnh giao")],
     [("vượt 3% kế hoạch tỉnh giao", "Giá trị sản xuất nông nghiệp")]),
    ("Tổng vốn đầu tư toàn xã hội đạt 72% chỉ tiêu, tỷ lệ giải ngân mới đạt 45% kế hoạch vốn.",
     [("INDICATOR", "Tổng vốn đầu tư toàn xã hội"), ("INDICATOR", "tỷ lệ giải ngân"), ("TARGET", "45% kế hoạch vốn"),
      ("TARGET", "72% chỉ tiêu")],
     [("45% kế hoạch vốn", "tỷ lệ giải ngân"), ("72% chỉ tiêu", "Tổng vốn đầu tư toàn xã hội")]),
    ("Tổng giá trị sản xuất (giá so sánh 2010) ước đạt 9.870 tỷ đồng; tỷ trọng công nghiệp trong cơ cấu kinh tế tăng 1,2 điểm %.",
     [("CHANGE", "tăng 1,2 điểm %"), ("INDICATOR", "Tổng giá trị sản xuất (giá so sánh 2010)"),
      ("INDICATOR", "tỷ trọng công nghiệp trong cơ cấu kinh tế"), ("VALUE", "9.870 tỷ đồng")],
     [("9.870 tỷ đồng", "Tổng giá trị sản xuất (giá so sánh 2010)"),
      ("tăng 1,2 điểm %", "tỷ trọng công nghiệp trong cơ cấu kinh tế")]),
    ("Doanh thu của 40 hợp tác xã đạt 86 tỷ đồng; nộp ngân sách 12 tỷ đồng; tốc độ tăng trưởng phấn đấu đạt 7 - 7,5%.",
     [("INDICATOR", "Doanh thu của 40 hợp tác xã"), ("INDICATOR", "nộp ngân sách"), ("INDICATOR", "tốc độ tăng trưởng"),
      ("VALUE", "12 tỷ đồng"), ("VALUE", "7 - 7,5%"), ("VALUE", "86 tỷ đồng")],
     [("12 tỷ đồng", "nộp ngân sách"), ("7 - 7,5%", "tốc độ tăng trưởng"), ("86 tỷ đồng", "Doanh thu của 40 hợp tác xã")]),
]

TARGET_NEGATIVE = [
    "Toàn Đảng bộ kết nạp 87 đảng viên, đạt 58% chỉ tiêu.",
    "Công tác giao nhận quân đạt 100% chỉ tiêu; công tác tuyển quân đạt 100%.",
    "Huyện hoàn thành 100% chỉ tiêu giao quân.",
    "Công tác cải cách hành chính đạt 90% chỉ tiêu.",
]


@pytest.mark.parametrize("text, spans, relations", PERIOD_FAMILY + TARGET_FAMILY + PERIOD_FAMILY_13 + FIGURE_FAMILY_13)
def test_issue15_families(text, spans, relations):
    got_spans, got_rels = _found(text)
    assert got_spans == sorted(spans)
    assert got_rels == sorted(relations)


@pytest.mark.parametrize("text", PERIOD_NEGATIVE)
def test_no_period(text):
    assert [t for label, t in _found(text)[0] if label == "PERIOD"] == []


@pytest.mark.parametrize("text", TARGET_NEGATIVE + FIGURE_NEGATIVE_13)
def test_no_figure_out_of_scope(text):
    assert _found(text)[0] == []
