"""Pull a project's annotations back into the document contract.

:func:`pull` takes Label Studio's snapshot export (``POST /api/projects/{id}/exports``
with predictions and ``annotations__completed_by`` expanded), keeps the raw export next
to the output, and writes into ``out_dir``:

* ``<annotator e-mail>.jsonl`` per annotator: one document per annotated task, the
  annotator's spans and relations over the task's text; ``meta`` holds annotator,
  annotator_id, annotation_id, task_id, created_at, updated_at, lead_time, ground_truth,
  project_id, project_title, schemas (the project's controls) and schema_version;
* ``rejects.jsonl``: every result item or annotation that could not be converted, with
  task id, annotation id, annotator, doc id, reason and the raw item;
* ``export-<project id>.json``: the raw snapshot export (provenance);
* ``pull.json``: the summary (the files written by the previous pull into the same folder
  and not written again are removed, so the folder always shows one pull).

Rules (nothing an annotator submitted is dropped silently):

* skipped/cancelled annotations (``was_cancelled``) and drafts are not converted; they
  are counted in the summary;
* an item that cannot be converted goes to rejects (reasons in
  :data:`hoinghi.annotate.ls_conversion.REASONS`); the annotator's other items of that
  annotation are kept;
* when one annotator submitted several annotations on one task, the latest
  (``updated_at``, then id) is kept and each older one goes to rejects whole with reason
  ``superseded`` (Label Studio shows the annotator their latest one too);
* a task without a string ``data.doc_id`` or ``data.text`` sends its annotations to
  rejects with reason ``task without doc_id or text``.

All files are written atomically (temporary file, then rename).
"""
from __future__ import annotations

__all__ = ["pull", "convert_export", "PullSummary", "Reject", "snapshot_export", "EXPORT_REASONS"]

import json
import re
import time
from collections import Counter, defaultdict
from typing import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..atomic import write_atomic
from ..document import Document, write_documents
from ..progress import progress as progress_bar
from ..schema import load_schemas
from .label_config import parse_label_config
from .ls_conversion import from_results
from .studio import studio_errors

#: Reasons for whole annotations in rejects (item-level reasons: results.REASONS).
EXPORT_REASONS = {
    "superseded": "the same annotator submitted a later annotation of this task",
    "task without doc_id or text": "the task's data has no string doc_id or text",
}


@dataclass(frozen=True)
class Reject:
    """One thing that could not be converted: a result item, or a whole annotation."""

    task_id: int | None
    annotation_id: int | None
    annotator: str | None
    doc_id: str | None
    reason: str
    detail: str
    item: object

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class PullSummary:
    """What :func:`pull` (or :func:`convert_export`) found and wrote."""

    project_id: int | None = None
    project_title: str | None = None
    schemas: tuple[str, ...] = ()
    tasks: int = 0
    annotations: int = 0           # all annotations in the export, skipped included
    records: int = 0               # documents written (one per annotator per task)
    spans: int = 0
    relations: int = 0
    skipped: int = 0               # was_cancelled
    drafts: int = 0
    superseded: int = 0
    rejects: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    per_annotator: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        """Human-readable summary lines (printed by ``hoinghi pull``)."""
        out = [f"project {self.project_id} {self.project_title!r} ({', '.join(self.schemas)}): "
               f"{self.tasks} tasks, {self.annotations} annotations",
               f"  wrote {self.records} documents ({self.spans} spans, {self.relations} relations) for "
               f"{len(self.per_annotator)} annotator(s)"
               + "".join(f"{': ' if i == 0 else ', '}{a} {n}" for i, (a, n) in enumerate(sorted(self.per_annotator.items()))),
               f"  kept out: {self.skipped} skipped, {self.drafts} drafts, {self.superseded} superseded",
               f"  rejects: {self.rejects}" + (" (" + ", ".join(f"{r} {n}" for r, n in sorted(self.reject_reasons.items())) + ")"
                                               if self.reject_reasons else "")]
        for kind, path in self.files.items():
            out.append(f"  {kind}: {path}")
        return out


