"""eval/runner/python_workers.py: every failure of a Python extractor is recorded for its
document only, the run goes on, and the protocol survives the extractor's prints."""
from pathlib import Path

import pytest

from hoinghi.document import Document
from hoinghi.eval.predictions import FAILURE_KINDS
from hoinghi.eval.runner import run_extractor

DATA = Path(__file__).resolve().parents[1] / "data"
PY_BAD = f"{DATA / 'extractors.py'}:misbehaves"
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


def test_text_taking_callable_and_span_objects():
    run = run_extractor(f"{DATA / 'extractors.py'}:text_only", [_doc(0, "ok")], progress=False)
    assert [(s.start, s.end) for s in run.predictions["d0"].spans] == [(4, 13), (20, 29)]


def test_extractor_prints_do_not_corrupt_the_protocol(tmp_path):
    script = tmp_path / "chatty.py"
    script.write_text("print('loading model...')\ndef extract(doc):\n    print('working on', doc.id)\n    return []\n")
    run = run_extractor(f"{script}:extract", [_doc(0, "x"), _doc(1, "y")], progress=False)
    assert run.failures == []


