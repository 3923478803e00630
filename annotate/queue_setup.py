"""After a push: connect a live ML backend and set each project's queue
(``hoinghi push --ml-backend URL --order uncertainty|disagreement|sequential``).

How the options combine (the project's ``model_version`` decides what annotators see and
what uncertainty sampling orders by, and it can name only one version):

* ``--ml-backend URL``: the project shows the backend's predictions (``model_version`` =
  its ``name@version``). Predictions imported with ``--predictions-from`` of *another*
  extractor stay stored but hidden, and a task holding one is not sent to the backend
  when opened from the Data Manager; use the same extractor for both (then the imported
  ones *are* the backend's version and it is asked only for new tasks), or one of them.
* ``--order uncertainty``: orders by the scores of the version shown — the backend's
  (its predictions are first retrieved for every task without one, Label Studio's
  "Retrieve predictions" action, synchronous) or else ``--predictions-from``'s. An
  extractor that gives no span scores cannot order a queue.
* ``--order disagreement`` (``--predictions-from A --compare-with B``): orders by the
  ``"A vs B"`` predictions (:mod:`~hoinghi.annotate.disagreement`); not with
  ``--ml-backend``, whose predictions would then be hidden.
* ``--order sequential``: Label Studio's default order (task order).
"""
from __future__ import annotations

__all__ = ["setup_projects", "check_queue_options", "ProjectQueue"]

from dataclasses import dataclass, field

from ..document import Document
from ..errors import InputError
from ..schema import SchemaSet
from .disagreement import push_disagreement
from .project_settings import MLLink, connect_ml_backend, set_order
from .queue import disagreement_version
from .studio import studio_errors


@dataclass
class ProjectQueue:
    """What was set on one project."""

    project_id: int
    title: str
    order: str | None = None
    model_version: str | None = None          # the version the project shows and orders by
    link: MLLink | None = None
    retrieved: bool = False                   # the backend was asked for every task's prediction
    disagreement_predictions: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = []
        if self.link:
            parts.append(f"ML backend {self.link.url} ({'connected' if self.link.created else 'already connected'})")
        if self.order:
            parts.append(f"order {self.order}" + (f" by {self.model_version}" if self.order != "sequential" else ""))
        if self.retrieved:
            parts.append("predictions retrieved from the backend for every task")
        if self.disagreement_predictions:
            parts.append(f"{self.disagreement_predictions} disagreement prediction(s) added")
        return f"  {self.title} (id {self.project_id}): " + "; ".join(parts)


def check_queue_options(order: str | None, *, ml_backend: str | None, predictions_from: str | None,
                        compare_with: str | None, predictions: dict[str, Document] | None = None) -> None:
    """Refuse combinations that cannot work, before anything is pushed (see the module doc)."""
    if compare_with and order != "disagreement":
        raise InputError("--compare-with is for --order disagreement")
    if order == "disagreement":
        if not (predictions_from and compare_with):
            raise InputError("--order disagreement needs --predictions-from A and --compare-with B")
        if ml_backend:
            raise InputError("--order disagreement orders by the 'A vs B' predictions; with --ml-backend the "
                             "project would show the backend's instead: push without --ml-backend")
    if order == "uncertainty" and not (ml_backend or predictions_from):
        raise InputError("--order uncertainty needs scored predictions: --predictions-from SPEC or --ml-backend URL")
    spans = [s for p in (predictions or {}).values() for s in p.spans]
    if order == "uncertainty" and not ml_backend and spans and all(s.score is None for s in spans):
        raise InputError(f"extractor {predictions_from} gives no span scores, so its predictions cannot "
                             "order an uncertainty queue (use --order disagreement or sequential)")


def setup_projects(client, project_ids: list[tuple[int, str, tuple[str, ...]]], documents: list[Document], *,
                   schemas: SchemaSet, order: str | None = None, ml_backend: str | None = None,
                   backend_version: str | None = None, model_version: str | None = None,
                   predictions: dict[str, Document] | None = None, second: dict[str, Document] | None = None,
                   second_version: str | None = None) -> list[ProjectQueue]:
    """Per pushed project ``(id, title, schema names)``: connect the backend and set the order."""
    out = []
    for pid, title, schema_names in project_ids:
        pq = ProjectQueue(pid, title, order, model_version)
        if ml_backend:
            pq.link = connect_ml_backend(client, pid, ml_backend, model_version=backend_version)
            pq.model_version = pq.link.model_version
            if pq.link.others:
                pq.notes.append(f"project {title} has other ML backends ({', '.join(pq.link.others)}); "
                                "Label Studio uses only the first one")
            if model_version and model_version != pq.link.model_version:
                pq.notes.append(f"{title}: the imported predictions of {model_version} are hidden: the project shows "
                                f"{pq.link.model_version} (see docs/ml-backend.md)")
        if order == "uncertainty" and pq.link and model_version != pq.link.model_version:
            _retrieve(client, pid)
            pq.retrieved = True
        if order == "disagreement":
            pq.disagreement_predictions = push_disagreement(client, pid, schema_names, documents, predictions, second,
                                                            model_version, second_version, schemas)
            pq.model_version = disagreement_version(model_version, second_version)
        if order:
            set_order(client, pid, order, pq.model_version)
        out.append(pq)
    return out


def _retrieve(client, project_id: int) -> None:
    """Label Studio's "Retrieve predictions" action over every task (it asks the backend
    only for tasks without a prediction of the current version)."""
    with studio_errors(f"retrieving predictions for project {project_id}", getattr(client, "_hoinghi_url", None)):
        client.actions.create(id="retrieve_tasks_predictions", project=project_id,
                              selected_items={"all": True, "excluded": []})
