"""Benchmark: push 10,000 articles and pull 10,000 tasks with 2,000 annotations against a
throwaway local Label Studio on SQLite and, with ``--database``, on PostgreSQL, side by
side in one run (run on demand, never in the test suite).

    .venv/bin/python benchmarks/bench_studio.py [--n 10000] [--annotated 2000] \\
        [--database postgresql://USER:PASS@HOST:PORT/EMPTY_DB] [--corpus ../shared/corpus]

``--database`` must name an **empty** database (the run initialises it, as ``hoinghi
serve --database`` does on first use). Each backend gets a fresh server; on each, the
commands a user types are timed as whole processes (``hoinghi push``/``hoinghi pull``,
interpreter start and SDK import included):

* ``hoinghi push docs.jsonl`` into an empty project (batches of 1000, the default), the
  same with pre-annotations from a prediction file, and a re-push of the same articles
  (idempotent: nothing imported);
* ``hoinghi pull`` (snapshot export + conversion + atomic writes) of 10,000 tasks with
  2,000 annotations, beside the two other ways to read a project, download only and
  in-process: the synchronous export (``GET /api/projects/{id}/export``) and the paginated
  listing (``tasks.list(fields="all")``).

Also timed: the server's start on a fresh data dir / database (from the cached template
or dump). Texts are 2-3 sentences of the shared corpus (~350 characters). The 2,000
annotations (two annotators, 1,000 each, 3 spans + 1 relation each) are imported embedded
in their tasks (the fast path; setup, not timed).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hoinghi.annotate.ls_conversion import to_results  # noqa: E402
from hoinghi.annotate.push import existing_tasks, push  # noqa: E402
from hoinghi.annotate.studio import create_annotator  # noqa: E402
from hoinghi.annotate.studio_postgres import Database  # noqa: E402
from hoinghi.annotate.studio_server import local_server  # noqa: E402
from hoinghi.document import Document, Relation, Span, write_documents  # noqa: E402

HOINGHI = str(Path(sys.executable).with_name("hoinghi"))


def _sentences(corpus: Path) -> list[str]:
    if not corpus.is_dir():
        sys.exit(f"bench_studio: the shared corpus is missing ({corpus.resolve()})")
    out = []
    for f in sorted(corpus.glob("*.txt")):
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", f.read_text(encoding="utf-8")) if len(s.strip()) > 40]
    return out


def make_docs(n: int, corpus: Path, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    sents = _sentences(corpus)
    return [Document(f"bench-{i:05d}", " ".join(rng.sample(sents, rng.choice((2, 3))))) for i in range(n)]


def annotation_for(doc: Document) -> list[dict]:
    t = doc.text
    spans = (Span(0, 12, "PERSON", "a"), Span(13, 30, "POSITION", "b"), Span(31, 40, "PERSON", "c"))
    return to_results(Document(doc.id, t, spans, (Relation("a", "b", "holds"),)), new_ids=True, origin="manual")


def timed(label: str, fn, rows: dict, backend: str):
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    rows.setdefault(label, {})[backend] = dt
    print(f"  {label:<62} {dt:7.2f} s", flush=True)
    return out


def command(*argv: str) -> str:
    """Run a ``hoinghi`` command (the whole process); its stdout."""
    proc = subprocess.run([HOINGHI, *argv], capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"bench_studio: hoinghi {argv[0]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc.stdout


def _annotated_project(client, docs: list[Document], n_annotated: int) -> int:
    """A project with all ``docs``, the first ``n_annotated`` annotated (setup, not timed)."""
    a = create_annotator(client, "bench.a@example.com")
    b = create_annotator(client, "bench.b@example.com")
    tasks = [{"data": {"text": d.text, "doc_id": d.id},
              "annotations": [{"result": annotation_for(d), "completed_by": (a.id, b.id)[i % 2],
                               "lead_time": 30.0 + i % 50}]} for i, d in enumerate(docs[:n_annotated])]
    (pp,) = push(client, [], schemas=["officials"], prefix="bpull", progress=False).projects
    client.projects.import_tasks(id=pp.project_id, request=tasks)
    push(client, docs, schemas=["officials"], prefix="bpull", progress=False)
    return pp.project_id


def run_backend(backend: str, database: Database | None, docs: list[Document], files: dict[str, Path],
                n_annotated: int, rows: dict, tmp: Path) -> None:
    n = len(docs)
    print(f"{backend}:", flush=True)
    t0 = time.perf_counter()
    with local_server(tmp / backend, database=database) as srv:
        rows.setdefault("start the server on a fresh data dir / database", {})[backend] = time.perf_counter() - t0
        print(f"  {'start the server on a fresh data dir / database':<62} {time.perf_counter() - t0:7.2f} s")
        conn = ["--url", srv.url, "--token", srv.token, "--schema", "officials", "-q", "--json"]
        out = timed(f"hoinghi push {n} (batches of 1000) into an empty project",
                    lambda: command("push", str(files["docs"]), "--prefix", "b1000", *conn), rows, backend)
        assert json.loads(out)["projects"][0]["imported"] == n
        out = timed(f"hoinghi push {n} with pre-annotations (2 spans + 1 relation each)",
                    lambda: command("push", str(files["docs"]), "--prefix", "bpred", "--predictions-from",
                                    str(files["predictions"]), *conn), rows, backend)
        assert json.loads(out)["projects"][0]["predictions"] == n
        out = timed(f"hoinghi push: re-push the same {n} (nothing to import)",
                    lambda: command("push", str(files["docs"]), "--prefix", "b1000", *conn), rows, backend)
        assert json.loads(out)["projects"][0]["imported"] == 0
        client = srv.client(timeout=900)
        pid = _annotated_project(client, docs, n_annotated)
        n_tasks = len(existing_tasks(client, pid).tasks)
        out = timed(f"hoinghi pull {n_tasks} tasks / {n_annotated} annotations",
                    lambda: command("pull", str(pid), "--out", str(tmp / f"pulled-{backend}"), "-q", "--json",
                                    "--url", srv.url, "--token", srv.token), rows, backend)
        summary = json.loads(out)
        print("    pull: " + ", ".join(f"{summary[k]} {k}" for k in ("records", "spans", "relations", "rejects")
                                      if k in summary))
        timed("  peer: sync export JSON, all tasks (download only, in-process)",
              lambda: b"".join(client.projects.exports.download_sync(pid, export_type="JSON",
                                                                      download_all_tasks=True)), rows, backend)
        timed("  peer: tasks.list(fields='all'), page size 1000 (download only, in-process)",
              lambda: sum(1 for _ in client.tasks.list(project=pid, fields="all", page_size=1000)), rows, backend)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--annotated", type=int, default=2_000)
    ap.add_argument("--database", type=Database.parse, help="an EMPTY PostgreSQL database to run on as well")
    ap.add_argument("--corpus", type=Path, default=REPO / ".." / "shared" / "corpus",
                    help="folder of .txt articles the texts are drawn from (default: ../shared/corpus)")
    args = ap.parse_args()
    docs = make_docs(args.n, args.corpus)
    print(f"{args.n} articles, {sum(len(d.text) for d in docs) / args.n:.0f} characters on average; "
          f"{args.annotated} annotations")
    rows: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = {"docs": tmp / "docs.jsonl", "predictions": tmp / "predictions.jsonl"}
        write_documents(files["docs"], docs)
        write_documents(files["predictions"], [
            Document(d.id, d.text, (Span(0, 12, "PERSON", "a"), Span(13, 30, "POSITION", "b")),
                     (Relation("a", "b", "holds"),)) for d in docs])
        run_backend("sqlite", None, docs, files, args.annotated, rows, tmp)
        if args.database:
            run_backend("postgresql", args.database, docs, files, args.annotated, rows, tmp)
    backends = ["sqlite"] + (["postgresql"] if args.database else [])
    print("\n| operation | " + " | ".join(backends) + " |\n|---|" + "---:|" * len(backends))
    for label, by in rows.items():
        print(f"| {label.strip()} | " + " | ".join(f"{by[b]:.1f} s" if b in by else "" for b in backends) + " |")


if __name__ == "__main__":
    main()
