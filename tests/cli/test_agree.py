"""hoinghi/cli/agree.py: ``hoinghi agree`` on a generated pull and on the shipped one;
located errors and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hoinghi.cli import ExitCode, main

REPO = Path(__file__).resolve().parents[2]
TEXT = "Ngày 18-7, Hội nghị lần thứ 14 do Quận ủy Hoàng Mai tổ chức."
DATE = {"start": 0, "end": 9, "label": "DATE"}
MEET = {"start": 11, "end": 30, "label": "MEETING"}
ALL = {"schemas": ["meetings", "indicators", "officials"]}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def write_pull(folder: Path, passes: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for who, spans in passes.items():
        (folder / f"{who}.jsonl").write_text(json.dumps(
            {"id": "d1", "text": TEXT, "spans": spans, "meta": {"annotator": who, **ALL}}, ensure_ascii=False) + "\n",
            encoding="utf-8")
    return folder


def test_cli_json_and_exit_codes(tmp_path, capsys):
    write_pull(tmp_path, {"a": [DATE, MEET], "b": [DATE]})
    (tmp_path / "rejects.jsonl").write_text("not json, and skipped\n", encoding="utf-8")
    assert main(["agree", str(tmp_path), "--format", "json", "-q", "--out", str(tmp_path / "r.json")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["overall"]["strict"] == pytest.approx(2 / 3)
    assert json.loads((tmp_path / "r.json").read_text())["overall"] == out["overall"]
    assert main(["agree", str(tmp_path / "a.jsonl")]) == 3
    err = capsys.readouterr().err
    assert "need at least 2 independent passes" in err and str(tmp_path / "a.jsonl") in err


def test_the_shipped_pull_gives_the_shipped_table(capsys):
    """The committed agreement.txt was written by the gold flow from the same pull."""
    code, out, err = run(capsys, "agree", REPO / "annotations/hoinghi-5/pull-passes", "-q")
    assert code == ExitCode.OK and err == ""
    assert out == (REPO / "annotations/hoinghi-5/agreement.txt").read_text(encoding="utf-8")


def test_exclude_leaves_a_reviewer_out_and_says_so(capsys):
    pull = REPO / "annotations/hoinghi-5/pull"
    code, out, err = run(capsys, "agree", pull, "--exclude", "reviewer@hoinghi.local", "-f", "json", "-q")
    assert code == ExitCode.OK and "left out the records of reviewer@hoinghi.local" in err
    assert json.loads(out)["annotators"] == ["annotator-a@hoinghi.local", "annotator-b@hoinghi.local"]


BAD = [
    # (case, argv after "agree" (PULL = a generated two-annotator pull), exit code, words in the one error line)
    ("unknown --exclude", ["PULL", "--exclude", "nobody@x"], ExitCode.BAD_INPUT,
     ["field meta.annotator", "--exclude nobody@x: no such annotator", "present: a, b"]),
    ("missing path", ["NOPE"], ExitCode.BAD_INPUT, ["NOPE", "no such file or folder"]),
    ("different texts", ["PULL", "OTHER"], ExitCode.BAD_INPUT, ["document d1", "field text", "the text differs"]),
    ("bad format", ["PULL", "-f", "xml"], ExitCode.USAGE, []),
]


@pytest.mark.parametrize("case,argv,code,words", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_one_located_line_and_an_exit_code(tmp_path, capsys, case, argv, code, words):
    write_pull(tmp_path / "pull", {"a": [DATE], "b": [DATE]})
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "d1", "text": TEXT + " x", "spans": [], "meta": {"annotator": "c", **ALL}},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    names = {"PULL": tmp_path / "pull", "NOPE": tmp_path / "nope", "OTHER": other}
    argv = [str(names.get(a, a)) for a in argv]
    if code == ExitCode.USAGE:
        with pytest.raises(SystemExit) as info:
            main(["agree", *argv])
        assert info.value.code == code
        return
    got, out, err = run(capsys, "agree", *argv)
    assert got == code and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("hoinghi: error: ") and all(w.replace("NOPE", str(tmp_path / "nope")) in line for w in words)
