"""eval/predictions.py: prediction files are checked as input (file, line, document,
field); the coercion and the check of one prediction, as data tables and properties."""
import json
from pathlib import Path

import pytest

from hoinghi.document import Document, Span, read_documents
from hoinghi.errors import InputError
from hoinghi.eval.predictions import Failure, check_prediction, coerce_prediction, read_prediction_file
from hoinghi.eval.runner import run_extractor

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = read_documents(DATA / "gold-small.jsonl")


# -- prediction files ----------------------------------------------------------------

def _write(tmp_path, lines):
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _pred(doc_id="g3", **span):
    s = {"start": 35, "end": 52, "label": "PERSON", **span}
    return json.dumps({"id": doc_id, "spans": [s]}, ensure_ascii=False)


def test_prediction_file_round_trip_with_missing_and_extra_ids(tmp_path):
    path = _write(tmp_path, [_pred(), json.dumps({"id": "not-in-gold", "spans": []})])
    run = run_extractor(str(path), GOLD, progress=False)
    assert [(s.start, s.end) for s in run.predictions["g3"].spans] == [(35, 52)]
    assert {f.doc_id for f in run.failures} == {"g1", "g2", "g4"}
    assert all(f.kind == "missing" for f in run.failures)
    assert len(run.warnings) == 1 and "not-in-gold" in run.warnings[0]
    assert run.extractor.startswith("file:pred.jsonl@")


BAD_PREDICTION_LINES = [
    # (line, line number, field, words)
    ('{"id": "g3", "spans": [', 1, None, "invalid JSON"),
    (_pred(end=999), 1, "spans[0].end", "out of range"),
    (_pred(text="Nguyễn Quang Hiế"), 1, "spans[0].text", "does not match"),
    (_pred(label="NAME"), 1, "spans[0].label", "unknown label"),
    (json.dumps({"id": "g3", "text": "other text", "spans": []}), 1, "text", "differs from the gold text"),
    (json.dumps({"id": "g3", "text": "Nguye\u0302\u0303n", "spans": []}), 1, "text", "NFC"),
]


@pytest.mark.parametrize("line,lineno,field,words", BAD_PREDICTION_LINES,
                         ids=["invalid-json", "out-of-range", "text-mismatch", "unknown-label", "other-text", "non-nfc"])
def test_bad_prediction_file_names_file_line_document_field(tmp_path, line, lineno, field, words):
    path = _write(tmp_path, [line])
    with pytest.raises(InputError) as info:
        run_extractor(str(path), GOLD, progress=False)
    err = info.value
    assert err.where.file == str(path) and err.where.line == lineno and words in err.message
    if field:
        assert err.where.field == field and err.where.doc_id == "g3"


def test_duplicate_prediction_ids_are_refused(tmp_path):
    path = _write(tmp_path, [_pred(), _pred()])
    with pytest.raises(InputError) as info:
        run_extractor(str(path), GOLD, progress=False)
    assert info.value.where.line == 2 and "duplicate" in info.value.message


# -- the protocol's pieces, as data tables --------------------------------------------

@pytest.mark.parametrize("result,expected", [
    ([Span(1, 2, "PERSON")], [{"start": 1, "end": 2, "label": "PERSON"}]),
    ([{"start": 1, "end": 2, "label": "PERSON"}], [{"start": 1, "end": 2, "label": "PERSON"}]),
    ({"spans": [{"start": 1, "end": 2, "label": "PERSON"}]}, [{"start": 1, "end": 2, "label": "PERSON"}]),
    (Document("d", None, (Span(1, 2, "PERSON", "x"),)), [{"id": "x", "start": 1, "end": 2, "label": "PERSON"}]),
    ([], []),
])
def test_coerce_prediction_accepts_the_documented_shapes(result, expected):
    assert coerce_prediction(result, "d")["spans"] == expected


@pytest.mark.parametrize("result", [None, 42, "spans", [object()]])
def test_coerce_prediction_refuses_other_shapes(result):
    with pytest.raises(TypeError):
        coerce_prediction(result, "d")


def test_overlapping_predictions_are_allowed_but_wrong_ids_are_not():
    gold = Document("d", "Nguyễn Văn An")
    two = {"id": "d", "spans": [{"start": 0, "end": 13, "label": "PERSON"}, {"start": 0, "end": 6, "label": "PERSON"}]}
    assert len(check_prediction(two, gold).spans) == 2
    with pytest.raises(InputError, match="expected"):
        check_prediction({"id": "e", "spans": []}, gold)


def test_failure_json():
    assert Failure("d", "error", "x").to_json() == {"doc_id": "d", "kind": "error", "message": "x"}


# -- properties (hypothesis): the check accepts exactly the in-range, known-label spans ----

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LABELS = ["PERSON", "POSITION", "MEETING", "VALUE"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="aăâđêôơư ÁỦỷ\u00a0", min_size=1, max_size=30),
       raw=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from(_LABELS + ["NOPE"])), max_size=6))
def test_check_prediction_accepts_exactly_valid_spans(text, raw):
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    gold = Document("d", text)
    spans = [{"start": s, "end": s + n, "label": lab} for s, n, lab in raw]
    valid = all(s["end"] <= len(text) and s["label"] != "NOPE" for s in spans)
    try:
        got = check_prediction({"id": "d", "spans": spans}, gold)
    except InputError as exc:
        assert not valid
        bad = {f"spans[{i}]" for i, s in enumerate(spans) if s["end"] > len(text) or s["label"] == "NOPE"}
        assert exc.where.field.split(".")[0] in bad and exc.where.doc_id == "d"  # names a span that is wrong
    else:
        assert valid
        assert [(s.start, s.end, s.label) for s in got.spans] == [(s["start"], s["end"], s["label"]) for s in spans]
        assert got.text == text



def test_read_prediction_file_returns_checked_predictions_and_extra_ids(tmp_path):
    path = _write(tmp_path, [_pred(), json.dumps({"id": "not-in-gold", "spans": []})])
    preds, extra = read_prediction_file(path, {d.id: d for d in GOLD})
    assert list(preds) == ["g3"] and extra == ["not-in-gold"]
    assert preds["g3"].text == next(d.text for d in GOLD if d.id == "g3")  # carries the gold text
