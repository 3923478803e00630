"""Annotator A's independent pass over hoinghi-5 (docs/guidelines.md).

Offsets are never typed by hand: each mention is found by its surface string inside
a context string (the number of context matches is asserted), and every span is
checked with ``text[start:end] == surface``. Run from the repo root:

    .venv/bin/python annotations/hoinghi-5/worksheets/annotator-a.py
"""
import json
import unicodedata
from pathlib import Path

CORPUS = Path("/work/shared/corpus")
OUT = Path(__file__).resolve().parents[1] / "annotator-a.jsonl"


class Sheet:
    def __init__(self, stem, limit_marker=None):
        self.id = stem
        self.text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", self.text)
        self.limit = self.text.index(limit_marker) if limit_marker else len(self.text)
        self.spans, self.relations = [], []

    def add(self, label, surface, ctx=None, count=1):
        """Label ``surface`` inside every occurrence of ``ctx`` (exactly ``count``)."""
        ctx = ctx or surface
        assert surface in ctx, (surface, ctx)
        off = ctx.index(surface)
        hits, i = [], self.text.find(ctx)
        while i != -1 and i < self.limit:
            hits.append(i)
            i = self.text.find(ctx, i + 1)
        assert len(hits) == count, (self.id, label, ctx, len(hits), count)
        ids = []
        for h in hits:
            start = h + off
            end = start + len(surface)
            assert self.text[start:end] == surface
            sid = f"a{len(self.spans)}"
            self.spans.append({"id": sid, "start": start, "end": end, "label": label, "text": surface})
            ids.append(sid)
        return ids

    def rel(self, heads, tails, type_):
        assert len(heads) == len(tails), (heads, tails)
        for h, t in zip(heads, tails):
            self.relations.append({"head": h, "tail": t, "type": type_})

    def doc(self):
        spans = sorted(self.spans, key=lambda s: (s["start"], s["end"], s["label"]))
        return {"id": self.id, "text": self.text, "spans": spans, "relations": self.relations,
                "meta": {"annotator": "annotator-a", "guideline": "docs/guidelines.md",
                         "schema_version": "meetings@1.0.0+indicators@1.0.0+officials@1.0.0"}}


docs = []

# ---------------------------------------------------------------- 000
s = Sheet("000_4c3665d56e5f4e8d")
date = s.add("DATE", "Ngày 18-7", "Ngày 18-7, Hội nghị")
m = s.add("MEETING", "Hội nghị lần thứ 14", count=3)
o1 = s.add("ORGANIZER", "Ban Chấp hành Đảng bộ quận Hoàng Mai (Hà Nội)")
o2 = s.add("ORGANIZER", "Ban Chấp hành Đảng bộ quận", "14 Ban Chấp hành Đảng bộ quận.")
o3 = s.add("ORGANIZER", "Ban Chấp hành Đảng bộ Quận", "14 Ban Chấp hành Đảng bộ Quận đã")
s.rel(date, m[:1], "of")
s.rel(o1 + o2 + o3, m, "of")
s.add("TERM", "nhiệm kỳ 2020-2025", "lần thứ IV, nhiệm kỳ 2020-2025")
s.add("TERM", "nhiệm kỳ 2023 - 2028")
s.add("TERM", "khóa XI, XII, XIII")
s.add("TERM", "khóa 4", "Quận ủy khóa 4;")
hieu = s.add("PERSON", "Nguyễn Quang Hiếu", count=5)
tuv = s.add("POSITION", "Thành ủy viên", "Thành ủy viên, Bí thư Quận ủy Hoàng Mai, đồng chí")
bt = s.add("POSITION", "Bí thư Quận ủy Hoàng Mai", "Bí thư Quận ủy Hoàng Mai, đồng chí Nguyễn Quang Hiếu", count=3)
s.rel(hieu[:1], tuv, "holds")
s.rel(hieu[:3], bt, "holds")
s.add("POSITION", "Bí thư Quận ủy", "đồng chí Bí thư Quận ủy,", count=2)
s.add("POSITION", "Bí thư Quận ủy", "Đồng chí Bí thư Quận ủy khẳng định")
tam = s.add("PERSON", "Nguyễn Minh Tâm", count=2)
ct = s.add("POSITION", "Chủ tịch UBND quận Hoàng Mai", "Chủ tịch UBND quận Hoàng Mai, đồng chí Nguyễn Minh Tâm", count=2)
s.rel(tam, ct, "holds")
i1 = s.add("INDICATOR", "Tốc độ phát triển kinh tế", "Tốc độ phát triển kinh tế ước đạt")
s.rel(s.add("VALUE", "10,93%"), i1, "of")
s.rel(s.add("CHANGE", "tăng 1,89 điểm %"), i1, "of")
i2 = s.add("INDICATOR", "Thu NSNN")
s.rel(s.add("TARGET", "52% dự toán"), i2, "of")
docs.append(s.doc())

