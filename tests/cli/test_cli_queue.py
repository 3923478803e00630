"""hoinghi queue: prints the project's order and the next tasks with score and reason."""
from __future__ import annotations

import json
import uuid

import pytest

from hoinghi.annotate.label_config import label_config
from hoinghi.annotate.project_settings import set_order
from hoinghi.cli import ExitCode, main
from hoinghi.schema import load_schemas


@pytest.mark.studio
def test_queue_prints_order_score_and_why(ls_server, ls_client, capsys):
    title = "cliq-" + uuid.uuid4().hex[:6]
    p = ls_client.projects.create(title=title, label_config=label_config(load_schemas()["officials"]))
    ls_client.projects.import_tasks(id=p.id, request=[{"data": {"text": "Ông An", "doc_id": f"d{i}"}} for i in range(3)])
    item = {"id": "r1", "from_name": "officials", "to_name": "text", "type": "labels", "score": 0.4,
            "value": {"start": 4, "end": 6, "text": "An", "labels": ["PERSON"]}}
    for t, score in zip(ls_client.tasks.list(project=p.id, fields="task_only"), (0.7, 0.4, 0.9)):
        ls_client.predictions.create(task=t.id, result=[dict(item, score=score)], score=score, model_version="x@1")
    set_order(ls_client, p.id, "uncertainty", "x@1")
    conn = ["--url", ls_server.url, "--token", ls_server.token]
    assert main(["queue", title, "-n", "2", *conn]) == ExitCode.OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{title} (id {p.id}): Uncertainty sampling by predictions of x@1; 3 task(s) to label"
    assert [line.split()[3] for line in out[1:]] == ["d1", "d0"]
    assert out[1].endswith("score 0.400  least certain: PERSON 'An' 0.40")
    assert main(["queue", str(p.id), "--json", *conn]) == ExitCode.OK
    assert [e["score"] for e in json.loads(capsys.readouterr().out)["entries"]] == [0.4, 0.7, 0.9]


@pytest.mark.studio
def test_unknown_project_is_one_sentence(ls_server, capsys):
    assert main(["queue", "no-such-project", "--url", ls_server.url, "--token", ls_server.token]) == ExitCode.SETUP
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hoinghi: error: Label Studio has no project 'no-such-project'")
