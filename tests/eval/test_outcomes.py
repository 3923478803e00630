"""eval/outcomes.py: the one outcome type, its kinds and their counts."""
import pytest

from hoinghi.document import Span
from hoinghi.eval.outcomes import OUTCOME_KINDS, OUTCOME_MEANINGS, Outcome, outcome_counts

G, P = Span(4, 17, "PERSON", "g1"), Span(4, 14, "POSITION", "p1")

# outcome, start, fields, description of "Ông Nguyễn Văn An"
CASES = [
    (Outcome("boundary+label", G, P), 4, ("PERSON", "POSITION"),
     "boundary+label: gold PERSON 'Nguyễn Văn An' [4, 17) vs predicted POSITION 'Nguyễn Văn' [4, 14)"),
    (Outcome("missed", G), 4, ("PERSON",), "missed: gold PERSON 'Nguyễn Văn An' [4, 17)"),
    (Outcome("spurious", None, Span(0, 3, "PERSON")), 0, ("PERSON",), "spurious: predicted PERSON 'Ông' [0, 3)"),
    (Outcome("correct", G, G), 4, ("PERSON",), "correct: gold PERSON 'Nguyễn Văn An' [4, 17) vs predicted PERSON "
                                               "'Nguyễn Văn An' [4, 17)"),
]


@pytest.mark.parametrize("outcome, start, fields, text", CASES, ids=[c[0].kind for c in CASES])
def test_outcome(outcome, start, fields, text):
    assert outcome.start == start and outcome.fields == fields
    assert outcome.describe("Ông Nguyễn Văn An") == text


def test_describe_without_text():
    assert Outcome("missed", G).describe() == "missed: gold PERSON [4, 17)"


def test_kinds_counted_and_explained():
    assert set(OUTCOME_MEANINGS) == set(OUTCOME_KINDS) and len(OUTCOME_KINDS) == 6
    counts = outcome_counts([c[0] for c in CASES] + [Outcome("missed", G)])
    assert list(counts) == list(OUTCOME_KINDS)
    assert counts == {"correct": 1, "label": 0, "boundary": 0, "boundary+label": 1, "missed": 2, "spurious": 1}
