"""eval/predictions.py: every failure kind is recorded for its document only and the
run goes on; jobs do not change predictions; prediction files are checked as input."""
import json
import sys
from pathlib import Path

import pytest

from hoinghi.document import Document, Span, read_documents
from hoinghi.errors import ExtractorError, InputError
from hoinghi.eval.predictions import (FAILURE_KINDS, Failure, check_prediction, coerce_prediction, resolve_extractor,
                                      run_extractor)

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = read_documents(DATA / "gold-small.jsonl")
PY_BAD = f"{DATA / 'extractors.py'}:misbehaves"
CMD = f"cmd:{sys.executable} {DATA / 'cmd_extractor.py'}"
T = 1.0  # seconds per document: small, so a hang costs the suite about a second


def _doc(i, word):
    return Document(f"d{i}", f"Ông Lê Văn An {word} và Lê Văn An")


# (trigger word in the text, failure kind, words in the message)
PYTHON_FAILURES = [
    ("RAISE", "error", "ValueError: boom on purpose"),
    ("HANG", "timeout", "no answer within 1 s"),
    ("EXIT", "crash", "exit code 7"),
    ("OUTOFRANGE", "invalid", "spans[0].end: offsets"),
    ("UNKNOWNLABEL", "invalid", "unknown label 'NOPE'"),
    ("BADTYPE", "invalid", "spans[0].start: start must be an integer"),
    ("NONE", "invalid", "returned None"),
    ("WRONGTEXT", "invalid", "spans[0].text: span text 'zz' does not match"),
    ("WRONGREL", "invalid", "PERSON --holds--> VALUE is not allowed"),
]

COMMAND_FAILURES = [
    ("GARBAGE", "garbage", "not JSON"),
    ("CRASH", "crash", "exited with status 3: crashing on purpose"),
    ("HANG", "timeout", "the command was killed"),
    ("SKIP", "missing", "wrote no line"),
    ("OUTOFRANGE", "invalid", "spans[0].end: offsets"),
]


@pytest.fixture(scope="module")
def python_run():
    docs = [_doc(0, "ok")] + [_doc(i + 1, w) for i, (w, _, _) in enumerate(PYTHON_FAILURES)] + [_doc(99, "ok")]
    return docs, run_extractor(PY_BAD, docs, jobs=2, timeout=T, progress=False)


@pytest.mark.parametrize("word,kind,words", PYTHON_FAILURES, ids=[c[0] for c in PYTHON_FAILURES])
def test_python_extractor_failure_is_recorded_for_that_document(python_run, word, kind, words):
    docs, run = python_run
    doc = next(d for d in docs if word in d.text)
    failure = next(f for f in run.failures if f.doc_id == doc.id)
    assert failure.kind == kind and failure.kind in FAILURE_KINDS
    assert words in failure.message
    assert run.predictions[doc.id].spans == ()  # scored as empty


def test_python_run_goes_on_after_failures(python_run):
    docs, run = python_run
    assert list(run.predictions) == [d.id for d in docs]
    assert len(run.failures) == len(PYTHON_FAILURES)
    for ok in ("d0", "d99"):
        assert [(s.start, s.end, s.label) for s in run.predictions[ok].spans] == [(4, 13, "PERSON"), (20, 29, "PERSON")]
    assert run.extractor.endswith("@9.9.9")


@pytest.mark.parametrize("chunk_size", [1, 3, 64])
def test_command_failures_are_isolated_to_their_document(chunk_size):
    docs = [_doc(0, "ok")] + [_doc(i + 1, w) for i, (w, _, _) in enumerate(COMMAND_FAILURES)] + [_doc(99, "ok")]
    run = run_extractor(CMD, docs, jobs=2, timeout=T, progress=False, chunk_size=chunk_size)
    got = {f.doc_id: f for f in run.failures}
    for i, (_, kind, words) in enumerate(COMMAND_FAILURES):
        assert got[f"d{i + 1}"].kind == kind
        assert words in got[f"d{i + 1}"].message
    assert set(got) == {f"d{i + 1}" for i in range(len(COMMAND_FAILURES))}
    assert len(run.predictions["d0"].spans) == 2 and len(run.predictions["d99"].spans) == 2
    assert run.extractor.startswith("cmd:cmd_extractor.py@")


def test_command_that_writes_for_unsent_ids_is_garbage():
    run = run_extractor("cmd:echo '{\"id\": \"other\", \"spans\": []}'", [_doc(0, "x")], timeout=T, progress=False)
    assert [(f.doc_id, f.kind) for f in run.failures] == [("d0", "garbage")]
    assert "not sent" in run.failures[0].message


@pytest.mark.parametrize("spec", ["trivial", PY_BAD, CMD])
def test_jobs_do_not_change_predictions(spec):
    docs = GOLD + [_doc(i, w) for i, w in enumerate(["ok", "RAISE", "OUTOFRANGE", "CRASH", "GARBAGE"])]
    one = run_extractor(spec, docs, jobs=1, timeout=T, progress=False)
    two = run_extractor(spec, docs, jobs=2, timeout=T, progress=False)
    assert one.predictions == two.predictions
    assert one.failures == two.failures
    assert list(one.predictions) == [d.id for d in docs]


