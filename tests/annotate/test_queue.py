"""annotate/queue.py: what a real Label Studio project serves next, and why."""
from __future__ import annotations

import uuid

import pytest

from hoinghi.annotate.label_config import label_config
from hoinghi.annotate.ls_conversion import to_results
from hoinghi.annotate.project_settings import set_order
from hoinghi.annotate.queue import disagreement_version, project_queue
from hoinghi.document import Document, Span
from hoinghi.schema import load_schemas

TEXT = "Ông Lê Văn An, Bí thư, gặp bà Trần Thị Bình."
AN, BINH, BT = (4, 13, "PERSON"), (30, 43, "PERSON"), (15, 21, "POSITION")


def _doc(*spans):
    """Spans as (start, end, label[, score])."""
    return Document("x", TEXT, tuple(Span(sp[0], sp[1], sp[2], f"r{i}", TEXT[sp[0]:sp[1]], (sp[3:] or (None,))[0])
                                     for i, sp in enumerate(spans)))


@pytest.fixture(scope="module")
def project(ls_server):
    client = ls_server.client(timeout=120)
    p = client.projects.create(title="queue-" + uuid.uuid4().hex[:6], label_config=label_config(load_schemas()["officials"]))
    client.projects.import_tasks(id=p.id, request=[{"data": {"text": TEXT, "doc_id": f"d{i}"}} for i in range(4)])
    tasks = {t.data["doc_id"]: t.id for t in client.tasks.list(project=p.id, fields="task_only")}
    scored = {"d0": _doc((*AN, 0.9), (*BT, 0.8)), "d1": _doc((*AN, 0.6), (*BINH, 0.2)),
              "d2": _doc(), "d3": _doc((*AN, 0.5))}
    second = {"d0": _doc(AN), "d1": _doc(AN, BINH), "d2": _doc(BINH), "d3": _doc(AN, BT)}
    vs = disagreement_version("A@1", "B@1")
    for d, tid in tasks.items():
        res = to_results(scored[d])
        client.predictions.create(task=tid, result=res, score=[0.8, 0.2, 0.0, 0.5][int(d[1])], model_version="A@1")
        client.predictions.create(task=tid, result=to_results(second[d]), model_version="B@1")
        client.predictions.create(task=tid, result=res, score=[0.6667, 1.0, 0.0, 0.6667][int(d[1])], model_version=vs)
    return client, p.id, tasks


@pytest.mark.studio
def test_uncertainty_queue_lowest_score_first_with_least_certain_spans(project):
    client, pid, tasks = project
    set_order(client, pid, "uncertainty", "A@1")
    q = project_queue(client, client.projects.get(id=pid))
    assert (q.sampling, q.model_version, q.unlabelled, q.waiting) == ("Uncertainty sampling", "A@1", 4, 0)
    assert [(e.doc_id, e.score) for e in q.entries] == [("d2", 0.0), ("d1", 0.2), ("d3", 0.5), ("d0", 0.8)]
    assert q.entries[0].why == "the extractor found nothing here"
    assert q.entries[1].why == "least certain: PERSON 'Trần Thị Bình' 0.20; PERSON 'Lê Văn An' 0.60"


@pytest.mark.studio
def test_disagreement_queue_names_the_fields_that_differ(project):
    client, pid, tasks = project
    set_order(client, pid, "disagreement", disagreement_version("A@1", "B@1"))
    q = project_queue(client, client.projects.get(id=pid), limit=3)
    assert [e.doc_id for e in q.entries] == ["d2", "d0", "d3"]       # F1 0, then the 0.6667 tie by task id
    assert q.entries[0].why == "PERSON 0 vs 1 (F1 0.00)"
    assert q.entries[1].why == "POSITION 1 vs 0 (F1 0.00)"
    assert q.entries[2].why == "POSITION 0 vs 1 (F1 0.00)"


@pytest.mark.studio
def test_sequential_queue_and_labelled_tasks_leave_it(project):
    client, pid, tasks = project
    set_order(client, pid, "sequential")
    client.annotations.create(id=tasks["d0"], result=[])
    q = project_queue(client, client.projects.get(id=pid))
    assert [e.doc_id for e in q.entries] == ["d1", "d2", "d3"] and q.unlabelled == 3
    assert {e.why for e in q.entries} == {"task order"}
