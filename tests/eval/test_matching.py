"""Matching strategies: hand-computed tables per mode, order independence, and the
overlap matching checked against brute force on small random cases."""
import itertools
import random

import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.eval.matching import OVERLAP, SEMEVAL, STRICT, SemEval, get_strategy

A, B = "A", "B"

# gold, pred -> {label: [tp, fp, fn]}, duplicates   (hand-computed)
STRICT_CASES = [
    ("exact", [(0, 5, A)], [(0, 5, A)], {A: [1, 0, 0]}, 0),
    ("boundary off by one", [(0, 5, A)], [(0, 4, A)], {A: [0, 1, 1]}, 0),
    ("label wrong", [(0, 5, A)], [(0, 5, B)], {A: [0, 0, 1], B: [0, 1, 0]}, 0),
    ("duplicates collapse", [(0, 5, A)], [(0, 5, A), (0, 5, A), (0, 5, A)], {A: [1, 0, 0]}, 2),
    ("duplicate spurious", [], [(1, 2, A), (1, 2, A)], {A: [0, 1, 0]}, 1),
    ("notes repro, order 1", [(0, 5, A)], [(0, 3, A), (0, 5, A)], {A: [1, 1, 0]}, 0),
    ("notes repro, order 2", [(0, 5, A)], [(0, 5, A), (0, 3, A)], {A: [1, 1, 0]}, 0),
    ("nothing predicted", [(0, 5, A), (6, 9, B)], [], {A: [0, 0, 1], B: [0, 0, 1]}, 0),
]

OVERLAP_CASES = [
    ("exact", [(0, 5, A)], [(0, 5, A)], {A: [1, 0, 0]}, 0),
    ("partial overlap", [(0, 5, A)], [(3, 8, A)], {A: [1, 0, 0]}, 0),
    ("touching is not overlapping", [(0, 5, A)], [(5, 9, A)], {A: [0, 1, 1]}, 0),
    ("other label never matches", [(0, 5, A)], [(0, 5, B)], {A: [0, 0, 1], B: [0, 1, 0]}, 0),
    ("one gold, two preds: one-to-one", [(0, 10, A)], [(0, 3, A), (5, 10, A)], {A: [1, 1, 0]}, 0),
    ("one pred over two gold: one-to-one", [(0, 4, A), (5, 9, A)], [(2, 7, A)], {A: [1, 0, 1]}, 0),
    # greedy would give pred (2,7) to gold (0,4) and leave (0,4)-pred (0,1) unmatched; maximum matching gets 2
    ("maximum, not greedy", [(0, 4, A), (5, 9, A)], [(2, 7, A), (0, 1, A)], {A: [2, 0, 0]}, 0),
    ("chain of three", [(0, 4, A), (5, 9, A), (10, 14, A)], [(3, 6, A), (8, 11, A), (13, 20, A)], {A: [3, 0, 0]}, 0),
    ("duplicates collapse", [(0, 5, A)], [(1, 3, A), (1, 3, A)], {A: [1, 0, 0]}, 1),
]


@pytest.mark.parametrize("name, gold, pred, expected, dup", STRICT_CASES, ids=[c[0] for c in STRICT_CASES])
def test_strict_table(name, gold, pred, expected, dup):
    assert STRICT.label_counts(gold, pred) == (expected, dup)
    assert STRICT.match(gold, pred).label_counts() == expected


@pytest.mark.parametrize("name, gold, pred, expected, dup", OVERLAP_CASES, ids=[c[0] for c in OVERLAP_CASES])
def test_overlap_table(name, gold, pred, expected, dup):
    assert OVERLAP.label_counts(gold, pred) == (expected, dup)


def test_overlap_prefers_exact_then_most_overlap():
    m = OVERLAP.match([(0, 10, A)], [(0, 4, A), (0, 10, A), (2, 9, A)])
    assert m.pairs == (((0, 10, A), (0, 10, A)),)
    m = OVERLAP.match([(0, 10, A)], [(0, 4, A), (2, 9, A)])
    assert m.pairs == (((0, 10, A), (2, 9, A)),)


# gold, pred -> outcome kinds (sorted by position), SemEval-2013 tallies per scheme (hand-computed)
SEMEVAL_CASES = [
    ("all kinds",
     [(0, 5, A), (10, 15, A), (20, 25, A), (30, 35, A), (40, 45, A)],
     [(0, 5, A), (10, 15, B), (20, 23, A), (31, 36, B), (50, 52, A)],
     ["correct", "label", "boundary", "boundary+label", "missed", "spurious"],
     {"strict": (1, 3, 0, 1, 1), "exact": (2, 2, 0, 1, 1), "partial": (2, 0, 2, 1, 1), "type": (2, 2, 0, 1, 1)}),
    ("exact boundary wins over same label",  # gold A; preds B exact and A overlapping: 'label' pair, A spurious
     [(0, 5, A)], [(0, 5, B), (1, 4, A)], ["label", "spurious"],
     {"strict": (0, 1, 0, 0, 1), "exact": (1, 0, 0, 0, 1), "partial": (1, 0, 0, 0, 1), "type": (0, 1, 0, 0, 1)}),
    ("notes repro is order-free", [(0, 5, A)], [(0, 3, A), (0, 5, A)], ["correct", "spurious"],
     {"strict": (1, 0, 0, 0, 1), "exact": (1, 0, 0, 0, 1), "partial": (1, 0, 0, 0, 1), "type": (1, 0, 0, 0, 1)}),
]


