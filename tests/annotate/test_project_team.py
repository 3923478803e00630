"""annotate/project_team.py: overlap and guideline on a real Label Studio, with real
annotator users taking tasks through ``GET /api/projects/{id}/next`` as the labelling
stream does (never posting on their behalf)."""
from __future__ import annotations

import uuid
from collections import Counter

import httpx
import pytest

from hoinghi.annotate.project_team import Overlap, default_guideline, guideline_html, read_guideline
from hoinghi.annotate.push import push
from hoinghi.annotate.studio import create_annotator
from hoinghi.document import Document
from hoinghi.errors import InputError


def _docs(n: int) -> list[Document]:
    return [Document(f"d{i:02d}", f"Bài {i}: Ông Lê Văn An phát biểu.") for i in range(n)]


def take_all(url: str, project_id: int, token: str) -> list[str]:
    """Take tasks with ``/next`` as this user and submit an empty annotation, until
    Label Studio serves nothing more; the doc ids served, in order."""
    served = []
    h = {"Authorization": f"Token {token}"}
    while True:
        r = httpx.get(f"{url}/api/projects/{project_id}/next", headers=h, timeout=60)
        if r.status_code == 404:
            return served
        r.raise_for_status()
        task = r.json()
        httpx.post(f"{url}/api/tasks/{task['id']}/annotations/", headers=h, json={"result": []},
                   timeout=60).raise_for_status()
        served.append(task["data"]["doc_id"])


def _passes(client, project_id) -> dict[str, list[int]]:
    out = {}
    for t in client.tasks.list(project=project_id, fields="all"):
        out[t.data["doc_id"]] = sorted(a["completed_by"] for a in t.annotations)
    return out


OVERLAPS = [  # (annotators per task, percent, users, tasks, expected tasks with 2 passes)
    (2, 100, 3, 6, 6),
    (2, 30, 2, 10, 3),
]


@pytest.mark.studio
@pytest.mark.parametrize("n, percent, users, tasks, doubled", OVERLAPS)
def test_label_studio_serves_each_task_to_n_different_annotators(ls_server, ls_client, n, percent, users, tasks,
                                                                 doubled):
    prefix = "o" + uuid.uuid4().hex[:8]
    res = push(ls_client, _docs(tasks), schemas=["officials"], prefix=prefix, progress=False,
               overlap=Overlap(n, percent))
    (p,) = res.projects
    assert p.overlap == {"annotators_per_task": n, "percent": percent}
    people = [create_annotator(ls_client, f"{prefix}-{i}@example.com") for i in range(users)]
    for _ in range(2):                       # turns, so every user gets a chance at every task
        for u in people:
            take_all(ls_server.url, p.project_id, u.token)
    passes = _passes(ls_client, p.project_id)
    assert all(len(set(v)) == len(v) for v in passes.values())        # never twice by one user
    assert Counter(len(v) for v in passes.values()) == Counter({2: doubled, 1: tasks - doubled} if doubled < tasks
                                                               else {2: tasks})


@pytest.mark.studio
def test_guideline_and_overlap_are_set_on_create_and_updated_on_re_push(ls_client):
    prefix = "g" + uuid.uuid4().hex[:8]
    first = push(ls_client, _docs(2), schemas=["meetings"], prefix=prefix, progress=False,
                 overlap=Overlap(2), guideline=guideline_html("# Hướng dẫn\n\nv1"))
    (p,) = first.projects
    proj = ls_client.projects.get(id=p.project_id)
    assert (proj.maximum_annotations, proj.overlap_cohort_percentage, proj.show_instruction) == (2, 100, True)
    assert "<h1>Hướng dẫn</h1>" in proj.expert_instruction and p.guideline == "set"
    assert "overlap: 2 annotators per task on 100% of the tasks" in "\n".join(first.lines("x"))
    same = push(ls_client, _docs(2), schemas=["meetings"], prefix=prefix, progress=False,
                guideline=guideline_html("# Hướng dẫn\n\nv1"))
    assert same.projects[0].guideline == "unchanged"
    again = push(ls_client, _docs(2), schemas=["meetings"], prefix=prefix, progress=False,
                 overlap=Overlap(3, 50), guideline=guideline_html("# Hướng dẫn\n\nv2"))
    proj = ls_client.projects.get(id=p.project_id)
    assert (proj.maximum_annotations, proj.overlap_cohort_percentage) == (3, 50)
    assert "v2" in proj.expert_instruction and again.projects[0].guideline == "set"


RENDER = [  # (markdown, expected fragment)
    ("**Decision**: x", "<strong>Decision</strong>"),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n", "<td>1</td>"),
    ("<script>alert(1)</script>", "&lt;script&gt;"),
    ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
    ("`-\\xa0` & <", "&amp; &lt;"),
]


@pytest.mark.parametrize("markdown, fragment", RENDER)
def test_guideline_is_rendered_and_escaped(markdown, fragment):
    assert fragment in guideline_html(markdown)


def test_the_shipped_guideline_renders():
    html = read_guideline(default_guideline())
    assert "<table>" in html and "<h2>" in html and "<script" not in html


@pytest.mark.parametrize("n, percent", [(0, 100), (2, 101), (2, -1)])
def test_bad_overlap_is_refused(n, percent):
    with pytest.raises(InputError):
        Overlap(n, percent)
