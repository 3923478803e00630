"""BIO view: tokenisation with offsets, encoding (and what it loses), seqeval counts."""
import pytest

from hoinghi.document import Document, Span
from hoinghi.eval.metrics.bio import doc_counts, to_bio, tokenize

TEXT = "Thu NSNN đạt 52% dự toán, tăng 9,54%."
L2S = {"INDICATOR": "indicators", "VALUE": "indicators", "TARGET": "indicators", "CHANGE": "indicators",
       "PERSON": "officials"}


def test_tokenize():
    toks = tokenize(TEXT)
    assert [TEXT[s:e] for s, e in toks] == ["Thu", "NSNN", "đạt", "52", "%", "dự", "toán", ",", "tăng", "9", ",",
                                            "54", "%", "."]


ENCODE = [
    ("plain", [(0, 8, "INDICATOR")], ["B-INDICATOR", "I-INDICATOR", "O"], 0),
    ("boundary inside a token widens", [(1, 6, "INDICATOR")], ["B-INDICATOR", "I-INDICATOR", "O"], 0),
    ("overlap within schema lost", [(0, 8, "INDICATOR"), (4, 12, "VALUE")], ["B-INDICATOR", "I-INDICATOR", "O"], 1),
    ("adjacent same label stay two chunks", [(0, 3, "A"), (4, 8, "A")], ["B-A", "B-A", "O"], 0),
    ("span on no token lost", [(3, 4, "A")], ["O", "O", "O"], 1),
]


@pytest.mark.parametrize("name, spans, tags, lost", ENCODE, ids=[c[0] for c in ENCODE])
def test_to_bio(name, spans, tags, lost):
    assert to_bio([(0, 3), (4, 8), (9, 12)], spans) == (tags, lost)


def d(spans, text=TEXT):
    return Document("d", text, tuple(Span(s, e, lab, f"s{i}") for i, (s, e, lab) in enumerate(spans)))


def test_doc_counts():
    g = d([(0, 8, "INDICATOR"), (13, 24, "TARGET"), (26, 36, "CHANGE")])
    p = d([(0, 8, "INDICATOR"), (13, 16, "TARGET"), (26, 36, "VALUE"), (0, 3, "PERSON")], None)
    c = doc_counts(g, p, L2S)
    assert c.counts == {"INDICATOR": [1, 0, 0], "TARGET": [0, 1, 1], "CHANGE": [0, 0, 1], "VALUE": [0, 1, 0],
                        "PERSON": [0, 1, 0]}  # PERSON overlaps INDICATOR but is in another schema: kept
    assert (c.lost_gold, c.lost_pred) == (0, 0)


def _seqeval_counts(gold: Document, pred: Document, l2s) -> dict:
    """The oracle: write IOB2 tags with to_bio and read them back with seqeval."""
    from seqeval.metrics.sequence_labeling import get_entities

    from hoinghi.eval.counts import set_counts

    tokens = tokenize(gold.text)
    out, lost = {}, [0, 0]
    for schema in sorted({l2s.get(s.label, s.label) for s in gold.spans + pred.spans}):
        sides = []
        for side, doc in enumerate((gold, pred)):
            spans = [s.key for s in doc.spans if l2s.get(s.label, s.label) == schema]
            tags, n_lost = to_bio(tokens, spans)
            lost[side] += n_lost
            by_label: dict = {}
            for e in (get_entities(tags) if spans else []):
                by_label.setdefault(e[0], set()).add(e)
            sides.append(by_label)
        out.update(set_counts(*sides))
    return out, tuple(lost)


def test_chunks_equal_seqeval_on_random_spans():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    labels = st.sampled_from(sorted(L2S))
    span = st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 12), labels).map(
        lambda t: (t[0], min(len(TEXT), t[0] + t[1]), t[2]))

    @settings(max_examples=400, deadline=None)
    @given(st.lists(span, max_size=12), st.lists(span, max_size=12))
    def check(gold_spans, pred_spans):
        g, p = d(gold_spans), d(pred_spans, None)
        ours = doc_counts(g, p, L2S)
        assert (ours.counts, (ours.lost_gold, ours.lost_pred)) == _seqeval_counts(g, p, L2S)

    check()
    assert hypothesis


@pytest.mark.parametrize("text", ["", "   ", "a", " a ", "Thu NSNN đạt 52% dự toán, tăng 9,54%.", "x\u00a0y\n\tz!!", "…—“x”", "_a_ b__"])
def test_token_bounds_are_the_regex_tokens(text):
    import re

    assert tokenize(text) == [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]


def test_token_bounds_are_the_regex_tokens_on_random_text():
    pytest.importorskip("hypothesis")
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet="ab đ1_ \t\n.,%!…\u00a0ỷ", max_size=20))
    def check(text):
        assert tokenize(text) == [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]

    check()