# ---------------------------------------------------------------- 001
s = Sheet("001_c66abccd04dba35a")
date = s.add("DATE", "Ngày 30/12")
org = s.add("ORGANIZER", "Quận ủy Hoàng Mai", "Quận ủy Hoàng Mai tổ chức Hội nghị")
m = s.add("MEETING", "Hội nghị Ban Chấp hành lần thứ 12")
term = s.add("TERM", "nhiệm kỳ 2020 - 2025", "lần thứ 12 nhiệm kỳ 2020 - 2025", count=3)
s.rel(date + org + term[:1], m * 3, "of")
mc = s.add("MEETING", "Hội nghị Ban chấp hành lần thứ 12", count=2)
oc = s.add("ORGANIZER", "Đảng bộ Hoàng Mai", "của Đảng bộ Hoàng Mai. Ảnh", count=2)
s.rel(term[1:], mc, "of")
s.rel(oc, mc, "of")
i = s.add("INDICATOR", "tổng giá trị sản xuất các ngành chủ yếu")
s.rel(s.add("VALUE", "50.068 tỷ đồng"), i, "of")
s.rel(s.add("CHANGE", "tăng 9,54%"), i, "of")
i = s.add("INDICATOR", "Tổng số doanh nghiệp đang hoạt động trên địa bàn")
s.rel(s.add("VALUE", "18.574", "địa bàn 18.574 (tăng"), i, "of")
s.rel(s.add("CHANGE", "tăng 11,6%"), i, "of")
i = s.add("INDICATOR", "thành lập mới", "thành lập mới 3.597")
s.rel(s.add("VALUE", "3.597 doanh nghiệp"), i, "of")
s.rel(s.add("CHANGE", "tăng 2,08 lần"), i, "of")
i = s.add("INDICATOR", "Tổng thu ngân sách nhà nước trên địa bàn quận")
s.rel(s.add("PERIOD", "năm 2022", "địa bàn quận năm 2022 phấn đấu"), i, "of")
s.rel(s.add("TARGET", "100% dự toán", "100% dự toán (4.435"), i, "of")
s.rel(s.add("VALUE", "4.435 tỷ đồng"), i, "of")
i = s.add("INDICATOR", "Tổng chi ngân sách nhà nước quận")
s.rel(s.add("PERIOD", "năm 2022", "nhà nước quận năm 2022 ước"), i, "of")
s.rel(s.add("VALUE", "1.842 tỷ đồng"), i, "of")
s.rel(s.add("TARGET", "96% dự toán"), i, "of")
docs.append(s.doc())

# ---------------------------------------------------------------- 002
s = Sheet("002_bf0e12d72c01e773", limit_marker="Tin liên quan")
s.add("TERM", "nhiệm kỳ 2015 - 2020", "Hải Phòng, nhiệm kỳ 2015 - 2020")
s.add("TERM", "Nhiệm kỳ 2015 - 2020")
s.add("TERM", "khóa XII", "(khóa XII)", count=3)
s.add("TERM", "nhiệm kỳ 2016 - 2021")
s.add("POSITION", "Chủ tịch UBND thành phố")
s.add("POSITION", "Thủ tướng Chính phủ")
i = s.add("INDICATOR", "tổng số kinh phí thăm hỏi, tặng quà người có công nhân dịp lễ, tết, ngày Thương binh - "
          "Liệt sĩ (27/7), người nghèo, trẻ em có hoàn cảnh khó khăn")