@pytest.mark.parametrize("name, gold, pred, kinds, tallies", SEMEVAL_CASES, ids=[c[0] for c in SEMEVAL_CASES])
def test_semeval_table(name, gold, pred, kinds, tallies):
    out = SEMEVAL.outcomes(gold, pred)
    assert sorted(o.kind for o in out) == sorted(kinds)
    t = SemEval.tally(out)
    for scheme, (cor, inc, par, mis, spu) in tallies.items():
        assert (t[scheme]["COR"], t[scheme]["INC"], t[scheme]["PAR"], t[scheme]["MIS"], t[scheme]["SPU"]) == \
            (cor, inc, par, mis, spu), scheme


def test_semeval_partial_scores():
    t = SemEval.tally({"correct": 1, "boundary": 1, "missed": 1, "spurious": 1})["partial"]
    # COR 1, PAR 1, MIS 1, SPU 1: ACT = POS = 3, hit = 1.5
    assert (t["precision"], t["recall"], t["f1"]) == pytest.approx((0.5, 0.5, 0.5))


def test_semeval_schemas_never_interact():
    l2s = {"A": "s1", "B": "s2"}
    out = SEMEVAL.outcomes([(0, 5, "A")], [(0, 5, "B")], l2s)
    assert sorted(o.kind for o in out) == ["missed", "spurious"]
    out = SEMEVAL.outcomes([(0, 5, "A")], [(0, 5, "B")])  # one group: a label error
    assert [o.kind for o in out] == ["label"]


def test_unknown_mode():
    with pytest.raises(ValueError, match="unknown mode"):
        get_strategy("fuzzy")


# -- properties -------------------------------------------------------------------------------
span = st.builds(lambda s, n, lab: (s, s + n, lab), st.integers(0, 30), st.integers(1, 6), st.sampled_from("AB"))
spans = st.lists(span, max_size=8)


def _flat(spans):
    """Valid gold: spans of one schema (here: all labels) never overlap."""
    kept = []
    for s in sorted(spans):
        if not kept or kept[-1][1] <= s[0]:
            kept.append(s)
    return kept


flat_spans = spans.map(_flat)


@given(spans, spans, st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None)
def test_every_strategy_is_order_independent(gold, pred, rnd):
    g2, p2 = gold[:], pred[:]
    rnd.shuffle(g2)
    rnd.shuffle(p2)
    for strat in (STRICT, OVERLAP):
        assert strat.match(gold, pred) == strat.match(g2, p2)
    assert SEMEVAL.outcomes(gold, pred) == SEMEVAL.outcomes(g2, p2)


@given(flat_spans, spans)
@settings(max_examples=300, deadline=None)
def test_overlap_contains_strict_and_is_one_to_one(gold, pred):
    s, o = STRICT.match(gold, pred), OVERLAP.match(gold, pred)
    assert set(s.pairs) <= set(o.pairs)  # exact pairs always kept
    gs = [g for g, _ in o.pairs]
    ps = [p for _, p in o.pairs]
    assert len(set(gs)) == len(gs) and len(set(ps)) == len(ps)
    assert all(g[2] == p[2] and g[0] < p[1] and p[0] < g[1] for g, p in o.pairs)
    assert len(o.pairs) + len(o.missed) == len(set(gold))
    assert len(o.pairs) + len(o.spurious) == len(set(pred))


def _brute_max(gold, pred, compatible):
    """Size of a maximum one-to-one matching by trying every assignment (small inputs)."""
    best = 0
    for perm in itertools.permutations(range(len(pred)), min(len(gold), len(pred))):
        best = max(best, sum(1 for gi, pi in enumerate(perm) if compatible(gold[gi], pred[pi])))
    if len(pred) > len(gold):
        return best
    for perm in itertools.permutations(range(len(gold)), len(pred)):
        best = max(best, sum(1 for pi, gi in enumerate(perm) if compatible(gold[gi], pred[pi])))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_overlap_matching_is_maximum(seed):
    rnd = random.Random(seed)
    gold = sorted({(s, s + rnd.randint(1, 5), "A") for s in rnd.sample(range(0, 20), 4)})
    pred = sorted({(s, s + rnd.randint(1, 6), "A") for s in rnd.sample(range(0, 22), 5)})
    ov = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
    assert len(OVERLAP.match(gold, pred).pairs) == _brute_max(gold, pred, ov)
    semeval_pairs = [o for o in SEMEVAL.outcomes(gold, pred) if o.gold and o.pred]
    assert len(semeval_pairs) == _brute_max(gold, pred, ov)
