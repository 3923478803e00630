"""Fuzz (hypothesis) of what a user hands the command line: the readers (gold, predictions,
eval JSON, baseline, Label Studio export) and the argument parsing. Whatever the input:
never a traceback, an exit code in the documented set (never 1, which CI reads as a
regression, nor 70, a bug), and a bad-input message that names the file.

Bounded: a few dozen examples per target and no deadline per example, so the module runs
in seconds (CI runs it as its own step: .github/workflows/hoinghi-tests.yml)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hoinghi.annotate.pull import save_export
from hoinghi.cli import ExitCode, main
from hoinghi.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "data"
SMALL = DATA / "gold-small.jsonl"
GOOD_LINE = SMALL.read_text(encoding="utf-8").splitlines()[0]
DOCUMENTED = {ExitCode.OK, ExitCode.USAGE, ExitCode.BAD_INPUT, ExitCode.SETUP, ExitCode.EXTRACTOR_FAILURES}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
                derandomize=True)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "text", "spans", "relations", "meta", "start", "end", "label", "score", "format",
                         "counts", "doc_ids", "keys", "signature", "data", "annotations", "result", "value"]) | st.text(max_size=5),
        inner, max_size=5),
    max_leaves=12)


def _mutations(good: bytes):
    """Bytes near a valid file: random bytes, a cut, a byte changed, a JSON value, or a
    valid line with some key set to another JSON value."""
    obj = json.loads(good)
    return st.one_of(
        st.binary(max_size=200),
        st.integers(0, len(good)).map(lambda n: good[:n]),
        st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)).map(
            lambda t: good[:t[0]] + bytes([t[1]]) + good[t[0] + 1:]),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.tuples(st.sampled_from(sorted(obj) if isinstance(obj, dict) else [0]), json_values).map(
            lambda kv: json.dumps({**obj, kv[0]: kv[1]} if isinstance(obj, dict) else [kv[1]]).encode()),
        st.sampled_from([b"\xef\xbb\xbf" + good, good.replace(b'"', b"'", 1), good + b"\r" + good,
                         b'{"id": "\\ud800"}', b"[" * 5000 + b"]" * 5000, good.replace(b",", b",\r", 1)]),
    )


def _check(code: int, err: str, path: Path, also: set = frozenset()) -> None:
    assert code in DOCUMENTED | also, (code, err)
    assert "Traceback" not in err
    if code == ExitCode.BAD_INPUT:
        assert err.startswith("hoinghi: error: ") and str(path) in err, err


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def go(*argv) -> tuple[int, str]:
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
            code = exc.code
        return code, capsys.readouterr().err
    return go


@FUZZ
@given(content=_mutations(GOOD_LINE.encode()))
def test_gold_files(run, tmp_path, content):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(content)
    code, err = run("eval", "--gold", gold, "-e", "trivial", "--n-boot", "0", "-q", "--out", tmp_path / "r.json")
    _check(code, err, gold)


@FUZZ
@given(content=_mutations(json.dumps({"id": "g1", "spans": [{"start": 0, "end": 3, "label": "MEETING"}]}).encode()))
def test_prediction_files(run, tmp_path, content):
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(content)
    code, err = run("eval", "--gold", SMALL, "-e", pred, "--n-boot", "0", "-q")
    _check(code, err, pred)


@pytest.fixture(scope="module")
def eval_json(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("eval") / "r.json"
    assert main(["eval", "--gold", str(SMALL), "-e", "trivial", "--n-boot", "0", "-q", "--out", str(out)]) == 0
    return out.read_bytes()


@FUZZ
@given(data=st.data())
def test_eval_reports_for_the_html_report(run, tmp_path, eval_json, data):
    report = tmp_path / "r.json"
    report.write_bytes(data.draw(_mutations(eval_json)))
    code, err = run("report", report, "--no-errors", "-q", "--out", tmp_path / "r.html")
    _check(code, err, report)


@FUZZ
@given(data=st.data())
def test_baselines(run, tmp_path, eval_json, data):
    base = tmp_path / "base.json"
    base.write_bytes(data.draw(_mutations(eval_json)))
    code, err = run("gate", "--gold", SMALL, "-e", "trivial", "--baseline", base, "--n-boot", "10", "-q")
    _check(code, err, base, also={ExitCode.REGRESSION})  # a changed but valid baseline may gate as a drop


@FUZZ
@given(content=_mutations(json.dumps([{"id": 1, "data": {"text": "Ông An", "doc_id": "d1"}, "annotations": [
    {"id": 2, "completed_by": 1, "result": [{"id": "r", "type": "labels", "from_name": "officials",
                                             "to_name": "text", "value": {"start": 4, "end": 6, "text": "An",
                                                                           "labels": ["PERSON"]}}]}]}]).encode()))
def test_label_studio_exports(tmp_path, content):
    out = Path(tempfile.mkdtemp(dir=tmp_path)) / "pull"
    try:
        save_export(content, out, project_id=7)
    except InputError as exc:
        assert "the export of project 7" in str(exc)
        assert not out.exists()  # nothing written on failure


OPTIONS = ["--gold", "--split", "-e", "--mode", "--view", "--format", "--out", "--jobs", "--timeout", "--seed",
           "--n-boot", "--fields", "--schema", "--baseline", "--tolerance", "--alpha", "--json", "--no-errors",
           "--names", "-q", "--update", "--predictions"]
VALUES = ["0", "-1", "nan", "inf", "1e400", "", " ", "..", "a/x/../y.json", "gold.jsonl", "trivial", "strict",
          "table", "r.json", "MEETING", "nope", "\x00", "é", "--", "-", "2", "0.5"]


@FUZZ
@given(command=st.sampled_from(["eval", "gate", "report"]),
       words=st.lists(st.sampled_from(OPTIONS) | st.sampled_from(VALUES), max_size=6))
def test_argument_parsing(run, tmp_path, command, words):
    (tmp_path / "gold.jsonl").write_bytes(SMALL.read_bytes())
    before = (tmp_path / "gold.jsonl").read_bytes()
    # a small, fast run unless the words say otherwise: the gold, trivial, few resamples
    base = {"eval": ["--gold", "gold.jsonl", "-e", "trivial", "--n-boot", "5", "-q"],
            "gate": ["--gold", "gold.jsonl", "-e", "trivial", "--n-boot", "5", "-q"],
            "report": ["r.json", "--out", "r.html", "-q"]}[command]
    code, err = run(command, *base, *words)
    assert code in DOCUMENTED, (words, code, err)
    assert "Traceback" not in err and "internal error" not in err
    assert (tmp_path / "gold.jsonl").read_bytes() == before  # no output ever replaces the input
    for leftover in os.listdir(tmp_path):
        assert not leftover.startswith("."), leftover  # no temporary file left
