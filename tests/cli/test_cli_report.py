"""``hoinghi report`` (:mod:`hoinghi.cli.report`): one or two eval JSONs to an HTML
file, reading the saved predictions (re-running an extractor only with --rerun), warning when predictions do not reproduce
the counts, bad eval JSON named by file."""
from __future__ import annotations

import pytest

from hoinghi.cli import ExitCode, main
from hoinghi.document import write_documents


@pytest.fixture
def eval_files(tmp_path, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    write_documents(gold, GOLD)
    write_documents(pred, [PRED["d1"]])
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["eval", "--gold", str(gold), "-e", "trivial", "--out", str(a), "-q", "-f", "json",
                 "--save-predictions", str(tmp_path / "saved-a.jsonl")]) == 0
    assert main(["eval", "--gold", str(gold), "-e", str(pred), "--out", str(b), "-q", "-f", "json",
                 "--save-predictions", str(tmp_path / "saved-b.jsonl")]) == 0
    return gold, pred, a, b


def test_cli_one_report_reads_the_saved_predictions(eval_files, tmp_path, capsys):
    gold, pred, a, b = eval_files
    out = tmp_path / "r.html"
    (tmp_path / "saved-b.jsonl").rename(tmp_path / "moved.jsonl")  # proves the saved file is what is read
    assert main(["report", str(b), "--out", str(out), "-q"]) == ExitCode.BAD_INPUT
    assert "saved-b.jsonl" in capsys.readouterr().err and not out.exists()
    (tmp_path / "moved.jsonl").rename(tmp_path / "saved-b.jsonl")
    assert main(["report", str(b), "--out", str(out), "-q"]) == ExitCode.OK
    page = out.read_text(encoding="utf-8")
    assert ": 5 error(s) in 1 documents</h2>" in page and "do not reproduce" not in page


def test_cli_report_runs_an_extractor_only_with_rerun(tmp_path, capsys, monkeypatch, report_corpus):
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, report_corpus.gold)
    ev = tmp_path / "e.json"
    work = tmp_path / "work"
    work.mkdir()
    (work / "ext.py").write_text("from hoinghi.extractors.trivial import extract\n", encoding="utf-8")
    monkeypatch.chdir(work)  # a spec relative to this folder
    assert main(["eval", "--gold", str(gold), "-e", "ext.py:extract", "--out", str(ev), "-q", "-f", "json"]) == 0
    capsys.readouterr()
    out = tmp_path / "r.html"
    assert main(["report", str(ev), "--out", str(out), "-q"]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err
    assert "records no saved predictions" in err and "--rerun" in err and not out.exists()
    assert main(["report", str(ev), "--predictions", "trivial", "--out", str(out), "-q"]) == ExitCode.BAD_INPUT
    assert "add --rerun" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)  # the recorded spec runs from another folder
    assert main(["report", str(ev), "--rerun", "--out", str(out), "-q"]) == ExitCode.OK
    assert "do not reproduce" not in out.read_text(encoding="utf-8")


def test_cli_two_reports_compare(eval_files, tmp_path, capsys):
    gold, pred, a, b = eval_files
    out = tmp_path / "ab.html"
    assert main(["report", str(a), str(b), "--names", "trivial,file", "--out", str(out), "-q"]) == ExitCode.OK
    page = out.read_text(encoding="utf-8")
    assert "Comparison: file vs trivial" in page and 'id="compare"' in page
    assert "Changes from trivial to file" in page and 'data-kind="fixed"' in page


def test_cli_warns_when_predictions_do_not_match(eval_files, tmp_path, capsys):
    gold, pred, a, b = eval_files
    out = tmp_path / "w.html"
    assert main(["report", str(b), "--predictions", "trivial", "--rerun", "--out", str(out), "-q"]) == ExitCode.OK
    assert "do not reproduce" in capsys.readouterr().err
    assert "do not reproduce" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("content,message", [
    ("{", "invalid JSON"),
    ("[]", "not an evaluation report"),
    ('{"format": "other"}', "not an evaluation report"),
    ('{"format": "hoinghi-eval/1", "signature": {}}', "damaged evaluation report"),
])
def test_cli_bad_eval_json(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "x.html"), "--no-errors"]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err
    assert str(bad) in err and message in err
    assert not (tmp_path / "x.html").exists()


