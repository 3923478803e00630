"""``hoinghi extract``: a real interrupted run (SIGTERM) resumed without re-running what
was written; exit codes; the saved file scored by eval and gate."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hoinghi.cli import ExitCode, main
from hoinghi.document import Document, write_documents
from hoinghi.eval.saved_predictions import read_sidecar

DATA = Path(__file__).resolve().parents[1] / "data"
LOGGED = f"{DATA / 'extractors.py'}:logged"


def _corpus(path: Path, n: int, trigger_every: int = 0) -> Path:
    write_documents(path, [Document(f"d{i:03d}", "Ông Lê Văn An phát biểu." + (
        " RAISE" if trigger_every and i % trigger_every == 0 else "")) for i in range(n)])
    return path


def test_an_interrupted_run_resumes_without_running_written_documents_again(tmp_path):
    source = _corpus(tmp_path / "c.jsonl", 150)
    out, log = tmp_path / "p.jsonl", tmp_path / "ran.txt"
    env = {**os.environ, "HOINGHI_TEST_LOG": str(log)}
    argv = [sys.executable, "-c", "import sys; from hoinghi.cli import main; sys.exit(main())", "extract", "-e", LOGGED, "--in", str(source), "--out", str(out), "-q"]
    proc = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and (not out.exists() or out.read_text(encoding="utf-8").count("\n") < 20):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == ExitCode.INTERRUPTED, proc.stderr.read()
    written = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert 20 <= len(written) < 150 and not read_sidecar(out).complete
    log.write_text("", encoding="utf-8")
    done = subprocess.run(argv, env=env, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == ExitCode.OK and "already done, resumed" in done.stderr
    rerun = set(log.read_text(encoding="utf-8").split())
    assert not rerun & set(written) and len(rerun) == 150 - len(written)
    assert read_sidecar(out).complete
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == [f"d{i:03d}" for i in range(150)]


def test_failures_exit_5_and_the_file_feeds_eval_and_gate(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, [Document(f"g{i}", "Ông Lê Văn An phát biểu." + (" RAISE" if i == 2 else ""),
                                    ()) for i in range(4)])
    out = tmp_path / "p.jsonl"
    misbehaves = f"{DATA / 'extractors.py'}:misbehaves"
    assert main(["extract", "-e", misbehaves, "--in", str(gold), "--out", str(out), "-q"]) == ExitCode.EXTRACTOR_FAILURES
    assert "1 document(s) failed" in capsys.readouterr().err
    report = tmp_path / "e.json"
    assert main(["eval", "--gold", str(gold), "-e", str(out), "-q", "-f", "json", "--out", str(report)]) \
        == ExitCode.EXTRACTOR_FAILURES
    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["signature"]["extractor"] == f"{misbehaves}@9.9.9"
    assert [(f["doc_id"], f["kind"]) for f in saved["failures"]] == [("g2", "error")]


def test_usage_errors(tmp_path, capsys):
    source = _corpus(tmp_path / "c.jsonl", 2)
    assert main(["extract", "-e", "trivial", "--in", str(source), "--out", str(tmp_path / "p.jsonl"),
                 "--address", "auto"]) == ExitCode.BAD_INPUT
    assert "--address applies to --engine ray" in capsys.readouterr().err
    assert main(["extract", "-e", "trivial", "--in", str(source), "--out", str(source)]) == ExitCode.BAD_INPUT
    assert "overwrite" in capsys.readouterr().err
