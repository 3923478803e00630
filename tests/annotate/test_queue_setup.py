"""annotate/queue_setup.py: option checks, and the live backend + queue on a real Label Studio."""
from __future__ import annotations

import uuid

import pytest

from hoinghi.annotate.push import push
from hoinghi.annotate.queue import project_queue
from hoinghi.annotate.queue_setup import check_queue_options, setup_projects
from hoinghi.document import Document, Span
from hoinghi.errors import InputError
from hoinghi.schema import load_schemas

UNSCORED = {"d": Document("d", "Ông An", (Span(4, 6, "PERSON"),))}
SCORED_PRED = {"d": Document("d", "Ông An", (Span(4, 6, "PERSON", score=0.5),))}


@pytest.mark.parametrize("order, kwargs, error", [
    ("disagreement", dict(predictions_from="a"), "needs --predictions-from A and --compare-with B"),
    ("disagreement", dict(predictions_from="a", compare_with="b", ml_backend="http://x"), "without --ml-backend"),
    ("uncertainty", dict(), "needs scored predictions"),
    ("sequential", dict(compare_with="b"), "--compare-with is for --order disagreement"),
    ("uncertainty", dict(predictions_from="trivial", predictions=UNSCORED), "gives no span scores"),
])
def test_refused_combinations(order, kwargs, error):
    args = dict(ml_backend=None, predictions_from=None, compare_with=None) | kwargs
    with pytest.raises(InputError, match=error):
        check_queue_options(order, **args)


@pytest.mark.parametrize("order, kwargs", [
    ("uncertainty", dict(predictions_from="x", predictions=SCORED_PRED)),
    ("uncertainty", dict(ml_backend="http://x")),
    ("disagreement", dict(predictions_from="a", compare_with="b")),
    (None, dict(ml_backend="http://x", predictions_from="a")),
])
def test_accepted_combinations(order, kwargs):
    check_queue_options(order, **(dict(ml_backend=None, predictions_from=None, compare_with=None) | kwargs))


@pytest.mark.studio
def test_live_backend_with_uncertainty_order_retrieves_every_task(ls_client, ml_backend_url):
    docs = [Document(f"d{i}", f"Ông Lê Văn An #0.{i}") for i in (7, 2, 9, 4)]
    prefix = "qs" + uuid.uuid4().hex[:6]
    res = push(ls_client, docs, schemas=["officials"], progress=False, prefix=prefix)
    p = res.projects[0]
    [pq] = setup_projects(ls_client, [(p.project_id, p.title, p.schemas)], docs, schemas=load_schemas(),
                          order="uncertainty", ml_backend=ml_backend_url)
    assert pq.retrieved and pq.link.created and pq.model_version.endswith("@2.0.0")
    q = project_queue(ls_client, ls_client.projects.get(id=p.project_id))
    assert [e.doc_id for e in q.entries] == ["d2", "d4", "d7", "d9"] and q.waiting == 0
    assert "order uncertainty by" in pq.line() and "retrieved" in pq.line()


@pytest.mark.studio
def test_backend_over_imported_predictions_of_another_extractor_says_they_are_hidden(ls_client, ml_backend_url):
    docs = [Document("d1", "Ông Lê Văn An #0.3")]
    pred = {"d1": Document("d1", docs[0].text, (Span(4, 13, "PERSON", score=0.9),))}
    res = push(ls_client, docs, schemas=["officials"], predictions=pred, model_version="other@1", progress=False,
               prefix="hid" + uuid.uuid4().hex[:6])
    p = res.projects[0]
    [pq] = setup_projects(ls_client, [(p.project_id, p.title, p.schemas)], docs, schemas=load_schemas(),
                          ml_backend=ml_backend_url, model_version="other@1", predictions=pred)
    assert pq.order is None and not pq.retrieved
    assert pq.notes == [f"{p.title}: the imported predictions of other@1 are hidden: the project shows "
                        f"{pq.model_version} (see docs/ml-backend.md)"]
    assert ls_client.projects.get(id=p.project_id).model_version == pq.model_version
