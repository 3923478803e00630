"""eval/runner/apply.py: one document through a Python extractor, in process: what it
sees, what it may return, and the failure recorded otherwise (data tables)."""
import pytest

from hoinghi.document import Document, Relation, Span
from hoinghi.eval.predictions import Failure
from hoinghi.eval.runner import apply_extractor
from hoinghi.eval.runner.apply import wants_text

DOC = Document("d1", "Ông Lê Văn An và Lê Văn An", (Span(4, 13, "PERSON"),), (), {"annotator": "a"})


def by_text(text: str):
    return [Span(4, 13, "PERSON")]


def by_doc(doc):
    return {"spans": [{"start": 17, "end": 26, "label": "PERSON", "text": "Lê Văn An"}]}


def same_document(doc):
    return Document(doc.id, None, (Span(4, 13, "PERSON"),))


def dict_of_objects(doc):
    return {"spans": [Span(4, 13, "PERSON", "p"), Span(17, 26, "PERSON")], "relations": []}


def leaks(doc):
    assert doc.spans == () and doc.relations == () and doc.meta == {}, "saw gold"
    return []


# (extractor, the keys of the prediction's spans)
GOOD = [
    (by_text, [(4, 13, "PERSON")]),
    (by_doc, [(17, 26, "PERSON")]),
    (same_document, [(4, 13, "PERSON")]),
    (dict_of_objects, [(4, 13, "PERSON"), (17, 26, "PERSON")]),
    (leaks, []),
]


def test_a_dict_of_span_and_relation_objects_keeps_the_relations():
    doc = Document("d2", "Ông Lê Văn An, Bí thư Quận ủy")
    got = apply_extractor(lambda d: {"spans": [Span(4, 13, "PERSON", "p"), Span(15, 29, "POSITION", "q")],
                                     "relations": [Relation("p", "q", "holds")]}, doc)
    assert isinstance(got, Document), got
    assert [s.key for s in got.spans] == [(4, 13, "PERSON"), (15, 29, "POSITION")]
    assert got.relations == (Relation("p", "q", "holds"),)


@pytest.mark.parametrize("func,keys", GOOD, ids=[g[0].__name__ for g in GOOD])
def test_a_good_answer_is_a_checked_document_with_the_gold_text(func, keys):
    got = apply_extractor(func, DOC)
    assert isinstance(got, Document) and got.id == "d1" and got.text == DOC.text
    assert [s.key for s in got.spans] == keys


def _raises(doc):
    raise ValueError("boom")


# (extractor, failure kind, words in the message)
BAD = [
    (_raises, "error", "ValueError: boom (at test_runner_apply.py:"),
    (lambda doc: None, "invalid", "returned None"),
    (lambda doc: 42, "invalid", "returned int; accepted: a list of spans (Span objects or dicts with start, end, "
                                "label), a dict {\"spans\": [...], \"relations\": [...]} holding Span/Relation objects"),
    (lambda doc: "PERSON 4 13", "invalid", "returned str; accepted: a list of spans"),
    (lambda doc: [("PERSON", 4, 13)], "invalid", "item 0 is tuple; a span must be a Span or a dict"),
    (lambda doc: {"spans": Span(4, 13, "PERSON")}, "invalid", "spans is Span; expected a list"),
    (lambda doc: {"spans": [], "relations": [("p", "q")]}, "invalid", "relations[0] is tuple; a relation must be"),
    (lambda doc: [{"start": 4, "end": 99, "label": "PERSON"}], "invalid", "field spans[0].end: offsets [4, 99)"),
    (lambda doc: [{"start": 4, "end": 13, "label": "NOPE"}], "invalid", "unknown label 'NOPE'"),
    (lambda doc: [{"start": 4, "end": 13, "label": "PERSON", "text": "zz"}], "invalid", "span text 'zz' does not match"),
    (lambda doc: {"id": "other", "spans": []}, "invalid", "prediction for document 'other'"),
    (lambda doc: [{"start": 4, "end": 13, "label": "PERSON", "x": object()}], "invalid", "not JSON serializable"),
]


@pytest.mark.parametrize("func,kind,words", BAD, ids=[b[2][:30] for b in BAD])
def test_a_bad_answer_is_a_failure_of_that_document(func, kind, words):
    got = apply_extractor(func, DOC)
    assert isinstance(got, Failure) and (got.doc_id, got.kind) == ("d1", kind)
    assert words in got.message


@pytest.mark.parametrize("func,expected", [
    (lambda text: [], True),
    (lambda s: [], False),
    (by_text, True),
    (by_doc, False),
    (lambda: [], False),
    (len, False),
])
def test_wants_text(func, expected):
    assert wants_text(func) is expected


def test_takes_text_overrides_the_inspection():
    got = apply_extractor(lambda x: [] if isinstance(x, str) else 1 / 0, DOC, takes_text=True)
    assert isinstance(got, Document) and got.spans == ()
