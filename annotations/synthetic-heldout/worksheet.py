"""Worksheet of the held-out check set ``synthetic-heldout``: six INVENTED articles.

These are not real news. The six texts below were written for this project (issue 5's
"articles it has never seen") in the register of Vietnamese Party-committee meeting
reports; every official, figure, outlet line and byline is invented (some places are real
provinces/districts, used only as settings). One annotator labelled them by
``docs/guidelines.md`` without looking at the reference extractor's rules or output.

How offsets are made (never typed by hand): each article is written once with inline
marks ``[[LABEL=id>target1,target2|surface]]`` (``=id`` and ``>targets`` optional; marks
of different schemas may nest). :func:`parse` strips the marks and computes code-point
offsets from the plain text it builds, then checks ``text[start:end] == surface`` for
every span, that no span starts/ends with a space, NBSP or punctuation (guideline §0.3),
NFC, and the relation rule (PERSON --holds--> POSITION, the rest --of--> their tail).

Run from the repo root (writes ``articles.jsonl`` — plain texts, no labels — and
``annotator.jsonl`` — the annotated pass, the document contract)::

    .venv/bin/python annotations/synthetic-heldout/worksheet.py
"""
import json
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANNOTATOR = "heldout-annotator"
SCHEMA_VERSION = "meetings@1.0.0+indicators@1.0.0+officials@1.0.0"
_HEAD = re.compile(r"^([A-Z]+)(?:=(\w+))?(?:>([\w,]+))?$")
_BAD_EDGE = " \u00a0\t\n,.;:\"'“”()[]"


def parse(doc_id: str, marked: str) -> dict:
    """Strip the marks of ``marked``; return a document dict with spans and relations."""
    out: list[str] = []
    stack: list[tuple[str, str | None, list[str], int]] = []
    spans, pending = [], []
    i, n = 0, len(marked)
    while i < n:
        if marked.startswith("[[", i):
            j = marked.index("|", i)
            m = _HEAD.match(marked[i + 2:j])
            assert m, (doc_id, marked[i:j + 20])
            stack.append((m.group(1), m.group(2), (m.group(3) or "").split(",") if m.group(3) else [], len(out)))
            i = j + 1
        elif marked.startswith("]]", i):
            label, sid, targets, start = stack.pop()
            sid = sid or f"s{len(spans)}"
            surface = "".join(out[start:])
            closing_ok = surface[-1:] == ")" and "(" in surface     # "Sáng nay (12/7)": the bracket is the date's
            assert surface and surface[0] not in _BAD_EDGE and (surface[-1] not in _BAD_EDGE or closing_ok), \
                (doc_id, surface)
            spans.append({"id": sid, "start": start, "end": len(out), "label": label, "text": surface})
            pending += [(sid, t, label) for t in targets]
            i += 2
        else:
            out.append(marked[i])
            i += 1
    assert not stack, (doc_id, stack)
    text = "".join(out)
    assert unicodedata.is_normalized("NFC", text), doc_id
    assert "[[" not in text and "]]" not in text and "|" not in text.replace(" | ", ""), doc_id
    ids = [s["id"] for s in spans]
    assert len(ids) == len(set(ids)), (doc_id, [x for x in ids if ids.count(x) > 1])
    by_id = {s["id"]: s for s in spans}
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]
    relations = []
    for head, tail, label in pending:
        assert tail in by_id, (doc_id, head, tail)
        rtype = "holds" if label == "PERSON" else "of"
        relations.append({"head": head, "tail": tail, "type": rtype})
    spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return {"id": doc_id, "text": text, "spans": spans, "relations": relations}


ARTICLES: dict[str, tuple[str, str]] = {}   # id -> (setting, marked text)

