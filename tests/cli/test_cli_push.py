"""hoinghi/cli/push.py: options refused before anything is read or sent."""
from __future__ import annotations

from hoinghi.cli import ExitCode, main


def test_overlap_without_annotators_per_task_is_a_usage_error(tmp_path, capsys):
    """--overlap alone used to be ignored silently; it only means something with
    --annotators-per-task, so alone it is refused (exit 2), before reading the articles
    or connecting (the URL below has no server)."""
    code = main(["push", str(tmp_path / "missing-folder"), "--overlap", "30", "--url", "http://127.0.0.1:9",
                 "--token", "x"])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert "--annotators-per-task" in err and err.count("\n") == 1
