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


# -- issue 11 items 13 and 15: jobs-independent outcomes, a bounded worst case, stray children --

DROPPER = """
import json, sys
for i, line in enumerate(sys.stdin):
    doc = json.loads(line)
    if i % 5 == 4:
        continue  # drops every fifth line it is given: which documents depends on the chunks
    print(json.dumps({"id": doc["id"], "spans": []}), flush=True)
"""


def test_outcomes_do_not_depend_on_jobs(tmp_path):
    script = tmp_path / "dropper.py"
    script.write_text(DROPPER, encoding="utf-8")
    docs = [_doc(i, "ok") for i in range(40)]
    outcomes = []
    for jobs, chunk_size in ((1, None), (2, None), (3, None), (2, 7)):
        run = run_extractor(f"cmd:{sys.executable} {script}", docs, jobs=jobs, timeout=T, progress=False,
                            chunk_size=chunk_size)
        outcomes.append((sorted((f.doc_id, f.kind) for f in run.failures), sorted(run.predictions)))
    assert outcomes[0] == outcomes[1] == outcomes[2] == outcomes[3]
    assert outcomes[0][0] == []  # a document without a line in its chunk is asked again alone


HANGS_ALWAYS = """
import sys, time
with open(sys.argv[1], "a") as fh:
    fh.write("started\\n")
sys.stdin.readline()
time.sleep(60)
"""


def test_a_command_that_hangs_on_every_document_costs_one_timeout_per_document(tmp_path):
    """Each document is charged one timeout and the command is started once per document
    (before: the chunk's n × timeout, then every document alone again: 2 × n × timeout)."""
    script, starts = tmp_path / "hang.py", tmp_path / "starts"
    script.write_text(HANGS_ALWAYS, encoding="utf-8")
    docs = [_doc(i, "ok") for i in range(4)]
    run = run_extractor(f"cmd:{sys.executable} {script} {starts}", docs, jobs=1, timeout=0.5, progress=False,
                        chunk_size=4)
    assert [(f.doc_id, f.kind) for f in sorted(run.failures, key=lambda f: f.doc_id)] == \
        [(d.id, "timeout") for d in docs]
    assert starts.read_text().count("started") == 4
    assert all("no answer within 0.5 s" in f.message for f in run.failures)


FORKS_AND_EXITS = """
import json, os, subprocess, sys
for line in sys.stdin:
    print(json.dumps({"id": json.loads(line)["id"], "spans": []}), flush=True)
subprocess.Popen(["sh", "-c", "sleep 30; :", sys.argv[1]])  # a child that keeps stdout open
"""


def test_a_forked_child_holding_stdout_does_not_turn_a_complete_answer_into_timeouts(tmp_path):
    script, marker = tmp_path / "fork.py", tmp_path / "stray-child-marker"
    script.write_text(FORKS_AND_EXITS, encoding="utf-8")
    docs = [_doc(i, "ok") for i in range(3)]
    run = run_extractor(f"cmd:{sys.executable} {script} {marker}", docs, jobs=1, timeout=5, progress=False)
    assert run.failures == [] and sorted(run.predictions) == ["d0", "d1", "d2"]
    import subprocess
    assert subprocess.run(["pgrep", "-f", str(marker)], capture_output=True).stdout == b""  # the child is gone
