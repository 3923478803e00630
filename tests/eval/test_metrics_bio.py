"""BIO view: tokenisation with offsets, encoding (and what it loses), seqeval counts."""
import numpy as np
import pytest

from hoinghi.document import Document, Span
from hoinghi.eval.columns import LabelIndex, SpanColumns
from hoinghi.eval.metrics import bio
from hoinghi.eval.metrics.bio import count_columns, doc_counts, to_bio, tokenize

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


# -- count_columns: the same counts over a batch, as array operations ------------------------
IX = LabelIndex(("ZED", "ALPHA", "MID", "PERSON", "BETA", "C1"), ("a", "b", "c"), np.array([0, 0, 0, 1, 1, 2]))
Z, A, M, P, B, C = range(6)


def _object_counts(texts, gold: SpanColumns, pred: SpanColumns):
    """The object path, document by document: (per-document counts, lost gold, lost pred)."""
    per_doc, lost = [], [0, 0]
    for d, text in enumerate(texts):
        g, p = (Document(str(d), t, tuple(Span(s, e, lab) for s, e, lab in IX.keys(cols, d)))
                for t, cols in ((text, gold), (None, pred)))
        c = doc_counts(g, p, IX.label_to_schema())
        per_doc.append(c.counts)
        lost[0] += c.lost_gold
        lost[1] += c.lost_pred
    return per_doc, tuple(lost)


def _columns_counts(texts, gold, pred):
    out = count_columns(texts, gold, pred, IX)
    assert out.counts.shape == (len(texts), len(IX.labels), 3) and out.counts.dtype == np.int64
    return [out.label_counts(d, IX.labels) for d in range(len(texts))], (out.lost_gold, out.lost_pred)


LONG = " ".join(["w"] * 40)
COLUMN_CASES = [  # name, texts, gold [(doc, (start, end, label))], pred, counts per document, (lost gold, lost pred)
    ("boundary inside a token widens", ["Thu NSNN đạt"], [(0, (0, 8, A))], [(0, (1, 6, A))],
     [{"ALPHA": [1, 0, 0]}], (0, 0)),
    ("overlap lost within a schema, kept across", ["Thu NSNN đạt"], [(0, (0, 8, A))],
     [(0, (0, 8, A)), (0, (4, 12, M)), (0, (4, 12, P))], [{"ALPHA": [1, 0, 0], "PERSON": [0, 1, 0]}], (0, 1)),
    ("same start: longest first", ["Thu NSNN đạt"], [], [(0, (0, 3, M)), (0, (0, 8, Z))],
     [{"ZED": [0, 1, 0]}], (0, 1)),
    ("same tokens, two labels: first by label name", ["Thu NSNN"], [(0, (0, 3, A))], [(0, (0, 3, Z)), (0, (0, 3, A))],
     [{"ALPHA": [1, 0, 0]}], (0, 1)),
    ("a lost span blocks nothing", ["ab cd ef"], [], [(0, (0, 1, A)), (0, (1, 8, M)), (0, (3, 5, Z))],
     [{"ALPHA": [0, 1, 0], "ZED": [0, 1, 0]}], (0, 1)),
    ("a long chain under a lost span (the slow road)", ["ww " + LONG], [(0, (3 + 2 * k, 4 + 2 * k, A)) for k in range(40)],
     [(0, (0, 1, A)), (0, (1, len(LONG) + 3, A))] + [(0, (3 + 2 * k, 4 + 2 * k, A)) for k in range(40)],
     [{"ALPHA": [40, 1, 0]}], (0, 1)),
    ("a span on no token is lost", ["ab  cd"], [(0, (2, 4, A))], [(0, (0, 6, A))], [{"ALPHA": [0, 1, 0]}], (1, 0)),
    ("empty documents, documents without spans", ["", "ab", "", "cd"], [(1, (0, 2, C))], [(3, (0, 2, C))],
     [{}, {"C1": [0, 0, 1]}, {}, {"C1": [0, 1, 0]}], (0, 0)),
    ("a word at one document's end and the next's start", ["ab", "cd"], [(0, (1, 2, A)), (1, (0, 1, A))],
     [(0, (0, 2, A)), (1, (0, 2, A))], [{"ALPHA": [1, 0, 0]}, {"ALPHA": [1, 0, 0]}], (0, 0)),
    ("code points above U+FFFF", ["😀ab 𝐀𝐁!"], [(0, (0, 1, P)), (0, (4, 6, B))], [(0, (0, 3, P)), (0, (5, 7, B))],
     [{"PERSON": [0, 1, 1], "BETA": [0, 1, 1]}], (0, 0)),
    ("offsets past the text clip as the object path reads them", ["ab cd"], [(0, (3, 9, A))], [(0, (7, 9, A))],
     [{"ALPHA": [0, 0, 1]}], (0, 1)),
]


@pytest.mark.parametrize("name, texts, gold, pred, counts, lost", COLUMN_CASES, ids=[c[0] for c in COLUMN_CASES])
def test_count_columns_cases(name, texts, gold, pred, counts, lost):
    gold, pred = SpanColumns.from_keys(gold), SpanColumns.from_keys(pred)
    assert _columns_counts(texts, gold, pred) == (counts, lost) == _object_counts(texts, gold, pred)


ALPHABET = "aăđêơưỷẠ1_9 \t\n\u00a0.,%!…“”-\u0301😀𝐀"


def _gold_of_schemas(spans):
    """Random spans made valid gold: greedily, none overlapping an earlier one of its schema."""
    kept = []
    for s, e, lab in spans:
        if all(IX.schema_of[lab] != IX.schema_of[k[2]] or e <= k[0] or k[1] <= s for k in kept):
            kept.append((s, e, lab))
    return kept


def _predictions(data, n, gold, span):
    """Random spans plus gold spans kept, dropped, shifted, relabelled, nested or repeated."""
    from hypothesis import strategies as st

    out = data.draw(st.lists(span, max_size=6))
    for s, e, lab in gold:
        op, shift, new = data.draw(st.tuples(st.integers(0, 6), st.sampled_from((-1, 1)), st.integers(0, 5)))
        moved = (max(0, s + shift), min(n, e + shift), lab)
        out += [[], [(s, e, lab)], [moved] if moved[0] < moved[1] else [], [(s, e, new)], [(s, e, lab)] * 2,
                [(s, e, lab), (s, max(s + 1, e - 1), new)], [(s, e, lab), (max(0, s - 1), e, lab)]][op]
    return out


@pytest.mark.parametrize("rounds", [0, 1, 16])
def test_count_columns_equal_doc_counts_on_random_batches(rounds, monkeypatch):
    pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    monkeypatch.setattr(bio, "_ROUNDS", rounds)  # 0: every cluster takes the slow road

    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def check(data):
        texts = data.draw(st.lists(st.text(ALPHABET, max_size=24), max_size=4))
        gold, pred = [], []
        for d, text in enumerate(texts):
            if not text:
                continue
            n = len(text)
            span = st.tuples(st.integers(0, n - 1), st.integers(1, 8), st.integers(0, 5)).map(
                lambda t, n=n: (t[0], min(n, t[0] + t[1]), t[2]))
            g = _gold_of_schemas(data.draw(st.lists(span, max_size=8)))
            gold += [(d, k) for k in g]
            pred += [(d, k) for k in _predictions(data, n, g, span)]
        gold, pred = SpanColumns.from_keys(gold), SpanColumns.from_keys(pred)
        assert _columns_counts(texts, gold, pred) == _object_counts(texts, gold, pred)

    check()