def test_extractors_never_see_gold_spans_or_meta(tmp_path):
    assert all(d.spans and d.meta for d in GOLD)  # the fixture has both to leak
    script = tmp_path / "leak.py"
    script.write_text("def extract(doc):\n    assert doc.spans == () and doc.relations == () and doc.meta == {}, 'saw gold'\n"
                      "    return []\n")
    run = run_extractor(f"{script}:extract", GOLD, progress=False)
    assert run.failures == []
    cmd = tmp_path / "leak_cmd.py"
    cmd.write_text("import json, sys\nfor line in sys.stdin:\n    d = json.loads(line)\n    assert set(d) == {'id', 'text'}\n"
                   "    print(json.dumps({'id': d['id'], 'spans': []}))\n")
    run = run_extractor(f"cmd:{sys.executable} {cmd}", GOLD, progress=False)
    assert run.failures == []


def test_text_taking_callable_and_span_objects():
    run = run_extractor(f"{DATA / 'extractors.py'}:text_only", [_doc(0, "ok")], progress=False)
    assert [(s.start, s.end) for s in run.predictions["d0"].spans] == [(4, 13), (20, 29)]


def test_extractor_prints_do_not_corrupt_the_protocol(tmp_path):
    script = tmp_path / "chatty.py"
    script.write_text("print('loading model...')\ndef extract(doc):\n    print('working on', doc.id)\n    return []\n")
    run = run_extractor(f"{script}:extract", [_doc(0, "x"), _doc(1, "y")], progress=False)
    assert run.failures == []


@pytest.mark.parametrize("spec,words", [
    ("nope", "unknown extractor 'nope'"),
    ("no_such_module_xyz:f", "cannot import no_such_module_xyz"),
    ("hoinghi.document:no_such_function", "has no callable"),
    ("cmd:", "names no command"),
    ("examples/python_extractor.py", "name the function too"),
])
def test_unresolvable_specs_raise_extractor_error(spec, words):
    with pytest.raises(ExtractorError, match=words):
        run_extractor(spec, GOLD, progress=False)


def test_missing_prediction_file_is_input_error(tmp_path):
    with pytest.raises(InputError, match="no such prediction file"):
        run_extractor(str(tmp_path / "none.jsonl"), GOLD, progress=False)


def test_version_comes_from_module_or_content(tmp_path):
    assert resolve_extractor("trivial").label == "trivial@0.1.0"
    script = tmp_path / "noversion.py"
    script.write_text("def f(doc):\n    return []\n")
    assert resolve_extractor(f"{script}:f").version.startswith("sha-")  # no __version__: the source's hash
    # editing a command's script changes the command's version
    cmd = tmp_path / "x.sh"
    cmd.write_text("cat\n")
    v1 = resolve_extractor(f"cmd:sh {cmd}").version
    cmd.write_text("cat # v2\n")
    assert resolve_extractor(f"cmd:sh {cmd}").version != v1


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


def test_command_that_cannot_run_is_a_setup_error():
    with pytest.raises(ExtractorError, match="cannot run"):
        run_extractor("cmd:no-such-program-xyz --flag", GOLD, progress=False)


def test_the_two_shipped_examples_agree():
    """examples/python_extractor.py and examples/node_extractor.js implement the same rule;
    through the runner they give the same predictions (offsets converted to code points)."""
    import shutil

    if not shutil.which("node"):
        pytest.skip("node is not installed")
    repo = DATA.parents[1]
    docs = GOLD + [Document("astral", "😀 đồng chí Nguyễn Văn An và đồng chí Lê Thị Bình nói")]
    py = run_extractor(f"{repo / 'examples/python_extractor.py'}:extract", docs, progress=False)
    js = run_extractor(f"cmd:node {repo / 'examples/node_extractor.js'}", docs, progress=False)
    assert py.failures == [] and js.failures == []
    assert py.predictions == js.predictions
    got = [docs[-1].text[s.start:s.end] for s in py.predictions["astral"].spans]
    assert got == ["Nguyễn Văn An", "Lê Thị Bình"]


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


def test_command_output_with_unicode_line_separators_inside_strings(tmp_path):
    """A command writing JSON with ensure_ascii=False leaves U+2028/U+0085 raw in span texts;
    they are not line breaks of the protocol."""
    doc = Document("u1", "Hội nghị\u2028lần thứ 14\x85 họp", ())
    script = tmp_path / "echo_span.py"
    script.write_text(
        "import json, sys\n"
        "for line in sys.stdin:\n"
        "    d = json.loads(line)\n"
        "    span = {'start': 0, 'end': len(d['text']), 'label': 'MEETING', 'text': d['text']}\n"
        "    print(json.dumps({'id': d['id'], 'spans': [span]}, ensure_ascii=False))\n", encoding="utf-8")
    run = run_extractor(f"cmd:{sys.executable} {script}", [doc], timeout=10, progress=False)
    assert not run.failures, run.failures
    assert run.predictions["u1"].spans[0].text == doc.text
