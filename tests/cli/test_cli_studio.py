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
from hoinghi.document import Document, Relation, Span, read_documents

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


def _serve(ws: Path, port: int, *extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LABEL_STUDIO_", "PG"))}
    return subprocess.Popen([HOINGHI, "serve", "--workspace", str(ws), "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.studio
def test_serve_on_postgresql_round_trip(pg_server, tmp_path, capsys):
    """serve --database -> push -> an annotator's own annotation -> pull gives back exactly
    what was submitted, with Label Studio's data in PostgreSQL."""
    import psycopg

    from hoinghi.annotate.studio import connect, create_annotator, submit_annotation
    from hoinghi.annotate.push import existing_tasks
    from hoinghi.annotate.studio_server import free_port

    url = pg_server.new_database()
    ws, port = tmp_path / "team", free_port()
    proc = _serve(ws, port, "--database", url)
    try:
        out = _read_until_ready(proc)
        assert f"Label Studio is running at http://127.0.0.1:{port}" in out
        assert f"database: postgresql://{pg_server.role}@127.0.0.1:{pg_server.port}/" in out
        assert pg_server.password not in out + proc.stderr.read(0)
        for name in ("credentials.json", "database.json", ".env"):
            assert stat.S_IMODE((ws / name).stat().st_mode) == 0o600
        assert not (ws / "label_studio.sqlite3").exists()
        code, pushed, _ = run(capsys, "push", str(_tiny_corpus(tmp_path)), "--schema", "officials", "-q",
                              "--json", "--workspace", str(ws))
        (project,) = json.loads(pushed)["projects"]
        assert code == ExitCode.OK and project["imported"] == 1
        admin = connect(workspace=ws)
        annotator = create_annotator(admin, "team-a@example.com")
        task = existing_tasks(admin, project["project_id"]).tasks["a"]
        text = "Ông Nguyễn Văn An, Bí thư."
        submitted = Document("a", text, (Span(4, 17, "PERSON", "p1"), Span(19, 25, "POSITION", "p2")),
                             (Relation("p1", "p2", "holds"),))
        submit_annotation(connect(admin._hoinghi_url, annotator.token), task, submitted, lead_time=12.5)
        code, _, _ = run(capsys, "pull", "officials", "--workspace", str(ws), "--out", str(tmp_path / "pulled"), "-q")
        assert code == ExitCode.OK
        (pulled,) = read_documents(tmp_path / "pulled" / "team-a@example.com.jsonl")
        assert (pulled.id, pulled.text) == ("a", text)
        assert [s.key for s in pulled.spans] == [s.key for s in submitted.spans]
        names = {s.id: s.label for s in pulled.spans}
        assert [(names[r.head], names[r.tail], r.type) for r in pulled.relations] == [("PERSON", "POSITION", "holds")]
        assert pulled.meta["annotator"] == "team-a@example.com" and pulled.meta["lead_time"] == 12.5
        assert (tmp_path / "pulled" / "rejects.jsonl").read_text() == ""
        with psycopg.connect(url) as con:      # the annotation really lives in PostgreSQL
            assert con.execute("SELECT count(*) FROM task_completion").fetchone() == (1,)
        # the next day: the workspace remembers its database, no --database needed
        _stop(proc)
        proc = _serve(ws, port)
        assert f"database: postgresql://{pg_server.role}@127.0.0.1:{pg_server.port}/" in _read_until_ready(proc)
        code, again, _ = run(capsys, "push", str(tmp_path / "corpus"), "--schema", "officials", "-q", "--json",
                             "--workspace", str(ws))
        assert code == ExitCode.OK and json.loads(again)["projects"][0]["already_there"] == 1
    finally:
        _stop(proc)


@pytest.mark.studio
@pytest.mark.parametrize("case,expected", [
    ("wrong port", "Connection refused"),
    ("wrong password", 'password authentication failed for user "hoinghi"'),
    ("no such database", 'database "no_such_db" does not exist'),
])
def test_serve_refuses_a_database_that_refuses(pg_server, tmp_path, case, expected):
    from hoinghi.annotate.studio_server import free_port

    url = {"wrong port": pg_server.url("postgres").replace(f":{pg_server.port}/", f":{free_port()}/"),
           "wrong password": pg_server.url("postgres", password="not-the-password"),
           "no such database": pg_server.url("no_such_db")}[case]
    proc = subprocess.run([HOINGHI, "serve", "--workspace", str(tmp_path / "ws"), "--port", str(free_port()),
                           "--database", url], capture_output=True, text=True, timeout=60)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == ExitCode.SETUP and "Traceback" not in proc.stderr
    assert lines[-1].startswith("hoinghi: error: cannot connect to PostgreSQL postgresql://hoinghi@127.0.0.1:")
    assert expected in lines[-1] and "not-the-password" not in proc.stderr + proc.stdout
    assert not (tmp_path / "ws").exists()       # nothing written for a database that refused


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")       # dead; a zombie only waits for init to reap it


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return False
    return True


@pytest.mark.studio
def test_label_studio_dies_with_a_killed_serve(ls_server, tmp_path):
    """SIGKILL of `hoinghi serve` (no handler runs) takes Label Studio down with it."""
    from hoinghi.annotate.studio_server import free_port

    port = free_port()
    proc = _serve(tmp_path / "ws", port)
    try:
        _read_until_ready(proc)
        (server,) = _children(proc.pid)
        assert "hoinghi.annotate.studio_process" in Path(f"/proc/{server}/cmdline").read_text()
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 60
        while (not _gone(server) or _listening(port)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _gone(server), f"Label Studio (pid {server}) outlived its killed parent"
        assert not _listening(port)    # a dying process's threads may hold the socket a little longer
    finally:
        _stop(proc)


def test_serve_refuses_a_malformed_database_url(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["serve", "--workspace", str(tmp_path / "ws"), "--database", "mysql://me:secret@h/d"])
    err = capsys.readouterr().err
    assert info.value.code == ExitCode.USAGE and "not a PostgreSQL URL" in err and "secret" not in err
    assert not (tmp_path / "ws").exists()
