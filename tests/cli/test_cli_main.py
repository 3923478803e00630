"""The command line's own surface: help for every command, usage errors, exit codes."""
import subprocess
import sys
from pathlib import Path

import pytest

from hoinghi import errors
from hoinghi.cli import ExitCode, build_parser, main

DATA = Path(__file__).resolve().parents[1] / "data"

COMMANDS = ["adjudicate", "agree", "eval", "extract", "gate", "gold", "ml-backend", "pull", "push", "push-review", "queue",
            "report", "schema", "serve", "status"]


def test_every_command_is_registered():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == COMMANDS


@pytest.mark.parametrize("argv", [["--help"]] + [[c, "--help"] for c in COMMANDS])
def test_help_renders(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    assert "usage: hoinghi" in capsys.readouterr().out


def test_no_command_prints_help_and_exits_usage(capsys):
    assert main([]) == ExitCode.USAGE
    assert "COMMAND" in capsys.readouterr().out


def test_unknown_option_is_usage(capsys):
    with pytest.raises(SystemExit) as info:
        main(["eval", "--no-such-option"])
    assert info.value.code == ExitCode.USAGE == 2


def test_exit_codes_are_distinct_and_documented():
    values = [int(c) for c in ExitCode]
    assert len(values) == len(set(values))
    readme = (__import__("pathlib").Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} | {code.name} |" in readme, f"README's exit-code table lacks {code.name}"


@pytest.mark.parametrize("argv, module, extra", [
    (["push", str(DATA / "gold-small.jsonl"), "--url", "http://127.0.0.1:9", "--token", "t"], "label_studio_sdk", "studio"),
    (["pull", "meetings", "--url", "http://127.0.0.1:9", "--token", "t"], "label_studio_sdk", "studio"),
    (["serve", "--port", "9"], "label_studio", "studio"),
    (["queue", "meetings", "--url", "http://127.0.0.1:9", "--token", "t"], "label_studio_sdk", "studio"),
])
def test_a_missing_extra_is_named_not_a_traceback(argv, module, extra, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("label_studio", "label_studio_sdk", "httpx"):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ModuleNotFoundError, as when not installed
    assert main(argv) == ExitCode.SETUP
    err = capsys.readouterr().err
    assert f"pip install 'hoinghi[{extra}]'" in err and "Traceback" not in err


# (exception the command raised, exit code, words of the one sentence)
CLASSIFIED = [
    ("UsageError", lambda: errors.UsageError("--out is empty"), ExitCode.USAGE, "--out is empty"),
    ("InputError", lambda: errors.InputError("bad", errors.Location("g.jsonl", 2)), ExitCode.BAD_INPUT,
     "g.jsonl, line 2: bad"),
    ("SignatureMismatch", lambda: errors.SignatureMismatch("gold differs"), ExitCode.BAD_INPUT, "gold differs"),
    ("SetupError", lambda: errors.SetupError("port busy"), ExitCode.SETUP, "port busy"),
    ("an OSError the library missed", lambda: PermissionError(13, "Permission denied", "/x/out.json"), ExitCode.SETUP,
     "/x/out.json: Permission denied"),
    ("a bug", lambda: ZeroDivisionError("division by zero"), ExitCode.INTERNAL,
     "internal error (ZeroDivisionError: division by zero)"),
]


@pytest.mark.parametrize("case,make,code,words", CLASSIFIED, ids=[c[0] for c in CLASSIFIED])
def test_every_exception_is_one_sentence_and_a_documented_code(monkeypatch, capsys, case, make, code, words):
    def fail(args):
        raise make()

    parser = build_parser
    monkeypatch.setattr("hoinghi.cli.build_parser", lambda: _with_func(parser(), fail))
    assert main(["schema", "xml"]) == code != ExitCode.REGRESSION
    err = capsys.readouterr().err
    assert err == f"hoinghi: error: {words}\n" or (err.startswith("hoinghi: error: ") and words in err
                                                   and err.count("\n") == 1)


def _with_func(parser, func):
    for action in parser._actions:
        if action.dest == "command":
            for sub in action.choices.values():
                sub.set_defaults(func=func)
    return parser


def test_a_closed_stdout_is_no_traceback(tmp_path):
    """``hoinghi … | head``: the reader goes away before the output is written."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from hoinghi.cli import main; sys.exit(main())",
                             "schema", "xml"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == ExitCode.BROKEN_PIPE and "Traceback" not in err and err == ""
