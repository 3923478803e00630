"""hoinghi.extractors.reference: the whole pipeline on an invented article of the genre
(another province, another outlet), the contract's invariants on the real corpus, and
the harness entry point."""
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.document import Document, validate_document
from hoinghi.extractors import REGISTRY, reference
from hoinghi.gold_set import load_gold
from hoinghi.schema import load_schemas

# The five real articles, read from the committed gold set (its texts are the corpus
# files byte for byte), so the contract cases run in every checkout instead of
# collecting none when ../shared is absent.
CORPUS = sorted(load_gold(Path(__file__).resolve().parents[2] / "gold" / "hoinghi-5"), key=lambda d: d.id)
assert len(CORPUS) == 5, "gold/hoinghi-5 should hold the five corpus articles"

ARTICLE = """Hòa Bình: Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 18

Thứ Sáu, 15/12/2023 - 09:30

(Baohoabinh.vn) - Sáng 14/12, Ban Chấp hành Đảng bộ tỉnh Hòa Bình khóa XVII tổ chức Hội nghị lần thứ 18 để \
đánh giá tình hình thực hiện nhiệm vụ năm 2023. Đồng chí Nguyễn Phi Long, Ủy viên dự khuyết Ban Chấp hành \
Trung ương Đảng, Bí thư Tỉnh ủy chủ trì hội nghị.

Đồng chí Nguyễn Phi Long, Bí thư Tỉnh uỷ phát biểu kết luận hội nghị.

Năm 2023, tốc độ tăng trưởng GRDP ước đạt 7,2%; thu ngân sách nhà nước trên địa bàn ước đạt 5.350 tỷ đồng, \
bằng 102% dự toán trung ương giao.

Tỉnh hoàn thành 24/25 chỉ tiêu; Nghị quyết số 15-NQ/TU ngày 10/5/2022 của Ban Thường vụ Tỉnh ủy được \
thực hiện tốt; chuẩn bị Đại hội Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2025 - 2030.

Minh Hạnh
Tin cùng chuyên mục
Chủ tịch nước Võ Văn Thưởng thăm tỉnh
"""

