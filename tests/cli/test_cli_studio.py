"""The studio commands: hoinghi serve, push, pull (thin layers; exit codes and
one-sentence errors). ``hoinghi schema``: tests/cli/test_schema.py."""
from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from hoinghi.cli import ExitCode, main

HOINGHI = str(Path(sys.executable).with_name("hoinghi"))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.studio
def test_push_and_pull_commands(ls_server, shared_dir, tmp_path, capsys):
    conn = ["--url", ls_server.url, "--token", ls_server.token]
    prefix = "cli" + uuid.uuid4().hex[:6]
    pred = tmp_path / "pred.jsonl"
    first = sorted((shared_dir / "corpus").glob("*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    start = text.index("Hội nghị lần thứ 14")
    pred.write_text(json.dumps({"id": first.stem, "spans": [
        {"start": start, "end": start + 19, "label": "MEETING"}]}) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "push", str(shared_dir / "corpus"), "--schema", "meetings", "--prefix", prefix,
                         "--predictions-from", str(pred), "-q", *conn)
    # the prediction file covers one article: the other four are reported as extractor failures
    assert code == ExitCode.EXTRACTOR_FAILURES and err.count("extractor failed on") == 4
    assert f"{prefix}-meetings" in out and "5 imported, 0 already there, 1 prediction(s) added" in out
    code, out, _ = run(capsys, "push", str(shared_dir / "corpus"), "--schema", "meetings", "--prefix", prefix,
                       "-q", "--json", *conn)
    (p,) = json.loads(out)["projects"]
    assert code == ExitCode.OK and (p["imported"], p["already_there"], p["config"]) == (0, 5, "unchanged")
    code, out, _ = run(capsys, "pull", "meetings", "--prefix", prefix, "--out", str(tmp_path / "pulled"), "-q", *conn)
    assert code == ExitCode.OK and "5 tasks, 0 annotations" in out and "rejects: 0" in out
    assert (tmp_path / "pulled" / "rejects.jsonl").read_text() == ""


@pytest.mark.studio
@pytest.mark.parametrize("case", ["wrong token", "unreachable", "missing project"])
def test_failures_are_one_sentence_with_exit_code_4(ls_server, tmp_path, case):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    url, token, project = ls_server.url, ls_server.token, "no-such-project"
    if case == "wrong token":
        token = "wrong"
    elif case == "unreachable":
        url = f"http://127.0.0.1:{dead}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    proc = subprocess.run([HOINGHI, "pull", project, "--url", url, "--token", token, "--out", str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == ExitCode.SETUP
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hoinghi: error: ") and "Traceback" not in proc.stderr
    expected = {"wrong token": "refused the API token", "unreachable": "cannot reach Label Studio",
                "missing project": "has no project 'no-such-project'"}[case]
    assert expected in lines[0]


def test_no_server_configured(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    code, _, err = run(capsys, "pull", "meetings", "--workspace", str(tmp_path / "none"))
    assert code == ExitCode.SETUP and "run `hoinghi serve`" in err


@pytest.mark.studio
def test_serve_runs_in_the_foreground_and_stops_on_sigterm(ls_server, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ws = tmp_path / "ws"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    proc = subprocess.Popen([HOINGHI, "serve", "--workspace", str(ws), "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        out = _read_until_ready(proc)
        assert f"Label Studio is running at http://127.0.0.1:{port}" in out
        assert f"invite link for annotators: http://127.0.0.1:{port}/user/signup/?token=" in out
        creds = json.loads((ws / "credentials.json").read_text())
        assert creds["url"] == f"http://127.0.0.1:{port}" and stat.S_IMODE((ws / "credentials.json").stat().st_mode) == 0o600
        # a second serve on the same port fails loudly instead of hopping
        busy = subprocess.run([HOINGHI, "serve", "--workspace", str(tmp_path / "ws2"), "--port", str(port)],
                              capture_output=True, text=True, env=env, timeout=60)
        assert busy.returncode == ExitCode.SETUP and f"port {port} on 127.0.0.1 is busy" in busy.stderr
        assert not (tmp_path / "ws2").exists()
        # other commands find the server through the workspace credentials
        code = subprocess.run([HOINGHI, "push", str(_tiny_corpus(tmp_path)), "--schema", "officials", "-q",
                               "--workspace", str(ws)], capture_output=True, text=True, env=env, timeout=120)
        assert code.returncode == 0 and "1 imported" in code.stdout
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == ExitCode.OK
        assert "Label Studio stopped" in proc.stderr.read()
        # the next day: serve again on the same workspace keeps the data and the credentials
        proc = subprocess.Popen([HOINGHI, "serve", "--workspace", str(ws), "--port", str(port)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        _read_until_ready(proc)
        assert json.loads((ws / "credentials.json").read_text())["token"] == creds["token"]
        again = subprocess.run([HOINGHI, "push", str(tmp_path / "corpus"), "--schema", "officials", "-q",
                                "--workspace", str(ws)], capture_output=True, text=True, env=env, timeout=120)
        assert again.returncode == 0 and "0 imported, 1 already there" in again.stdout
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == ExitCode.OK
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    from hoinghi.annotate.studio_server import port_is_free
    assert port_is_free("127.0.0.1", port)     # the server is gone: nothing listens on its port


def _read_until_ready(proc) -> str:
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    return "".join(lines)


def _tiny_corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "a.txt").write_text("Ông Nguyễn Văn An, Bí thư.", encoding="utf-8")
    return d
