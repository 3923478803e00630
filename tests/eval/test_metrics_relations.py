"""Relation F1: type plus strictly matched endpoints; fields per schema."""
import pytest

from hoinghi.document import Document, Relation, Span
from hoinghi.eval.metrics.relations import doc_counts, fields
from hoinghi.schema import load_schemas

L2S = load_schemas().label_to_schema()


def doc(spans, rels):
    return Document("d", "x" * 80, tuple(Span(s, e, lab, sid) for sid, (s, e, lab) in spans.items()),
                    tuple(Relation(h, t, ty) for h, t, ty in rels))


GOLD = doc({"p": (0, 5, "PERSON"), "q": (6, 20, "POSITION"), "v": (30, 35, "VALUE"), "i": (21, 29, "INDICATOR")},
           [("p", "q", "holds"), ("v", "i", "of")])

CASES = [
    ("identical, other span ids", doc({"a": (0, 5, "PERSON"), "b": (6, 20, "POSITION"), "c": (30, 35, "VALUE"),
                                       "e": (21, 29, "INDICATOR")}, [("a", "b", "holds"), ("c", "e", "of")]),
     {"officials:holds": [1, 0, 0], "indicators:of": [1, 0, 0]}),
    ("endpoint boundary off", doc({"a": (0, 5, "PERSON"), "b": (6, 19, "POSITION")}, [("a", "b", "holds")]),
     {"officials:holds": [0, 1, 1], "indicators:of": [0, 0, 1]}),
    ("direction reversed", doc({"a": (0, 5, "PERSON"), "b": (6, 20, "POSITION")}, [("b", "a", "holds")]),
     {"officials:holds": [0, 1, 1], "indicators:of": [0, 0, 1]}),
    ("duplicate relation counts once", doc({"a": (0, 5, "PERSON"), "b": (6, 20, "POSITION"), "c": (0, 5, "PERSON")},
                                           [("a", "b", "holds"), ("c", "b", "holds")]),
     {"officials:holds": [1, 0, 0], "indicators:of": [0, 0, 1]}),
    ("no relations", doc({}, []), {"officials:holds": [0, 0, 1], "indicators:of": [0, 0, 1]}),
]


@pytest.mark.parametrize("name, pred, expected", CASES, ids=[c[0] for c in CASES])
def test_doc_counts(name, pred, expected):
    assert doc_counts(GOLD, pred, L2S) == dict(sorted(expected.items()))


def test_fields_follow_the_schemas():
    assert fields(load_schemas()) == [("meetings", "meetings:of"), ("indicators", "indicators:of"),
                                      ("officials", "officials:holds")]