# every span the pipeline must find in ARTICLE (label, text), in text order
EXPECTED_SPANS = [
    ("MEETING", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 18"),
    ("DATE", "Sáng 14/12"),
    ("ORGANIZER", "Ban Chấp hành Đảng bộ tỉnh Hòa Bình"),
    ("TERM", "khóa XVII"),
    ("MEETING", "Hội nghị lần thứ 18"),
    ("PERSON", "Nguyễn Phi Long"),
    ("POSITION", "Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng"),
    ("POSITION", "Bí thư Tỉnh ủy"),
    ("PERSON", "Nguyễn Phi Long"),
    ("POSITION", "Bí thư Tỉnh uỷ"),
    ("PERIOD", "Năm 2023"),
    ("INDICATOR", "tốc độ tăng trưởng GRDP"),
    ("VALUE", "7,2%"),
    ("INDICATOR", "thu ngân sách nhà nước trên địa bàn"),
    ("VALUE", "5.350 tỷ đồng"),
    ("TARGET", "102% dự toán trung ương giao"),
    ("TERM", "nhiệm kỳ 2025 - 2030"),
]

EXPECTED_RELATIONS = [
    ("Sáng 14/12", "of", "Hội nghị lần thứ 18"),
    ("Ban Chấp hành Đảng bộ tỉnh Hòa Bình", "of", "Hội nghị lần thứ 18"),
    ("khóa XVII", "of", "Hội nghị lần thứ 18"),
    ("Nguyễn Phi Long", "holds", "Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng"),
    ("Nguyễn Phi Long", "holds", "Bí thư Tỉnh ủy"),
    ("Nguyễn Phi Long", "holds", "Bí thư Tỉnh uỷ"),
    ("Năm 2023", "of", "tốc độ tăng trưởng GRDP"),
    ("7,2%", "of", "tốc độ tăng trưởng GRDP"),
    ("5.350 tỷ đồng", "of", "thu ngân sách nhà nước trên địa bàn"),
    ("102% dự toán trung ương giao", "of", "thu ngân sách nhà nước trên địa bàn"),
]


def _run(text, doc_id="x"):
    return reference.extract(Document(doc_id, text))


def test_article_spans_and_relations():
    out = _run(ARTICLE)
    assert [(s.label, ARTICLE[s.start:s.end]) for s in out.spans] == EXPECTED_SPANS
    by_id = {s.id: ARTICLE[s.start:s.end] for s in out.spans}
    assert sorted((by_id[r.head], r.type, by_id[r.tail]) for r in out.relations) == sorted(EXPECTED_RELATIONS)


def test_normalised_values_fill_in_the_year():
    out = _run(ARTICLE)
    values = {(s.label, ARTICLE[s.start:s.end]): out.meta["values"][s.id] for s in out.spans}
    assert out.meta["year"] == 2023
    assert values[("DATE", "Sáng 14/12")] == "2023-12-14"
    assert values[("TERM", "khóa XVII")] == "khóa 17"
    assert values[("VALUE", "5.350 tỷ đồng")] == "5350 tỷ đồng"
    assert values[("POSITION", "Bí thư Tỉnh uỷ")] == values[("POSITION", "Bí thư Tỉnh ủy")]


# Text as it comes: the same sentence with NBSP and the other tone placement gives the
# same spans at the same offsets.
VARIANTS = [
    ("Bí thư Huyện ủy, đồng chí Lê Văn Tâm chủ trì.", "Bí thư Huyện\u00a0uỷ,\u00a0đồng chí Lê Văn Tâm chủ trì."),
    ("Ngày 9-4, Huyện ủy Lạc Thủy tổ chức Hội nghị lần thứ 7.", "Ngày 9-4,\u00a0Huyện uỷ Lạc Thuỷ tổ chức Hội nghị lần\u00a0thứ 7."),
    ("Thu ngân sách đạt 150 tỷ đồng, bằng 55% dự toán.", "Thu ngân sách\u00a0đạt 150 tỷ\u00a0đồng, bằng 55% dự toán."),
]


@pytest.mark.parametrize("clean, messy", VARIANTS)
def test_text_variants_give_the_same_spans(clean, messy):
    assert len(clean) == len(messy)
    a = [(s.start, s.end, s.label) for s in _run(clean).spans]
    b = [(s.start, s.end, s.label) for s in _run(messy).spans]
    assert a == b and a


@pytest.mark.parametrize("article", CORPUS, ids=lambda d: d.id[:3])
def test_contract_on_the_corpus(article):
    text = article.text
    doc = Document(article.id, text)
    out = reference.extract(doc)
    schemas = load_schemas()
    assert out.id == doc.id and out.text == text
    # offsets in range, span text matches, ids unique, no overlap within a schema, relations allowed
    Document.from_json(out.to_json())
    validate_document(out, labels=schemas.label_to_schema(), gold=True, relation_ok=schemas.allows_relation)
    assert all(s.text == text[s.start:s.end] and s.text == s.text.strip() for s in out.spans)
    assert reference.extract(doc) == out  # deterministic


def test_nothing_outside_the_content():
    out = _run("Bí thư Tỉnh ủy, đồng chí Lê Văn An dự.\nTin liên quan\nHội nghị lần thứ 9 của Tỉnh ủy Y; Bí thư Trần B")
    assert [s.label for s in out.spans] == ["POSITION", "PERSON"]


def test_empty_and_furniture_only():
    assert _run("").spans == ()
    assert _run("0:00 / 0:00\nChia sẻ Zalo\nMã xác nhận:").spans == ()


def test_registered_and_versioned():
    assert REGISTRY["reference"] == "hoinghi.extractors.reference:extract"
    assert reference.__version__.startswith("reference-")


def test_runs_through_the_harness():
    from hoinghi.eval.runner import run_extractor

    run = run_extractor("reference", [Document("a", ARTICLE)], jobs=1, progress=False)
    assert not run.failures
    assert reference.__version__ in run.extractor
    assert len(run.predictions["a"].spans) == len(EXPECTED_SPANS)


# Any text at all: no exception, valid non-overlapping spans, relations between kept spans.
_PIECES = ["Hội nghị", " lần thứ ", "IV", "14", "ba", "Ban Chấp hành Đảng bộ tỉnh", "Tỉnh uỷ", " Hà Giang", "khóa ",
           "nhiệm kỳ 2020 - 2025", "Ngày 9-4", ", ", ". ", "\n", "\u00a0", "đồng chí ", "Nguyễn Văn An", "Bí thư",
           " Huyện ủy", "Chủ tịch UBND", " tổ chức ", "Thu ngân sách", " đạt ", "1.234 tỷ đồng", "56,7%", " dự toán",
           "tăng ", "năm 2023", "(", ")", ";", "-", "/", "Tin liên quan", "19/19", " và ", "các ", "ông "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_text_gives_a_valid_prediction(pieces):
    text = "".join(pieces)
    out = reference.extract(Document("p", text))
    schemas = load_schemas()
    validate_document(out, labels=schemas.label_to_schema(), gold=True, relation_ok=schemas.allows_relation)
    assert all(0 <= s.start < s.end <= len(text) for s in out.spans)
