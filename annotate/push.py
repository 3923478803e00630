"""Push schemas and articles to Label Studio, idempotently.

:func:`push` creates or updates one project per schema (titles ``hoinghi-<schema>``) or
one combined project (``hoinghi-combined``), then imports the articles as tasks
``{"data": {"text": <NFC text>, "doc_id": <id>, "meta"?: {...}}}``:

* **Idempotent by ``doc_id``.** The project's ``doc_id → task`` map is read first (one
  ``task_only`` listing); documents already there are not imported again. A document
  whose text differs from the task's is reported under ``changed`` and left alone (never
  duplicated). Tasks that share a ``doc_id`` inside the project are reported too.
* **Safe retries.** The client runs with ``max_retries=0``; when a batch import fails
  with a server error or a timeout, the map is re-read and only the documents still
  missing are sent once more.
* **Schema changes** are checked with Label Studio's strict validation
  (``POST /api/projects/{id}/validate``) before the label config is updated; a change
  that would orphan existing annotations raises :class:`~hoinghi.errors.StudioError`
  naming the labels and counts, unless ``force``.
* **Pre-annotations**: predictions (``doc_id → Document``) go in as Label Studio
  predictions with ``model_version``; a task that already has a prediction of that
  ``model_version`` gets none again.
"""
from __future__ import annotations

__all__ = ["push", "PushResult", "ProjectPush", "existing_tasks", "task_payload", "extractor_predictions"]

import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ..document import Document
from ..errors import InputError, Location, StudioError
from ..progress import progress as progress_bar
from ..schema import Schema, SchemaSet, load_schemas
from .label_config import label_config
from .ls_conversion import to_results
from .project_team import Overlap, set_guideline, set_overlap
from .projects import TITLE_PREFIX, ensure_project, project_title
from .task_scores import confidence_score
from .studio import studio_errors

@dataclass
class _Existing:
    tasks: dict[str, int]                 # doc_id → first task id
    texts: dict[str, str]                 # doc_id → text
    model_versions: dict[str, set]        # doc_id → prediction model versions
    duplicates: dict[str, list[int]]      # doc_id → all task ids when more than one
    with_predictions: int = 0             # tasks that hold at least one prediction


def existing_tasks(client, project_id: int, *, total: int | None = None, progress: bool = False) -> _Existing:
    """The project's ``doc_id → task`` map from one ``task_only`` listing (with a progress
    bar over ``total`` tasks when asked)."""
    ex = _Existing({}, {}, {}, {})
    with studio_errors(f"listing the tasks of project {project_id}", getattr(client, "_hoinghi_url", None)), \
            progress_bar(total=total, desc=f"reading project {project_id}", unit="task", enabled=progress and bool(total)) as bar:
        for t in client.tasks.list(project=project_id, fields="task_only", page_size=1000):
            bar.update(1)
            data = t.data or {}
            doc_id = data.get("doc_id")
            if not isinstance(doc_id, str):
                continue
            if doc_id in ex.tasks:
                ex.duplicates.setdefault(doc_id, [ex.tasks[doc_id]]).append(t.id)
                continue
            ex.tasks[doc_id] = t.id
            ex.texts[doc_id] = data.get("text")
            ex.model_versions[doc_id] = set()
            ex.with_predictions += bool(getattr(t, "total_predictions", 0))
    return ex


def _prediction_versions(client, project_id: int, ex: _Existing) -> None:
    """Fill ``ex.model_versions`` (the ``task_only`` listing leaves them empty)."""
    if not ex.with_predictions:
        return
    task_doc = {tid: d for d, tid in ex.tasks.items()}
    with studio_errors(f"listing the predictions of project {project_id}", getattr(client, "_hoinghi_url", None)):
        for pred in client.predictions.list(project=project_id):
            if pred.task in task_doc:
                ex.model_versions[task_doc[pred.task]].add(pred.model_version)


# -- push ------------------------------------------------------------------------------

@dataclass
class ProjectPush:
    """What :func:`push` did to one project."""

    project_id: int
    title: str
    schemas: tuple[str, ...]
    config: str                                   # created | unchanged | updated | forced
    imported: int = 0
    already_there: int = 0
    changed: list[str] = field(default_factory=list)          # doc ids whose text differs in the project
    duplicated_in_project: dict[str, list[int]] = field(default_factory=dict)
    predictions: int = 0
    predictions_already_there: int = 0
    retried_batches: int = 0
    overlap: dict | None = None                   # what Label Studio stored: annotators_per_task, percent
    guideline: str | None = None                  # set | unchanged (None: not pushed)