# ----------------------------------------------------------------------------- syn-01
# A province in the Mekong delta; "Chiều 28-12"; digit session; khóa + nhiệm kỳ of a congress;
# a Central plenum resolution; party-building and conscription figures (not labelled);
# caption printed twice; related-news tail with a named official (not labelled).
ARTICLES["syn-01-haugiang-tinh"] = ("tỉnh Hậu Giang (Mekong delta), provincial committee", """\
Thời sự | Chính trị
Cỡ chữ: A- A+
Nghe đọc bài 0:00 / 0:00

Hậu Giang: [[INDICATOR=t1|Tăng trưởng kinh tế]] [[PERIOD>t1|năm 2023]] ước đạt [[VALUE>t1|7,2%]]

Thứ Năm, 28/12/2023 - 19:42

BHG - [[DATE>m1|Chiều 28-12]], [[ORGANIZER>m1|Ban Chấp hành Đảng bộ tỉnh Hậu Giang]] [[TERM>m1|khóa XIV]] tổ chức [[MEETING=m1|Hội nghị lần thứ 18]] nhằm đánh giá kết quả thực hiện nhiệm vụ năm 2023, thảo luận và quyết định phương hướng, nhiệm vụ năm 2024.

Đồng chí [[PERSON>k1,k2,k3|Trần Minh Khải]], [[POSITION=k1|Ủy viên Trung ương Đảng]], [[POSITION=k2|Bí thư Tỉnh ủy]], [[POSITION=k3|Chủ tịch HĐND tỉnh]] chủ trì hội nghị. Cùng dự có đồng chí [[PERSON>n1|Lê Thị Hồng Nhung]], [[POSITION=n1|Phó Bí thư Thường trực Tỉnh ủy]]; đồng chí [[PERSON>v1,v2|Võ Văn Tường]], [[POSITION=v1|Phó Bí thư Tỉnh ủy]], [[POSITION=v2|Chủ tịch UBND tỉnh]]; các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy, Tỉnh ủy viên, lãnh đạo các sở, ban, ngành tỉnh.

Theo báo cáo trình tại hội nghị, [[PERIOD>i1|năm 2023]], [[INDICATOR=i1|tốc độ tăng trưởng kinh tế (GRDP) của tỉnh]] ước đạt [[VALUE>i1|7,2%]], cao hơn mức bình quân chung của vùng Đồng bằng sông Cửu Long. [[INDICATOR=i2|GRDP bình quân đầu người]] đạt [[VALUE>i2|68,5 triệu đồng]], [[CHANGE>i2|tăng 6,3 triệu đồng]] so với năm 2022. [[INDICATOR=i3|Tổng thu ngân sách nhà nước trên địa bàn]] ước thực hiện [[VALUE>i3|4.870 tỷ đồng]], đạt [[TARGET>i3|103% dự toán Trung ương giao]], [[CHANGE>i3|tăng 7,8%]] so với cùng kỳ; [[INDICATOR=i4|tổng chi ngân sách địa phương]] ước [[VALUE>i4|10.250,5 tỷ đồng]].

[[INDICATOR=i5|Giải ngân vốn đầu tư công]] [[PERIOD>i5|năm 2023]] đạt [[TARGET>i5|92,6% kế hoạch]], nằm trong nhóm các tỉnh có tỷ lệ giải ngân cao của cả nước. [[INDICATOR=i6|Kim ngạch xuất khẩu]] đạt [[VALUE>i6|gần 1.100 triệu USD]], [[CHANGE>i6|tăng 4,5%]]. Toàn tỉnh [[INDICATOR=i7|thu hút]] [[VALUE>i7|12 dự án đầu tư mới]] với [[INDICATOR=i8|tổng vốn đăng ký]] [[VALUE>i8|hơn 8.600 tỷ đồng]]; [[INDICATOR=i9|tỷ lệ hộ nghèo]] giảm còn [[VALUE>i9|2,15%]], [[CHANGE>i9|giảm 0,62 điểm %]] so với đầu năm.

Trong năm, Ban Thường vụ Tỉnh ủy đã tổ chức 14 cuộc kiểm tra, giám sát chuyên đề; toàn Đảng bộ kết nạp 1.126 đảng viên mới, đạt 102% chỉ tiêu. Công tác tuyển quân năm 2023 đạt 100% chỉ tiêu giao; tỉnh hoàn thành 17/19 chỉ tiêu chủ yếu.

Đồng chí [[PERSON>c1|Trần Minh Khải]], [[POSITION=c1|Bí thư Tỉnh ủy Hậu Giang]] phát biểu kết luận hội nghị. Ảnh: MINH TRÍ
Đồng chí [[PERSON>c2|Trần Minh Khải]], [[POSITION=c2|Bí thư Tỉnh ủy Hậu Giang]] phát biểu kết luận hội nghị. Ảnh: MINH TRÍ

Phát biểu kết luận, đồng chí [[POSITION|Bí thư Tỉnh ủy]] yêu cầu các cấp ủy, chính quyền tập trung tháo gỡ khó khăn cho doanh nghiệp, đẩy nhanh tiến độ các công trình trọng điểm, nhất là tuyến cao tốc Châu Đốc - Cần Thơ - Sóc Trăng đoạn qua tỉnh, phấn đấu hoàn thành các chỉ tiêu Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV, [[TERM|nhiệm kỳ 2020 - 2025]]. Đồng chí cũng lưu ý tiếp tục quán triệt Nghị quyết Hội nghị Trung ương 8 [[TERM|khóa XIII]] về chiến lược bảo vệ Tổ quốc trong tình hình mới.

[[PERIOD>j1|Năm 2024]], tỉnh phấn đấu [[INDICATOR=j1|tốc độ tăng trưởng kinh tế]] đạt [[VALUE>j1|khoảng 7,5%]]. [[INDICATOR=j2|Thu ngân sách nhà nước trên địa bàn]] phấn đấu đạt [[VALUE>j2|trên 5.100 tỷ đồng]], [[INDICATOR=j3|tỷ lệ hộ nghèo]] [[CHANGE>j3|giảm 0,5 điểm %]] trở lên.

Minh Trí - Hoàng Yến

Tin liên quan
- Hậu Giang: Khánh thành cầu Cái Côn mới trước Tết
- Đồng chí Nguyễn Văn Hiếu, Phó Chủ tịch UBND tỉnh làm việc với huyện Châu Thành A
""")