s.rel(s.add("PERIOD", "nhiệm kỳ qua", "Trong nhiệm kỳ qua, tổng số kinh phí"), i, "of")
s.rel(s.add("VALUE", "54,86 tỷ đồng"), i, "of")
s.rel(s.add("CHANGE", "tăng trên 40 tỷ đồng"), i, "of")
docs.append(s.doc())

# ---------------------------------------------------------------- 003
s = Sheet("003_d2d48f3f4941e773")
s.add("MEETING", "Hội nghị Ban Chấp hành Đảng bộ quận lần thứ ba")
date = s.add("DATE", "Sáng ngày 02/10/2020")
org = s.add("ORGANIZER", "Ban Chấp hành Đảng bộ quận", "02/10/2020, Ban Chấp hành Đảng bộ quận tổ chức")
m = s.add("MEETING", "hội nghị lần thứ ba", "tổ chức hội nghị lần thứ ba")
term = s.add("TERM", "khóa XXVI")
s.rel(date + org + term, m * 3, "of")
s.add("TERM", "nhiệm kỳ 2020 - 2025", "(nhiệm kỳ 2020 - 2025)")
s.add("TERM", "nhiệm kỳ 2020 – 2025")
s.add("TERM", "khóa XV")
s.add("TERM", "nhiệm kỳ 2021-2026")
tien = s.add("PERSON", "Hoàng Minh Dũng Tiến", count=2)
p1 = s.add("POSITION", "Thành ủy viên", "Tiến-Thành ủy viên")
p2 = s.add("POSITION", "Bí thư Quận ủy", "viên, Bí thư Quận ủy chủ trì")
p3 = s.add("POSITION", "Bí thư Quận ủy", "Tiến-Bí thư Quận ủy đề nghị")
s.add("POSITION", "Bí thư Quận ủy", "Đồng chí Bí thư Quận ủy tin tưởng")
s.rel([tien[0], tien[0], tien[1]], p1 + p2 + p3, "holds")
i = s.add("INDICATOR", "Thu ngân sách", "Thu ngân sách đạt trên")
s.rel(s.add("VALUE", "trên 3.320 tỷ đồng"), i, "of")
s.rel(s.add("TARGET", "47% dự toán"), i, "of")
i = s.add("INDICATOR", "Chi ngân sách", "Chi ngân sách đạt trên")
s.rel(s.add("VALUE", "trên 935 tỷ đồng"), i, "of")
s.rel(s.add("TARGET", "48,8% dự toán quận giao"), i, "of")
s.rel(s.add("TARGET", "73,3% dự toán Thành phố giao"), i, "of")
i = s.add("INDICATOR", "chi dành cho nhiệm vụ phòng, chống dịch bệnh Covid-19")
s.rel(s.add("VALUE", "7,938 tỷ đồng"), i, "of")
i = s.add("INDICATOR", "tỷ lệ giải ngân vốn đầu tư công")
s.rel(s.add("VALUE", "100%", "đầu tư công đạt 100%"), i, "of")
s.rel(s.add("PERIOD", "năm 2020", "kinh tế - xã hội năm 2020 đặc biệt"), i, "of")
docs.append(s.doc())

# ---------------------------------------------------------------- 004
s = Sheet("004_befabda29600e3a9", limit_marker="Các bài mới đăng")
s.add("TERM", "nhiệm kỳ 2020-2025", count=2)
s.add("TERM", "nhiệm kỳ 2015-2020")
s.add("TERM", "khóa IV", "Quận ủy khóa IV")
ha = s.add("PERSON", "Nguyễn Mạnh Hà")
s.rel(ha, s.add("POSITION", "Chủ tịch UBND Quận", "Chủ tịch UBND Quận Nguyễn"), "holds")
th = s.add("PERSON", "Nguyễn Thế Thạch")
p = s.add("POSITION", "Trưởng ban Tuyên giáo") + s.add("POSITION", "Giám đốc Trung tâm bồi dưỡng chính trị quận")
s.rel(th * 2, p, "holds")
docs.append(s.doc())

with OUT.open("w", encoding="utf-8") as fh:
    for d in docs:
        fh.write(json.dumps(d, ensure_ascii=False) + "\n")
print(f"{OUT}: {len(docs)} documents, {sum(len(d['spans']) for d in docs)} spans, "
      f"{sum(len(d['relations']) for d in docs)} relations")