@dataclass
class PushResult:
    """The outcome of :func:`push`: per project, plus the extractor used (if any)."""

    projects: list[ProjectPush]
    documents: int
    model_version: str | None = None
    prediction_failures: list = field(default_factory=list)   # eval.predictions.Failure

    @property
    def changed(self) -> int:
        return sum(len(p.changed) for p in self.projects)

    def to_json(self) -> dict:
        from dataclasses import asdict
        return {"documents": self.documents, "model_version": self.model_version,
                "prediction_failures": [f.to_json() for f in self.prediction_failures],
                "projects": [asdict(p) for p in self.projects]}

    def lines(self, source: str) -> list[str]:
        """The summary ``hoinghi push`` prints (``source``: where the articles came from)."""
        mv = self.model_version
        out = [f"{self.documents} article(s) from {source}" + (f", pre-annotations from {mv}" if mv else "")]
        for p in self.projects:
            out.append(f"  {p.title} (id {p.project_id}, config {p.config}): {p.imported} imported, "
                       f"{p.already_there} already there, {p.predictions} prediction(s) added"
                       + (f" ({p.predictions_already_there} task(s) already had {mv})"
                          if p.predictions_already_there else ""))
            if p.overlap is not None:
                out.append(f"    overlap: {Overlap(**p.overlap).describe()}")
            if p.guideline is not None:
                out.append(f"    guideline: {p.guideline} (shown before labelling)")
            if p.changed:
                out.append(f"    {len(p.changed)} article(s) changed since they were pushed (left unchanged in "
                           f"Label Studio): {', '.join(p.changed[:10])}{' ...' if len(p.changed) > 10 else ''}")
            if p.duplicated_in_project:
                out.append(f"    {len(p.duplicated_in_project)} doc_id(s) occur in several tasks of the project: "
                           + ", ".join(f"{k} {v}" for k, v in list(p.duplicated_in_project.items())[:10]))
        return out


def extractor_predictions(spec: str, documents: list[Document], *, jobs: int = 1,
                          progress: bool = True) -> tuple[dict[str, Document], str, list]:
    """Pre-annotations from an extractor (``hoinghi push --predictions-from``):
    ``(doc_id -> prediction, model_version = the extractor's name, failures)``; a
    document the extractor failed on gets no prediction (its failure is returned)."""
    from ..eval.runner import run_extractor

    run = run_extractor(spec, documents, jobs=jobs, progress=progress)
    failed = {f.doc_id for f in run.failures}
    return {k: v for k, v in run.predictions.items() if k not in failed}, run.extractor, run.failures


def task_payload(doc: Document, prediction: Document | None = None, model_version: str | None = None,
                 label_to_schema: dict[str, str] | None = None, labels: set[str] | None = None) -> dict:
    """One task to import: data (NFC text, doc_id, meta) and an optional prediction
    restricted to ``labels`` (the project's labels)."""
    data = {"text": doc.text, "doc_id": doc.id}
    if doc.meta:
        data["meta"] = doc.meta
    task: dict = {"data": data}
    if prediction is not None:
        task["predictions"] = [_prediction(doc, prediction, model_version, label_to_schema, labels)]
    return task


def _prediction(doc, pred, model_version, l2s, labels) -> dict:
    for i, s in enumerate(pred.spans):
        if not (0 <= s.start < s.end <= len(doc.text)):
            raise InputError(f"predicted span [{s.start}, {s.end}) is out of range (text has {len(doc.text)} characters)",
                             Location(doc_id=doc.id, field=f"predictions.spans[{i}]"))
    spans = tuple(s for s in pred.spans if labels is None or s.label in labels)
    kept = {s.id for s in spans}
    rels = tuple(r for r in pred.relations if r.head in kept and r.tail in kept)
    d = Document(doc.id, doc.text, spans, rels)
    out = {"model_version": model_version, "result": to_results(d, label_to_schema=l2s)}
    score = confidence_score(spans)
    if score is not None:   # the queue's order (annotate/task_scores.py); none when the extractor gives no span scores
        out["score"] = score
    return out


