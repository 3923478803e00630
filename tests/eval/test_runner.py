"""eval/runner/__init__.py: run_extractor over every kind of spec: jobs do not change
predictions, extractors never see gold, the shipped examples agree."""
import sys
from pathlib import Path

import pytest

from hoinghi.document import Document, read_documents
from hoinghi.eval.runner import run_extractor

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = read_documents(DATA / "gold-small.jsonl")
PY_BAD = f"{DATA / 'extractors.py'}:misbehaves"
CMD = f"cmd:{sys.executable} {DATA / 'cmd_extractor.py'}"
T = 1.0  # seconds per document: small, so a hang costs the suite about a second


def _doc(i, word):
    return Document(f"d{i}", f"Ông Lê Văn An {word} và Lê Văn An")


# (trigger word in the text, failure kind, words in the message)
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


