"""The result types (:mod:`hoinghi.eval.results`): the JSON round trip of an
:class:`EvalResult` and its compact per-document counts."""
import json

import numpy as np
import pytest

from hoinghi.document import Document, Span
from hoinghi.errors import InputError
from hoinghi.eval import EvalResult, evaluate

GOLD = [Document("a", "x" * 100, (Span(0, 5, "PERSON", "s0"), Span(6, 10, "POSITION", "s1"), Span(20, 30, "VALUE", "s2"))),
        Document("b", "x" * 100, (Span(0, 5, "PERSON", "s0"), Span(10, 20, "MEETING", "s1")))]
PRED = {"a": Document("a", None, (Span(0, 5, "PERSON"), Span(6, 9, "POSITION"), Span(20, 30, "PERIOD"))),
        "b": Document("b", None, (Span(0, 5, "PERSON"), Span(0, 5, "PERSON"), Span(12, 20, "MEETING"),
                                  Span(40, 44, "DATE")))}


def test_json_round_trip_and_compact_per_document_counts():
    from hoinghi.eval.predictions import Failure

    r = evaluate(GOLD, PRED, n_boot=100, failures=[Failure("b", "error", "boom")], warnings=["w1"])
    obj = json.loads(json.dumps(r.to_json()))
    back = EvalResult.from_json(obj)
    assert back.to_json() == r.to_json()
    assert back.doc_ids == r.doc_ids and back.keys == r.keys
    np.testing.assert_array_equal(back.counts, r.counts)
    for v in r.views:
        np.testing.assert_array_equal(back.views[v].counts, r.views[v].counts)
    assert back.failures[0].kind == "error" and "w1" in back.warnings
    # one short string per document: key index:tp,fp,fn for non-zero keys
    docs = obj["per_document"]["span"]["docs"]
    person = r.keys.index("PERSON")
    assert f"{person}:1,0,0" in docs["a"].split()
    with pytest.raises(InputError):
        EvalResult.from_json({"format": "something else"})
