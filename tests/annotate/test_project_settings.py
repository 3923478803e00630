"""annotate/project_settings.py against a real Label Studio calling a real
``hoinghi ml-backend`` process, and real users taking tasks through the next-task API."""
from __future__ import annotations

import socket
import uuid

import httpx
import pytest

from hoinghi.annotate.label_config import label_config
from hoinghi.annotate.project_settings import connect_ml_backend, probe_ml_backend, set_order
from hoinghi.annotate.studio import create_annotator
from hoinghi.errors import StudioError
from hoinghi.schema import load_schemas

OFFICIALS = label_config(load_schemas()["officials"])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _project(client, texts: list[str]) -> int:
    p = client.projects.create(title="ml-" + uuid.uuid4().hex[:8], label_config=OFFICIALS)
    client.projects.import_tasks(id=p.id, request=[{"data": {"text": t, "doc_id": f"d{i}"}} for i, t in enumerate(texts)])
    return p.id


def _get(ls_server, path: str, token: str | None = None) -> dict:
    r = httpx.get(ls_server.url + path, headers={"Authorization": f"Token {token or ls_server.token}"}, timeout=60)
    r.raise_for_status()
    return r.json()


@pytest.mark.studio
def test_a_task_opened_through_the_api_gets_the_live_prediction(ls_server, ls_client, ml_backend_url):
    pid = _project(ls_client, ["Ông Lê Văn An phát biểu. #0.35", "Không có ai."])
    link = connect_ml_backend(ls_client, pid, ml_backend_url)
    assert link.created and link.model_version.endswith("@2.0.0")
    project = ls_client.projects.get(id=pid)
    assert project.model_version == link.model_version and project.show_collab_predictions
    tasks = [t.id for t in ls_client.tasks.list(project=pid, fields="task_only")]
    assert _get(ls_server, f"/api/tasks/{tasks[0]}?fields=task_only")   # the task-open path triggers /predict
    preds = list(ls_client.predictions.list(task=tasks[0]))
    assert [(p.model_version, p.score) for p in preds] == [(link.model_version, 0.35)]
    assert [r["value"]["text"] for r in preds[0].result] == ["Lê Văn An"]
    # reconnecting the same URL changes nothing
    again = connect_ml_backend(ls_client, pid, ml_backend_url)
    assert not again.created and again.backend_id == link.backend_id


@pytest.mark.studio
def test_retrieve_predictions_action_fills_every_task(ls_server, ls_client, ml_backend_url):
    pid = _project(ls_client, [f"Lê Văn An #0.{i}" for i in range(1, 6)] + ["RAISE Lê Văn An"])
    link = connect_ml_backend(ls_client, pid, ml_backend_url)
    ls_client.actions.create(id="retrieve_tasks_predictions", project=pid, selected_items={"all": True, "excluded": []})
    preds = list(ls_client.predictions.list(project=pid))
    assert sorted(p.score for p in preds) == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]     # the failed task: empty, 0.0
    assert {p.model_version for p in preds} == {link.model_version}


def _take(ls_server, pid: int, token: str):
    """``GET /api/projects/{id}/next`` as this user, then submit the task."""
    task = _get(ls_server, f"/api/projects/{pid}/next", token)
    r = httpx.post(f"{ls_server.url}/api/tasks/{task['id']}/annotations/",
                   headers={"Authorization": f"Token {token}"}, json={"result": []}, timeout=60)
    r.raise_for_status()
    return task["data"]["doc_id"]


