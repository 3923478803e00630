"""What a Label Studio project serves next, and why (``hoinghi queue``).

:func:`project_queue` reads the project's ``sampling`` and ``model_version``, its tasks and
their predictions, and orders the unlabelled tasks the way Label Studio 1.23.2's next-task
logic does (``projects/functions/next_task.py``):

* ``Uncertainty sampling``: only tasks holding a prediction of the project's
  ``model_version``, lowest ``score`` first (ties by task id). Each annotator is served
  the first such task that is not locked by another annotator and not done by them, so
  two annotators working at once get the lowest and the second lowest. Tasks without
  such a prediction come only after (listed as ``waiting``); with no scored prediction
  at all Label Studio picks at random.
* ``Sequential sampling``: task order.
* ``Uniform sampling``: random (the list is then only the task order).

The "why" of each entry: for a confidence score, the least certain spans (label, text,
score); for a disagreement score (``model_version`` ``"A vs B"``, made by
``push --order disagreement``), the fields where the two extractors' spans differ, with
their counts and F1 (B's own predictions are stored in the project under B's version).
"""
from __future__ import annotations

__all__ = ["project_queue", "Queue", "QueueEntry", "disagreement_version", "split_disagreement_version"]

from dataclasses import asdict, dataclass, field

from ..document import Span
from .studio import studio_errors
from .task_scores import field_agreement

_VS = " vs "


def disagreement_version(a: str, b: str) -> str:
    """The ``model_version`` of predictions scored by the agreement of ``a`` with ``b``.

    >>> disagreement_version("reference@1.1", "trivial@0.1.0")
    'reference@1.1 vs trivial@0.1.0'
    """
    return f"{a}{_VS}{b}"


def split_disagreement_version(version: str | None) -> tuple[str, str] | None:
    """``(a, b)`` of a disagreement version, else None.

    >>> split_disagreement_version("reference@1.1 vs trivial@0.1.0"), split_disagreement_version("reference@1.1")
    (('reference@1.1', 'trivial@0.1.0'), None)
    """
    if not version or _VS not in version:
        return None
    a, _, b = version.partition(_VS)
    return a, b


@dataclass(frozen=True)
class QueueEntry:
    """One task in the order it will be served."""

    rank: int
    task_id: int
    doc_id: str | None
    score: float | None
    why: str


@dataclass
class Queue:
    """The project's queue: settings, the next ``entries`` and what is left."""

    project_id: int
    title: str
    sampling: str
    model_version: str
    entries: list[QueueEntry]
    unlabelled: int                      # tasks still to be served
    waiting: int = 0                     # unlabelled tasks without a prediction of model_version
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _spans(result) -> list[Span]:
    """Spans (with the item's ``score`` when it has one) of a prediction's result items."""
    out = []
    for item in result or []:
        v = item.get("value") if isinstance(item, dict) else None
        if item.get("type") != "labels" or not isinstance(v, dict) or not v.get("labels"):
            continue
        score = item.get("score")
        out.append(Span(v.get("start"), v.get("end"), v["labels"][0], item.get("id"), v.get("text"),
                        score if isinstance(score, (int, float)) else None))
    return out


def _confidence_why(spans: list[Span]) -> str:
    scored = sorted((s for s in spans if s.score is not None), key=lambda s: s.score)[:3]
    if not spans:
        return "the extractor found nothing here"
    if not scored:
        return f"{len(spans)} span(s), none with a score"
    return "least certain: " + "; ".join(f"{s.label} {_short(s.text)!r} {s.score:.2f}" for s in scored)


def _short(text: str | None, limit: int = 40) -> str:
    """A span's text for a one-line reason.

    >>> _short("x" * 45)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    """
    text = text or ""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _disagreement_why(a: list[Span], b: list[Span] | None, names: tuple[str, str]) -> str:
    if b is None:
        return f"no prediction of {names[1]} stored for this task"
    diff = [(lab, na, nb, f1) for lab, (na, nb, f1) in field_agreement(a, b).items() if f1 < 1]
    if not diff:
        return "the extractors agree"
    return "; ".join(f"{lab} {na} vs {nb} (F1 {f1:.2f})" for lab, na, nb, f1 in diff)


def _read(client, project_id: int):
    url = getattr(client, "_hoinghi_url", None)
    with studio_errors(f"reading the tasks of project {project_id}", url):
        tasks = [t for t in client.tasks.list(project=project_id, fields="task_only", page_size=1000)
                 if not t.is_labeled]
    with studio_errors(f"reading the predictions of project {project_id}", url):
        predictions = list(client.predictions.list(project=project_id))
    by_task: dict[int, dict[str, object]] = {}
    for p in predictions:
        by_task.setdefault(p.task, {}).setdefault(p.model_version, p)
    return tasks, by_task


def project_queue(client, project, *, limit: int = 10) -> Queue:
    """The next ``limit`` tasks ``project`` (an SDK project object) serves, and why."""
    tasks, by_task = _read(client, project.id)
    sampling, version = project.sampling or "Sequential sampling", project.model_version or ""
    pair = split_disagreement_version(version)
    queue = Queue(project.id, project.title, sampling, version, [], len(tasks))
    if sampling == "Uncertainty sampling":
        scored = [t for t in tasks if version in by_task.get(t.id, {})]
        queue.waiting = len(tasks) - len(scored)
        scored.sort(key=lambda t: (by_task[t.id][version].score is not None, by_task[t.id][version].score or 0, t.id))
        order = scored
        if not scored:
            queue.notes.append(f"no task has a prediction of {version or '(no model_version)'}: "
                               "Label Studio serves them at random")
        elif queue.waiting:
            queue.notes.append(f"{queue.waiting} unlabelled task(s) have no prediction of {version} and come after these")
    else:
        order = sorted(tasks, key=lambda t: t.id)
        if sampling == "Uniform sampling":
            queue.notes.append("uniform sampling: Label Studio serves these at random, shown in task order")
    for rank, t in enumerate(order[:limit], 1):
        pred = by_task.get(t.id, {}).get(version)
        spans = _spans(pred.result) if pred is not None else []
        if sampling != "Uncertainty sampling":
            why = "task order"
        elif pred is None:
            why = "no scored prediction"
        elif pair:
            other = by_task[t.id].get(pair[1])
            why = _disagreement_why(spans, _spans(other.result) if other is not None else None, pair)
        else:
            why = _confidence_why(spans)
        queue.entries.append(QueueEntry(rank, t.id, (t.data or {}).get("doc_id"),
                                        pred.score if pred is not None else None, why))
    return queue