# ----------------------------------------------------------------------------- syn-02
# A district in the north-west mountains; "Sáng nay (12/7)"; session in words with the
# organiser inside the designation; "uỷ" (tone on the second vowel) throughout;
# "6 tháng đầu năm 2024"; verb-phrase indicators of agriculture; a future congress term.
ARTICLES["syn-02-mucangchai-huyen"] = ("huyện Mù Cang Chải, Yên Bái (north-west mountains)", """\
Mù Cang Chải: Ban Chấp hành Đảng bộ huyện sơ kết 6 tháng đầu năm

Cập nhật: 12/07/2024 11:05
Chia sẻ: Facebook | Zalo

(TBO) - [[DATE>m1|Sáng nay (12/7)]], [[ORGANIZER>m1|Huyện uỷ Mù Cang Chải]] tổ chức [[MEETING=m1|Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ mười hai]], [[TERM>m1|nhiệm kỳ 2020-2025]] để sơ kết công tác lãnh đạo, chỉ đạo 6 tháng đầu năm và triển khai nhiệm vụ 6 tháng cuối năm 2024.

Dự hội nghị có đồng chí [[PERSON>a1,a2,a3|Giàng A Tông]], [[POSITION=a1|Tỉnh uỷ viên]], [[POSITION=a2|Bí thư Huyện uỷ]], [[POSITION=a3|Chủ tịch HĐND huyện]]; đồng chí [[PERSON>b1|Lò Văn Phúc]], [[POSITION=b1|Phó Bí thư Thường trực Huyện uỷ]]; đồng chí [[PERSON>c1,c2|Hoàng Thị Mai]], [[POSITION=c1|Phó Bí thư Huyện uỷ]], [[POSITION=c2|Chủ tịch UBND huyện]] cùng các đồng chí trong Ban Chấp hành Đảng bộ huyện.

Đồng chí [[PERSON>d1|Giàng A Tông]] - [[POSITION=d1|Bí thư Huyện uỷ Mù Cang Chải]] phát biểu chỉ đạo hội nghị.
Đồng chí [[PERSON>d2|Giàng A Tông]] - [[POSITION=d2|Bí thư Huyện uỷ Mù Cang Chải]] phát biểu chỉ đạo hội nghị.

Báo cáo tại hội nghị nêu rõ, [[PERIOD>i1|6 tháng đầu năm 2024]], [[INDICATOR=i1|tổng giá trị sản xuất trên địa bàn huyện]] ước đạt [[VALUE>i1|1.018 tỷ đồng]], [[CHANGE>i1|tăng 8,4%]] so với cùng kỳ, bằng [[TARGET>i1|49,6% kế hoạch]]. [[INDICATOR=i2|Thu ngân sách trên địa bàn]] đạt [[VALUE>i2|25,7 tỷ đồng]], bằng [[TARGET>i2|61% dự toán tỉnh giao]]; [[INDICATOR=i3|chi ngân sách địa phương]] đạt [[VALUE>i3|412,3 tỷ đồng]], bằng [[TARGET>i3|48,2% dự toán]].

Toàn huyện đã [[INDICATOR=i4|gieo cấy]] [[VALUE>i4|2.150 ha lúa ruộng]], [[INDICATOR=i5|trồng mới]] [[VALUE>i5|320 ha quế]]. Du lịch tiếp tục là điểm sáng: [[INDICATOR=i6|tổng lượng khách du lịch đến huyện]] đạt [[VALUE>i6|gần 95.000 lượt]], [[INDICATOR=i7|doanh thu từ du lịch]] ước [[VALUE>i7|105 tỷ đồng]], [[CHANGE>i7|tăng 1,3 lần]] so với cùng kỳ năm 2023.

Công tác xây dựng Đảng được chú trọng; 6 tháng, toàn Đảng bộ kết nạp 87 đảng viên, đạt 58% chỉ tiêu, 100% chi bộ hoàn thành kiểm điểm. Huyện đã hoàn thành giao 125 thanh niên nhập ngũ, đạt 100% chỉ tiêu. Tuy nhiên, tỷ lệ hộ nghèo còn cao, một số công trình thủy lợi bị hư hỏng sau mưa lũ chưa được khắc phục.

Kết luận hội nghị, đồng chí [[POSITION|Bí thư Huyện uỷ]] đề nghị các cấp ủy đảng tập trung phòng, chống thiên tai mùa mưa bão, chăm sóc diện tích lúa ruộng bậc thang, bảo đảm hoàn thành các mục tiêu Nghị quyết Đại hội Đảng bộ huyện lần thứ XXII, [[TERM|nhiệm kỳ 2020-2025]]. Tại hội nghị, các đại biểu cũng cho ý kiến vào dự thảo báo cáo chính trị trình Đại hội Đảng bộ huyện lần thứ XXIII, [[TERM|nhiệm kỳ 2025 - 2030]].

Thanh Hà - Hữu Đức
""")

