"""Predictions scored by how much two extractors disagree (``push --order disagreement
--predictions-from A --compare-with B``).

In each project, every task gets one more prediction: A's spans and relations (what
annotators see), stored under ``model_version`` ``"A vs B"``
(:func:`~hoinghi.annotate.queue.disagreement_version`) with ``score`` = the strict span F1
between A and B over the project's labels (:func:`~hoinghi.annotate.task_scores.agreement_score`).
Label Studio's uncertainty sampling over that version then serves the article where they
differ most first. B's own predictions are pushed under B's version beside it, so
``hoinghi queue`` can say which fields differ. A task that already holds an ``"A vs B"``
prediction gets none again.
"""
from __future__ import annotations

__all__ = ["push_disagreement"]

from ..document import Document
from ..schema import SchemaSet
from .push import existing_tasks, task_payload
from .queue import disagreement_version
from .studio import studio_errors
from .task_scores import agreement_score


def _labels(schemas: SchemaSet, names) -> set[str]:
    return {label for name in names for label in schemas[name].label_names}


def push_disagreement(client, project_id: int, schema_names, documents: list[Document],
                      a: dict[str, Document], b: dict[str, Document], a_version: str, b_version: str,
                      schemas: SchemaSet) -> int:
    """Add the ``"A vs B"`` prediction to each task of the project whose document both
    extractors answered; returns how many were added."""
    version = disagreement_version(a_version, b_version)
    labels = _labels(schemas, schema_names)
    l2s = schemas.label_to_schema()
    ex = existing_tasks(client, project_id)
    have = _tasks_with(client, project_id, version)
    added = 0
    for doc in documents:
        tid = ex.tasks.get(doc.id)
        if tid is None or tid in have or doc.id not in a or doc.id not in b or ex.texts.get(doc.id) != doc.text:
            continue
        pred = task_payload(doc, a[doc.id], version, l2s, labels)["predictions"][0]
        score = agreement_score([s for s in a[doc.id].spans if s.label in labels],
                                [s for s in b[doc.id].spans if s.label in labels])
        with studio_errors(f"adding a prediction to task {tid}", getattr(client, "_hoinghi_url", None)):
            client.predictions.create(task=tid, result=pred["result"], score=score, model_version=version)
        added += 1
    return added


def _tasks_with(client, project_id: int, version: str) -> set[int]:
    with studio_errors(f"listing the predictions of project {project_id}", getattr(client, "_hoinghi_url", None)):
        return {p.task for p in client.predictions.list(project=project_id) if p.model_version == version}
