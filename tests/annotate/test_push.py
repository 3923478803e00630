"""Pushing schemas and articles (hoinghi.annotate.push, with annotate/projects.py) on the
real server: projects, idempotency, changed articles, schema changes, pre-annotations and
safe retries. Article loading is tests/annotate/test_articles.py."""
from __future__ import annotations

import dataclasses
import json
import unicodedata
import uuid

import httpx
import pytest

from hoinghi.annotate.articles import load_articles
from hoinghi.annotate.projects import find_project
from hoinghi.annotate.push import existing_tasks, push
from hoinghi.annotate.studio import submit_annotation
from hoinghi.document import Document, Span
from hoinghi.errors import InputError, StudioError
from hoinghi.schema import SchemaSet, load_schemas

SCHEMAS = load_schemas()


# -- against the real server -----------------------------------------------------------

def _prefix() -> str:
    return "t" + uuid.uuid4().hex[:8]


def _task_texts(client, project_id):
    return {t.data["doc_id"]: t.data["text"] for t in client.tasks.list(project=project_id, fields="task_only")}


@pytest.mark.studio
def test_push_three_schemas_idempotently(ls_client, shared_dir):
    docs = load_articles(shared_dir / "corpus")
    prefix = _prefix()
    first = push(ls_client, docs, prefix=prefix, progress=False)
    assert [(p.title, p.config, p.imported, p.already_there) for p in first.projects] == [
        (f"{prefix}-{n}", "created", 5, 0) for n in SCHEMAS.names]
    for p in first.projects:
        assert _task_texts(ls_client, p.project_id) == {d.id: d.text for d in docs}
    again = push(ls_client, docs, prefix=prefix, progress=False)
    assert [(p.config, p.imported, p.already_there, p.changed) for p in again.projects] == [("unchanged", 0, 5, [])] * 3
    for p in again.projects:
        assert len(_task_texts(ls_client, p.project_id)) == 5
    # a changed article is reported, never duplicated; a new one is imported
    changed = [dataclasses.replace(docs[0], text=docs[0].text + " (cập nhật)")] + docs[1:] + [
        Document("new-1", "Bài mới.")]
    third = push(ls_client, changed, schemas=["officials"], prefix=prefix, progress=False)
    (p,) = third.projects
    assert (p.imported, p.already_there, p.changed) == (1, 5, [docs[0].id])
    texts = _task_texts(ls_client, p.project_id)
    assert len(texts) == 6 and texts[docs[0].id] == docs[0].text


@pytest.mark.studio
def test_combined_project_and_lookup(ls_client):
    prefix = _prefix()
    res = push(ls_client, [Document("c1", "Hội nghị lần thứ 14.")], combined=True, prefix=prefix, progress=False)
    (p,) = res.projects
    assert p.title == f"{prefix}-combined" and p.schemas == SCHEMAS.names
    assert find_project(ls_client, "combined", prefix).id == p.project_id
    assert find_project(ls_client, str(p.project_id)).title == p.title
    with pytest.raises(StudioError, match="has no project"):
        find_project(ls_client, "no-such-project-title")


@pytest.mark.studio
def test_predictions_from_a_prediction_file(ls_client, tmp_path):
    from hoinghi.eval.runner import run_extractor

    docs = [Document("p1", "Ông Nguyễn Văn An, Bí thư Quận ủy."), Document("p2", "Hội nghị lần thứ 14.")]
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in [
        {"id": "p1", "spans": [{"id": "a", "start": 4, "end": 17, "label": "PERSON"},
                               {"id": "b", "start": 19, "end": 33, "label": "POSITION"}],
         "relations": [{"head": "a", "tail": "b", "type": "holds"}]},
        {"id": "p2", "spans": [{"id": "m", "start": 0, "end": 19, "label": "MEETING"}]}]) + "\n", encoding="utf-8")
    run = run_extractor(str(pred_file), docs, progress=False)
    assert run.failures == []
    prefix = _prefix()
    res = push(ls_client, docs, predictions=run.predictions, model_version=run.extractor, prefix=prefix, progress=False)
    by = {p.schemas[0]: p for p in res.projects}
    assert (by["officials"].predictions, by["meetings"].predictions) == (2, 2)
    tasks = {t.data["doc_id"]: t.dict() for t in ls_client.tasks.list(project=by["officials"].project_id, fields="all")}
    (pred,) = tasks["p1"]["predictions"]
    assert pred["model_version"] == run.extractor
    values = [(i["value"]["start"], i["value"]["end"], i["value"]["labels"]) for i in pred["result"] if i["type"] == "labels"]
    assert values == [(4, 17, ["PERSON"]), (19, 33, ["POSITION"])]
    assert [i for i in pred["result"] if i["type"] == "relation"] == [
        {"type": "relation", "from_id": "a", "to_id": "b", "direction": "right", "labels": ["holds"]}]
    assert tasks["p2"]["predictions"][0]["result"] == []          # no officials in p2: an empty pre-annotation
    again = push(ls_client, docs, predictions=run.predictions, model_version=run.extractor, prefix=prefix, progress=False)
    assert [(p.predictions, p.predictions_already_there) for p in again.projects] == [(0, 2)] * 3
    newer = push(ls_client, docs, predictions=run.predictions, model_version="other@2", schemas=["meetings"],
                 prefix=prefix, progress=False)
    assert newer.projects[0].predictions == 2                 # existing tasks get the new model's predictions


