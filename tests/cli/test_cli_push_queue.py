"""hoinghi push --ml-backend / --order / --compare-with, and hoinghi queue after it, against a
real Label Studio and a real ml-backend process; bad input is one sentence and a non-zero exit."""
from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path

import pytest

from hoinghi.cli import ExitCode, main

DATA = Path(__file__).resolve().parents[1] / "data"
SCORED = f"{DATA / 'scored_extractor.py'}:extract"
GOOD = f"{DATA / 'extractors.py'}:good"
TEXTS = {"d7": "Ông Lê Văn An phát biểu #0.7", "d2": "Ông Lê Văn An và Lê Văn An #0.2",
         "d9": "Không ai #0.9", "d4": "Lê Văn An #0.4"}


@pytest.fixture
def source(tmp_path):
    f = tmp_path / "articles.jsonl"
    f.write_text("".join(json.dumps({"id": k, "text": v}, ensure_ascii=False) + "\n" for k, v in TEXTS.items()),
                 encoding="utf-8")
    return str(f)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.studio
@pytest.mark.parametrize("extra, code, message", [
    (lambda g: ["--ml-backend", f"http://127.0.0.1:{_closed_port()}"], ExitCode.SETUP, "cannot reach the ML backend at"),
    (lambda g: ["--ml-backend", g], ExitCode.SETUP, "answered GET /health with something that is not JSON"),
    (lambda g: ["--order", "disagreement", "--predictions-from", SCORED], ExitCode.BAD_INPUT,
     "--order disagreement needs --predictions-from A and --compare-with B"),
    (lambda g: ["--order", "uncertainty", "--predictions-from", GOOD], ExitCode.BAD_INPUT, "gives no span scores"),
    (lambda g: ["--order", "uncertainty"], ExitCode.BAD_INPUT, "needs scored predictions"),
])
def test_bad_queue_options_are_one_sentence_and_push_nothing(ls_server, ls_client, source, not_a_backend_url, capsys,
                                                             extra, code, message):
    prefix = "bad" + uuid.uuid4().hex[:6]
    argv = ["push", source, "--schema", "officials", "-q", "--prefix", prefix,
            "--url", ls_server.url, "--token", ls_server.token, *extra(not_a_backend_url)]
    assert main(argv) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hoinghi: error: ") and message in err[0]
    assert not [p for p in ls_client.projects.list() if p.title.startswith(prefix)]


def _conn(ls_server):
    return ["--url", ls_server.url, "--token", ls_server.token]


@pytest.mark.studio
def test_push_with_backend_and_uncertainty_then_queue(ls_server, ls_client, source, ml_backend_url, capsys):
    prefix = "live" + uuid.uuid4().hex[:6]
    argv = ["push", source, "--schema", "officials", "-q", "--prefix", prefix, "--ml-backend", ml_backend_url,
            "--order", "uncertainty", *_conn(ls_server)]
    assert main(argv) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"ML backend {ml_backend_url} (connected); order uncertainty by " in out and "retrieved" in out
    assert main(["queue", f"{prefix}-officials", *_conn(ls_server)]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[3] for line in lines[1:]] == ["d9", "d2", "d4", "d7"]   # d9: nothing found -> 0.0


@pytest.mark.studio
def test_push_with_disagreement_then_queue(ls_server, source, capsys):
    prefix = "dis" + uuid.uuid4().hex[:6]
    argv = ["push", source, "--schema", "officials", "-q", "--prefix", prefix, "--predictions-from", SCORED,
            "--compare-with", "trivial", "--order", "disagreement", *_conn(ls_server)]
    assert main(argv) == ExitCode.OK
    assert "4 disagreement prediction(s) added" in capsys.readouterr().out
    assert main(["queue", f"{prefix}-officials", *_conn(ls_server)]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(" vs trivial@0.1.0; 4 task(s) to label")
    # trivial finds no PERSON: every article with a person disagrees (F1 0) and comes first; d9 agrees (both empty)
    assert [line.split()[3] for line in lines[1:]] == ["d7", "d2", "d4", "d9"]
    assert lines[1].endswith("PERSON 1 vs 0 (F1 0.00)") and lines[4].endswith("the extractors agree")
