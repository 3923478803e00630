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

__all__ = ["push", "PushResult", "ProjectPush", "load_articles", "ensure_project", "project_title",
           "find_project", "existing_tasks", "task_payload"]

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..document import Document, iter_json_lines
from ..progress import progress as progress_bar
from ..errors import InputError, Location, StudioError
from ..schema import Schema, SchemaSet, load_schemas
from .label_config import label_config
from .ls_conversion import to_results
from .task_scores import confidence_score
from .studio import studio_errors

_TITLE_PREFIX = "hoinghi"


# -- articles -------------------------------------------------------------------

def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def load_articles(source: str | Path) -> list[Document]:
    """Articles to annotate, text NFC-normalised (the offsets' reference).

    ``source`` is a folder of ``.txt`` files (id = file stem, UTF-8), a document JSONL
    (``id``, ``text``, optional ``meta``; spans are ignored), or ``hf:<dataset>[@split]``
    (a Hugging Face dataset name or folder with ``id`` and ``text`` columns; every split
    when none is given). Duplicate ids raise :class:`InputError`.
    """
    src = str(source)
    docs: list[Document] = []
    seen: dict[str, str] = {}

    def add(doc_id, text, meta, where: Location) -> None:
        if not isinstance(doc_id, str) or not doc_id:
            raise InputError("missing or empty document id", Location(where.file, where.line, None, "id"))
        if not isinstance(text, str):
            raise InputError("missing text", Location(where.file, where.line, doc_id, "text"))
        if doc_id in seen:
            raise InputError(f"duplicate document id (first in {seen[doc_id]})", Location(where.file, where.line, doc_id, "id"))
        seen[doc_id] = f"{where.file}" + (f", line {where.line}" if where.line else "")
        docs.append(Document(doc_id, _nfc(text), (), (), dict(meta or {})))

    if src.startswith("hf:"):
        name, _, split = src[3:].partition("@")
        try:
            import datasets
            ds = datasets.load_dataset(name, split=split or None)
        except Exception as exc:  # datasets raises many types
            raise InputError(f"cannot load the Hugging Face dataset: {exc}", Location(name)) from None
        splits = ds.items() if isinstance(ds, dict) or hasattr(ds, "keys") and not hasattr(ds, "features") else [(split, ds)]
        for split_name, part in splits:
            if "text" not in part.column_names or not ({"id", "doc_id"} & set(part.column_names)):
                raise InputError(f"split {split_name} needs 'id' and 'text' columns (has {', '.join(part.column_names)})",
                                 Location(name))
            key = "id" if "id" in part.column_names else "doc_id"
            for i, row in enumerate(part):
                meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
                add(row[key], row["text"], meta, Location(f"{name}[{split_name}]", i + 1))
        return docs
    path = Path(src)
    if path.is_dir():
        files = sorted(path.glob("*.txt"))
        if not files:
            raise InputError("no .txt files in this folder", Location(str(path)))
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 ({exc.reason} at byte {exc.start})", Location(str(f), doc_id=f.stem)) from None
            add(f.stem, text, {"source": f.name}, Location(str(f)))
        return docs
    if not path.is_file():
        raise InputError("no such file or folder (expected a folder of .txt, a .jsonl or hf:<dataset>)", Location(src))
    for where, obj in iter_json_lines(path):
        if not isinstance(obj, dict):
            raise InputError("expected a JSON object", where)
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise InputError("meta must be an object", Location(where.file, where.line, obj.get("id"), "meta"))
        add(obj.get("id"), obj.get("text"), meta, where)
    return docs


# -- projects ----------------------------------------------------------------------

def project_title(schemas: Sequence[Schema], combined: bool = False, prefix: str = _TITLE_PREFIX) -> str:
    """``hoinghi-meetings`` for one schema, ``hoinghi-combined`` for a combined project.

    >>> from hoinghi.schema import load_schemas
    >>> project_title([load_schemas()["officials"]]), project_title([], combined=True, prefix="pilot")
    ('hoinghi-officials', 'pilot-combined')
    """
    return f"{prefix}-combined" if combined else f"{prefix}-{schemas[0].name}"


def find_project(client, ref: str | int, prefix: str = _TITLE_PREFIX):
    """A project by id, or by exact title (``hoinghi-meetings``), or by schema name
    (``meetings`` → ``<prefix>-meetings``). Raises :class:`StudioError` when absent or ambiguous."""
    url = getattr(client, "_hoinghi_url", None)
    if isinstance(ref, int) or str(ref).isdigit():
        with studio_errors(f"fetching project {ref}", url):
            return client.projects.get(id=int(ref))
    with studio_errors("listing projects", url):
        projects = list(client.projects.list(page_size=100))
    for title in (str(ref), f"{prefix}-{ref}"):
        hits = [p for p in projects if p.title == title]
        if len(hits) > 1:
            raise StudioError(f"{len(hits)} projects are titled {title!r}; pass the project id instead")
        if hits:
            with studio_errors(f"fetching project {hits[0].id}", url):
                return client.projects.get(id=hits[0].id)
    raise StudioError(f"Label Studio has no project {ref!r} (known: {', '.join(p.title for p in projects) or 'none'})")


def ensure_project(client, title: str, config: str, *, force: bool = False) -> tuple[object, str]:
    """Create the project or bring its label config up to date.

    Returns ``(project, action)`` with action ``created``, ``unchanged``, ``updated`` or
    ``forced``. Strict validation runs before any update; refused changes raise
    :class:`StudioError` with Label Studio's reason (labels and annotation counts)."""
    from label_studio_sdk.core.api_error import ApiError

    url = getattr(client, "_hoinghi_url", None)
    try:
        project = find_project(client, title)
    except StudioError as exc:
        if "has no project" not in str(exc):
            raise
        with studio_errors(f"creating project {title}", url):
            return client.projects.create(title=title, label_config=config), "created"
    if (project.label_config or "").strip() == config.strip():
        return project, "unchanged"
    action = "updated"
    try:
        client.projects.validate_label_config(id=project.id, label_config=config)
    except ApiError as exc:
        if exc.status_code != 400:
            with studio_errors(f"validating the label config of {title}", url):
                raise
        reason = _validation_reason(exc.body)
        if not force:
            raise StudioError(f"refusing to change the label config of project {title} (id {project.id}): "
                              f"{reason}; pass --force to change it anyway (those annotations will come back "
                              f"as rejects on pull)") from None
        action = "forced"
    except Exception:
        with studio_errors(f"validating the label config of {title}", url):
            raise
    with studio_errors(f"updating the label config of {title}", url):
        project = client.projects.update(id=project.id, label_config=config)
    return project, action


def _validation_reason(body) -> str:
    if isinstance(body, dict):
        errs = body.get("validation_errors") or body.get("detail") or body
        if isinstance(errs, dict):
            errs = "; ".join(" ".join(map(str, v)) if isinstance(v, list) else str(v) for v in errs.values())
        return str(errs).strip()
    return str(body)[:400]


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
         force: bool = False, batch_size: int = 1000, progress: bool = True, prefix: str = _TITLE_PREFIX) -> PushResult:
    """Create/update the projects and import the documents not yet there (see the module doc).

    ``schemas``: a :class:`SchemaSet` or schema names (default: all three, one project each;
    one project covering them all with ``combined``). ``predictions`` maps doc id to a
    predicted :class:`Document`; ``model_version`` names them (the extractor's name@version).
    Project titles are ``<prefix>-<schema>`` / ``<prefix>-combined``.
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
        out.append(_push_project(client, project, title, tuple(s.name for s in group), action, docs, predictions,
                                 model_version, l2s, labels, batch_size, progress))
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