# ----------------------------------------------------------------------------- syn-03
# A city in central Vietnam; "Ngày 03.10" (dot date); Roman session with the organiser
# right after the designation; "9 tháng năm 2023"; position before a name; "TP." inside a
# position; a resolution date that is not the meeting's; a quotation.
ARTICLES["syn-03-tamky-thanhpho"] = ("thành phố Tam Kỳ, Quảng Nam (central Vietnam)", """\
Thành ủy Tam Kỳ bàn giải pháp hoàn thành các chỉ tiêu năm 2023

03/10/2023 17:20
In bài | Gửi bài | Chia sẻ

QNO - [[DATE>m1|Ngày 03.10]], [[MEETING=m1|Hội nghị lần thứ XV]] [[ORGANIZER>m1|Ban Chấp hành Đảng bộ thành phố Tam Kỳ]] [[TERM>m1|khóa XXII]] đã diễn ra để đánh giá tình hình 9 tháng và bàn giải pháp thực hiện nhiệm vụ những tháng cuối năm 2023. Đồng chí [[PERSON>h1,h2|Phan Thị Thu Hương]], [[POSITION=h1|Tỉnh ủy viên]], [[POSITION=h2|Bí thư Thành ủy Tam Kỳ]] chủ trì hội nghị.

Báo cáo của Ban Thường vụ Thành ủy cho biết, [[PERIOD>i1|9 tháng năm 2023]], [[INDICATOR=i1|giá trị sản xuất các ngành kinh tế (giá so sánh 2010)]] ước đạt [[VALUE>i1|12.460 tỷ đồng]], [[CHANGE>i1|tăng 6,8%]] so với cùng kỳ. Trong đó, [[INDICATOR=i2|ngành thương mại - dịch vụ]] [[CHANGE>i2|tăng 9,1%]]; [[INDICATOR=i3|công nghiệp - xây dựng]] [[CHANGE>i3|tăng 4,2%]].

[[INDICATOR=i4|Thu ngân sách trên địa bàn]] đạt [[VALUE>i4|1.126 tỷ đồng]], bằng [[TARGET>i4|72,5% dự toán HĐND thành phố giao]]; riêng [[INDICATOR=i5|thu tiền sử dụng đất]] chỉ đạt [[VALUE>i5|215 tỷ đồng]], [[CHANGE>i5|giảm 38,6%]] so với cùng kỳ do thị trường bất động sản trầm lắng. [[INDICATOR=i6|Tổng vốn đầu tư toàn xã hội trên địa bàn]] ước đạt [[VALUE>i6|gần 2.000 tỷ đồng]]; [[INDICATOR=i7|tỷ lệ giải ngân vốn đầu tư công]] mới đạt [[TARGET>i7|58,3% kế hoạch vốn]].

Thực hiện Nghị quyết số 05-NQ/TU ngày 15/3/2021 của Thành ủy về chỉnh trang đô thị, thành phố đã hoàn thành 6/9 tuyến đường theo kế hoạch, lập quy hoạch chi tiết tỷ lệ 1/500 khu phố đi bộ ven sông Bàn Thạch.

[[POSITION=l1|Phó Bí thư Thường trực Thành ủy]] [[PERSON>l1|Nguyễn Đức Lâm]] cho biết, trong 3 tháng cuối năm, thành phố tập trung tháo gỡ vướng mắc về mặt bằng cho các dự án, đôn đốc thu nợ đọng thuế. [[POSITION=b1|Chủ tịch UBND TP. Tam Kỳ]] [[PERSON>b1|Trần Văn Bình]] đề nghị các phòng, ban rà soát từng chỉ tiêu, báo cáo hằng tuần.

Hội nghị Ban Chấp hành Đảng bộ thành phố. Ảnh: T.L

“Những chỉ tiêu còn thấp phải được giao cụ thể cho từng đồng chí Thành ủy viên phụ trách, có lộ trình và mốc thời gian rõ ràng”, đồng chí [[PERSON|Phan Thị Thu Hương]] nhấn mạnh. Theo đồng chí, Tam Kỳ phải nỗ lực hoàn thành các chỉ tiêu của Nghị quyết Đại hội Đảng bộ thành phố lần thứ XXII, [[TERM|nhiệm kỳ 2020 – 2025]], đồng thời chuẩn bị tốt các điều kiện tổ chức đại hội đảng bộ cơ sở [[TERM|nhiệm kỳ 2025 – 2030]].

Cũng tại hội nghị, Ban Chấp hành Đảng bộ thành phố đã cho ý kiến về đề án sắp xếp đơn vị hành chính cấp xã giai đoạn 2023-2025.

THANH LÂM
""")

