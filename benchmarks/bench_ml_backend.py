"""Benchmark ``hoinghi ml-backend``: latency per task, and Label Studio's "Retrieve
predictions" action over 1,000 tasks (run on demand, never in the test suite).

    .venv/bin/python benchmarks/bench_ml_backend.py [--corpus ../shared/corpus] [--tasks 1000] [--requests 300]

1. **Latency per task.** The command a user types, ``hoinghi ml-backend -e SPEC``, runs as
   its own process pinned to one core (``taskset -c 1`` when available); the client sends
   ``POST /predict`` with one task per request — a whole real article of the shared
   corpus, as Label Studio does when a task is opened — and times each request (wall
   clock, from send to the parsed reply). Peers in the same run: the reference extractor,
   ``trivial`` (the floor: HTTP + JSON + conversion, almost no extraction), and the
   reference extractor called in this process through ``apply_extractor`` (no HTTP).
   Also: the backend's start-up time (process start to its first ``/health`` answer).
2. **Retrieve predictions over N tasks.** A throwaway local Label Studio, one combined
   project with N tasks (the corpus articles repeated), the reference backend connected
   (``connect_ml_backend``); the Data Manager action ``retrieve_tasks_predictions`` over all
   tasks is timed (it is synchronous). Peer: importing the same N tasks with
   pre-annotations made at push time (``hoinghi push --predictions-from reference``, the
   whole command) into a second project.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hoinghi.annotate.label_config import label_config  # noqa: E402
from hoinghi.annotate.project_settings import connect_ml_backend  # noqa: E402
from hoinghi.annotate.studio_server import local_server  # noqa: E402
from hoinghi.document import Document  # noqa: E402
from hoinghi.eval.runner import apply_extractor  # noqa: E402
from hoinghi.eval.runner.spec import load_callable  # noqa: E402
from hoinghi.schema import load_schemas  # noqa: E402

HOINGHI = str(Path(sys.executable).with_name("hoinghi"))


def _articles(corpus: Path) -> list[str]:
    files = sorted(corpus.glob("*.txt"))
    if not files:
        sys.exit(f"bench_ml_backend: no .txt articles in {corpus}")
    return [f.read_text(encoding="utf-8") for f in files]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_backend(spec: str) -> tuple[subprocess.Popen, int, float]:
    port = _port()
    pin = ["taskset", "-c", "1"] if shutil.which("taskset") and (os.cpu_count() or 1) > 1 else []
    started = time.perf_counter()
    proc = subprocess.Popen([*pin, HOINGHI, "ml-backend", "-e", spec, "--port", str(port), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/health")
            c.getresponse().read()
            return proc, port, time.perf_counter() - started
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"bench_ml_backend: the backend for {spec} did not start")
            time.sleep(0.02)


def _percentiles(seconds: list[float]) -> tuple[float, float, float]:
    ms = sorted(x * 1000 for x in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))], ms[-1]


def latency(spec: str, texts: list[str], requests: int) -> tuple[tuple[float, float, float], float]:
    proc, port, startup = _start_backend(spec)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=100)
    times = []
    try:
        for i in range(requests + 5):
            body = json.dumps({"tasks": [{"id": i, "data": {"text": texts[i % len(texts)], "doc_id": f"d{i}"}}],
                               "label_config": label_config(load_schemas())})
            t0 = time.perf_counter()
            conn.request("POST", "/predict", body=body.encode(), headers={"Content-Type": "application/json"})
            reply = json.loads(conn.getresponse().read())
            if i >= 5:    # the first requests warm caches; not counted
                times.append(time.perf_counter() - t0)
            assert len(reply["results"]) == 1
    finally:
        proc.terminate()
        proc.wait()
    return _percentiles(times), startup


def in_process(texts: list[str], requests: int) -> tuple[float, float, float]:
    func = load_callable("hoinghi.extractors.reference:extract")[0]
    times = []
    for i in range(requests):
        t0 = time.perf_counter()
        apply_extractor(func, Document(f"d{i}", texts[i % len(texts)]))
        times.append(time.perf_counter() - t0)
    return _percentiles(times)


def one_batch(texts: list[str], n: int) -> float:
    """Seconds for one ``POST /predict`` of ``n`` tasks straight to the backend (what the
    action sends, without Label Studio)."""
    proc, port, _ = _start_backend("reference")
    try:
        body = json.dumps({"tasks": [{"id": i, "data": {"text": texts[i % len(texts)], "doc_id": f"t{i}"}}
                                     for i in range(n)], "label_config": label_config(load_schemas())})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        t0 = time.perf_counter()
        conn.request("POST", "/predict", body=body.encode(), headers={"Content-Type": "application/json"})
        assert len(json.loads(conn.getresponse().read())["results"]) == n
        return time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait()


def retrieve(texts: list[str], n: int, corpus_jsonl: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp, local_server(Path(tmp) / "ls") as srv:
        client = srv.client(timeout=600)
        proc, port, _ = _start_backend("reference")
        try:
            p = client.projects.create(title="bench-live", label_config=label_config(load_schemas()))
            tasks = [{"data": {"text": texts[i % len(texts)], "doc_id": f"t{i:05d}"}} for i in range(n)]
            client.projects.import_tasks(id=p.id, request=tasks)
            connect_ml_backend(client, p.id, f"http://127.0.0.1:{port}")
            t0 = time.perf_counter()
            client.actions.create(id="retrieve_tasks_predictions", project=p.id,
                                  selected_items={"all": True, "excluded": []})
            took = time.perf_counter() - t0
            got = sum(1 for _ in client.predictions.list(project=p.id))
        finally:
            proc.terminate()
            proc.wait()
        print(f"retrieve predictions, {n} tasks (reference backend): {took:.1f} s, {n / took:.0f} tasks/s, "
              f"{got} predictions stored")
        t0 = time.perf_counter()
        subprocess.run([HOINGHI, "push", str(corpus_jsonl), "--combined", "--prefix", "bench-push",
                        "--predictions-from", "reference", "-q", "--url", srv.url, "--token", srv.token],
                       check=True, stdout=subprocess.DEVNULL)
        took = time.perf_counter() - t0
        print(f"peer: hoinghi push --predictions-from reference, {n} new tasks (whole command): {took:.1f} s, "
              f"{n / took:.0f} tasks/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO / ".." / "shared" / "corpus")
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--skip-studio", action="store_true", help="latency only")
    args = ap.parse_args()
    texts = _articles(args.corpus)
    print(f"{len(texts)} articles, {sum(map(len, texts)) // len(texts)} characters on average; "
          f"{args.requests} requests of one task each")
    print(f"{'peer':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'start s':>8}")
    for spec in ("reference", "trivial"):
        (p50, p95, top), startup = latency(spec, texts, args.requests)
        print(f"{'hoinghi ml-backend -e ' + spec + ' (HTTP, 1 core)':<44} {p50:>8.1f} {p95:>8.1f} {top:>8.1f} {startup:>8.2f}")
    p50, p95, top = in_process(texts, args.requests)
    print(f"{'apply_extractor(reference) in process':<44} {p50:>8.1f} {p95:>8.1f} {top:>8.1f} {'-':>8}")
    took = one_batch(texts, args.tasks)
    print(f"peer: one POST /predict of {args.tasks} tasks straight to the reference backend: {took:.1f} s, "
          f"{args.tasks / took:.0f} tasks/s")
    if not args.skip_studio:
        with tempfile.TemporaryDirectory() as tmp:
            jsonl = Path(tmp) / "articles.jsonl"
            jsonl.write_text("".join(json.dumps({"id": f"t{i:05d}", "text": texts[i % len(texts)]}, ensure_ascii=False)
                                     + "\n" for i in range(args.tasks)), encoding="utf-8")
            retrieve(texts, args.tasks, jsonl)


if __name__ == "__main__":
    main()
