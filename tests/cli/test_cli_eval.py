"""``hoinghi eval``: exit codes, bad-input messages naming file/line/document/field with
no report left behind, the report written despite extractor failures, formats."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hoinghi.cli import ExitCode, main
from hoinghi.cli import eval as eval_cmd

DATA = Path(__file__).resolve().parents[1] / "data"
SMALL = DATA / "gold-small.jsonl"
LINES = SMALL.read_text(encoding="utf-8").splitlines()
G3 = json.loads(LINES[2])  # POSITION [0, 24), PERSON [35, 52), holds


def _g3(**change):
    obj = json.loads(json.dumps(G3))
    for key, value in change.items():
        if key.startswith("span_"):
            obj["spans"][1][key[5:]] = value
        else:
            obj[key] = value
    return json.dumps(obj, ensure_ascii=False)


def _run(capsys, *argv):
    code = main(["eval", "--quiet", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _leftovers(folder: Path, keep: set[str]):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# (name, bad line 2 of the gold file, field, words)
BAD_GOLD = [
    ("invalid JSON line", '{"id": "g3", "text": ', None, "invalid JSON"),
    ("offsets out of range", _g3(span_end=500, span_text=None), "spans[1].end", "out of range"),
    ("span text mismatch", _g3(span_text="Nguyễn Quang"), "spans[1].text", "does not match"),
    ("unknown label", _g3(span_label="NAME"), "spans[1].label", "unknown label 'NAME'"),
    ("duplicate ids", json.dumps({"id": "g1", "text": "x"}), "id", "duplicate document id"),
    ("overlapping gold spans", _g3(span_start=20, span_text=None), "spans[1]", "overlaps"),
    ("non-NFC text", _g3(text="Nguye\u0302\u0303n Quang Hiếu"), "text", "not NFC"),
    ("lone surrogate escape", _g3(span_label="@").replace('"@"', '"\\ud800"'), "spans[1].label",
     "lone UTF-16 surrogate"),
    ("nested 100,000 deep", '{"id": "g3", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}", None, "nested too deeply"),
]


@pytest.mark.parametrize("name,line,field,words", BAD_GOLD, ids=[b[0] for b in BAD_GOLD])
def test_bad_gold_exits_3_with_one_line_naming_where_and_no_report(tmp_path, capsys, name, line, field, words):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(LINES[0] + "\n" + line + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "--gold", gold, "-e", "trivial", "--out", tmp_path / "report.json")
    assert code == ExitCode.BAD_INPUT
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("hoinghi: error: ")
    assert f"{gold}, line 2" in err and words in err
    if field:
        assert f"document {'g1' if name == 'duplicate ids' else 'g3'}, field {field}:" in err
    assert _leftovers(tmp_path, {"gold.jsonl"}) == []  # no report, no temporary file


def _pred(doc_id="g3", **span):
    return json.dumps({"id": doc_id, "spans": [{"start": 35, "end": 52, "label": "PERSON", **span}]}, ensure_ascii=False)


BAD_PREDICTIONS = [
    ("invalid JSON line", '{"id": "g3", "spans": [', None, "invalid JSON"),
    ("offsets out of range", _pred(end=999), "spans[0].end", "out of range"),
    ("span text mismatch", _pred(text="Nguyễn"), "spans[0].text", "does not match"),
    ("unknown label", _pred(label="NAME"), "spans[0].label", "unknown label 'NAME'"),
    ("duplicate ids", _pred("g1", start=0, end=9, label="DATE"), "id", "duplicate document id"),
    ("non-NFC text", json.dumps({"id": "g3", "text": "Nguye\u0302\u0303n", "spans": []}), "text", "not NFC"),
]


@pytest.mark.parametrize("name,line,field,words", BAD_PREDICTIONS, ids=[b[0] for b in BAD_PREDICTIONS])
def test_bad_prediction_file_exits_3_naming_where_and_no_report(tmp_path, capsys, name, line, field, words):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(_pred("g1", start=0, end=9, label="DATE") + "\n" + line + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "--gold", SMALL, "-e", pred, "--out", tmp_path / "report.json")
    assert code == ExitCode.BAD_INPUT
    assert err.count("\n") == 1 and f"{pred}, line 2" in err and words in err
    if field:
        assert f"field {field}:" in err
    assert _leftovers(tmp_path, {"pred.jsonl"}) == []


@pytest.mark.parametrize("argv,code,words", [
    (["-e", "no-such-extractor"], ExitCode.SETUP, "unknown extractor 'no-such-extractor'"),
    (["-e", "no_such_module_xyz:extract"], ExitCode.SETUP, "cannot import no_such_module_xyz"),
    (["-e", "missing.jsonl"], ExitCode.BAD_INPUT, "missing.jsonl: no such prediction file"),
    (["--n-boot", "-1"], ExitCode.BAD_INPUT, "--n-boot"),
    (["--split", "test"], ExitCode.BAD_INPUT, "--split applies to a gold set folder"),
])
def test_setup_and_usage_errors(tmp_path, capsys, monkeypatch, argv, code, words):
    monkeypatch.chdir(tmp_path)
    got, out, err = _run(capsys, "--gold", SMALL, *argv, "--out", tmp_path / "report.json")
    assert got == code and words in err
    assert not (tmp_path / "report.json").exists()


@pytest.mark.parametrize("argv", [["--jobs", "0"], ["--timeout", "-1"], ["--format", "html"], ["--timeout", "0"],
                                  ["--timeout", "nan"], ["--timeout", "inf"], ["--seed", "-1"], ["--seed", str(2**32)]])
def test_bad_option_values_are_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(["eval", "--gold", str(SMALL), *argv])
    assert info.value.code == ExitCode.USAGE


def test_missing_default_gold_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(eval_cmd, "_REPO", tmp_path)
    code, _, err = _run(capsys, "-e", "trivial")
    assert code == ExitCode.BAD_INPUT
    assert err.startswith("hoinghi: error: no --gold given, and no gold set here: pass --gold PATH, a gold JSONL file")
    assert "gold set folder" in err and "not in the installed package" in err and "built by the gold work" not in err


def test_default_extractor_falls_back_to_trivial(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name.endswith(".reference") else real(name))
    assert eval_cmd.default_extractor() == "trivial"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    assert eval_cmd.default_extractor() == "reference"


# -- runs that score (need hoinghi.eval.scoring) -----------------------------------------

@pytest.fixture
def scoring():
    return pytest.importorskip("hoinghi.eval.scoring")


def test_scores_trivial_and_writes_report(tmp_path, capsys, scoring):
    report = tmp_path / "out" / "report.json"
    code, out, err = _run(capsys, "--gold", SMALL, "-e", "trivial", "--out", report, "--n-boot", 50)
    assert code == ExitCode.OK, err
    obj = json.loads(report.read_text(encoding="utf-8"))
    assert obj["run"]["extractor"] == "trivial@0.1.0" and obj["gold"]["n_documents"] == 4
    assert "MEETING" in out and "overall micro" in out and "signature:" in out
    assert _leftovers(report.parent, {"report.json"}) == []
    import os
    umask = os.umask(0)
    os.umask(umask)
    assert report.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


def test_failures_exit_5_after_writing_the_report(tmp_path, capsys, scoring):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(_pred() + "\n" + json.dumps({"id": "stray", "spans": []}) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    code, out, err = _run(capsys, "--gold", SMALL, "-e", pred, "--out", report, "--n-boot", 20)
    assert code == ExitCode.EXTRACTOR_FAILURES
    obj = json.loads(report.read_text(encoding="utf-8"))
    assert {f["doc_id"] for f in obj["failures"]} == {"g1", "g2", "g4"}
    assert any("stray" in w for w in obj["warnings"])
    assert "3 of 4 document(s) failed" in err
    assert "g1 [missing]" in out


@pytest.mark.parametrize("fmt,marker", [("table", "field "), ("markdown", "| field |"), ("json", '"signature"')])
def test_formats(capsys, scoring, fmt, marker):
    code, out, _ = _run(capsys, "--gold", DATA / "gold-set", "-e", "trivial", "--format", fmt, "--n-boot", 20)
    assert code == ExitCode.OK and marker in out
    if fmt == "json":
        assert json.loads(out)["gold"]["kind"] == "gold-set"


def test_console_script_end_to_end_with_a_command_extractor(tmp_path, scoring):
    """The installed console script, a real subprocess: exit code and report on disk."""
    exe = Path(sys.executable).with_name("hoinghi")
    report = tmp_path / "r.json"
    cmd = f"cmd:{sys.executable} {DATA / 'cmd_extractor.py'}"
    proc = subprocess.run([str(exe), "eval", "--gold", str(SMALL), "-e", cmd, "--out", str(report), "--n-boot", "20",
                           "--jobs", "2", "--timeout", "5"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == ExitCode.OK, proc.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["run"]["extractor"].startswith("cmd:cmd_extractor.py@")


@pytest.mark.parametrize("kind", ["python", "cmd"])
def test_interrupt_kills_hung_workers_and_exits_130(tmp_path, kind):
    """SIGTERM (CI cancelling a job) or Ctrl-C mid-run: no extractor process outlives the run."""
    import shutil
    import signal
    import time

    from hoinghi.document import Document, write_documents

    script = tmp_path / ("ext.py" if kind == "python" else "cmd.py")
    shutil.copy(DATA / ("extractors.py" if kind == "python" else "cmd_extractor.py"), script)
    spec = f"{script}:misbehaves" if kind == "python" else f"cmd:{sys.executable} {script}"
    gold = tmp_path / "hang.jsonl"
    write_documents(gold, [Document(f"h{i}", f"HANG {i}") for i in range(12)])
    exe = Path(sys.executable).with_name("hoinghi")
    proc = subprocess.Popen([str(exe), "eval", "--gold", str(gold), "-e", spec, "--timeout", "30", "-j", "2",
                             "--out", str(tmp_path / "r.json")], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _processes(script, proc.pid):  # wait until extractors run
        time.sleep(0.1)
    assert _processes(script, proc.pid), "the extractor never started"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == ExitCode.INTERRUPTED
    assert "interrupted" in proc.stderr.read()
    time.sleep(0.3)
    assert _processes(script) == []
    assert not (tmp_path / "r.json").exists()


def _processes(marker: Path, runner: int | None = None) -> list[str]:
    """Processes whose command line names ``marker``, other than the runner itself."""
    out = subprocess.run(["pgrep", "-f", str(marker)], capture_output=True, text=True).stdout
    return [pid for pid in out.split() if pid != str(runner)]


@pytest.mark.parametrize("views,scored,semeval", [
    ("span", ["span"], False),
    ("span,semeval", ["span"], True),
    ("bio,values", ["span", "values", "bio"], False),
])
def test_views_compute_only_what_is_asked_with_the_same_numbers(tmp_path, capsys, views, scored, semeval):
    full, part = tmp_path / "full.json", tmp_path / "part.json"
    assert _run(capsys, "--gold", SMALL, "-e", "trivial", "--out", full)[0] == ExitCode.OK
    assert _run(capsys, "--gold", SMALL, "-e", "trivial", "--out", part, "--views", views)[0] == ExitCode.OK
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (full, part))
    assert sorted(b["scores"]) == sorted(scored) and bool(b["semeval"]) == semeval
    for view in scored:
        assert b["scores"][view] == a["scores"][view] and b["per_document"][view] == a["per_document"][view]
    if semeval:
        assert b["semeval"] == a["semeval"]


def test_view_printed_must_be_computed(tmp_path, capsys):
    code, out, err = _run(capsys, "--gold", SMALL, "-e", "trivial", "--views", "span", "--view", "bio")
    assert code == ExitCode.BAD_INPUT and "--view bio is not among --views span" in err
def _fifo(p: Path):
    os.mkfifo(p)


def _link_to_gold(p: Path):
    p.symlink_to(SMALL)


# (case, how --out is made under tmp_path, --out as given, exit code, words); the gold and
# whatever is at the path are left as they were, nothing else is made
BAD_OUT = [
    ("--out is the gold file", None, "{gold}", ExitCode.USAGE, "one of the run's inputs"),
    ("--out is the prediction file", None, "{pred}", ExitCode.USAGE, "one of the run's inputs"),
    ("--out is empty", None, "", ExitCode.USAGE, "--out is empty"),
    ("--out is a FIFO", _fifo, "{tmp}/out", ExitCode.USAGE, "not a regular file"),
    ("--out is a symlink", _link_to_gold, "{tmp}/out", ExitCode.USAGE, "a symbolic link"),
    ("--out is a folder", Path.mkdir, "{tmp}/out", ExitCode.USAGE, "a folder"),
    ("--out under a file", None, "{gold}/report.json", ExitCode.USAGE, "is a file, not a folder"),
    ("--out through a missing folder", None, "{tmp}/a/x/../y.json", ExitCode.USAGE, "goes through"),
    ("--out in a folder that cannot be written", None, "/sys/hoinghi-report.json", ExitCode.SETUP,
     "cannot write here: Permission denied"),
]


@pytest.mark.parametrize("case,make,given,code,words", BAD_OUT, ids=[b[0] for b in BAD_OUT])
def test_an_output_that_would_destroy_something_is_refused(tmp_path, capsys, case, make, given, code, words):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(SMALL.read_bytes())
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "g1", "spans": []}) + "\n", encoding="utf-8")
    if make:
        make(tmp_path / "out")
    before = {p: (p.lstat().st_mode, p.read_bytes() if p.is_file() and not p.is_symlink() else None)
              for p in tmp_path.iterdir()}
    out = given.format(gold=gold, pred=pred, tmp=tmp_path)
    got, stdout, err = _run(capsys, "--gold", gold, "-e", pred if "pred" in given else "trivial", "--out", out)
    assert (got, err.count("\n")) == (code, 1) and words in err and "Traceback" not in err
    assert {p: (p.lstat().st_mode, p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in tmp_path.iterdir()} == before


def test_sigkill_of_eval_leaves_no_command_running(tmp_path):
    """Issue 11.13: SIGKILL runs no clean-up in hoinghi; the command's process groups
    still die with it (hoinghi.child_groups), instead of being reparented to init."""
    import shutil
    import signal
    import time

    from hoinghi.document import Document, write_documents

    script = tmp_path / "cmd.py"
    shutil.copy(DATA / "cmd_extractor.py", script)
    gold = tmp_path / "hang.jsonl"
    write_documents(gold, [Document(f"h{i}", f"HANG {i}") for i in range(4)])
    exe = Path(sys.executable).with_name("hoinghi")
    proc = subprocess.Popen([str(exe), "eval", "--gold", str(gold), "-e", f"cmd:{sys.executable} {script}",
                             "--timeout", "30", "-j", "2", "-q"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _processes(script, proc.pid):
        time.sleep(0.1)
    assert _processes(script, proc.pid), "the extractor never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    for _ in range(50):
        if not _processes(script):
            break
        time.sleep(0.1)
    assert _processes(script) == []
