"""Benchmark: push 10,000 articles and pull 10,000 tasks with 2,000 annotations
against a throwaway local Label Studio (run on demand, never in the test suite).

    .venv/bin/python benchmarks/bench_studio.py [--n 10000] [--annotated 2000]

Peers side by side in one run:
* push: ``push()`` with batches of 1000 (default), with one request, and with
  pre-annotations, into empty projects; then a re-push of the same 10,000 (idempotent:
  nothing imported);
* pull: ``pull()`` (snapshot export + conversion + atomic writes) against the two
  other ways to read a project: the synchronous export (``GET /api/projects/{id}/export``)
  and the paginated listing (``tasks.list(fields="all")``), download only.

Texts are 2-3 sentences of the shared corpus (~350 characters, like the measurements in
../shared/notes/label-studio.md). The 2,000 annotations (two annotators, 1,000 each, 3
spans + 1 relation each) are imported embedded in their tasks (the fast path; not timed).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hoinghi.annotate.pull import pull  # noqa: E402
from hoinghi.annotate.push import existing_tasks, push  # noqa: E402
from hoinghi.annotate.ls_conversion import to_results  # noqa: E402
from hoinghi.annotate.studio import create_annotator  # noqa: E402
from hoinghi.annotate.studio_server import local_server  # noqa: E402
from hoinghi.document import Document, Relation, Span  # noqa: E402


def _sentences() -> list[str]:
    corpus = REPO / ".." / "shared" / "corpus"
    if not corpus.is_dir():
        sys.exit(f"bench_studio: the shared corpus is missing ({corpus.resolve()})")
    out = []
    for f in sorted(corpus.glob("*.txt")):
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", f.read_text(encoding="utf-8")) if len(s.strip()) > 40]
    return out


def make_docs(n: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    sents = _sentences()
    return [Document(f"bench-{i:05d}", " ".join(rng.sample(sents, rng.choice((2, 3))))) for i in range(n)]


def annotation_for(doc: Document) -> list[dict]:
    t = doc.text
    spans = (Span(0, 12, "PERSON", "a"), Span(13, 30, "POSITION", "b"), Span(31, 40, "PERSON", "c"))
    return to_results(Document(doc.id, t, spans, (Relation("a", "b", "holds"),)), new_ids=True, origin="manual")


def timed(label: str, fn, rows: list):
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    rows.append((label, dt))
    print(f"  {label:<58} {dt:7.2f} s", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--annotated", type=int, default=2_000)
    args = ap.parse_args()
    docs = make_docs(args.n)
    chars = sum(len(d.text) for d in docs)
    print(f"{args.n} articles, {chars / args.n:.0f} characters on average; {args.annotated} annotations")
    rows: list = []
    with tempfile.TemporaryDirectory() as tmp, local_server(Path(tmp) / "ls") as srv:
        client = srv.client(timeout=900)
        print(f"server {srv.url} (fresh data dir)")
        r1 = timed(f"push {args.n} (batches of 1000) into an empty project",
                   lambda: push(client, docs, schemas=["officials"], prefix="b1000", progress=False), rows)
        r2 = timed(f"push {args.n} (one request) into an empty project",
                   lambda: push(client, docs, schemas=["officials"], prefix="bone", batch_size=args.n,
                                progress=False), rows)
        preds = {d.id: Document(d.id, d.text, (Span(0, 12, "PERSON", "a"), Span(13, 30, "POSITION", "b")),
                                (Relation("a", "b", "holds"),)) for d in docs}
        r4 = timed(f"push {args.n} with pre-annotations (2 spans + 1 relation each)",
                   lambda: push(client, docs, schemas=["officials"], prefix="bpred", predictions=preds,
                                model_version="bench@1", progress=False), rows)
        assert r4.projects[0].predictions == args.n
        r3 = timed(f"re-push the same {args.n} (nothing to import)",
                   lambda: push(client, docs, schemas=["officials"], prefix="b1000", progress=False), rows)
        assert (r1.projects[0].imported, r2.projects[0].imported, r3.projects[0].imported) == (args.n, args.n, 0)
        # the pull project: annotations embedded at import (setup, not timed)
        a = create_annotator(client, "bench.a@example.com")
        b = create_annotator(client, "bench.b@example.com")
        annotated = docs[:args.annotated]
        tasks = [{"data": {"text": d.text, "doc_id": d.id},
                  "annotations": [{"result": annotation_for(d), "completed_by": (a.id, b.id)[i % 2],
                                   "lead_time": 30.0 + i % 50}]} for i, d in enumerate(annotated)]
        pid = r1.projects[0].project_id
        (pp,) = push(client, [], schemas=["officials"], prefix="bpull", progress=False).projects
        t0 = time.perf_counter()
        client.projects.import_tasks(id=pp.project_id, request=tasks)
        push(client, docs, schemas=["officials"], prefix="bpull", progress=False)
        print(f"  (setup: {args.n} tasks with {args.annotated} embedded annotations in {time.perf_counter() - t0:.1f} s)")
        n_tasks = len(existing_tasks(client, pp.project_id).tasks)
        out = Path(tmp) / "pulled"
        summary = timed(f"pull {n_tasks} tasks / {args.annotated} annotations (snapshot export, convert, write)",
                        lambda: pull(client, pp.project_id, out, progress=False), rows)
        timed("  peer: sync export JSON, all tasks (download only)",
              lambda: b"".join(client.projects.exports.download_sync(pp.project_id, export_type="JSON",
                                                                      download_all_tasks=True)), rows)
        timed("  peer: tasks.list(fields='all'), page size 1000 (download only)",
              lambda: sum(1 for _ in client.tasks.list(project=pp.project_id, fields="all", page_size=1000)), rows)
        print(f"pull summary: {summary.records} records, {summary.spans} spans, {summary.relations} relations, "
              f"{summary.rejects} rejects; raw export {Path(summary.files['raw export']).stat().st_size / 1e6:.1f} MB")
        del pid
    print(json.dumps({label: round(dt, 2) for label, dt in rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
