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
  rejects with reason ``task without doc_id or text``;
* a task listed twice (concatenated exports) is converted once: an annotation seen
  before goes to rejects as ``duplicate annotation`` (counted in ``duplicate_tasks``);
* a task whose text is not NFC (imported outside ``push``) is normalised and its offsets
  remapped exactly (:func:`~hoinghi.annotate.ls_conversion.nfc_results`; an offset
  inside a composed character is a reject), counted in ``normalised`` and noted in
  ``meta.normalised``: no non-NFC record is ever written;
* a span overlapping an earlier span of the same schema in one annotation goes to
  rejects (``overlapping span``, with the relations that use it), as gold forbids it;
* the pushed document's ``meta`` (``data.meta``) is carried as ``meta.doc_meta``.

An export that is not a JSON list of task objects, or not JSON at all (truncated), is an
:class:`~hoinghi.errors.InputError` and nothing is written, not even the raw export.

All files are written atomically (temporary file, then rename).
"""
from __future__ import annotations

__all__ = ["pull", "save_export", "convert_export", "PullSummary", "Reject", "EXPORT_REASONS"]

import json
import re
import time
import unicodedata
from collections import Counter, defaultdict
from typing import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..atomic import write_atomic
from ..document import Document, Span, write_documents
from ..errors import InputError, Location
from ..progress import progress as progress_bar
from ..schema import load_schemas
from .label_config import parse_label_config
from .ls_conversion import Problem, from_results, nfc_results
from .studio import snapshot_export, studio_errors

#: Reasons for whole annotations in rejects (item-level reasons: results.REASONS).
EXPORT_REASONS = {
    "superseded": "the same annotator submitted a later annotation of this task",
    "task without doc_id or text": "the task's data has no string doc_id or text",
    "duplicate annotation": "the export lists this task again (concatenated exports); the first copy is kept",
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
    duplicate_tasks: int = 0       # tasks listed again in the export
    normalised: int = 0            # tasks whose text was not NFC
    inferred_relations: int = 0    # relations submitted without a type, typed by the schema
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
               f"  kept out: {self.skipped} skipped, {self.drafts} drafts, {self.superseded} superseded"
               + (f", {self.duplicate_tasks} duplicate task(s)" if self.duplicate_tasks else ""),
               *([f"  normalised to NFC: {self.normalised} task(s) whose text was not NFC (offsets remapped)"]
                 if self.normalised else []),
               f"  relations typed from the schema (submitted without a type, one type allowed): "
               f"{self.inferred_relations}",
               f"  rejects: {self.rejects}" + (" (" + ", ".join(f"{r} {n}" for r, n in sorted(self.reject_reasons.items())) + ")"
                                               if self.reject_reasons else "")]
        for kind, path in self.files.items():
            out.append(f"  {kind}: {path}")
        return out


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
    text, spans, relations, problems, inferred = _converted(ann.get("result") or [], text, cov)
    for p in problems:
        rejects.append(Reject(task.get("id"), ann.get("id"), email, doc_id, p.reason, p.detail, p.item))
    meta = {"annotator": email, "annotator_id": uid, "annotation_id": ann.get("id"), "task_id": task.get("id"),
            "created_at": ann.get("created_at"), "updated_at": ann.get("updated_at"),
            "lead_time": ann.get("lead_time"), "ground_truth": bool(ann.get("ground_truth")),
            "project_id": project_id if project_id is not None else ann.get("project"),
            "project_title": project_title, "schemas": list(cov.covered), "schema_version": cov.schema_version}
    if problems:
        meta["rejected_items"] = len(problems)
    if inferred:   # submitted without a type; the schemas allow exactly one between these labels
        meta["inferred_relation_types"] = [[r.head, r.tail, r.type] for r in inferred]
    if text != (task.get("data") or {}).get("text"):
        meta["normalised"] = "the task text was not NFC: normalised, offsets remapped"
    doc_meta = (task.get("data") or {}).get("meta")
    if doc_meta:
        meta["doc_meta"] = doc_meta
    return Document(doc_id, text, spans, relations, meta)


def _converted(result: list, text: str, cov: _Coverage) -> tuple[str, tuple, tuple, list[Problem], tuple]:
    """``(NFC text, spans, relations, problems, inferred)`` of one annotation's result items
    (``inferred``: the kept relations whose type came from the schemas)."""
    problems: list[Problem] = []
    if not unicodedata.is_normalized("NFC", text):
        text, result, problems = nfc_results(result, text)
    conv = from_results(result, text, label_to_schema=cov.label_to_schema, relation_ok=cov.relation_ok,
                        relation_types=cov.relation_types)
    problems += conv.problems
    spans, relations = _without_overlaps(conv.spans, conv.relations, cov.label_to_schema, result, problems)
    return text, spans, relations, problems, tuple(r for r in conv.inferred if r in relations)


def _without_overlaps(spans: tuple[Span, ...], relations: tuple, label_to_schema: dict[str, str], result: list,
                      problems: list[Problem]) -> tuple[tuple, tuple]:
    """Spans (sorted by start, end) minus each one that overlaps an earlier kept span of
    its schema, and relations minus those using a dropped span; each drop is a problem."""
    items = {i.get("id"): i for i in result if isinstance(i, dict) and i.get("type") == "labels"}
    last: dict[str, Span] = {}
    kept, dropped = [], set()
    for s in spans:
        schema = label_to_schema[s.label]
        o = last.get(schema)
        if o is not None and o.end > s.start:
            dropped.add(s.id)
            problems.append(Problem("overlapping span", items.get(s.id, s.to_json()),
                                    f"[{s.start}, {s.end}) {s.label} overlaps [{o.start}, {o.end}) {o.label} ({schema})"))
            continue
        kept.append(s)
        if o is None or o.end < s.end:
            last[schema] = s
    if not dropped:
        return spans, relations
    rels = []
    for r in relations:
        if r.head in dropped or r.tail in dropped:
            problems.append(Problem("relation to an overlapping span", r.to_json(),
                                    ", ".join(x for x in (r.head, r.tail) if x in dropped)))
        else:
            rels.append(r)
    return tuple(kept), tuple(rels)


def _first_copy(task: dict, seen_tasks: set, seen_annotations: set, summary: PullSummary,
                rejects: list[Reject]) -> dict:
    """``task`` without the annotations an earlier copy of it (same task id) already
    brought: each such annotation is a ``duplicate annotation`` reject."""
    tid = task.get("id")
    if tid is None:
        return task
    if tid not in seen_tasks:
        seen_tasks.add(tid)
        seen_annotations.update((tid, a.get("id")) for a in task.get("annotations") or [] if isinstance(a, dict))
        return task
    summary.duplicate_tasks += 1
    fresh = []
    for ann in task.get("annotations") or []:
        key = (tid, ann.get("id") if isinstance(ann, dict) else None)
        if key in seen_annotations:
            doc_id = (task.get("data") or {}).get("doc_id")
            rejects.append(Reject(tid, key[1], _annotator(ann)[0] if isinstance(ann, dict) else None,
                                  doc_id if isinstance(doc_id, str) else None, "duplicate annotation",
                                  f"task {tid} appears more than once in the export", ann))
        else:
            seen_annotations.add(key)
            fresh.append(ann)
    return dict(task, annotations=fresh, drafts=[])


def _check_tasks(tasks: object, source: str) -> list[dict]:
    """The export's top level: a list of task objects, or a located :class:`InputError`."""
    if not isinstance(tasks, list):
        raise InputError(f"not a Label Studio JSON export (a list of tasks): the top level is a "
                         f"{type(tasks).__name__}", Location(source))
    for i, task in enumerate(tasks):
        if not isinstance(task, dict) or not isinstance(task.get("data", {}), dict) \
                or not isinstance(task.get("annotations", []), list):
            raise InputError("not a Label Studio task (an object with data and annotations)", Location(source, field=f"[{i}]"))
    return tasks


