"""hoinghi/cli/gold.py: ``hoinghi gold build`` on a generated pull (and its refusals),
``hoinghi gold show`` on the shipped set; located errors and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hoinghi.cli import ExitCode, main
from hoinghi.gold_set import load_gold, read_manifest

REPO = Path(__file__).resolve().parents[2]
TEXT = "Ngày 18-7, Hội nghị lần thứ 14 do Quận ủy Hoàng Mai tổ chức. Bí thư Nguyễn Quang Hiếu phát biểu."
SHIPPED = REPO / "gold" / "hoinghi-5"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _write_pull(folder: Path, annotators: dict[str, list[tuple[int, int, str]]], n_docs: int = 6):
    folder.mkdir(parents=True, exist_ok=True)
    for who, keys in annotators.items():
        rows = []
        for i in range(n_docs):
            spans = [{"id": f"s{j}", "start": s, "end": e, "label": lab} for j, (s, e, lab) in enumerate(keys)]
            rows.append(json.dumps({"id": f"doc-{i}", "text": TEXT, "spans": spans,
                                    "meta": {"annotator": who, "schemas": ["meetings", "indicators", "officials"]}},
                                   ensure_ascii=False))
        (folder / f"{who}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_cli_build_and_show_on_generated_three_annotator_pull(tmp_path, capsys):
    pull = tmp_path / "pull"
    _write_pull(pull, {"a@x": [(0, 9, "DATE"), (11, 30, "MEETING")], "b@x": [(0, 9, "DATE"), (11, 30, "MEETING")],
                       "c@x": [(0, 9, "DATE"), (11, 19, "MEETING")]})
    out = tmp_path / "gold"
    assert main(["gold", "build", str(pull), "--name", "gen", "--version", "0.1.0", "--out", str(out), "-q"]) == 0
    assert "6 conflicts settled by majority" in capsys.readouterr().out
    m = read_manifest(out / "gen")
    assert m["adjudication"]["conflicts"] == 6 and m["adjudication"]["unsettled"] == 0
    assert m["agreement"]["overall"]["strict"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert all(s.label != "MEETING" or s.end == 30 for d in load_gold(out / "gen") for s in d.spans)
    assert main(["gold", "show", str(out / "gen")]) == 0
    assert "gen v0.1.0: 6 documents" in capsys.readouterr().out
    # two annotators who disagree: the build refuses and says where
    _write_pull(tmp_path / "pull2", {"a@x": [(11, 30, "MEETING")], "b@x": [(11, 19, "MEETING")]}, n_docs=1)
    assert main(["gold", "build", str(tmp_path / "pull2"), "--name", "g2", "--version", "1", "--out", str(out)]) == 3
    assert "unsettled conflict" in capsys.readouterr().err
    assert not (out / "g2").exists()


def test_build_merges_the_provenance_file_and_refuses_an_existing_folder(tmp_path, capsys):
    _write_pull(tmp_path / "pull", {"a@x": [(0, 9, "DATE")], "b@x": [(0, 9, "DATE")]}, n_docs=2)
    prov = tmp_path / "prov.json"
    prov.write_text('{"export_time": "2026-11-27T08:00:00Z"}', encoding="utf-8")
    argv = ["gold", "build", tmp_path / "pull", "--name", "p", "--version", "1", "--out", tmp_path / "g",
            "--provenance", prov]
    code, out, _ = run(capsys, *argv)
    assert code == ExitCode.OK and out.startswith(f"built {tmp_path / 'g' / 'p'} v1: 2 documents")
    assert read_manifest(tmp_path / "g" / "p")["provenance"]["export_time"] == "2026-11-27T08:00:00Z"
    code, _, err = run(capsys, *argv)
    assert code == ExitCode.BAD_INPUT and "the gold set folder exists" in err and str(tmp_path / "g" / "p") in err
    assert run(capsys, *argv, "--overwrite")[0] == ExitCode.OK


def test_show_prints_the_shipped_manifest(capsys):
    m = json.loads((SHIPPED / "gold.json").read_text(encoding="utf-8"))
    code, out, _ = run(capsys, "gold", "show", SHIPPED)
    lines = out.splitlines()
    assert code == ExitCode.OK
    assert lines[0] == (f"hoinghi-5 v{m['version']}: 5 documents, schemas {m['schema_version']}, "
                        f"fingerprint {m['fingerprint']}")
    assert [ln.split()[0] for ln in lines[1:4]] == ["train", "dev", "test"]
    assert lines[-1].startswith(f"  adjudication: {m['adjudication']['policy']}, ")
    code, out, _ = run(capsys, "gold", "show", SHIPPED, "-f", "json")
    assert code == ExitCode.OK and json.loads(out) == m


BAD = [
    # (case, argv after "gold", exit code, words in the one error line; DIR = an empty folder, P = a pull)
    ("show: not a gold set", ["show", "DIR"], ExitCode.BAD_INPUT, ["DIR", "not a gold set: no gold.json"]),
    ("show: manifest not JSON", ["show", "BADGOLD"], ExitCode.BAD_INPUT, ["gold.json", "invalid JSON", "line 1"]),
    ("build: provenance not JSON", ["build", "P", "--name", "n", "--version", "1", "--out", "DIR", "--provenance", "BADJSON"],
     ExitCode.BAD_INPUT, ["bad.json", "invalid JSON"]),
    ("build: provenance a list", ["build", "P", "--name", "n", "--version", "1", "--out", "DIR", "--provenance", "LIST"],
     ExitCode.BAD_INPUT, ["list.json", "the provenance must be a JSON object"]),
    ("build: bad name", ["build", "P", "--name", ".x", "--version", "1", "--out", "DIR"], ExitCode.BAD_INPUT,
     ["bad gold set name '.x'"]),
    ("build: unknown policy", ["build", "P", "--name", "n", "--version", "1", "--out", "DIR", "--policy", "x"],
     ExitCode.BAD_INPUT, ["field policy", "unknown policy 'x'"]),
]


@pytest.mark.parametrize("case,argv,code,words", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_one_located_line_and_an_exit_code(tmp_path, capsys, case, argv, code, words):
    (tmp_path / "dir").mkdir()
    (tmp_path / "badgold").mkdir()
    (tmp_path / "badgold" / "gold.json").write_text("{", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    _write_pull(tmp_path / "pull", {"a@x": [(0, 9, "DATE")], "b@x": [(0, 9, "DATE")]}, n_docs=1)
    names = {"DIR": tmp_path / "dir", "BADGOLD": tmp_path / "badgold", "BADJSON": tmp_path / "bad.json",
             "LIST": tmp_path / "list.json", "P": tmp_path / "pull"}
    code_got, out, err = run(capsys, "gold", *[names.get(a, a) for a in argv])
    assert code_got == code and out == ""
    (line,) = err.strip().splitlines()
    words = [str(names[w]) if w in names else w for w in words]
    assert line.startswith("hoinghi: error: ") and all(w in line for w in words), line
    assert list((tmp_path / "dir").iterdir()) == []


def test_no_subcommand_prints_help_and_exits_usage(capsys):
    assert main(["gold"]) == ExitCode.USAGE
    assert "SUBCOMMAND" in capsys.readouterr().out
