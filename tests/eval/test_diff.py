"""span_outcomes: every kind, the documents' own spans, consistency with the counts."""
import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.document import Document, Span
from hoinghi.eval import evaluate
from hoinghi.eval.diff import outcome_counts, span_outcomes

TEXT = "Ông Nguyễn Văn An, Bí thư Quận ủy, dự Hội nghị lần thứ 14 ngày 18-7."


def d(spans, text=TEXT, prefix="g"):
    return Document("d", text, tuple(Span(s, e, lab, f"{prefix}{i}") for i, (s, e, lab) in enumerate(spans)))


# gold spans, predicted spans -> [(kind, gold id, pred id)] in position order
CASES = [
    ("correct", [(4, 17, "PERSON")], [(4, 17, "PERSON")], [("correct", "g0", "p0")]),
    ("missed", [(4, 17, "PERSON")], [], [("missed", "g0", None)]),
    ("spurious", [], [(0, 3, "PERSON")], [("spurious", None, "p0")]),
    ("boundary", [(4, 17, "PERSON")], [(4, 14, "PERSON")], [("boundary", "g0", "p0")]),
    ("label", [(19, 33, "POSITION")], [(19, 33, "PERSON")], [("label", "g0", "p0")]),
    ("boundary+label", [(19, 33, "POSITION")], [(19, 25, "PERSON")], [("boundary+label", "g0", "p0")]),
    ("other schema never confused", [(38, 57, "MEETING")], [(38, 57, "PERSON")],
     [("missed", "g0", None), ("spurious", None, "p0")]),
    ("duplicate prediction kept once", [(4, 17, "PERSON")], [(4, 17, "PERSON"), (4, 17, "PERSON")],
     [("correct", "g0", "p0")]),
]


@pytest.mark.parametrize("name, gold, pred, expected", CASES, ids=[c[0] for c in CASES])
def test_outcomes(name, gold, pred, expected):
    out = span_outcomes(d(gold), d(pred, None, "p"))
    assert [(o.kind, o.gold and o.gold.id, o.pred and o.pred.id) for o in out] == expected


def test_no_prediction_and_describe():
    out = span_outcomes(d([(4, 17, "PERSON"), (19, 33, "POSITION")]), None)
    assert [o.kind for o in out] == ["missed", "missed"]
    assert out[0].describe(TEXT) == "missed: gold PERSON 'Nguyễn Văn An' [4, 17)"
    assert outcome_counts(out) == {"correct": 0, "label": 0, "boundary": 0, "boundary+label": 0, "missed": 2,
                                   "spurious": 0}


labels = st.sampled_from(["PERSON", "POSITION", "MEETING", "DATE"])
span = st.builds(lambda s, n, lab: (s, s + n, lab), st.integers(0, 60), st.integers(1, 8), labels)


@given(st.lists(span, max_size=6), st.lists(span, max_size=8))
@settings(max_examples=100, deadline=None)
def test_outcomes_agree_with_strict_counts(gold, pred):
    schema = {"PERSON": "officials", "POSITION": "officials", "MEETING": "meetings", "DATE": "meetings"}
    flat = []
    for s in sorted(set(gold)):  # gold of one schema never overlaps: keep the valid part
        if all(s[0] >= k[1] or s[1] <= k[0] for k in flat if schema[k[2]] == schema[s[2]]):
            flat.append(s)
    g, p = d(flat), d(pred, None, "p")
    out = span_outcomes(g, p)
    r = evaluate([g], [p], n_boot=0)
    c = r.counts.sum(axis=(0, 1))
    kinds = outcome_counts(out)
    assert kinds["correct"] == c[0]
    assert len(out) == len(flat) + len(set(pred)) - sum(1 for o in out if o.gold and o.pred)
    assert kinds == {k: r.semeval["overall"].get(k, 0) for k in kinds}
