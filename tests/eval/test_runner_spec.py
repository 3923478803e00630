"""eval/runner/spec.py: what a spec names, the errors for one that names nothing, and
the version that goes into the signature."""
from pathlib import Path

import pytest

from hoinghi.document import read_documents
from hoinghi.errors import ExtractorError, InputError
from hoinghi.eval.runner import resolve_extractor, run_extractor

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = read_documents(DATA / "gold-small.jsonl")


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


