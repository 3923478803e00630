"""Benchmark: the gold fingerprint from objects (``hoinghi.document.fingerprint``) beside
the columnar one (``hoinghi.fingerprint.FingerprintColumns``), on the gold documents of
``bench_scoring.make_doc`` (30 spans over 8 labels, ~105 Vietnamese words per document).

Each way runs in its own subprocess (``--worker``), which builds its input untimed
(Documents for ``object``; per batch the ids, texts and sorted ``SpanColumns`` for
``columns``), then times the fingerprint alone (wall clock, best of ``--repeat``) and reads
its peak RSS before and after. ``columns`` adds ``--batch`` documents per ``add_batch`` call, then
calls ``hexdigest()``; the two phases are shown apart. Importing ``pyarrow.compute``
and pyarrow's first conversion from Python (which imports pandas, about 0.2 s) are not
timed (a columnar run pays them once for all its pyarrow work) but shown in the note. Both
must print the same digest; ``process`` is each worker's whole process (data included).

    .venv/bin/python benchmarks/bench_fingerprint.py                      # 100k documents
    .venv/bin/python benchmarks/bench_fingerprint.py --sizes 10000,100000 --batch 10000
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

from bench_scoring import LABELS, make_doc

WAYS = ("object", "columns")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(call, repeat: int) -> tuple[float, object]:
    """The fastest of ``repeat`` runs of ``call()`` (seconds) and its result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None  # the previous run's result is not kept alive during the next
        t = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - t)
    return best, result


def worker(way: str, n: int, seed: int, batch: int, repeat: int) -> dict:
    raw = [make_doc(i, seed) for i in range(n)]
    out: dict = {"way": way, "n": n, "spans": sum(len(d[3]) for d in raw)}
    if way == "object":
        from hoinghi.document import Document, Span, fingerprint

        docs = [Document(d[0], d[1], tuple(Span(s, e, lab, f"s{k}") for k, (s, e, lab) in enumerate(d[3])))
                for d in raw]
        out["rss_data_mb"] = _rss_mb()
        out["seconds"], out["digest"] = _best(lambda: fingerprint(docs), repeat)
    elif way == "columns":
        from hoinghi.eval.columns import SpanColumns
        from hoinghi.fingerprint import FingerprintColumns

        t = time.perf_counter()
        import pyarrow as pa
        import pyarrow.compute  # noqa: F401

        pa.scalar("")  # pyarrow's first scalar or array from Python imports pandas (~0.2 s)
        out["import_seconds"] = time.perf_counter() - t

        label_id = {lab: i for i, lab in enumerate(LABELS)}
        batches = []
        for lo in range(0, n, batch):
            part = raw[lo:lo + batch]
            keys = [(i, (s, e, label_id[lab])) for i, d in enumerate(part) for s, e, lab in d[3]]
            batches.append(([d[0] for d in part], [d[1] for d in part], SpanColumns.from_keys(keys)))
        out["rss_data_mb"] = _rss_mb()

        def add_all():
            fc = FingerprintColumns()
            for ids, texts, cols in batches:
                fc.add_batch(ids, texts, cols, LABELS)
            return fc

        out["add_seconds"], fc = _best(add_all, repeat)
        hex_seconds, out["digest"] = _best(fc.hexdigest, repeat)
        out["seconds"] = out["add_seconds"] + hex_seconds
    else:
        raise SystemExit(f"unknown way {way!r}")
    out["rss_peak_mb"] = _rss_mb()
    return out


def _run(way: str, n: int, seed: int, batch: int, repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", way, "--n", str(n), "--seed", str(seed), "--batch", str(batch),
           "--repeat", str(repeat)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"way": way, "n": n, "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["process_seconds"] = time.perf_counter() - t
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000", help="comma-separated document counts")
    ap.add_argument("--batch", type=int, default=10_000, help="documents per add_batch call (columns)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--repeat", type=int, default=3, help="time each way this many times, keep the fastest")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.n, args.seed, args.batch, args.repeat)))
        return 0
    print(f"python {sys.version.split()[0]}, seed {args.seed}, batches of {args.batch}; wall time of the "
          f"fingerprint alone (best of {args.repeat}); peak RSS of the process and what the calls added")
    print(f"{'docs':>7}  {'way':<8} {'spans':>8} {'seconds':>8} {'process':>8} {'peak MB':>8} {'+MB':>6}  "
          "digest            note")
    for n in (int(s) for s in args.sizes.split(",")):
        digests = set()
        for way in WAYS:
            r = _run(way, n, args.seed, args.batch, args.repeat)
            if "error" in r:
                print(f"{n:>7}  {way:<8} {r['error']}")
                continue
            digests.add(r["digest"])
            note = (f"add_batch {r['add_seconds']:.3f} s, hexdigest {r['seconds'] - r['add_seconds']:.3f} s; "
                    f"pyarrow setup {r['import_seconds']:.3f} s") if "add_seconds" in r else ""
            print(f"{n:>7}  {way:<8} {r['spans']:>8} {r['seconds']:>8.3f} {r['process_seconds']:>8.1f} {r['rss_peak_mb']:>8.0f} "
                  f"{r['rss_peak_mb'] - r['rss_data_mb']:>6.0f}  {r['digest']}  {note}", flush=True)
        print(f"{'':>7}  digests {'IDENTICAL' if len(digests) == 1 else 'DIFFER: ' + ', '.join(sorted(digests))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
