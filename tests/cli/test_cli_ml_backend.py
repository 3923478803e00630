"""hoinghi ml-backend: a thin command; bad specs and busy ports are one sentence, exit 4."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hoinghi.cli import ExitCode, main

DATA = Path(__file__).resolve().parents[1] / "data"
HOINGHI = str(Path(sys.executable).with_name("hoinghi"))


@pytest.mark.parametrize("argv, message", [
    (["-e", str(DATA / "gold-small.jsonl")], "is a prediction file: it cannot predict articles it has not seen"),
    (["-e", "nope"], "unknown extractor 'nope'"),
    (["-e", "tests/data/none.py:extract"], "no such file"),
])
def test_bad_extractor_is_one_sentence(argv, message, capsys):
    assert main(["ml-backend", *argv, "--port", "0"]) == ExitCode.SETUP
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hoinghi: error: ") and message in err[0]


def test_busy_port_is_one_sentence(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["ml-backend", "-e", "trivial", "--port", str(port)]) == ExitCode.SETUP
    assert capsys.readouterr().err.strip() == (f"hoinghi: error: cannot listen on 127.0.0.1:{port} (Address already "
                                               "in use); stop what runs there or pass --port")


def test_serves_until_sigterm_then_exits_0():
    proc = subprocess.Popen([HOINGHI, "ml-backend", "-e", "trivial", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("ML backend for trivial@0.1.0 at http://127.0.0.1:")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "ML backend stopped (0 task(s) answered" in err
