"""Annotator B's worksheet: builds annotations/hoinghi-5/annotator-b.jsonl.

Offsets are never typed by hand: each span is located by its surface string,
optionally inside a longer context string and/or restricted to one line of the
article (1-based, as ``cat -n`` shows), and checked with
``text[start:end] == surface``.

Run:  .venv/bin/python annotations/hoinghi-5/worksheets/annotator-b.py [--audit]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path("/work/shared/corpus")
OUT = Path(__file__).resolve().parents[1] / "annotator-b.jsonl"
ANNOTATOR = "annotator-b@hoinghi.local"
SCHEMA_OF = {
    "MEETING": "meetings", "ORGANIZER": "meetings", "DATE": "meetings", "TERM": "meetings",
    "INDICATOR": "indicators", "VALUE": "indicators", "CHANGE": "indicators",
    "TARGET": "indicators", "PERIOD": "indicators",
    "PERSON": "officials", "POSITION": "officials",
}


class Sheet:
    def __init__(self, stem: str):
        self.stem = stem
        self.text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
        self.spans: list[dict] = []
        self.relations: list[tuple[str, str, str]] = []
        # line number -> (start, end) offsets of that line
        self._lines = []
        pos = 0
        for line in self.text.split("\n"):
            self._lines.append((pos, pos + len(line)))
            pos += len(line) + 1

    def add(self, label: str, surface: str, ctx: str | None = None, *, line: int | None = None,
            nth: int | None = None) -> str:
        """Label ``surface`` found inside ``ctx`` (default: surface itself)."""
        ctx = ctx or surface
        assert surface in ctx, (surface, ctx)
        lo, hi = (0, len(self.text)) if line is None else self._lines[line - 1]
        hits, i = [], self.text.find(ctx, lo)
        while i != -1 and i + len(ctx) <= hi:
            hits.append(i)
            i = self.text.find(ctx, i + 1)
        if nth is None:
            assert len(hits) == 1, f"{self.stem}: {ctx!r} on line {line}: {len(hits)} hits"
            at = hits[0]
        else:
            at = hits[nth]
        start = at + ctx.index(surface)
        end = start + len(surface)
        assert self.text[start:end] == surface
        sid = f"b{len(self.spans) + 1}"
        for s in self.spans:
            assert (s["start"], s["end"], s["label"]) != (start, end, label), f"duplicate {surface!r}"
        self.spans.append({"id": sid, "start": start, "end": end, "label": label, "text": surface})
        return sid

    def rel(self, head: str, tail: str, type_: str) -> None:
        self.relations.append((head, tail, type_))

    def of(self, tail: str, *heads: str) -> None:
        for h in heads:
            self.rel(h, tail, "of")

    def holds(self, person: str, *positions: str) -> None:
        for p in positions:
            self.rel(person, p, "holds")

    def document(self) -> dict:
        spans = sorted(self.spans, key=lambda s: (s["start"], s["end"], s["label"]))
        # no overlap within a schema
        for a_i, a in enumerate(spans):
            for b in spans[a_i + 1:]:
                if b["start"] >= a["end"]:
                    continue
                assert SCHEMA_OF[a["label"]] != SCHEMA_OF[b["label"]], f"{self.stem}: overlap {a} {b}"
        renum = {s["id"]: f"b{i + 1}" for i, s in enumerate(spans)}
        out_spans = [dict(s, id=renum[s["id"]]) for s in spans]
        rels = sorted({(renum[h], renum[t], ty) for h, t, ty in self.relations},
                      key=lambda r: (int(r[0][1:]), int(r[1][1:])))
        assert len(rels) == len(self.relations), f"{self.stem}: duplicate relation"
        return {"id": self.stem, "text": self.text, "spans": out_spans,
                "relations": [{"head": h, "tail": t, "type": ty} for h, t, ty in rels],
                "meta": {"annotator": ANNOTATOR}}


ARTICLES = []


def article(fn):
    ARTICLES.append(fn)
    return fn


AUDIT_WORDS = ["Nguyễn", "Hoàng Minh", "Bí thư", "Chủ tịch", "Trưởng", "Giám đốc", "ủy viên", "uỷ viên",
               "Hội nghị", "hội nghị", "lần thứ", "nhiệm kỳ", "Nhiệm kỳ", "khóa", "Ngày", "ngày",
               "tỷ đồng", "%", "dự toán", "tăng", "giảm", "năm 20", "tháng"]


def audit(doc: dict) -> None:
    """Print every occurrence of cue words with the labels covering it."""
    text = doc["text"]
    for w in AUDIT_WORDS:
        i = text.find(w)
        while i != -1:
            cov = [s["label"] for s in doc["spans"] if s["start"] <= i < s["end"]]
            ctx = text[max(0, i - 30): i + len(w) + 30].replace("\n", "⏎")
            print(f"  {w!r:12} @{i:5} {','.join(cov) or '-':20} …{ctx}…")
            i = text.find(w, i + 1)


# ---------------------------------------------------------------- articles
@article
def a000():
    S = Sheet("000_4c3665d56e5f4e8d")
    # L11 lead: the meeting
    m1 = S.add("MEETING", "Hội nghị lần thứ 14", line=11)
    S.of(m1, S.add("DATE", "Ngày 18-7", line=11),
         S.add("ORGANIZER", "Ban Chấp hành Đảng bộ quận Hoàng Mai (Hà Nội)", line=11))
    # L13
    p = S.add("PERSON", "Nguyễn Quang Hiếu", line=13)
    S.holds(p, S.add("POSITION", "Thành ủy viên", line=13), S.add("POSITION", "Bí thư Quận ủy Hoàng Mai", line=13))
    m2 = S.add("MEETING", "Hội nghị lần thứ 14", line=13)
    S.of(m2, S.add("ORGANIZER", "Ban Chấp hành Đảng bộ quận", line=13))
    # L15, L17 repeated caption
    for ln in (15, 17):
        S.holds(S.add("PERSON", "Nguyễn Quang Hiếu", line=ln), S.add("POSITION", "Bí thư Quận ủy Hoàng Mai", line=ln))
    # L19
    m3 = S.add("MEETING", "Hội nghị lần thứ 14", line=19)
    S.of(m3, S.add("ORGANIZER", "Ban Chấp hành Đảng bộ Quận", line=19))
    # L21: name without a position in the sentence
    S.add("PERSON", "Nguyễn Quang Hiếu", line=21)
    # L25, L26 repeated caption
    for ln in (25, 26):
        S.holds(S.add("PERSON", "Nguyễn Minh Tâm", line=ln), S.add("POSITION", "Chủ tịch UBND quận Hoàng Mai", line=ln))
    # L28, L46, L64: "đồng chí Bí thư Quận ủy" = a singular position standing for a named official
    if LONE_POSITION:
        S.add("POSITION", "Bí thư Quận ủy", "đồng chí Bí thư Quận ủy, thời gian qua", line=28)
        S.add("POSITION", "Bí thư Quận ủy", "đồng chí Bí thư Quận ủy, ngoài", line=46)
        S.add("POSITION", "Bí thư Quận ủy", "Đồng chí Bí thư Quận ủy khẳng định", line=64)
    # L32: indicators (6 tháng đầu năm 2023; the period is not stated in the sentence)
    i1 = S.add("INDICATOR", "Tốc độ phát triển kinh tế", line=32)
    S.of(i1, S.add("VALUE", "10,93%", line=32), S.add("CHANGE", "tăng 1,89 điểm %", line=32))
    i2 = S.add("INDICATOR", "Thu NSNN", line=32)
    S.of(i2, S.add("TARGET", "52% dự toán", line=32))
    # L44: conscription reached 100% of the assigned quota (guideline §2 scope: not labelled)
    if NONECON_FIGURES:
        i3 = S.add("INDICATOR", "tuyển quân", line=44)
        S.of(i3, S.add("TARGET", "100% quân số", line=44))
    # L46: congress of the district Party organisation, its term
    if TERMS_OWN_PARTY:
        S.add("TERM", "nhiệm kỳ 2020-2025", line=46)
    # L54: trade-union congress term
    if TERMS_NON_PARTY:
        S.add("TERM", "nhiệm kỳ 2023 - 2028", line=54)
    # L58
    S.add("PERSON", "Nguyễn Quang Hiếu", line=58)
    # L66: "Nghị quyết Trung ương 4 (khóa XI, XII, XIII)", "Quận ủy khóa 4"
    if TERMS_OTHER_REFS:
        S.add("TERM", "khóa XI, XII, XIII", line=66)
    if TERMS_OWN_PARTY:
        S.add("TERM", "khóa 4", "Quận ủy khóa 4", line=66)
    return S


@article
def a001():
    S = Sheet("001_c66abccd04dba35a")
    # L8 lead
    m1 = S.add("MEETING", "Hội nghị Ban Chấp hành lần thứ 12", line=8)
    S.of(m1, S.add("DATE", "Ngày 30/12", line=8), S.add("ORGANIZER", "Quận ủy Hoàng Mai", line=8),
         S.add("TERM", "nhiệm kỳ 2020 - 2025", line=8))
    # L10, L11 repeated caption
    for ln in (10, 11):
        m = S.add("MEETING", "Hội nghị Ban chấp hành lần thứ 12", line=ln)
        S.of(m, S.add("TERM", "nhiệm kỳ 2020 - 2025", line=ln), S.add("ORGANIZER", "Đảng bộ Hoàng Mai", line=ln))
    # L24: indicators of 2022 (period only stated in earlier paragraphs)
    i = S.add("INDICATOR", "tổng giá trị sản xuất các ngành chủ yếu", line=24)
    S.of(i, S.add("VALUE", "50.068 tỷ đồng", line=24), S.add("CHANGE", "tăng 9,54%", line=24))
    i = S.add("INDICATOR", "Tổng số doanh nghiệp đang hoạt động trên địa bàn", line=24)
    S.of(i, S.add("VALUE", "18.574", line=24), S.add("CHANGE", "tăng 11,6%", line=24))
    i = S.add("INDICATOR", "thành lập mới", "trong đó thành lập mới", line=24)
    S.of(i, S.add("VALUE", "3.597 doanh nghiệp", line=24), S.add("CHANGE", "tăng 2,08 lần", line=24))
    i = S.add("INDICATOR", "Tổng thu ngân sách nhà nước trên địa bàn quận", line=24)
    S.of(i, S.add("PERIOD", "năm 2022", "quận năm 2022 phấn đấu", line=24),
         S.add("TARGET", "100% dự toán", line=24), S.add("VALUE", "4.435 tỷ đồng", line=24))
    i = S.add("INDICATOR", "Tổng chi ngân sách nhà nước quận", line=24)
    S.of(i, S.add("PERIOD", "năm 2022", "quận năm 2022 ước đạt", line=24),
         S.add("VALUE", "1.842 tỷ đồng", line=24), S.add("TARGET", "96% dự toán", line=24))
    return S


@article
def a002():
    S = Sheet("002_bf0e12d72c01e773")
    # No meeting of the Kiến An committee is reported; only congresses and resolutions.
    if TERMS_OWN_PARTY:
        S.add("TERM", "nhiệm kỳ 2015 - 2020", line=6)
        S.add("TERM", "Nhiệm kỳ 2015 - 2020", line=13)
    if CENTRAL_PLENUMS:
        S.add("MEETING", "Hội nghị Trung ương 4, 5, 6, 7, 8", line=34)
        S.add("MEETING", "Hội nghị Trung ương 6, 7", line=47)
    if TERMS_OTHER_REFS:
        S.add("TERM", "khóa XII", line=34)
        S.add("TERM", "khóa XII", line=38)
        S.add("TERM", "khóa XII", line=47)
    if TERMS_NON_PARTY:
        S.add("TERM", "nhiệm kỳ 2016 - 2021", line=55)
    # L26: support spending over the last term
    i = S.add("INDICATOR", "tổng số kinh phí thăm hỏi, tặng quà người có công nhân dịp lễ, tết, ngày Thương binh - "
                           "Liệt sĩ (27/7), người nghèo, trẻ em có hoàn cảnh khó khăn", line=26)
    S.of(i, S.add("PERIOD", "nhiệm kỳ qua", line=26), S.add("VALUE", "54,86 tỷ đồng", line=26),
         S.add("CHANGE", "tăng trên 40 tỷ đồng", line=26))
    if NONECON_FIGURES:
        # L28: conscription quota met every year; 557 conscripts over the term
        i = S.add("INDICATOR", "giao quân", "chỉ tiêu giao quân", line=28)
        S.of(i, S.add("PERIOD", "Hằng năm", line=28), S.add("TARGET", "100% chỉ tiêu", line=28),
             S.add("PERIOD", "nhiệm kỳ", "trong nhiệm kỳ đã giao", line=28),
             S.add("VALUE", "557 thanh niên", line=28))
        # L43: party members admitted over the term
        i = S.add("INDICATOR", "phát triển đảng viên", line=43)
        S.of(i, S.add("PERIOD", "nhiệm kỳ", "trong nhiệm kỳ kết nạp", line=43), S.add("VALUE", "711 đảng viên", line=43))
    if LONE_POSITION_GENERIC:
        S.add("POSITION", "Chủ tịch UBND thành phố", line=28)
        S.add("POSITION", "Thủ tướng Chính phủ", line=55)
    if RELATED_NEWS:
        S.add("POSITION", "Bộ trưởng Bộ Công thương", line=67)
        S.add("POSITION", "Bộ trưởng Bộ Công thương", line=69)
        S.holds(S.add("PERSON", "Nguyễn Hồng Diên", line=71),
                S.add("POSITION", "Bộ trưởng Bộ Công thương", "Bộ trưởng Bộ Công thương Nguyễn", line=71))
    return S


@article
def a003():
    S = Sheet("003_d2d48f3f4941e773")
    # L3 headline: the organiser sits inside the designation, so the whole is the MEETING
    S.add("MEETING", "Hội nghị Ban Chấp hành Đảng bộ quận lần thứ ba", line=3)
    # L6 lead
    m = S.add("MEETING", "hội nghị lần thứ ba", line=6)
    S.of(m, S.add("DATE", "Sáng ngày 02/10/2020", line=6),
         S.add("ORGANIZER", "Ban Chấp hành Đảng bộ quận", "Ban Chấp hành Đảng bộ quận tổ chức", line=6),
         S.add("TERM", "khóa XXVI", line=6))
    p = S.add("PERSON", "Hoàng Minh Dũng Tiến", line=6)
    S.holds(p, S.add("POSITION", "Thành ủy viên", line=6), S.add("POSITION", "Bí thư Quận ủy", line=6))
    if TERMS_OWN_PARTY:
        S.add("TERM", "nhiệm kỳ 2020 - 2025", line=10)
        S.add("TERM", "nhiệm kỳ 2020 – 2025", line=18)
    # L14 budget figures (9 tháng năm 2020 stated only at the head of the section, L8)
    i = S.add("INDICATOR", "Thu ngân sách", line=14)
    S.of(i, S.add("VALUE", "trên 3.320 tỷ đồng", line=14), S.add("TARGET", "47% dự toán", line=14))
    i = S.add("INDICATOR", "Chi ngân sách", line=14)
    S.of(i, S.add("VALUE", "trên 935 tỷ đồng", line=14), S.add("TARGET", "48,8% dự toán quận giao", line=14),
         S.add("TARGET", "73,3% dự toán Thành phố giao", line=14))
    i = S.add("INDICATOR", "chi dành cho nhiệm vụ phòng, chống dịch bệnh Covid-19", line=14)
    S.of(i, S.add("VALUE", "7,938 tỷ đồng", line=14))
    if TERMS_NON_PARTY:
        S.add("TERM", "khóa XV", line=16)
        S.add("TERM", "nhiệm kỳ 2021-2026", line=16)
    # L18
    S.holds(S.add("PERSON", "Hoàng Minh Dũng Tiến", line=18), S.add("POSITION", "Bí thư Quận ủy", "Tiến-Bí thư Quận ủy", line=18))
    # planned figure for 2020
    i = S.add("INDICATOR", "tỷ lệ giải ngân vốn đầu tư công", line=18)
    S.of(i, S.add("VALUE", "100%", line=18), S.add("PERIOD", "năm 2020", "xã hội năm 2020 đặc biệt", line=18))
    if LONE_POSITION:
        S.add("POSITION", "Bí thư Quận ủy", "Đồng chí Bí thư Quận ủy tin tưởng", line=18)
    return S


@article
def a004():
    S = Sheet("004_befabda29600e3a9")
    # No meeting with a session number is reported (only congresses and "các hội nghị quán triệt").
    if TERMS_OWN_PARTY:
        S.add("TERM", "nhiệm kỳ 2020-2025", line=7)
        S.add("TERM", "nhiệm kỳ 2015-2020", line=12)
        S.add("TERM", "khóa IV", "Quận ủy khóa IV", line=20)
        S.add("TERM", "nhiệm kỳ 2020-2025", line=32)
    S.holds(S.add("PERSON", "Nguyễn Mạnh Hà", line=9), S.add("POSITION", "Chủ tịch UBND Quận", line=9))
    if PLANNED_RATE_004:
        i = S.add("INDICATOR", "tỷ lệ xây dựng công trình xây dựng có giấy phép", line=14)
        S.of(i, S.add("VALUE", "100%", line=14))
    S.holds(S.add("PERSON", "Nguyễn Thế Thạch", line=30), S.add("POSITION", "Trưởng ban Tuyên giáo", line=30),
            S.add("POSITION", "Giám đốc Trung tâm bồi dưỡng chính trị quận", line=30))
    return S


# ------------------------------------------------------------ decisions
# Settled by docs/guidelines.md (6467b21): §3 lone positions labelled, §0.5 related news not,
# §1 TERM at every identified mention, §1 no MEETING for resolution issuers, §2 scope.
LONE_POSITION = True          # "đồng chí Bí thư Quận ủy" standing for the named official
LONE_POSITION_GENERIC = True   # an office named without its holder ("Thủ tướng Chính phủ")
RELATED_NEWS = False           # the unrelated related-news tail of 002
TERMS_OWN_PARTY = True         # terms of the district Party organisation outside the meeting sentence
TERMS_OTHER_REFS = True        # terms of the Central Committee in resolution references
TERMS_NON_PARTY = True         # National Assembly, People's Council, trade union terms
CENTRAL_PLENUMS = False        # "Hội nghị Trung ương 4, 5, ..." in resolution names
NONECON_FIGURES = False        # conscription, party members admitted
PLANNED_RATE_004 = False       # "tỷ lệ ... có giấy phép không đạt 100%"


def main(argv: list[str]) -> None:
    docs = [fn().document() for fn in ARTICLES]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    for d in docs:
        counts: dict[str, int] = {}
        for s in d["spans"]:
            counts[s["label"]] = counts.get(s["label"], 0) + 1
        print(d["id"], len(d["spans"]), "spans,", len(d["relations"]), "relations:",
              " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        if "--audit" in argv:
            audit(d)


if __name__ == "__main__":
    main(sys.argv[1:])
