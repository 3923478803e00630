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




# -- issue 11 item 14: memory --------------------------------------------------------------

LEAKY = """
import os
_kept = []
_poisoned = []


def leaks(doc):
    with open(os.environ["HOINGHI_TEST_PIDS"], "a") as fh:
        fh.write(f"{os.getpid()}\\n")
    if _poisoned:
        raise RuntimeError("this process ran out of memory before")
    if "OOM" in doc.text:
        _poisoned.append(1)
        raise MemoryError("simulated")
    if "BIG" in doc.text:
        _kept.append(bytearray(300 * 2**20))  # touched: resident
        import time
        time.sleep(3)
    _kept.append(bytearray(40 * 2**20))
    return []
"""


@pytest.fixture
def leaky(tmp_path, monkeypatch):
    (tmp_path / "leaky.py").write_text(LEAKY, encoding="utf-8")
    monkeypatch.setenv("HOINGHI_TEST_PIDS", str(tmp_path / "pids"))
    return f"{tmp_path / 'leaky.py'}:leaks", tmp_path / "pids"


def test_a_leaking_worker_is_replaced_and_every_document_succeeds(leaky):
    spec, pids = leaky
    run = run_extractor(spec, [_doc(i, "ok") for i in range(6)], timeout=30, progress=False, max_memory_mb=120)
    assert run.failures == []
    assert len(set(pids.read_text().split())) >= 2  # the worker was recycled on the way


def test_after_a_memory_error_the_worker_is_replaced(leaky):
    spec, _ = leaky
    docs = [_doc(0, "OOM")] + [_doc(i, "ok") for i in range(1, 4)]
    run = run_extractor(spec, docs, timeout=30, progress=False, max_memory_mb=0)
    assert [(f.doc_id, f.kind, f.message.split(":")[0]) for f in run.failures] == [("d0", "error", "MemoryError")]


def test_a_worker_over_the_limit_while_working_is_killed(leaky):
    spec, _ = leaky
    run = run_extractor(spec, [_doc(0, "BIG"), _doc(1, "ok")], timeout=30, progress=False, max_memory_mb=200)
    assert [(f.doc_id, f.kind) for f in run.failures] == [("d0", "crash")]
    assert "over --max-memory 200 MB; it was killed and replaced" in run.failures[0].message
