"""``hoinghi status`` on a 10k-task project, beside its peers (run on demand).

A throwaway local Label Studio gets one ``officials`` project of N short Vietnamese
articles (default 10,000), pushed with ``--annotators-per-task 2``; a share of them
(default 20%) is imported with two annotators' annotations embedded (one region each, a
lead time, 1 in 10 of the second passes a skip), as a team half-way through would leave
it. Then each command a user types is timed as a whole process (start-up included),
``--rounds`` times, median reported:

* ``hoinghi status PROJECT``       — the thing measured;
* ``hoinghi status PROJECT --json``;
* ``hoinghi pull PROJECT``         — the other command that reads the whole export;
* ``curl`` of the snapshot export  — the floor: Label Studio building the export
  ``status`` reads (create + download, no Python start-up of ours).

Usage: ``.venv/bin/python benchmarks/bench_status.py [--tasks 10000] [--share 0.2] [--rounds 3]``
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hoinghi.annotate.label_config import label_config  # noqa: E402
from hoinghi.annotate.studio import create_annotator  # noqa: E402
from hoinghi.annotate.studio_server import local_server  # noqa: E402
from hoinghi.schema import load_schemas  # noqa: E402

HOINGHI = str(Path(sys.executable).with_name("hoinghi"))
TEXT = "Ngày {i}/7, ông Nguyễn Văn An{i}, Bí thư Huyện ủy, chủ trì Hội nghị lần thứ {i} Ban Chấp hành Đảng bộ huyện."


def _annotation(uid: int, i: int, cancelled: bool = False) -> dict:
    n = len(f"Nguyễn Văn An{i}")
    start = len(f"Ngày {i}/7, ông ")
    result = [] if cancelled else [{"id": f"r{i}", "from_name": "officials", "to_name": "text", "type": "labels",
                                    "value": {"start": start, "end": start + n, "labels": ["PERSON"]}}]
    return {"completed_by": uid, "result": result, "was_cancelled": cancelled, "lead_time": 20.0 + i % 40}


def build(client, n: int, share: float) -> int:
    """The project: n tasks, ``share`` of them with two annotators' passes embedded."""
    p = client.projects.create(title="hoinghi-officials", label_config=label_config(load_schemas()["officials"]),
                               maximum_annotations=2, overlap_cohort_percentage=100)
    a, b = (create_annotator(client, f"bench-{x}@example.com").id for x in "ab")
    tasks = []
    for i in range(n):
        t = {"data": {"text": TEXT.format(i=i), "doc_id": f"d{i:05d}"}}
        if i < n * share:
            t["annotations"] = [_annotation(a, i), _annotation(b, i, cancelled=i % 10 == 0)]
        tasks.append(t)
    for k in range(0, n, 2000):
        client.projects.import_tasks(id=p.id, request=tasks[k:k + 2000])
    return p.id


def timed(argv: list[str], rounds: int) -> float:
    runs = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", type=int, default=10000)
    ap.add_argument("--share", type=float, default=0.2)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, local_server(Path(tmp) / "ls") as srv:
        client = srv.client(timeout=900)
        t0 = time.perf_counter()
        pid = build(client, args.tasks, args.share)
        print(f"built project {pid}: {args.tasks} tasks, {args.share:.0%} with two passes "
              f"({time.perf_counter() - t0:.1f} s)")
        conn = ["--url", srv.url, "--token", srv.token]
        export = (f"curl -s -X POST -H 'Authorization: Token {srv.token}' -H 'Content-Type: application/json' "
                  f"-d '{{\"serialization_options\": {{\"annotations__completed_by\": {{\"only_id\": false}}}}}}' "
                  f"{srv.url}/api/projects/{pid}/exports | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"id\"])'"
                  f" | xargs -I{{}} curl -s -o /dev/null -H 'Authorization: Token {srv.token}' "
                  f"'{srv.url}/api/projects/{pid}/exports/{{}}/download?exportType=JSON'")
        rows = [("hoinghi status", timed([HOINGHI, "status", str(pid), *conn], args.rounds)),
                ("hoinghi status --json", timed([HOINGHI, "status", str(pid), "--json", *conn], args.rounds)),
                ("hoinghi pull", timed([HOINGHI, "pull", str(pid), "--out", str(Path(tmp) / "pull"), "-q", *conn],
                                       args.rounds)),
                ("curl snapshot export (floor)", timed(["sh", "-c", export], args.rounds))]
        print(f"\n{'command':<30} {'median s':>9}   ({args.rounds} rounds, whole process)")
        for name, s in rows:
            print(f"{name:<30} {s:>9.2f}")
        out = subprocess.run([HOINGHI, "status", str(pid), *conn], check=True, capture_output=True, text=True).stdout
        print("\n" + out)


if __name__ == "__main__":
    main()
