"""Review in Label Studio (``hoinghi push-review``): the articles where annotators
disagree go to a review project, each annotator's version shown as a prediction whose
``model_version`` is the annotator; the reviewer opens a version, accepts or edits it and
submits. Pulling the review project gives the reviewer's records, which the ``reviewer``
policy (:class:`~hoinghi.annotate.policies.Reviewer`) takes as the decision in their
documents.

* **Which articles.** The pulls are adjudicated by ``policy`` (``majority`` by default);
  an article with a conflict the policy leaves unsettled goes to review. With two
  annotators and ``majority`` that is every article where they differ at all; with
  ``union`` only boundary and label conflicts (presence conflicts are settled).
* **The project** is ``<prefix>-review``, one combined label config over the schemas the
  pulls cover, so the reviewer sees every field of an article at once; its pull is split
  per schema again when merged (:mod:`~hoinghi.annotate.schema_groups`). Predictions are
  shown to the reviewer (``show_collab_predictions``) and the project's ``model_version``
  is left empty. Read from Label Studio 1.23.2's source and checked by the tests: a task
  opened in the editor (``GET /api/tasks/{id}``: Data Manager, quick view) carries
  **every** prediction only while the project's ``model_version`` is empty (a set one
  filters them to that version, and importing predictions sets it to the last version
  imported); the labelling stream (``/next``) preloads only predictions of the project's
  ``model_version``, so with it empty the reviewer opens a version from the task's
  predictions. Re-running imports only the articles not already in the project.
"""
from __future__ import annotations

__all__ = ["ReviewPush", "disagreements", "push_review"]

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from ..document import Document
from ..schema import SchemaSet
from .adjudication import AdjudicationLog
from .label_config import label_config
from .ls_conversion import to_results
from .projects import TITLE_PREFIX, ensure_project
from .schema_groups import SchemaGroup, adjudicate_groups
from .studio import studio_errors


@dataclass
class ReviewPush:
    """What :func:`push_review` did."""

    project_id: int
    title: str
    config: str                                     # created | unchanged | updated | forced
    articles: int                                   # articles in the pulls
    disagreements: list[str] = field(default_factory=list)  # doc ids sent to review
    conflicts: int = 0                              # unsettled conflicts in them
    imported: int = 0
    already_there: int = 0
    predictions: int = 0

    def lines(self) -> list[str]:
        return [f"{len(self.disagreements)} of {self.articles} article(s) have {self.conflicts} unsettled "
                f"conflict(s) -> {self.title} (id {self.project_id}, config {self.config}): {self.imported} imported "
                f"with {self.predictions} annotator version(s), {self.already_there} already there"]


def disagreements(groups: Sequence[SchemaGroup], policy: str = "majority"
                  ) -> tuple[dict[str, dict[str, Document]], AdjudicationLog]:
    """The articles with conflicts ``policy`` leaves unsettled: doc id -> annotator -> the
    annotator's version (every schema they labelled, side by side), and the log."""
    _, log = adjudicate_groups(groups, policy)
    wanted = {c.doc_id for c in log.unsettled}
    parts: dict[str, dict[str, list[Document]]] = defaultdict(lambda: defaultdict(list))
    for g in groups:
        for r in g.records:
            if r.doc_id in wanted:
                parts[r.doc_id][r.annotator].append(r.document)
    out = {}
    for doc_id in sorted(parts):
        out[doc_id] = {}
        for who, docs in sorted(parts[doc_id].items()):
            spans = tuple(s for i, d in enumerate(docs) for s in _prefixed(d, i)[0])
            rels = tuple(r for i, d in enumerate(docs) for r in _prefixed(d, i)[1])
            out[doc_id][who] = Document(doc_id, docs[0].text, spans, rels)
    return out, log


def _prefixed(d: Document, i: int):
    """Span ids made unique across a record's schema parts."""
    from dataclasses import replace
    return (tuple(replace(s, id=f"{i}-{s.id}") for s in d.spans),
            tuple(replace(r, head=f"{i}-{r.head}", tail=f"{i}-{r.tail}") for r in d.relations))


def _task(doc_id: str, versions: dict[str, Document], l2s: dict[str, str]) -> dict:
    text = next(iter(versions.values())).text
    return {"data": {"text": text, "doc_id": doc_id, "annotators": sorted(versions)},
            "predictions": [{"model_version": who, "result": to_results(d, label_to_schema=l2s)}
                            for who, d in versions.items()]}


def push_review(client, groups: Sequence[SchemaGroup], *, policy: str = "majority", prefix: str = TITLE_PREFIX,
                force: bool = False) -> ReviewPush:
    """Send the disagreements of the pulls in ``groups`` to ``<prefix>-review`` (module doc)."""
    from .push import existing_tasks

    found, log = disagreements(groups, policy)
    schemas = SchemaSet(tuple(s for g in groups for s in g.schemas.schemas))
    title = f"{prefix}-review"
    project, action = ensure_project(client, title, label_config(schemas), force=force)
    where = getattr(client, "_hoinghi_url", None)
    articles = len({r.doc_id for g in groups for r in g.records})
    res = ReviewPush(project.id, title, action, articles, list(found),
                     sum(1 for c in log.unsettled if c.doc_id in found))
    have = existing_tasks(client, project.id).tasks
    l2s = schemas.label_to_schema()
    tasks = [_task(doc_id, v, l2s) for doc_id, v in found.items() if doc_id not in have]
    res.already_there = len(found) - len(tasks)
    with studio_errors(f"importing the disagreements into {title}", where):
        if tasks:
            r = client.projects.import_tasks(id=project.id, request=tasks, return_task_ids=True)
            res.imported, res.predictions = int(r.task_count or 0), int(r.prediction_count or 0)
    with studio_errors(f"showing the annotators' versions in {title}", where):
        # an empty model_version: Label Studio 1.23.2 then serves every prediction of a task (a set one filters
        # them to that version; importing predictions sets it to the last version imported)
        client.projects.update(id=project.id, show_collab_predictions=True, model_version="")
    return res
