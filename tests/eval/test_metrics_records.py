"""Record F1: anchor plus the exact set of attached parts."""
import pytest

from hoinghi.document import Document, Relation, Span
from hoinghi.eval.metrics.records import doc_counts, fields, records
from hoinghi.schema import load_schemas


def doc(spans, rels):
    return Document("d", "x" * 100, tuple(Span(s, e, lab, sid) for sid, (s, e, lab) in spans.items()),
                    tuple(Relation(h, t, ty) for h, t, ty in rels))


SPANS = {"m": (0, 10, "MEETING"), "o": (11, 20, "ORGANIZER"), "dt": (21, 25, "DATE"),
         "p": (30, 35, "PERSON"), "q": (36, 45, "POSITION"), "q2": (46, 50, "POSITION"), "p2": (60, 64, "PERSON")}
GOLD = doc(SPANS, [("o", "m", "of"), ("dt", "m", "of"), ("p", "q", "holds"), ("p", "q2", "holds")])

CASES = [
    ("identical", GOLD, {"meeting": [1, 0, 0], "official": [2, 0, 0]}),
    ("one part missing", doc(SPANS, [("o", "m", "of"), ("p", "q", "holds"), ("p", "q2", "holds")]),
     {"meeting": [0, 1, 1], "official": [2, 0, 0]}),
    ("one position too many", doc(SPANS, [("o", "m", "of"), ("dt", "m", "of"), ("p", "q", "holds"),
                                          ("p", "q2", "holds"), ("p2", "q", "holds")]),
     {"meeting": [1, 0, 0], "official": [1, 1, 1]}),
    ("part boundary off", doc({**SPANS, "dt": (21, 24, "DATE")}, [(r.head, r.tail, r.type) for r in GOLD.relations]),
     {"meeting": [0, 1, 1], "official": [2, 0, 0]}),
    ("anchor missing", doc({k: v for k, v in SPANS.items() if k not in ("p", "m")}, []),
     {"meeting": [0, 0, 1], "official": [1, 0, 1]}),  # p2 (no positions) is still a correct record
]


@pytest.mark.parametrize("name, pred, expected", CASES, ids=[c[0] for c in CASES])
def test_doc_counts(name, pred, expected):
    assert doc_counts(GOLD, pred) == expected


def test_record_shape():
    r = records(GOLD)
    assert r["meeting"] == {((0, 10, "MEETING"), frozenset({("of", (11, 20, "ORGANIZER")), ("of", (21, 25, "DATE"))}))}
    assert ((60, 64, "PERSON"), frozenset()) in r["official"]


def test_fields():
    assert fields(load_schemas()) == [("meetings", "meeting"), ("indicators", "indicator"), ("officials", "official")]
