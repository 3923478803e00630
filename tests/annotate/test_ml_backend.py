"""annotate/ml_backend.py: what each ML backend route answers, in process."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from hoinghi.annotate.label_config import label_config
from hoinghi.annotate.ml_backend import RequestError, open_backend, task_document
from hoinghi.errors import ExtractorError
from hoinghi.schema import load_schemas

DATA = Path(__file__).resolve().parents[1] / "data"
SCORED = f"{DATA / 'scored_extractor.py'}:extract"
MISBEHAVES = f"{DATA / 'extractors.py'}:misbehaves"
OFFICIALS = label_config(load_schemas()["officials"])
MEETINGS = label_config(load_schemas()["meetings"])


def _task(tid, text, doc_id=None):
    data = {"text": text} if text is not None else {}
    if doc_id:
        data["doc_id"] = doc_id
    return {"id": tid, "data": data, "annotations": [], "predictions": []}


def test_setup_and_health_report_name_at_version():
    b = open_backend(SCORED)
    assert b.setup({"project": "3.1700000000", "schema": OFFICIALS}) == {"model_version": b.model_version}
    assert b.model_version.endswith("@2.0.0")
    assert b.health()["status"] == "UP" and b.health()["model_version"] == b.model_version


def test_one_result_per_task_in_order_with_score_and_version():
    b = open_backend(SCORED)
    tasks = [_task(1, "Ông Lê Văn An phát biểu. #0.3", "d1"), _task(2, "Không có ai. #0.9", "d2"),
             _task(3, "Lê Văn An và Lê Văn An #0.7")]
    out = b.predict({"tasks": tasks, "label_config": OFFICIALS, "project": "3.1"})["results"]
    assert [len(r["result"]) for r in out] == [1, 0, 2]
    assert [r["score"] for r in out] == [0.3, 0.0, 0.7]          # min span score; nothing found -> 0.0
    assert {r["model_version"] for r in out} == {b.model_version}
    item = out[0]["result"][0]
    assert item["from_name"] == "officials" and item["to_name"] == "text"
    assert item["value"] == {"start": 4, "end": 13, "text": "Lê Văn An", "labels": ["PERSON"]}


def test_only_the_projects_labels_are_returned():
    b = open_backend("trivial")
    task = _task(1, "Hội nghị lần thứ 14 nhiệm kỳ 2020 - 2025 đã diễn ra.")
    assert b.predict({"tasks": [task], "label_config": OFFICIALS})["results"][0]["result"] == []
    items = b.predict({"tasks": [task], "label_config": MEETINGS})["results"][0]["result"]
    assert [i.get("labels") or i["value"]["labels"] for i in items] == [["MEETING"], ["TERM"], ["of"]]
    # no (or an unreadable) label config: every label of the shipped schemas
    assert len(b.predict({"tasks": [task], "label_config": "<View"})["results"][0]["result"]) == 3


@pytest.mark.parametrize("text, reason", [
    ("RAISE here", "ValueError: boom on purpose"),
    ("OUTOFRANGE", "out of range"),
    ("UNKNOWNLABEL", "NOPE"),
    ("NONE", "returned None"),
    (None, "has no text"),
])
def test_a_failure_on_one_task_is_an_empty_result_and_a_logged_reason(text, reason, caplog):
    b = open_backend(MISBEHAVES)
    tasks = [_task(1, "Ông Lê Văn An"), _task(2, text), _task(3, "Lê Văn An")]
    with caplog.at_level(logging.WARNING, "hoinghi.ml_backend"):
        out = b.predict({"tasks": tasks})["results"]
    assert [len(r["result"]) for r in out] == [1, 0, 1]
    assert out[1] == {"result": [], "score": 0.0, "model_version": b.model_version}
    assert len(caplog.records) == 1 and reason in caplog.records[0].getMessage()
    assert "task 2" in caplog.records[0].getMessage() and b.failed == 1


def test_cmd_extractor_runs_through_the_runner_with_a_timeout(tmp_path, caplog):
    script = tmp_path / "ext.py"
    script.write_text(
        "import json, sys, time\n"
        "for line in sys.stdin:\n"
        "    d = json.loads(line)\n"
        "    if 'HANG' in d['text']: time.sleep(30)\n"
        "    i = d['text'].find('Lê Văn An')\n"
        "    spans = [] if i < 0 else [{'start': i, 'end': i + 9, 'label': 'PERSON', 'score': 0.25}]\n"
        "    print(json.dumps({'id': d['id'], 'spans': spans}), flush=True)\n", encoding="utf-8")
    b = open_backend(f"cmd:{sys.executable} {script}", timeout=2)
    with caplog.at_level(logging.WARNING, "hoinghi.ml_backend"):
        out = b.predict({"tasks": [_task(1, "Ông Lê Văn An", "x"), _task(2, "HANG", "y"),
                                   _task(3, "Lê Văn An", "x")]})["results"]
    assert [(len(r["result"]), r["score"]) for r in out] == [(1, 0.25), (0, 0.0), (1, 0.25)]
    assert "timeout" in caplog.text


@pytest.mark.parametrize("body", [None, [], {"tasks": "x"}, {"task": []}])
def test_a_body_without_a_tasks_list_is_a_request_error(body):
    with pytest.raises(RequestError):
        open_backend("trivial").predict(body)


def test_a_prediction_file_is_refused():
    with pytest.raises(ExtractorError, match="is a prediction file"):
        open_backend(str(DATA / "gold-small.jsonl"))


@pytest.mark.parametrize("task, expected", [
    ({"id": 5, "data": {"text": "a", "doc_id": "d"}}, ("d", "a")),
    ({"id": 5, "data": {"text": "a"}}, ("task-5", "a")),
    ({"id": 5, "data": {"text": "Hoa\u0300"}}, ("task-5", "Hoà")),   # NFC, as push stores it
    ({"id": 5, "data": {"text": ""}}, "task 5 has no text in data.text"),
    ("x", "tasks[0] is not an object"),
])
def test_task_document(task, expected):
    got = task_document(task, 0)
    assert (got if isinstance(got, str) else (got.id, got.text)) == expected


def test_needs_no_label_studio_packages(monkeypatch):
    """The backend runs in the core install (no studio extra): nothing it imports needs them."""
    import importlib

    for name in ("label_studio", "label_studio_sdk", "httpx"):
        monkeypatch.setitem(sys.modules, name, None)   # import raises, as when not installed
    for name in [n for n in sys.modules if n.startswith("hoinghi.annotate")]:
        monkeypatch.delitem(sys.modules, name)
    backend = importlib.import_module("hoinghi.annotate.ml_backend").open_backend("trivial")
    out = backend.predict({"tasks": [{"id": 1, "data": {"text": "Hội nghị lần thứ 14 đã diễn ra."}}]})
    assert len(out["results"][0]["result"]) == 1
    importlib.import_module("hoinghi.annotate.ml_server").make_server(backend, port=0).server_close()