# ----------------------------------------------------------------------------- syn-04
# A Đảng bộ Khối (enterprises bloc of a province); "Ngày 5/1/2024"; "(mở rộng)" after the
# session; en-dash term; enterprise figures; "Bí thư Đảng ủy Khối" without a name.
ARTICLES["syn-04-binhdinh-khoidn"] = ("Đảng bộ Khối Doanh nghiệp tỉnh Bình Định (a Party bloc)", """\
Đảng bộ Khối Doanh nghiệp tỉnh triển khai nhiệm vụ năm 2024

Đăng lúc: 05/01/2024 16:30 | Lượt xem: 1.204

(BĐ) - [[DATE>m1|Ngày 5/1/2024]], [[ORGANIZER>m1|Ban Chấp hành Đảng bộ Khối Doanh nghiệp tỉnh]] tổ chức [[MEETING=m1|Hội nghị lần thứ 9]] (mở rộng), [[TERM>m1|nhiệm kỳ 2020 – 2025]], tổng kết công tác năm 2023 và triển khai nhiệm vụ năm 2024. Đồng chí [[PERSON>q1,q2|Đặng Văn Quý]], [[POSITION=q1|Ủy viên Ban Thường vụ Tỉnh ủy]], [[POSITION=q2|Trưởng ban Tổ chức Tỉnh ủy]] dự và chỉ đạo hội nghị.

Năm qua, dù hoạt động sản xuất, kinh doanh gặp nhiều khó khăn do đơn hàng xuất khẩu sụt giảm, các doanh nghiệp trong Khối vẫn giữ được đà tăng trưởng. [[INDICATOR=i1|Tổng doanh thu của 62 doanh nghiệp có tổ chức đảng trực thuộc]] đạt [[VALUE>i1|18.920 tỷ đồng]], [[CHANGE>i1|tăng 5,4%]] so với năm 2022; [[INDICATOR=i2|lợi nhuận trước thuế]] đạt [[VALUE>i2|742 tỷ đồng]], [[CHANGE>i2|giảm 3,1%]]; [[INDICATOR=i3|nộp ngân sách nhà nước]] [[VALUE>i3|1.530 tỷ đồng]]. [[INDICATOR=i4|Thu nhập bình quân của người lao động]] đạt [[VALUE>i4|9,8 triệu đồng/người/tháng]].

Trong công tác xây dựng Đảng, Đảng ủy Khối đã chỉ đạo 100% tổ chức cơ sở đảng hoàn thành kiểm điểm; kết nạp 214 đảng viên, đạt 107% chỉ tiêu nghị quyết; thành lập mới 3 chi bộ ở doanh nghiệp ngoài nhà nước. Có 93,5% tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên.

Đồng chí [[PERSON|Đặng Văn Quý]] (thứ hai từ phải sang) trao Bằng khen cho các tổ chức đảng tiêu biểu. Ảnh: N.H
Đồng chí [[PERSON|Đặng Văn Quý]] (thứ hai từ phải sang) trao Bằng khen cho các tổ chức đảng tiêu biểu. Ảnh: N.H

Phát biểu tại hội nghị, đồng chí [[PERSON|Đặng Văn Quý]] đề nghị Đảng ủy Khối tiếp tục đổi mới phương thức lãnh đạo, chú trọng phát triển đảng viên trong doanh nghiệp tư nhân, chuẩn bị chu đáo cho đại hội đảng bộ các cấp tiến tới Đại hội Đảng bộ Khối lần thứ VI, [[TERM|nhiệm kỳ 2025 – 2030]].

[[PERIOD>j1|Năm 2024]], Đảng bộ Khối phấn đấu [[INDICATOR=j1|tổng doanh thu của các doanh nghiệp]] [[CHANGE>j1|tăng 6%]] trở lên; kết nạp 200 đảng viên mới. Đồng chí [[POSITION|Bí thư Đảng ủy Khối]] tiếp thu ý kiến chỉ đạo và khẳng định sẽ cụ thể hóa thành chương trình công tác toàn khóa.

Hoài Thu
""")

