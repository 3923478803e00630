"""eval/metrics/semeval.py: the columnar SemEval tally equals the object path
(``SEMEVAL.kinds`` per document, as ``evaluate(breakdown=True)`` tallies it) on hand-made
cases and on random documents."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.document import Document, Span
from hoinghi.eval import evaluate
from hoinghi.eval.columns import LabelIndex, SpanColumns
from hoinghi.eval.matching import SEMEVAL
from hoinghi.eval.metrics.semeval import semeval_tally, tally_columns
from hoinghi.eval.outcomes import OUTCOME_KINDS
from hoinghi.schema import load_schemas

SCHEMAS = load_schemas()
IX = LabelIndex.from_schemas(SCHEMAS)
L2S = SCHEMAS.label_to_schema()
BY_SCHEMA = [tuple(lab for lab in IX.labels if L2S[lab] == name) for name in IX.schemas]
ALPHABET = "aăâbdđeêioôơuưyàảãáạềễệếỗộớờữựĐƯ Ơ  ,.;:-–()%0123456789"
BIG = 2 ** 61  # offsets this large take every overflow fallback (sort codes, ranks of offsets)

CASES = [  # (name, gold keys, predicted keys, {schema: {kind: n}}, slow docs, slow clusters)
    ("empty", [], [], {}, 0, 0),
    ("no prediction", [(0, 5, "PERSON")], [], {"officials": {"missed": 1}}, 0, 0),
    ("no gold", [], [(0, 5, "DATE")], {"meetings": {"spurious": 1}}, 0, 0),
    ("exact", [(0, 5, "PERSON")], [(0, 5, "PERSON")], {"officials": {"correct": 1}}, 0, 0),
    ("label within schema", [(0, 5, "PERSON")], [(0, 5, "POSITION")], {"officials": {"label": 1}}, 0, 0),
    ("label across schemas", [(0, 5, "PERSON")], [(0, 5, "DATE")],
     {"officials": {"missed": 1}, "meetings": {"spurious": 1}}, 0, 0),
    ("touching is no overlap", [(0, 5, "PERSON")], [(5, 9, "PERSON")],
     {"officials": {"missed": 1, "spurious": 1}}, 0, 0),
    ("shift by one", [(3, 9, "TERM")], [(4, 10, "TERM")], {"meetings": {"boundary": 1}}, 0, 0),
    ("boundary+label", [(3, 9, "TERM")], [(2, 9, "DATE")], {"meetings": {"boundary+label": 1}}, 0, 0),
    ("one gold, the better of two", [(0, 10, "PERSON")], [(0, 8, "POSITION"), (2, 10, "PERSON")],
     {"officials": {"boundary": 1, "spurious": 1}}, 0, 0),
    ("one gold, label beats boundary", [(0, 10, "VALUE")], [(0, 10, "TARGET"), (0, 9, "VALUE"), (9, 12, "VALUE")],
     {"indicators": {"label": 1, "spurious": 2}}, 0, 0),
    ("one gold, a chained prediction that misses it", [(0, 4, "VALUE")], [(3, 8, "TARGET"), (7, 12, "VALUE")],
     {"indicators": {"boundary+label": 1, "spurious": 1}}, 0, 0),
    ("one prediction, two gold", [(0, 5, "PERSON"), (10, 20, "POSITION")], [(0, 20, "PERSON")],
     {"officials": {"boundary": 1, "missed": 1}}, 0, 0),
    ("exact first, then the rest", [(0, 5, "PERSON")], [(0, 5, "PERSON"), (2, 7, "PERSON")],
     {"officials": {"correct": 1, "spurious": 1}}, 0, 0),
    ("two predictions only", [(20, 30, "PERSON")], [(0, 5, "PERSON"), (3, 8, "POSITION")],
     {"officials": {"missed": 1, "spurious": 2}}, 0, 0),
    ("schemas never meet", [(0, 5, "PERSON"), (0, 5, "DATE")], [(0, 4, "ORGANIZER"), (1, 5, "POSITION")],
     {"officials": {"boundary+label": 1}, "meetings": {"boundary+label": 1}}, 0, 0),
    ("two and two: a matching", [(0, 5, "PERSON"), (6, 10, "PERSON")], [(3, 8, "PERSON"), (0, 4, "POSITION")],
     {"officials": {"boundary": 1, "boundary+label": 1}}, 0, 1),
    ("overlapping gold: no exact split", [(0, 5, "PERSON"), (3, 8, "POSITION")], [(0, 5, "PERSON")],
     {"officials": {"correct": 1, "missed": 1}}, 1, 0),
    ("overlapping gold: two pairs beat the exact one", [(0, 10, "PERSON"), (5, 15, "PERSON")],
     [(0, 10, "PERSON"), (0, 3, "PERSON")], {"officials": {"boundary": 2}}, 1, 0),
    ("huge offsets", [(BIG, BIG + 5, "PERSON"), (BIG + 9, BIG + 20, "DATE")],
     [(BIG, BIG + 5, "PERSON"), (BIG + 3, 2 * BIG, "POSITION"), (BIG + 9, BIG + 19, "DATE")],
     {"officials": {"correct": 1, "spurious": 1}, "meetings": {"boundary": 1}}, 0, 0),
]


def columns(docs: list[list[tuple[int, int, str]]]) -> SpanColumns:
    return SpanColumns.from_keys((d, (s, e, IX.label_id(lab))) for d, keys in enumerate(docs) for s, e, lab in keys)


def object_tally(gold_docs, pred_docs) -> np.ndarray:
    """What ``scoring._one_pass`` tallies with ``breakdown=True``, as an array."""
    out = np.zeros((len(IX.schemas), len(OUTCOME_KINDS)), dtype=np.int64)
    for gold, pred in zip(gold_docs, pred_docs):
        for kind, g, p in SEMEVAL.kinds(gold, pred, L2S, ordered=False)[0]:
            out[IX.schemas.index(L2S[(g or p)[2]]), OUTCOME_KINDS.index(kind)] += 1
    return out


def as_dict(counts: np.ndarray) -> dict:
    return {name: {k: int(n) for k, n in zip(OUTCOME_KINDS, row) if n}
            for name, row in zip(IX.schemas, counts) if row.any()}


@pytest.mark.parametrize("name, gold, pred, expected, slow_docs, slow_clusters", CASES, ids=[c[0] for c in CASES])
def test_cases(name, gold, pred, expected, slow_docs, slow_clusters):
    got = semeval_tally(columns([gold]), columns([pred]), IX, n_docs=1)
    assert as_dict(got.counts) == expected
    assert as_dict(object_tally([gold], [pred])) == expected
    assert (got.slow_docs, got.slow_clusters) == (slow_docs, slow_clusters)


def test_documents_do_not_mix():
    gold = [[(0, 5, "PERSON")], [], [(0, 5, "PERSON")]]
    pred = [[], [(0, 5, "PERSON")], [(0, 5, "PERSON")]]
    assert as_dict(tally_columns(columns(gold), columns(pred), IX, n_docs=3)) == {
        "officials": {"correct": 1, "missed": 1, "spurious": 1}}


def test_a_document_outside_the_batch_is_refused():
    with pytest.raises(ValueError, match="outside the batch of 1"):
        tally_columns(columns([[], [(0, 5, "PERSON")]]), columns([]), IX, n_docs=1)


# -- random documents ----------------------------------------------------------------------
@st.composite
def document(draw, overlapping_gold: bool = False):
    """``(text, gold keys, predicted keys)``: gold disjoint within a schema (may touch;
    ``overlapping_gold`` adds spans anywhere), predictions mutated from gold plus spans anywhere."""
    text = draw(st.text(alphabet=ALPHABET, max_size=30))
    n = len(text)
    if n == 0:
        return text, [], []
    gold = []
    for labels in BY_SCHEMA:
        points = sorted(set(draw(st.lists(st.integers(0, n), max_size=8))))
        for a, b in zip(points, points[1:]):
            if draw(st.booleans()):
                gold.append((a, b, draw(st.sampled_from(labels))))
    anywhere = st.tuples(st.integers(0, n - 1), st.integers(1, n), st.sampled_from(IX.labels)).map(
        lambda t: (min(t[0], t[1] - 1), max(t[1], t[0] + 1), t[2]))
    if overlapping_gold:
        gold = sorted(set(gold + draw(st.lists(anywhere, max_size=3))))
    pred = [m for g in gold for m in draw(st.lists(mutation(g, n), max_size=3))]
    return text, gold, pred + draw(st.lists(anywhere, max_size=4))


def mutation(g, n):
    """One prediction made from gold span ``g``: itself (repeats too), shifted, widened,
    nested, touching, or relabelled within and across schemas."""
    s, e, lab = g
    same_schema = st.sampled_from(BY_SCHEMA[IX.schemas.index(L2S[lab])])
    bounds = st.sampled_from([(s, e), (s + 1, e + 1), (s - 1, e - 1), (s - 1, e), (s, e + 1), (s + 1, e),
                              (s, e - 1), (e, e + 2), (s - 2, s), (s + 1, e - 1), (s - 3, e + 3)])
    return st.tuples(bounds, st.one_of(st.just(lab), same_schema, st.sampled_from(IX.labels))).map(
        lambda t: (max(0, t[0][0]), min(n, t[0][1]), t[1])).filter(lambda k: k[0] < k[1])


@settings(max_examples=300, deadline=None)
@given(st.lists(document(), max_size=6))
def test_equals_the_object_path_per_document(docs):
    gold, pred = [d[1] for d in docs], [d[2] for d in docs]
    whole = tally_columns(columns(gold), columns(pred), IX, n_docs=len(docs))
    assert whole.tolist() == object_tally(gold, pred).tolist()
    for g, p in zip(gold, pred):
        assert tally_columns(columns([g]), columns([p]), IX, n_docs=1).tolist() == object_tally([g], [p]).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(document(overlapping_gold=True), max_size=4))
def test_overlapping_gold_keeps_the_rule(docs):
    gold, pred = [d[1] for d in docs], [d[2] for d in docs]
    assert tally_columns(columns(gold), columns(pred), IX, len(docs)).tolist() == object_tally(gold, pred).tolist()


@settings(max_examples=50, deadline=None)
@given(st.lists(document(), min_size=1, max_size=5))
def test_equals_evaluate_breakdown(docs):
    gold = [Document(f"d{i}", text, tuple(Span(*k) for k in keys)) for i, (text, keys, _) in enumerate(docs)]
    pred = {f"d{i}": Document(f"d{i}", None, tuple(Span(*k) for k in keys)) for i, (_, _, keys) in enumerate(docs)}
    result = evaluate(gold, pred, views=("span",), n_boot=0, schemas=SCHEMAS)
    got = as_dict(tally_columns(columns([d[1] for d in docs]), columns([d[2] for d in docs]), IX, len(docs)))
    assert got == {name: kinds for name, kinds in result.semeval.items() if name != "overall" and kinds}
