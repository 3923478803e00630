"""hoinghi/cli/schema.py: ``hoinghi schema xml|show|validate`` print the generated
configs and the schemas; a bad schema file is one located line and exit 3."""
from __future__ import annotations

from pathlib import Path

import pytest

from hoinghi.annotate.label_config import label_config
from hoinghi.cli import ExitCode, main
from hoinghi.schema import load_schema, load_schemas

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_schema_xml_is_the_generated_config(capsys):
    code, out, _ = run(capsys, "schema", "xml", "meetings")
    assert code == ExitCode.OK and out == label_config(load_schemas()["meetings"])
    code, out, _ = run(capsys, "schema", "xml")
    assert out == label_config(load_schemas())


def test_schema_show_and_validate(capsys, tmp_path):
    code, out, _ = run(capsys, "schema", "show", "officials")
    assert code == ExitCode.OK and "PERSON" in out and "relation holds: PERSON -> POSITION" in out
    code, out, _ = run(capsys, "schema", "validate")
    assert code == ExitCode.OK and out.count("ok  ") == 3
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nversion = "1"\ncolour = "red"\nlabels = []\n', encoding="utf-8")
    code, _, err = run(capsys, "schema", "validate", str(bad))
    assert code == ExitCode.BAD_INPUT
    assert err.strip().splitlines() == [f"hoinghi: error: {bad}, field colour: unknown key 'colour' "
                                        "(allowed: description, labels, name, relations, title, version)"]


def test_xml_of_a_schema_file_and_of_several_names(capsys):
    path = REPO / "schemas" / "officials.toml"
    code, out, _ = run(capsys, "schema", "xml", path)
    assert code == ExitCode.OK and out == label_config(load_schema(path))
    s = load_schemas()
    code, out, _ = run(capsys, "schema", "xml", "meetings", "officials")
    assert code == ExitCode.OK and out == label_config([s["meetings"], s["officials"]])


BAD = [
    # (case, argv after "schema", exit code, words in the one error line)
    ("unknown schema name", ["show", "nosuch"], ExitCode.BAD_INPUT, ["nosuch.toml", "no such schema file",
                                                                      "known schemas: meetings, indicators, officials"]),
    ("unknown name for xml", ["xml", "nosuch"], ExitCode.BAD_INPUT, ["no such schema file"]),
    ("no action", [], ExitCode.USAGE, []),
]


@pytest.mark.parametrize("case,argv,code,words", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_one_located_line_and_an_exit_code(capsys, case, argv, code, words):
    if code == ExitCode.USAGE:
        with pytest.raises(SystemExit) as info:
            main(["schema", *argv])
        assert info.value.code == code
        return
    got, out, err = run(capsys, "schema", *argv)
    assert got == code and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith("hoinghi: error: ") and all(w in line for w in words), line
