"""eval/runner/commands.py: every failure of a ``cmd:`` extractor is recorded for its
document only, whatever the chunk size; a command that cannot run stops the run."""
import sys
from pathlib import Path

import pytest

from hoinghi.document import Document, read_documents
from hoinghi.errors import ExtractorError
from hoinghi.eval.runner import run_extractor

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = read_documents(DATA / "gold-small.jsonl")
CMD = f"cmd:{sys.executable} {DATA / 'cmd_extractor.py'}"
T = 1.0  # seconds per document: small, so a hang costs the suite about a second


def _doc(i, word):
    return Document(f"d{i}", f"Ông Lê Văn An {word} và Lê Văn An")


# (trigger word in the text, failure kind, words in the message)
COMMAND_FAILURES = [
    ("GARBAGE", "garbage", "not JSON"),
    ("CRASH", "crash", "exited with status 3: crashing on purpose"),
    ("HANG", "timeout", "the command was killed"),
    ("SKIP", "missing", "wrote no line"),
    ("OUTOFRANGE", "invalid", "spans[0].end: offsets"),
]


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


def test_command_that_cannot_run_is_a_setup_error():
    with pytest.raises(ExtractorError, match="cannot run"):
        run_extractor("cmd:no-such-program-xyz --flag", GOLD, progress=False)



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