def snapshot_export(client, project_id: int, *, poll: float = 0.5, timeout: float = 1800.0) -> bytes:
    """The full snapshot export (JSON) of a project with predictions and annotators expanded."""
    url = getattr(client, "_hoinghi_url", None)
    with studio_errors(f"exporting project {project_id}", url):
        exp = client.projects.exports.create(
            project_id, title=f"hoinghi pull {time.strftime('%Y-%m-%dT%H:%M:%S')}",
            serialization_options={"predictions": {"only_id": False},
                                   "annotations__completed_by": {"only_id": False}})
        deadline = time.monotonic() + timeout
        status = exp.status
        while status not in ("completed", "failed"):
            if time.monotonic() > deadline:
                from ..errors import StudioError
                raise StudioError(f"the export of project {project_id} did not finish within {timeout:.0f} s")
            time.sleep(poll)
            status = client.projects.exports.get(project_id, export_pk=exp.id).status
        if status == "failed":
            from ..errors import StudioError
            raise StudioError(f"Label Studio failed to build the export of project {project_id}")
        return b"".join(client.projects.exports.download(project_id, export_pk=exp.id, export_type="JSON"))


def _annotator(ann: dict) -> tuple[str, int | None]:
    cb = ann.get("completed_by")
    if isinstance(cb, dict):
        return cb.get("email") or f"user-{cb.get('id')}", cb.get("id")
    if isinstance(cb, int):
        return f"user-{cb}", cb
    return "unknown", None


def _ts(ann: dict):
    return (ann.get("updated_at") or ann.get("created_at") or "", ann.get("id") or 0)


@dataclass(frozen=True)
class _Coverage:
    """What the project's label config covers: schemas, each label's control, relation
    types, and the ``schema_version`` string every pulled document carries."""

    covered: tuple[str, ...]
    label_to_schema: dict[str, str]
    relation_types: set[str]
    schema_version: str
    relation_ok: object

    @classmethod
    def of(cls, label_config: str | None) -> "_Coverage":
        all_schemas = load_schemas()
        known = all_schemas.label_to_schema()
        if label_config:
            parsed = parse_label_config(label_config)
            covered = tuple(c for c in parsed.controls if c in all_schemas.names)
            l2s = {lab: c for c, labs in parsed.controls.items() if c in covered for lab in labs if known.get(lab) == c}
        else:
            covered = all_schemas.names
            l2s = known
        rel_types = {r.type for s in all_schemas.schemas if s.name in covered for r in s.relations}
        version = "+".join(f"{all_schemas[n].name}@{all_schemas[n].version}" for n in covered)
        return cls(tuple(covered), l2s, rel_types, version, all_schemas.allows_relation)


def _latest_annotations(task: dict, doc_id, summary: PullSummary, rejects: list[Reject]) -> Iterator[tuple[str, dict]]:
    """Each annotator's latest submitted annotation of ``task``, as ``(annotator,
    annotation)``; skips are counted, earlier annotations of the same annotator become
    ``superseded`` rejects (appended just before that annotator's pair is yielded, so the
    rejects keep the export's order)."""
    anns = task.get("annotations") or []
    summary.annotations += len(anns)
    groups: dict[str, list[dict]] = defaultdict(list)
    for ann in anns:
        if ann.get("was_cancelled"):
            summary.skipped += 1
        else:
            groups[_annotator(ann)[0]].append(ann)
    for who, group in groups.items():
        group.sort(key=_ts)
        for old in group[:-1]:
            summary.superseded += 1
            rejects.append(Reject(task.get("id"), old.get("id"), who, doc_id if isinstance(doc_id, str) else None,
                                  "superseded", f"annotation {group[-1].get('id')} is later", old))
        yield who, group[-1]


def _document(task: dict, ann: dict, doc_id: str, text: str, cov: _Coverage, project_id, project_title,
              rejects: list[Reject]) -> Document:
    """One annotation as a document with its provenance in ``meta``; items that do not
    convert become rejects (counted in ``meta.rejected_items``)."""
    email, uid = _annotator(ann)
    conv = from_results(ann.get("result") or [], text, label_to_schema=cov.label_to_schema,
                        relation_ok=cov.relation_ok, relation_types=cov.relation_types)
    for p in conv.problems:
        rejects.append(Reject(task.get("id"), ann.get("id"), email, doc_id, p.reason, p.detail, p.item))
    meta = {"annotator": email, "annotator_id": uid, "annotation_id": ann.get("id"), "task_id": task.get("id"),
            "created_at": ann.get("created_at"), "updated_at": ann.get("updated_at"),
            "lead_time": ann.get("lead_time"), "ground_truth": bool(ann.get("ground_truth")),
            "project_id": project_id if project_id is not None else ann.get("project"),
            "project_title": project_title, "schemas": list(cov.covered), "schema_version": cov.schema_version}
    if conv.problems:
        meta["rejected_items"] = len(conv.problems)
    return Document(doc_id, text, conv.spans, conv.relations, meta)