@pytest.mark.studio
def test_schema_change_that_orphans_annotations_is_refused_unless_forced(ls_client):
    prefix = _prefix()
    doc = Document("s1", "Hội nghị lần thứ 14, nhiệm kỳ 2020 - 2025.")
    (p,) = push(ls_client, [doc], schemas=["meetings"], prefix=prefix, progress=False).projects
    task_id = existing_tasks(ls_client, p.project_id).tasks["s1"]
    submit_annotation(ls_client, task_id, Document("s1", doc.text, (Span(21, 40, "TERM", "t"),)))
    meetings = SCHEMAS["meetings"]
    without_term = dataclasses.replace(meetings, labels=tuple(lab for lab in meetings.labels if lab.name != "TERM"),
                                       relations=tuple(dataclasses.replace(r, heads=tuple(h for h in r.heads if h != "TERM"))
                                                       for r in meetings.relations))
    with pytest.raises(StudioError) as exc:
        push(ls_client, [doc], schemas=SchemaSet((without_term,)), prefix=prefix, progress=False)
    assert "TERM" in str(exc.value) and "1 annotation" in str(exc.value) and "--force" in str(exc.value)
    assert "TERM" in ls_client.projects.get(id=p.project_id).label_config      # unchanged
    # a compatible change (a new label) goes through; a forced one too
    with_extra = dataclasses.replace(meetings, labels=meetings.labels + (dataclasses.replace(
        meetings.labels[0], name="VENUE", hotkey="5"),))
    (q,) = push(ls_client, [doc], schemas=SchemaSet((with_extra,)), prefix=prefix, progress=False).projects
    assert q.config == "updated"
    (r,) = push(ls_client, [doc], schemas=SchemaSet((without_term,)), prefix=prefix, force=True, progress=False).projects
    assert r.config == "forced" and "TERM" not in ls_client.projects.get(id=p.project_id).label_config


@pytest.mark.studio
def test_import_retried_after_a_timeout_creates_no_duplicates(ls_client, monkeypatch):
    """The server stores the batch but the answer is lost (a read timeout): the retry
    re-reads the project and sends only what is missing."""
    real = ls_client.projects.import_tasks
    calls = []

    def flaky(**kwargs):
        calls.append(len(kwargs["request"]))
        out = real(**kwargs)
        if len(calls) == 1:
            raise httpx.ReadTimeout("simulated lost answer")
        return out

    monkeypatch.setattr(ls_client.projects, "import_tasks", flaky)
    docs = [Document(f"r{i}", f"Văn bản số {i}.") for i in range(7)]
    (p,) = push(ls_client, docs, schemas=["officials"], prefix=_prefix(), batch_size=5, progress=False).projects
    assert calls == [5, 2]                  # the lost batch was not sent again
    assert (p.imported, p.retried_batches) == (7, 1)
    assert sorted(_task_texts(ls_client, p.project_id)) == sorted(d.id for d in docs)


def test_push_refuses_duplicate_ids_and_non_nfc_text():
    with pytest.raises(InputError, match="duplicate document id"):
        push(None, [Document("a", "x"), Document("a", "y")], progress=False)
    with pytest.raises(InputError, match="not NFC"):
        push(None, [Document("a", unicodedata.normalize("NFD", "Huế"))], progress=False)


@pytest.mark.studio
def test_import_failing_twice_is_one_clear_error(ls_client, monkeypatch):
    def always_lost(**kwargs):
        raise httpx.ReadTimeout("simulated")

    monkeypatch.setattr(ls_client.projects, "import_tasks", always_lost)
    with pytest.raises(StudioError, match=r"importing into project t\w+-officials failed twice \(ReadTimeout\)"):
        push(ls_client, [Document("z1", "Một văn bản.")], schemas=["officials"], prefix=_prefix(), progress=False)


@pytest.mark.studio
def test_corpus_with_reference_pre_annotations(ls_client, shared_dir):
    """The 'done' case of the issue: three schemas, the five articles, pre-annotations from
    the shipped reference extractor; each project holds exactly its schema's predicted spans,
    and they read back without a single problem."""
    from hoinghi.annotate.ls_conversion import from_results
    from hoinghi.eval.runner import run_extractor

    docs = load_articles(shared_dir / "corpus")
    run = run_extractor("reference", docs, progress=False)
    res = push(ls_client, docs, predictions=run.predictions, model_version=run.extractor, prefix=_prefix(),
               progress=False)
    for p in res.projects:
        assert (p.imported, p.predictions) == (5, 5)
        labels = set(SCHEMAS[p.schemas[0]].label_names)
        for t in ls_client.tasks.list(project=p.project_id, fields="all"):
            t = t.dict()
            (pred,) = t["predictions"]
            assert pred["model_version"] == run.extractor
            conv = from_results(pred["result"], t["data"]["text"])
            assert conv.problems == []
            want = run.predictions[t["data"]["doc_id"]]
            assert sorted((s.start, s.end, s.label) for s in conv.spans) == \
                sorted((s.start, s.end, s.label) for s in want.spans if s.label in labels)


def test_out_of_range_prediction_is_refused_before_anything_is_sent():
    from hoinghi.annotate.push import task_payload

    doc = Document("d", "Ông An")
    with pytest.raises(InputError) as exc:
        task_payload(doc, Document("d", None, (Span(4, 60, "PERSON", "a"),)), "m@1")
    assert (exc.value.where.doc_id, exc.value.where.field) == ("d", "predictions.spans[0]")
    task = task_payload(doc, Document("d", None, (Span(4, 6, "PERSON", "a"), Span(0, 3, "MEETING", "m"))), "m@1",
                        labels={"PERSON", "POSITION"})
    assert task["data"] == {"text": "Ông An", "doc_id": "d"}
    assert [i["value"]["labels"] for i in task["predictions"][0]["result"]] == [["PERSON"]]