# ----------------------------------------------------------------------------- syn-05
# A district of Ho Chi Minh City; "Sáng 19-7"; khóa + nhiệm kỳ both of the meeting;
# NBSP before the date and mid-sentence; page furniture; "6 tháng"; en-dash-free ranges;
# a related-news tail.
ARTICLES["syn-05-binhtan-quan"] = ("quận Bình Tân, TP Hồ Chí Minh", """\
Đọc báo in | Đăng nhập
Theo dõi trên Google News

Quận Bình Tân: [[INDICATOR=h0|Thu ngân sách]] [[PERIOD>h0|6 tháng]] đạt [[TARGET>h0|46,7% dự toán]]

Thứ tư, 19/7/2023 - 13:10

\u00a0\u00a0[[DATE>m1|Sáng 19-7]], [[MEETING=m1|Hội nghị lần thứ 17]] [[ORGANIZER>m1|Ban Chấp hành Đảng bộ quận Bình Tân]] [[TERM>m1|khóa XII]], [[TERM>m1|nhiệm kỳ 2020 - 2025]] đã đánh giá kết quả thực hiện nhiệm vụ 6 tháng đầu năm và bàn phương hướng 6 tháng cuối năm 2023.

Đồng chí [[PERSON>a1,a2|Lâm Ngọc Thạch]], [[POSITION=a1|Thành ủy viên]], [[POSITION=a2|Bí thư Quận ủy Bình Tân]] chủ trì hội nghị.
Đồng chí [[PERSON>a3,a4|Lâm Ngọc Thạch]], [[POSITION=a3|Thành ủy viên]], [[POSITION=a4|Bí thư Quận ủy Bình Tân]] chủ trì hội nghị.

Theo báo cáo, [[INDICATOR=i1|tổng thu ngân sách nhà nước trên địa bàn quận]] [[PERIOD>i1|6 tháng đầu năm 2023]] đạt [[VALUE>i1|2.318 tỷ đồng]], đạt [[TARGET>i1|46,7% dự toán]], [[CHANGE>i1|tăng 3,5%]] so với cùng kỳ. [[INDICATOR=i2|Tổng doanh thu thương mại - dịch vụ]] [[PERIOD>i2|6 tháng]] đạt [[VALUE>i2|98.530 tỷ đồng]], [[CHANGE>i2|tăng 11,2%]]; trong khi [[INDICATOR=i3|giá trị sản xuất công nghiệp]] [[CHANGE>i3|giảm 2,3%]] do nhiều doanh nghiệp thiếu đơn hàng. Trên địa bàn quận có [[VALUE>i4|1.482 doanh nghiệp]] [[INDICATOR=i4|thành lập mới]] với [[INDICATOR=i5|tổng vốn đăng ký]] [[VALUE>i5|khoảng 9.700 tỷ đồng]].

Bên cạnh đó, [[INDICATOR=i6|chi cho công tác an sinh xã hội]] đạt\u00a0[[VALUE>i6|hơn 156 tỷ đồng]], quận đã\u00a0hỗ trợ kịp thời người lao động mất việc làm. Quận tổ chức 9 hội nghị quán triệt nghị quyết, hoàn thành 12/15 chỉ tiêu chủ yếu; công tác giao nhận quân đạt 100%.

Đồng chí [[PERSON>t1,t2|Nguyễn Thị Thu Trang]], [[POSITION=t1|Phó Bí thư Quận ủy]], [[POSITION=t2|Chủ tịch UBND quận Bình Tân]] cho biết, quận sẽ tập trung đẩy nhanh tiến độ dự án mở rộng đường Vành đai 2, tăng cường chống thất thu thuế.

Kết luận hội nghị, đồng chí [[PERSON|Lâm Ngọc Thạch]] yêu cầu các cơ quan đẩy mạnh cải cách hành chính, phấn đấu [[INDICATOR=i7|thu ngân sách]] [[PERIOD>i7|cả năm]] đạt [[TARGET>i7|100% dự toán]] ([[VALUE>i7|4.965 tỷ đồng]]). Đồng chí cũng đề nghị chuẩn bị tốt việc sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ quận lần thứ XII.

Quang cảnh hội nghị. Ảnh: VIỆT DŨNG

MINH CHÂU

Tin khác
- Quận 8 ra quân chỉnh trang kênh Đôi
- Bí thư Thành ủy TPHCM Phạm Văn Khang làm việc với quận Gò Vấp
""")