def push(client, documents: Iterable[Document], *, schemas: SchemaSet | Sequence[str] | None = None,
         combined: bool = False, predictions: dict[str, Document] | None = None, model_version: str | None = None,
         force: bool = False, batch_size: int = 1000, progress: bool = True, prefix: str = TITLE_PREFIX,
         overlap: Overlap | None = None, guideline: str | None = None) -> PushResult:
    """Create/update the projects and import the documents not yet there (see the module doc).

    ``schemas``: a :class:`SchemaSet` or schema names (default: all three, one project each;
    one project covering them all with ``combined``). ``predictions`` maps doc id to a
    predicted :class:`Document`; ``model_version`` names them (the extractor's name@version).
    Project titles are ``<prefix>-<schema>`` / ``<prefix>-combined``. ``overlap`` sets how
    many annotators label each task, ``guideline`` (HTML) the instructions shown before
    labelling (:mod:`hoinghi.annotate.project_team`), on every project, new or not.
    """
    docs = list(documents)
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise InputError("duplicate document id among the documents to push", Location(doc_id=dup, field="id"))
    for d in docs:
        if not d.text or not unicodedata.is_normalized("NFC", d.text):
            raise InputError("text is empty or not NFC (load articles with load_articles)", Location(doc_id=d.id, field="text"))
    if schemas is None:
        schemas = load_schemas()
    elif not isinstance(schemas, SchemaSet):
        all_schemas = load_schemas()
        schemas = SchemaSet(tuple(all_schemas[n] for n in schemas))
    if predictions is not None and not model_version:
        raise ValueError("predictions need a model_version")
    groups = [list(schemas.schemas)] if combined else [[s] for s in schemas.schemas]
    l2s = schemas.label_to_schema()
    out = []
    for group in groups:
        title = project_title(group, combined, prefix)
        project, action = ensure_project(client, title, label_config(group), force=force)
        labels = {lab for s in group for lab in s.label_names}
        res = _push_project(client, project, title, tuple(s.name for s in group), action, docs, predictions,
                            model_version, l2s, labels, batch_size, progress)
        if overlap is not None:
            res.overlap = vars(set_overlap(client, project.id, overlap))
        if guideline is not None:
            res.guideline = "set" if set_guideline(client, project.id, guideline) else "unchanged"
        out.append(res)
    return PushResult(out, len(docs), model_version)


def _push_project(client, project, title, schema_names, action, docs, predictions, model_version, l2s, labels,
                  batch_size, progress) -> ProjectPush:
    url = getattr(client, "_hoinghi_url", None)
    res = ProjectPush(project.id, title, schema_names, action)
    ex = existing_tasks(client, project.id, total=getattr(project, "task_number", None), progress=progress)
    if predictions is not None:
        _prediction_versions(client, project.id, ex)
    res.duplicated_in_project = ex.duplicates
    new: list[Document] = []
    for d in docs:
        if d.id not in ex.tasks:
            new.append(d)
            continue
        res.already_there += 1
        if ex.texts.get(d.id) != d.text:
            res.changed.append(d.id)
        elif predictions is not None and d.id in predictions:
            if model_version in ex.model_versions.get(d.id, set()):
                res.predictions_already_there += 1
            else:
                p = _prediction(d, predictions[d.id], model_version, l2s, labels)
                with studio_errors(f"adding a prediction to task {ex.tasks[d.id]}", url):
                    client.predictions.create(task=ex.tasks[d.id], result=p["result"], model_version=model_version)
                res.predictions += 1
    with progress_bar(total=len(new), desc=title, unit="task", enabled=progress) as bar:
        for i in range(0, len(new), batch_size):
            batch = new[i:i + batch_size]
            tasks = [task_payload(d, (predictions or {}).get(d.id), model_version, l2s, labels) for d in batch]
            try:
                n_tasks, n_pred = _import(client, project.id, tasks)
            except _Retryable:
                # the server may have stored part or all of the batch: re-read, send only what is missing
                res.retried_batches += 1
                have = existing_tasks(client, project.id).tasks
                tasks = [t for t in tasks if t["data"]["doc_id"] not in have]
                try:
                    n_tasks, n_pred = _import(client, project.id, tasks) if tasks else (0, 0)
                except _Retryable as exc:
                    raise StudioError(f"importing into project {title} failed twice ({exc.args[0]})") from None
                n_tasks += len(batch) - len(tasks)
                n_pred += sum(1 for d in batch if (predictions or {}).get(d.id) is not None) - sum(
                    1 for t in tasks if t.get("predictions"))
            res.imported += n_tasks
            res.predictions += n_pred
            bar.update(len(batch))
    return res


class _Retryable(Exception):
    pass


def _import(client, project_id: int, tasks: list[dict]) -> tuple[int, int]:
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    url = getattr(client, "_hoinghi_url", None)
    with studio_errors(f"importing tasks into project {project_id}", url):
        try:
            r = client.projects.import_tasks(id=project_id, request=tasks, return_task_ids=True)
        except ApiError as exc:
            if exc.status_code is not None and exc.status_code >= 500:
                raise _Retryable(f"server error {exc.status_code}") from exc
            raise
        except (httpx.TimeoutException, httpx.RemoteProtocolError) as exc:
            raise _Retryable(type(exc).__name__) from exc
    return int(r.task_count or 0), int(r.prediction_count or 0)
