"""metrics.span: per-document counts (both modes), the streaming count array, SemEval per schema."""
import numpy as np
import pytest

from hoinghi.document import Document, Span
from hoinghi.errors import InputError
from hoinghi.eval.metrics.span import count_array, doc_counts, semeval_counts

L2S = {"PERSON": "officials", "POSITION": "officials", "VALUE": "indicators", "CHANGE": "indicators"}
INDEX = {lab: i for i, lab in enumerate(L2S)}


def d(spans, text="x" * 50):
    return Document("d", text, tuple(Span(s, e, lab, f"s{i}") for i, (s, e, lab) in enumerate(spans)))


# gold, pred, mode -> {label: [tp, fp, fn]}
CASES = [
    ([(0, 5, "PERSON")], [(0, 5, "PERSON")], "strict", {"PERSON": [1, 0, 0]}),
    ([(0, 5, "PERSON")], [(0, 6, "PERSON")], "strict", {"PERSON": [0, 1, 1]}),
    ([(0, 5, "PERSON")], [(0, 6, "PERSON")], "overlap", {"PERSON": [1, 0, 0]}),
    ([(0, 5, "VALUE")], [(0, 5, "CHANGE")], "overlap", {"VALUE": [0, 0, 1], "CHANGE": [0, 1, 0]}),
    # spans of different schemas may overlap: each is scored on its own
    ([(0, 10, "POSITION"), (2, 8, "VALUE")], [(2, 8, "VALUE"), (0, 10, "POSITION")], "strict",
     {"POSITION": [1, 0, 0], "VALUE": [1, 0, 0]}),
]


@pytest.mark.parametrize("gold, pred, mode, expected", CASES)
def test_doc_counts(gold, pred, mode, expected):
    assert doc_counts(d(gold), d(pred, None), mode)[0] == expected
    arr, _ = count_array([(d(gold), d(pred, None))], INDEX, mode)
    assert {lab: arr[0, i].tolist() for lab, i in INDEX.items() if arr[0, i].any()} == expected


@pytest.mark.parametrize("mode", ["strict", "overlap"])
def test_count_array_matches_per_document_counts(mode):
    rng = np.random.default_rng(4)
    pairs = []
    for k in range(30):
        g = [(int(s), int(s) + 3, "PERSON") for s in sorted(rng.choice(10, 3, replace=False) * 4)]
        p = [(int(s), int(s) + int(rng.integers(2, 5)), str(rng.choice(list(L2S)))) for s in rng.integers(0, 40, 4)]
        pairs.append((d(g), d(p, None)))
    arr, dup = count_array(pairs, INDEX, mode)
    assert arr.shape == (30, 4, 3)
    for i, (g, p) in enumerate(pairs):
        counts, _ = doc_counts(g, p, mode)
        for lab, c in counts.items():
            assert arr[i, INDEX[lab]].tolist() == c
        assert arr[i].sum() == sum(sum(c) for c in counts.values())


@pytest.mark.parametrize("mode", ["strict", "overlap"])
def test_count_array_errors(mode):
    with pytest.raises(InputError, match="unknown label 'NAME'") as e:
        count_array([(d([]), d([])), (d([(0, 2, "PERSON")]), d([(0, 2, "NAME")], None))], INDEX, mode)
    assert e.value.where.field == "spans[0].label"
    with pytest.raises(InputError, match="out of range") as e:
        count_array([(d([(0, 2, "PERSON")], "abc"), d([(0, 2, "PERSON"), (2, 9, "PERSON")], None))], INDEX, mode)
    assert e.value.where.field == "spans[1].end"


def test_empty_input():
    arr, dup = count_array([], INDEX)
    assert arr.shape == (0, 4, 3) and dup == 0


def test_semeval_counts_per_schema():
    g = d([(0, 5, "PERSON"), (10, 15, "VALUE")])
    p = d([(0, 5, "POSITION"), (10, 12, "VALUE"), (20, 22, "CHANGE")], None)
    got = semeval_counts(g, p, L2S)
    assert dict(got["officials"]) == {"label": 1}
    assert dict(got["indicators"]) == {"boundary": 1, "spurious": 1}