# ----------------------------------------------------------------------------- syn-06
# A district in the Central Highlands; headline with the organiser inside the designation;
# "ngày 14/12/2023" lower case after "Trong"; meeting caption twice; "năm 2023";
# "tăng 2,1 điểm %"; tone variants mixed (ủy / uỷ); an anniversary date.
ARTICLES["syn-06-krongpac-huyen"] = ("huyện Krông Pắc, Đắk Lắk (Central Highlands)", """\
[[MEETING=h1|Hội nghị Huyện ủy Krông Pắc lần thứ 20]]: Sản lượng cà phê vượt kế hoạch

14/12/2023 | 20:15 | Chính trị

ĐLO - Trong [[DATE>m1|ngày 14/12/2023]], [[ORGANIZER>m1|Huyện ủy Krông Pắc]] tổ chức [[MEETING=m1|Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 20]] [[TERM>m1|khóa XI]] để kiểm điểm kết quả năm 2023, đề ra nhiệm vụ năm 2024. Đồng chí [[PERSON>e1,e2|Y Nguôn Byă]], [[POSITION=e1|Tỉnh ủy viên]], [[POSITION=e2|Bí thư Huyện ủy]] chủ trì hội nghị.

Quang cảnh [[MEETING=c1|Hội nghị lần thứ 20]] [[ORGANIZER>c1|Ban Chấp hành Đảng bộ huyện Krông Pắc]].
Quang cảnh [[MEETING=c2|Hội nghị lần thứ 20]] [[ORGANIZER>c2|Ban Chấp hành Đảng bộ huyện Krông Pắc]].

[[PERIOD>i1|Năm 2023]], [[INDICATOR=i1|tổng giá trị sản xuất (giá so sánh 2010)]] ước đạt [[VALUE>i1|16.450 tỷ đồng]], [[CHANGE>i1|tăng 7,05%]]; [[INDICATOR=i2|thu nhập bình quân đầu người]] đạt [[VALUE>i2|52 triệu đồng/người/năm]]. [[INDICATOR=i3|Tổng sản lượng lương thực]] đạt [[VALUE>i3|245.000 tấn]]; [[INDICATOR=i4|sản lượng cà phê nhân]] [[VALUE>i4|hơn 48.600 tấn]], vượt kế hoạch. [[INDICATOR=i5|Thu ngân sách trên địa bàn]] được [[VALUE>i5|312,6 tỷ đồng]], đạt [[TARGET>i5|118,4% dự toán tỉnh giao]] và [[TARGET>i5|105% dự toán HĐND huyện giao]].

[[INDICATOR=i6|Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ]] đạt [[VALUE>i6|9.870 tỷ đồng]]; [[INDICATOR=i7|tỷ trọng ngành nông nghiệp trong cơ cấu kinh tế]] [[CHANGE>i7|giảm 3,1 điểm %]] so với năm 2020. Huyện có thêm 2 xã đạt chuẩn nông thôn mới nâng cao, nâng tổng số lên 8/15 xã.

Huyện đang chuẩn bị các hoạt động kỷ niệm 79 năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944 - 22/12/2023). Huyện uỷ đã lãnh đạo hoàn thành công tác tuyển chọn, gọi công dân nhập ngũ với 215 tân binh, đạt 100% chỉ tiêu.

Phát biểu chỉ đạo, đồng chí [[PERSON>f1,f2|H’ Yim Kđoh]], [[POSITION=f1|Phó Bí thư Tỉnh uỷ]], [[POSITION=f2|Chủ tịch HĐND tỉnh]] ghi nhận những kết quả huyện đạt được và lưu ý Krông Pắc phải gắn phát triển cây cà phê với chế biến sâu. Đồng chí [[POSITION|Chủ tịch UBND huyện]] thay mặt lãnh đạo huyện tiếp thu ý kiến.

[[PERIOD>j1|Năm 2024]], huyện phấn đấu [[INDICATOR=j1|tốc độ tăng giá trị sản xuất]] đạt [[VALUE>j1|7,5 - 8%]]; hoàn thành các chỉ tiêu Nghị quyết Đại hội Đảng bộ huyện lần thứ XI, [[TERM|nhiệm kỳ 2020 - 2025]] và chuẩn bị tổng kết Nghị quyết số 36-NQ/TU của Tỉnh ủy [[TERM|khóa XVII]].

Nguyễn Hoài - Y Kô
""")


def main() -> None:
    docs = [parse(doc_id, marked) for doc_id, (_, marked) in ARTICLES.items()]
    articles, annotated = [], []
    for d, (doc_id, (setting, _)) in zip(docs, ARTICLES.items()):
        meta = {"synthetic": True, "setting": setting,
                "note": "invented article written for an out-of-sample check; not real news"}
        articles.append({"id": d["id"], "text": d["text"], "meta": meta})
        annotated.append({**d, "meta": {**meta, "annotator": ANNOTATOR, "guideline": "docs/guidelines.md",
                                        "schema_version": SCHEMA_VERSION}})
    for name, rows in (("articles.jsonl", articles), ("annotator.jsonl", annotated)):
        with open(HERE / name, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    for d in docs:
        print(f"{d['id']:<28} {len(d['text']):>5} chars {len(d['spans']):>3} spans {len(d['relations']):>3} relations")


if __name__ == "__main__":
    main()
