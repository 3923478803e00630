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


def test_repr_is_the_span_table_with_signature_and_render_table_takes_a_result():
    from hoinghi.eval.text_report import render_markdown, render_table

    r = evaluate(GOLD, PRED, n_boot=50, extractor="demo@1")
    text = repr(r)
    assert text.startswith("demo@1 on 2 documents: spans, mode strict\n")
    assert "\nPERSON " in text and "overall macro" in text and f"signature: {r.signature}" in text
    assert str(r) == text == render_table(r)
    assert render_markdown(r).startswith("### ") and "| **overall micro** |" in render_markdown(r)


def test_repr_html_is_an_escaped_table():
    r = evaluate(GOLD, PRED, n_boot=0, extractor="<b>x</b>@1", warnings=["a < b"])
    html = r._repr_html_()
    assert html.startswith("<div><strong>&lt;b&gt;x&lt;/b&gt;@1 on 2 documents")
    assert html.count("<tr>") == 1 + len(r.table_rows()) and "<td>PERSON</td>" in html
    assert "warning: a &lt; b" in html and "<b>x</b>" not in html


def test_to_pandas_has_one_row_per_table_row_with_typed_columns():
    pytest.importorskip("pandas")  # in hoinghi[pandas] and hoinghi[dev]; the core install has no pandas
    r = evaluate(GOLD, PRED, n_boot=50)
    df = r.to_pandas()
    assert list(df.columns) == ["name", "kind", "tp", "fp", "fn", "precision", "recall", "f1", "ci_low", "ci_high",
                                "support"]
    assert list(df["name"]) == [row["name"] for row in r.table_rows()]
    person = df.set_index("name").loc["PERSON"]
    assert (person.tp, person.fp, person.fn, person.f1) == (2, 0, 0, 1.0)
    assert str(df["tp"].dtype) == "Int64" and df.set_index("name").loc["overall macro", "tp"] is __import__("pandas").NA
    assert len(r.to_pandas("values")) == len(r.table_rows("values"))
