"""annotate/agreement.py (and the record checks of annotate/passes.py): hand-computed
cases as a data table, properties with hypothesis, bad input as a data table (the CLI:
tests/cli/test_agree.py)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st
from sklearn.metrics import cohen_kappa_score

from hoinghi.annotate.agreement import agree
from hoinghi.annotate.passes import Record, load_records
from hoinghi.cli import main
from hoinghi.document import Document, Span
from hoinghi.errors import InputError, Location

TEXT = "Ngày 18-7, Hội nghị lần thứ 14 do Quận ủy Hoàng Mai tổ chức. Bí thư Nguyễn Quang Hiếu phát biểu."
#        0         1         2         3         4         5         6         7         8         9
ALL = {"schemas": ["meetings", "indicators", "officials"]}


def span(text_piece, label, nth=0, text=TEXT):
    start = -1
    for _ in range(nth + 1):
        start = text.index(text_piece, start + 1)
    return Span(start, start + len(text_piece), label, f"{label}{start}")


def rec(who, doc_id, *spans, text=TEXT, meta=None):
    return Record(who, Document(doc_id, text, tuple(spans), (), {"annotator": who, **ALL, **(meta or {})}),
                  declared_schemas=frozenset(ALL["schemas"]))


DATE = span("Ngày 18-7", "DATE")
MEET = span("Hội nghị lần thứ 14", "MEETING")
MEET_SHORT = span("Hội nghị", "MEETING")
ORG = span("Quận ủy Hoàng Mai", "ORGANIZER")
PERS = span("Nguyễn Quang Hiếu", "PERSON")
POS = span("Bí thư", "POSITION")
POS_AS_PERSON = span("Bí thư", "PERSON")

# (case, spans of a, spans of b, expected {label: (strict F1, overlap F1)} (None = n/a), overall strict)
CASES = [
    ("identical", [DATE, MEET, ORG, PERS, POS], [DATE, MEET, ORG, PERS, POS],
     {"DATE": (1.0, 1.0), "MEETING": (1.0, 1.0), "PERSON": (1.0, 1.0), "TERM": (None, None)}, 1.0),
    ("boundary: strict 0, overlap 1", [MEET], [MEET_SHORT], {"MEETING": (0.0, 1.0)}, 0.0),
    ("one missing of two: 2·1/(2·1+0+1)", [DATE, MEET], [DATE], {"DATE": (1.0, 1.0), "MEETING": (0.0, 0.0)}, 2 / 3),
    ("label confusion counts in both fields", [POS], [POS_AS_PERSON], {"POSITION": (0.0, 0.0), "PERSON": (0.0, 0.0)}, 0.0),
    ("disjoint extra span", [PERS], [PERS, POS], {"PERSON": (1.0, 1.0), "POSITION": (0.0, 0.0)}, 2 / 3),
]


@pytest.mark.parametrize("case,a,b,expected,overall", CASES, ids=[c[0] for c in CASES])
def test_hand_computed(case, a, b, expected, overall):
    r = agree([rec("a", "d1", *a), rec("b", "d1", *b)])
    for label, (strict, overlap) in expected.items():
        assert r.fields[label]["strict"] == pytest.approx(strict) if strict is not None else r.fields[label]["strict"] is None
        assert r.fields[label]["overlap"] == pytest.approx(overlap) if overlap is not None else r.fields[label]["overlap"] is None
    assert r.overall["strict"] == pytest.approx(overall)


def test_three_annotators_average_over_pairs():
    # a = b; c misses MEETING: pairs (a,b) 1.0, (a,c) 2/3, (b,c) 2/3 -> mean 7/9
    r = agree([rec("a", "d1", DATE, MEET), rec("b", "d1", DATE, MEET), rec("c", "d1", DATE)])
    assert len(r.pairs) == 3
    assert r.overall["strict"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)
    assert r.fields["MEETING"]["strict"] == pytest.approx((1 + 0 + 0) / 3)


def test_counts_add_up_over_documents():
    r = agree([rec("a", "d1", DATE, MEET), rec("b", "d1", DATE), rec("a", "d2", PERS), rec("b", "d2", PERS, POS)])
    p = r.pairs[0]
    assert p.n_documents == 2
    total = [sum(c.to_list()[i] for c in p.counts["strict"].values()) for i in range(3)]
    per_doc = [sum(d.counts["a|b"]["strict"].to_list()[i] for d in r.documents) for i in range(3)]
    assert total == per_doc == [2, 1, 1]


def test_kappa_is_sklearn_on_character_labels_per_schema():
    a, b = rec("a", "d1", DATE, MEET, PERS), rec("b", "d1", DATE, MEET_SHORT, PERS)
    r = agree([a, b])
    seq = lambda spans: [next((s.label for s in spans if s.start <= i < s.end), "O") for i in range(len(TEXT))]  # noqa: E731
    expected = cohen_kappa_score(seq([DATE, MEET]), seq([DATE, MEET_SHORT]))
    assert r.kappa["meetings"] == pytest.approx(expected)
    assert r.kappa["officials"] == pytest.approx(1.0)
    assert r.kappa["indicators"] is None          # both all "O": n/a, not 1.0 or nan


def test_documents_lowest_agreement_first():
    r = agree([rec("a", "good", DATE), rec("b", "good", DATE), rec("a", "bad", DATE), rec("b", "bad", MEET),
               rec("a", "empty"), rec("b", "empty")])
    assert [d.doc_id for d in r.documents] == ["bad", "good", "empty"]
    assert r.documents[-1].f1["strict"] is None


def test_table_and_json():
    r = agree([rec("a", "d1", DATE, MEET), rec("b", "d1", DATE)])
    assert "MEETING" in r.table() and "lowest agreement first" in r.table()
    j = json.loads(json.dumps(r.to_json()))
    assert j["pairs"][0]["counts"]["strict"]["MEETING"] == [0, 0, 1]


# -- properties -------------------------------------------------------------------

LABELS = ["DATE", "MEETING", "PERSON", "POSITION", "VALUE"]


@st.composite
def span_sets(draw):
    """Non-overlapping spans per schema over TEXT (generated annotator data)."""
    l2s = {"DATE": "m", "MEETING": "m", "PERSON": "o", "POSITION": "o", "VALUE": "i"}
    out, last = [], {}
    cuts = sorted(draw(st.sets(st.integers(0, len(TEXT)), min_size=0, max_size=12)))
    for x, y in zip(cuts[::2], cuts[1::2]):
        if y > x:
            lab = draw(st.sampled_from(LABELS))
            out.append(Span(x, y, lab, f"s{x}-{y}"))
    return out


@settings(max_examples=60, deadline=None)
@given(span_sets(), span_sets())
def test_symmetric_and_order_free(a, b):
    r1 = agree([rec("a", "d", *a), rec("b", "d", *b)])
    r2 = agree([rec("b", "d", *reversed(b)), rec("a", "d", *reversed(a))])
    assert r1.fields == r2.fields and r1.overall == r2.overall and r1.kappa == r2.kappa


@settings(max_examples=40, deadline=None)
@given(span_sets())
def test_self_agreement_is_perfect(a):
    r = agree([rec("a", "d", *a), rec("b", "d", *a)])
    for lab in LABELS:
        f = r.fields[lab]["strict"]
        assert f is None or f == 1.0
    assert all(k in (None, 1.0) for k in r.kappa.values())


# -- bad input ------------------------------------------------------------------------

def _bad_inputs():
    one = [rec("a", "d1", DATE)]
    nobody = ([rec("a", "d1", DATE), rec("b", "d1", DATE)], ["d1", "d2"])
    single = [rec("a", "d1", DATE), rec("b", "d1", DATE), rec("a", "d2", DATE)]
    schemas = [Record("a", Document("d1", TEXT, (DATE,))), Record("b", Document("d1", TEXT, (PERS,)))]
    version = [rec("a", "d1", DATE, meta={}), rec("b", "d1", DATE)]
    version = [Record(r.annotator, r.document, r.where, schema_version=v, declared_schemas=r.declared_schemas)
               for r, v in zip(version, ["meetings@1.0.0+indicators@1.0.0+officials@1.0.0", "meetings@2.0.0"])]
    text = [rec("a", "d1", DATE), rec("b", "d1", DATE, text=TEXT + " ")]
    return [
        ("one annotator", one, None, "1 annotator", "meta.annotator"),
        ("annotated by nobody", nobody[0], nobody[1], "annotated by nobody", "annotator"),
        ("annotated by one only", single, None, "annotated only by a", "meta.annotator"),
        ("different schemas", schemas, None, "labelled different schemas", "meta.schemas"),
        ("schema versions differ", version, None, "differs from", "meta.schema_version"),
        ("texts differ", text, None, "text differs", "text"),
    ]


@pytest.mark.parametrize("case,records,documents,message,field", _bad_inputs(), ids=[c[0] for c in _bad_inputs()])
def test_bad_input(case, records, documents, message, field):
    with pytest.raises(InputError) as e:
        agree(records, documents=documents)
    assert message in e.value.message
    assert e.value.where.field == field


def test_bad_input_from_files_names_file_line_and_document(tmp_path):
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "d1", "text": TEXT, "spans": [DATE.to_json()],
                             "meta": {"annotator": "a", "schema_version": "x@1"}}) + "\n", encoding="utf-8")
    b.write_text("\n" + json.dumps({"id": "d1", "text": TEXT, "spans": [DATE.to_json()],
                                    "meta": {"annotator": "b", "schema_version": "x@2"}}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        agree(load_records([tmp_path]))
    assert e.value.where == Location(str(b), 2, "d1", "meta.schema_version")


def test_two_records_of_one_annotator_are_refused(tmp_path):
    line = json.dumps({"id": "d1", "text": TEXT, "spans": [], "meta": {"annotator": "a"}})
    (tmp_path / "a.jsonl").write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="two records"):
        load_records([tmp_path])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=200))
def test_per_document_kappa_equals_sklearn(pairs):
    import numpy as np

    from hoinghi.annotate.agreement import _kappa, _kappa_fast

    x = np.array([p[0] for p in pairs], dtype=np.int16)
    y = np.array([p[1] for p in pairs], dtype=np.int16)
    fast, ref = _kappa_fast(x, y, 4), _kappa(x, y)
    assert (fast is None and ref is None) or fast == pytest.approx(ref, abs=1e-12)


def test_pull_folder_task_without_records_is_annotated_by_nobody(tmp_path, capsys):
    """A pull folder (``hoinghi pull`` layout): the raw export lists every task, so a task
    nobody annotated is caught instead of silently shrinking the comparison."""
    for who in ("a", "b"):
        (tmp_path / f"{who}.jsonl").write_text(json.dumps(
            {"id": "d1", "text": TEXT, "spans": [DATE.to_json()], "meta": {"annotator": who, **ALL}}) + "\n",
            encoding="utf-8")
    tasks = [{"id": 1, "data": {"doc_id": "d1", "text": TEXT}, "annotations": [{}, {}]},
             {"id": 2, "data": {"doc_id": "d2", "text": "x"}, "annotations": []}]
    (tmp_path / "export-7.json").write_text(json.dumps(tasks), encoding="utf-8")
    (tmp_path / "pull.json").write_text(json.dumps({"project_id": 7, "files": {"raw export": "somewhere/export-7.json"}}),
                                        encoding="utf-8")
    assert main(["agree", str(tmp_path)]) == 3
    assert "document d2, field annotator: document annotated by nobody" in capsys.readouterr().err