def convert_export(tasks: list[dict], *, project_id: int | None = None, project_title: str | None = None,
                   label_config: str | None = None, progress: bool = False, source: str = "the export"
                   ) -> tuple[dict[str, list[Document]], list[Reject], PullSummary]:
    """Convert a parsed Label Studio JSON export to documents per annotator and rejects.

    ``label_config`` (the project's) tells which schemas the project covers and which
    control each label belongs to; without it, the shipped schemas are used. ``source``
    names the export in errors.
    """
    cov = _Coverage.of(label_config)
    summary = PullSummary(project_id, project_title, cov.covered)
    by_annotator: dict[str, list[Document]] = defaultdict(list)
    rejects: list[Reject] = []
    seen_tasks: set = set()
    seen_annotations: set = set()
    for task in progress_bar(_check_tasks(tasks, source), desc="converting", unit="task", enabled=progress):
        task = _first_copy(task, seen_tasks, seen_annotations, summary, rejects)
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
            summary.normalised += "normalised" in doc.meta
            by_annotator[doc.meta["annotator"]].append(doc)
            summary.records += 1
            summary.spans += len(doc.spans)
            summary.relations += len(doc.relations)
            summary.inferred_relations += len(doc.meta.get("inferred_relation_types", ()))
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
    proj = find_project(client, project, prefix)
    raw = snapshot_export(client, proj.id)
    summary = save_export(raw, out_dir, project_id=proj.id, project_title=proj.title,
                          label_config=proj.label_config, progress=progress)
    summary.seconds = round(time.perf_counter() - started, 3)
    write_atomic(Path(out_dir) / "pull.json", (json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n").encode())
    return summary


def save_export(raw: bytes, out_dir: str | Path, *, project_id: int, project_title: str | None = None,
                label_config: str | None = None, progress: bool = False) -> PullSummary:
    """Convert a raw export and write the pull's files (the summary's ``pull.json``
    is :func:`pull`'s). A truncated or malformed export is an :class:`InputError`
    and nothing is written, not even the raw export."""
    out_dir = Path(out_dir)
    raw_path = out_dir / f"export-{project_id}.json"
    source = f"the export of project {project_id}"
    try:
        tasks = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"not valid JSON (truncated?): {exc}", Location(source)) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", Location(source)) from None
    docs, rejects, summary = convert_export(tasks, project_id=project_id, project_title=project_title,
                                            label_config=label_config, progress=progress, source=source)
    write_atomic(raw_path, raw)  # only once the export converted: no partial output on failure
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
    return summary
