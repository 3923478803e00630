"""annotate/disagreement.py: 'A vs B' predictions in a real Label Studio project."""
from __future__ import annotations

import uuid

import pytest

from hoinghi.annotate.disagreement import push_disagreement
from hoinghi.annotate.push import push
from hoinghi.document import Document, Span
from hoinghi.schema import load_schemas

TEXT = "Ông Lê Văn An, Bí thư, gặp bà Trần Thị Bình."
DOCS = [Document(f"d{i}", TEXT) for i in range(3)]
AN, BINH, BT, DATE = Span(4, 13, "PERSON", "a"), Span(30, 43, "PERSON", "b"), Span(15, 21, "POSITION", "c"), \
    Span(0, 3, "DATE", "d")
A = {"d0": Document("d0", TEXT, (AN, BT)), "d1": Document("d1", TEXT, (AN, BINH)), "d2": Document("d2", TEXT, (AN,))}
B = {"d0": Document("d0", TEXT, (AN, BT)), "d1": Document("d1", TEXT, (AN,)), "d2": Document("d2", TEXT, (BINH, DATE))}


@pytest.mark.studio
def test_each_task_gets_a_scored_a_vs_b_prediction_once(ls_client):
    prefix = "dis" + uuid.uuid4().hex[:6]
    schemas = load_schemas()
    res = push(ls_client, DOCS, schemas=["officials"], predictions=A, model_version="A@1", progress=False, prefix=prefix)
    push(ls_client, DOCS, schemas=["officials"], predictions=B, model_version="B@1", progress=False, prefix=prefix)
    pid = res.projects[0].project_id
    n = push_disagreement(ls_client, pid, ("officials",), DOCS, A, B, "A@1", "B@1", schemas)
    assert n == 3
    preds = [p for p in ls_client.predictions.list(project=pid) if p.model_version == "A@1 vs B@1"]
    tasks = {t.id: t.data["doc_id"] for t in ls_client.tasks.list(project=pid, fields="task_only")}
    got = {tasks[p.task]: (p.score, sorted(r["value"]["text"] for r in p.result if r["type"] == "labels")) for p in preds}
    # DATE is not a label of the officials project: d2 compares {An} with {Bình}
    assert got == {"d0": (1.0, ["Bí thư", "Lê Văn An"]), "d1": (0.6667, ["Lê Văn An", "Trần Thị Bình"]),
                   "d2": (0.0, ["Lê Văn An"])}
    assert push_disagreement(ls_client, pid, ("officials",), DOCS, A, B, "A@1", "B@1", schemas) == 0