def convert_export(tasks: list[dict], *, project_id: int | None = None, project_title: str | None = None,
                   label_config: str | None = None, progress: bool = False
                   ) -> tuple[dict[str, list[Document]], list[Reject], PullSummary]:
    """Convert a parsed Label Studio JSON export to documents per annotator and rejects.

    ``label_config`` (the project's) tells which schemas the project covers and which
    control each label belongs to; without it, the shipped schemas are used.
    """
    cov = _Coverage.of(label_config)
    summary = PullSummary(project_id, project_title, cov.covered)
    by_annotator: dict[str, list[Document]] = defaultdict(list)
    rejects: list[Reject] = []
    for task in progress_bar(tasks, desc="converting", unit="task", enabled=progress):
        summary.tasks += 1
        data = task.get("data") or {}
        doc_id, text = data.get("doc_id"), data.get("text")
        summary.drafts += len(task.get("drafts") or [])
        for who, ann in _latest_annotations(task, doc_id, summary, rejects):
            if not isinstance(doc_id, str) or not doc_id or not isinstance(text, str):
                rejects.append(Reject(task.get("id"), ann.get("id"), who, None, "task without doc_id or text",
                                      f"data keys: {', '.join(sorted(data))}", ann))
                continue
            doc = _document(task, ann, doc_id, text, cov, project_id, project_title, rejects)
            by_annotator[doc.meta["annotator"]].append(doc)
            summary.records += 1
            summary.spans += len(doc.spans)
            summary.relations += len(doc.relations)
    summary.rejects = len(rejects)
    summary.reject_reasons = dict(Counter(r.reason for r in rejects))
    summary.per_annotator = {a: len(d) for a, d in by_annotator.items()}
    return dict(by_annotator), rejects, summary


def _safe_name(email: str) -> str:
    return re.sub(r"[^A-Za-z0-9@._+-]", "_", email) or "unknown"


def pull(client, project: str | int, out_dir: str | Path, *, progress: bool = True,
         prefix: str = "hoinghi") -> PullSummary:
    """Export ``project`` (id, title or schema name) and write it to ``out_dir`` (see the
    module doc). Returns the :class:`PullSummary`."""
    from .projects import find_project

    started = time.perf_counter()
    out_dir = Path(out_dir)
    proj = find_project(client, project, prefix)
    raw = snapshot_export(client, proj.id)
    raw_path = out_dir / f"export-{proj.id}.json"
    write_atomic(raw_path, raw)
    try:
        tasks = json.loads(raw)
    except ValueError as exc:
        from ..errors import StudioError
        raise StudioError(f"the export of project {proj.id} is not valid JSON ({exc})") from None
    docs, rejects, summary = convert_export(tasks, project_id=proj.id, project_title=proj.title,
                                            label_config=proj.label_config, progress=progress)
    files = {"raw export": str(raw_path)}
    for email, recs in sorted(docs.items()):
        p = out_dir / f"{_safe_name(email)}.jsonl"
        write_documents(p, recs)
        files[email] = str(p)
    rej_path = out_dir / "rejects.jsonl"
    write_documents(rej_path, (r.to_json() for r in rejects))
    files["rejects"] = str(rej_path)
    manifest = out_dir / "pull.json"
    if manifest.exists():  # drop files of the previous pull that this one did not rewrite
        try:
            old = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
        except ValueError:
            old = {}
        for path in set(old.values()) - set(files.values()):
            p = Path(path)
            if p.parent.resolve() == out_dir.resolve() and p.suffix in (".jsonl", ".json"):
                p.unlink(missing_ok=True)
    summary.files = files
    summary.seconds = round(time.perf_counter() - started, 3)
    write_atomic(manifest, (json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n").encode())
    return summary