def test_cli_scores_only(eval_files, tmp_path):
    gold, pred, a, b = eval_files
    out = tmp_path / "s.html"
    assert main(["report", str(a), "--no-errors", "--out", str(out)]) == ExitCode.OK
    page = out.read_text(encoding="utf-8")
    assert "Scores: trivial@" in page and "Errors in context" not in page




def test_cli_report_from_another_folder_finds_extractor_and_gold(eval_files, tmp_path, monkeypatch, capsys):
    gold, _, _, _ = eval_files
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "ext").mkdir(parents=True)
    elsewhere.mkdir()
    (project / "ext" / "regex_ext.py").write_text("def extract(text):\n    return []\n", encoding="utf-8")
    (project / "gold.jsonl").write_bytes(gold.read_bytes())
    monkeypatch.chdir(project)
    assert main(["eval", "--gold", "gold.jsonl", "-e", "ext/regex_ext.py:extract", "--out", "r.json", "-q"]) == 0
    run = __import__("json").loads((project / "r.json").read_text(encoding="utf-8"))
    assert run["run"]["spec"] == "ext/regex_ext.py:extract"
    assert run["run"]["spec_resolved"] == f"{project / 'ext' / 'regex_ext.py'}:extract"
    assert run["gold"]["path_resolved"] == str(project / "gold.jsonl")
    monkeypatch.chdir(elsewhere)
    assert main(["report", str(project / "r.json"), "--rerun", "--out", "r.html", "-q"]) == ExitCode.OK, capsys.readouterr().err
    assert "Errors in context" in (elsewhere / "r.html").read_text(encoding="utf-8")


def test_cli_fields_scores_and_shows_only_those_fields(eval_files, tmp_path, capsys):
    gold, pred, a, b = eval_files
    out = tmp_path / "f.html"
    assert main(["report", str(a), str(b), "--fields", "DATE,MEETING", "--out", str(out), "-q"]) == ExitCode.OK
    page = out.read_text(encoding="utf-8")
    assert page.count("|fields:MEETING+DATE") == 2
    assert '<td class="n">PERSON</td>' not in page and '<td class="n">DATE</td>' in page
    assert 'data-field="PERSON"' not in page and 'data-field="DATE"' in page
    code = main(["report", str(a), "--fields", "DATE", "--no-errors", "--out", str(out), "-q"])
    assert code == ExitCode.BAD_INPUT and "scoring it again needs its predictions" in capsys.readouterr().err
# (case, what the crafted eval JSON names as run.spec; {marker} is a file it would create)
CRAFTED_SPECS = [
    ("a shell command", "cmd:touch {marker}"),
    ("a Python file", "{script}:extract"),
]


@pytest.mark.parametrize("case,spec", CRAFTED_SPECS, ids=[c[0] for c in CRAFTED_SPECS])
def test_a_report_never_runs_what_an_eval_json_names(eval_files, tmp_path, capsys, case, spec):
    """Issue 11.1: a received eval JSON whose run.spec names a command or a Python file
    (which would write ``marker``) is refused with what to pass; nothing runs."""
    import json

    gold, pred, a, b = eval_files
    marker, script = tmp_path / "PWNED", tmp_path / "evil.py"
    script.write_text(f"open({str(marker)!r}, 'w').write('ran')\ndef extract(doc):\n    return []\n", encoding="utf-8")
    crafted = json.loads(b.read_text(encoding="utf-8"))
    crafted["run"]["spec"] = spec.format(marker=marker, script=script)
    evil = tmp_path / "received.json"
    evil.write_text(json.dumps(crafted), encoding="utf-8")
    out = tmp_path / "r.html"
    crafted["run"].pop("predictions_file", None)
    evil.write_text(json.dumps(crafted), encoding="utf-8")
    code = main(["report", str(evil), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert code in (ExitCode.USAGE, ExitCode.BAD_INPUT) and "--predictions" in err  # says what to pass
    # two reports: B's predictions given, A (crafted) has none: nothing of A's is run
    main(["report", str(evil), str(b), "--predictions", str(pred), "--out", str(out), "-q"])
    assert not marker.exists()
