"""hoinghi/cli/adjudicate.py: ``hoinghi adjudicate`` writes gold and the log, signals
unsettled conflicts (exit 6), reproduces the shipped gold set from the shipped pull;
located errors and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hoinghi.cli import ExitCode, main
from hoinghi.document import fingerprint, read_documents
from hoinghi.gold_set import load_gold

REPO = Path(__file__).resolve().parents[2]
TEXT = "Ngày 18-7, Hội nghị lần thứ 14 do Quận ủy Hoàng Mai tổ chức."
DATE = {"start": 0, "end": 9, "label": "DATE"}
MEET = {"start": 11, "end": 30, "label": "MEETING"}
MEET_S = {"start": 11, "end": 19, "label": "MEETING"}
ALL = {"schemas": ["meetings", "indicators", "officials"]}


def write_pass(folder: Path, who: str, *spans: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{who}.jsonl"
    p.write_text(json.dumps({"id": "d", "text": TEXT, "spans": list(spans), "meta": {"annotator": who, **ALL}},
                            ensure_ascii=False) + "\n", encoding="utf-8")
    return p


def test_cli_writes_gold_and_log_and_signals_unsettled(tmp_path, capsys):
    a, b = write_pass(tmp_path, "a", MEET, DATE), write_pass(tmp_path, "b", MEET_S, DATE)
    code = main(["adjudicate", str(a), str(b), "-o", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == ExitCode.UNSETTLED == 6 and "UNSETTLED" in out and "1 unsettled" in out
    gold = [json.loads(x) for x in (tmp_path / "out" / "gold.jsonl").read_text().splitlines()]
    assert [s["label"] for s in gold[0]["spans"]] == ["DATE"]
    assert (tmp_path / "out" / "adjudication.jsonl").is_file()


def test_union_settles_presence_and_exits_0(tmp_path, capsys):
    write_pass(tmp_path / "pull", "a", MEET, DATE)
    write_pass(tmp_path / "pull", "b", MEET)
    code = main(["adjudicate", str(tmp_path / "pull"), "--policy", "union", "-o", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    assert "d presence" in out and "-> keep DATE 'Ngày 18-7' (union: kept every marked span)" in out
    assert out.strip().splitlines()[-1].startswith("policy union: 1 documents, 1 spans and 0 relations agreed; "
                                                   "1 conflicts, 1 settled, 0 unsettled")


def test_the_shipped_pull_gives_the_shipped_gold(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["adjudicate", str(REPO / "annotations/hoinghi-5/pull"), "--policy", "reviewer:reviewer@hoinghi.local",
                 "-o", str(out), "-q"])
    assert code == ExitCode.OK and "0 unsettled" in capsys.readouterr().out
    ours = sorted(read_documents(out / "gold.jsonl"), key=lambda d: d.id)
    shipped = sorted(load_gold(REPO / "gold/hoinghi-5"), key=lambda d: d.id)
    assert fingerprint(ours) == fingerprint(shipped)


BAD = [
    # (case, argv after "adjudicate" (A, B = two passes), exit code, words in the one error line)
    ("unknown policy", ["A", "B", "--policy", "coin-flip"], ExitCode.BAD_INPUT, ["field policy", "unknown policy 'coin-flip'"]),
    ("reviewer without a record", ["A", "B", "--policy", "reviewer:r@x"], ExitCode.BAD_INPUT,
     ["field policy", "reviewer 'r@x' has no record"]),
    ("reviewer without e-mail", ["A", "B", "--policy", "reviewer:"], ExitCode.BAD_INPUT, ["field policy", "e-mail"]),
    ("one annotator", ["A"], ExitCode.BAD_INPUT, ["a.jsonl", "field meta.annotator", "at least 2"]),
    ("bad JSON", ["A", "BAD"], ExitCode.BAD_INPUT, ["bad.jsonl, line 1", "invalid JSON"]),
    ("no --out-dir", ["A", "B"], ExitCode.USAGE, []),
]


@pytest.mark.parametrize("case,argv,code,words", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_one_located_line_and_an_exit_code(tmp_path, capsys, case, argv, code, words):
    names = {"A": write_pass(tmp_path, "a", DATE), "B": write_pass(tmp_path, "b", DATE),
             "BAD": tmp_path / "bad.jsonl"}
    names["BAD"].write_text('{"id": "d", \n', encoding="utf-8")
    argv = [str(names.get(x, x)) for x in argv]
    if code == ExitCode.USAGE:
        with pytest.raises(SystemExit) as info:
            main(["adjudicate", *argv])
        assert info.value.code == code
        return
    got = main(["adjudicate", *argv, "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert got == code and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("hoinghi: error: ") and all(w in line for w in words), line
    assert not (tmp_path / "out").exists()