@pytest.mark.studio
def test_uncertainty_order_serves_the_lowest_score_first_to_each_annotator(ls_server, ls_client):
    scores = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2]
    pid = _project(ls_client, [f"bài {i}" for i in range(len(scores))])
    for t in ls_client.tasks.list(project=pid, fields="task_only"):
        i = int(t.data["doc_id"][1:])
        ls_client.predictions.create(task=t.id, result=[], score=scores[i], model_version="m@1")
        ls_client.predictions.create(task=t.id, result=[], score=1 - scores[i], model_version="other@1")
    set_order(ls_client, pid, "uncertainty", "m@1")
    a, b = (create_annotator(ls_client, f"q{uuid.uuid4().hex[:6]}-{n}@example.com") for n in "ab")
    served = []
    for _ in range(3):                                  # two annotators, taking turns
        served += [_take(ls_server, pid, a.token), _take(ls_server, pid, b.token)]
    by_score = [f"d{i}" for i in sorted(range(len(scores)), key=scores.__getitem__)]
    assert served == by_score                           # 0.1, 0.2, 0.3, 0.5, 0.7, 0.9
    set_order(ls_client, pid, "sequential")
    assert ls_client.projects.get(id=pid).sampling == "Sequential sampling"


def test_probe_names_what_is_wrong(not_a_backend_url, ml_backend_url):
    assert probe_ml_backend(ml_backend_url).endswith("@2.0.0")
    with pytest.raises(StudioError, match=r"^the ML backend at .* answered GET /health with something that is not JSON"):
        probe_ml_backend(not_a_backend_url)
    with pytest.raises(StudioError, match=r"^cannot reach the ML backend at http://127.0.0.1:\d+ \(.*refused"):
        probe_ml_backend(f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(StudioError, match="must start with http"):
        probe_ml_backend("localhost:9090")


def test_set_order_needs_a_model_version_for_uncertainty():
    with pytest.raises(ValueError, match="needs the model_version"):
        set_order(None, 1, "uncertainty")
    with pytest.raises(ValueError, match="order must be one of"):
        set_order(None, 1, "random")


def _scored_project(ls_client, scores: list[float]) -> int:
    pid = _project(ls_client, [f"bài {i}" for i in range(len(scores))])
    for t in ls_client.tasks.list(project=pid, fields="task_only"):
        ls_client.predictions.create(task=t.id, result=[], score=scores[int(t.data["doc_id"][1:])], model_version="m@1")
    set_order(ls_client, pid, "uncertainty", "m@1")
    return pid


def _submit(ls_server, task_id: int, token: str) -> None:
    httpx.post(f"{ls_server.url}/api/tasks/{task_id}/annotations/", headers={"Authorization": f"Token {token}"},
               json={"result": []}, timeout=60).raise_for_status()


@pytest.mark.studio
def test_two_annotators_at_once_get_the_lowest_and_the_second_lowest(ls_server, ls_client):
    pid = _scored_project(ls_client, [0.9, 0.1, 0.5, 0.3])
    a, b = (create_annotator(ls_client, f"c{uuid.uuid4().hex[:6]}-{n}@example.com") for n in "ab")
    ta = _get(ls_server, f"/api/projects/{pid}/next", a.token)     # A opens a task and is still working on it
    tb = _get(ls_server, f"/api/projects/{pid}/next", b.token)     # B asks meanwhile: A's task is locked
    assert (ta["data"]["doc_id"], tb["data"]["doc_id"]) == ("d1", "d3")
    _submit(ls_server, tb["id"], b.token)
    assert _take(ls_server, pid, b.token) == "d2"                   # d1 is still A's
    _submit(ls_server, ta["id"], a.token)


@pytest.mark.studio
def test_with_overlap_tasks_others_started_come_first_in_random_order(ls_server, ls_client):
    """maximum_annotations > 1: Label Studio's "breadth first" step serves the tasks that
    already hold annotations by others first, picked at random among them; the score order
    only decides which task gets its first annotation."""
    pid = _scored_project(ls_client, [0.9, 0.1, 0.5, 0.3])
    ls_client.projects.update(id=pid, maximum_annotations=2, overlap_cohort_percentage=100)
    a, b = (create_annotator(ls_client, f"o{uuid.uuid4().hex[:6]}-{n}@example.com") for n in "ab")
    assert [_take(ls_server, pid, a.token) for _ in range(2)] == ["d1", "d3"]
    got = [_take(ls_server, pid, b.token) for _ in range(3)]
    assert set(got[:2]) == {"d1", "d3"} and got[2] == "d2"
