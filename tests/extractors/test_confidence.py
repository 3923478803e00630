"""hoinghi.extractors.confidence: the score of a span from its rule and its context's
ambiguities, as tables; every span of the reference extractor carries one."""
import pytest

from hoinghi.document import Document
from hoinghi.extractors import confidence, reference
from hoinghi.extractors.segmentation import Mention
from hoinghi.normalize import fold_text

# (text, label, rule, linked, contested, expected ambiguities)
AMBIGUITIES = [
    ("Ngày 9-4", "DATE", "date-opening", True, False, []),
    ("Ngày 9-4", "DATE", "date-opening", False, False, ["unlinked"]),
    ("Huyện ủy Tân Lạc", "ORGANIZER", "org-subject", True, True, ["contested"]),
    ("khóa XVII", "TERM", "term-number", False, False, []),  # a TERM is labelled at every mention
    ("Thu ngân sách", "INDICATOR", "phrase", False, False, []),
    ("thành lập mới", "INDICATOR", "phrase", False, False, ["no-measure-noun"]),
    ("tổng số lao động có việc làm mới trong các doanh nghiệp nhỏ và vừa trên địa bàn huyện", "INDICATOR", "phrase", False, False,
     ["long"]),
    ("Tổng thu ngân sách nhà nước trên địa bàn quận", "INDICATOR", "phrase", False, False, []),
    ("18.574", "VALUE", "value", True, False, ["bare-number"]),
    ("trên 18.574", "VALUE", "value", True, False, ["bare-number"]),
    ("18.574 tỷ đồng", "VALUE", "value", True, False, []),
    ("52% dự toán", "TARGET", "target", True, False, []),
    ("hơn 48% dự toán", "TARGET", "target", True, False, ["qualified-plan"]),
    ("72% chỉ tiêu", "TARGET", "target", True, False, ["qualified-plan"]),
]


def _mention(text, label, rule, linked, contested):
    m = Mention(0, len(text), label, rule, contested=contested)
    if linked:
        m.link("of", Mention(0, 1, "MEETING", "meeting"))
    return m


@pytest.mark.parametrize("text, label, rule, linked, contested, expected", AMBIGUITIES)
def test_ambiguities(text, label, rule, linked, contested, expected):
    assert confidence.ambiguities(_mention(text, label, rule, linked, contested), fold_text(text)) == expected


@pytest.mark.parametrize("text, label, rule, linked, contested, expected", AMBIGUITIES)
def test_score_is_base_minus_penalties(text, label, rule, linked, contested, expected):
    m = _mention(text, label, rule, linked, contested)
    want = confidence.BASE[rule] - sum(confidence.PENALTY[a] for a in expected)
    assert confidence.score(m, fold_text(text)) == round(min(0.99, max(0.05, want)), 2)


def test_unknown_rule_gets_the_default_and_scores_stay_in_range():
    assert confidence.score(Mention(0, 3, "X", "not-a-rule"), "abc") == confidence.DEFAULT_BASE
    many = Mention(0, 70, "INDICATOR", "no-such-rule", contested=True)
    assert confidence.score(many, "thành lập mới " * 5) >= 0.05


def test_every_rule_has_a_base_in_range():
    assert all(0 < v <= 1 for v in confidence.BASE.values())
    assert all(0 < v < 1 for v in confidence.PENALTY.values())


ARTICLE = ("Ngày 9-4, Huyện ủy Tân Lạc tổ chức Hội nghị Ban Chấp hành lần thứ 7. "
           "Bí thư Huyện ủy, đồng chí Đinh Văn Long chủ trì. Thu ngân sách năm 2024 đạt 450 tỷ đồng.\n"
           "Quang cảnh hội nghị sáng 9-4.")


def test_every_predicted_span_has_a_score_in_range():
    out = reference.extract(Document("d", ARTICLE))
    assert out.spans and all(s.score is not None and 0 <= s.score <= 1 for s in out.spans)
    assert all("score" in s.to_json() for s in out.spans)


def test_a_looser_rule_scores_lower():
    out = reference.extract(Document("d", ARTICLE))
    dates = {ARTICLE[s.start:s.end]: s.score for s in out.spans if s.label == "DATE"}
    # the opening date is linked to its meeting; the caption's date after "hội nghị" has none in its sentence
    assert dates["Ngày 9-4"] > dates["sáng 9-4"]
