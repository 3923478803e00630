"""Annotators' passes: each annotator's records (one document as labelled by one
annotator), and the checks every multi-annotator computation (agreement, adjudication,
gold build) starts with.

A *pull* is a folder of document JSONL files (``hoinghi pull`` writes one record per
annotator per document) or a list of such files. Each line is a document in the
contract of :mod:`hoinghi.document`; ``meta`` says who made it:

* ``meta.annotator`` (falls back to ``meta.completed_by``, then to the file's stem),
* ``meta.ground_truth`` (Label Studio's ground-truth flag, optional),
* ``meta.schema_version`` (optional; when present it must be the same on every record),
* ``meta.schemas`` (optional list of the schemas the annotator labelled; when absent
  they are inferred from the labels the annotator used anywhere in the pull).

Files named ``*rejects*`` (the pull's rejects) and files that are not JSONL are not
records and are skipped by :func:`load_records` — rejects are reported by ``pull``.

>>> from hoinghi.document import Document, Span
>>> d = Document("d1", "Ông Lê Văn An", (Span(4, 13, "PERSON", "s0"),))
>>> r = Record("a@x", d)
>>> r.annotator, r.schemas_used()
('a@x', frozenset({'officials'}))
"""
from __future__ import annotations

__all__ = ["Record", "load_records", "check_records", "RecordSet", "pull_info", "covered_schemas"]

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..document import Document, iter_json_lines, read_json, validate_document
from ..errors import InputError, Location
from ..schema import SchemaSet, load_schemas


@dataclass(frozen=True)
class Record:
    """One document as labelled by one annotator."""

    annotator: str
    document: Document
    where: Location = field(default_factory=Location)
    ground_truth: bool = False
    schema_version: str | None = None
    declared_schemas: frozenset[str] | None = None

    @property
    def doc_id(self) -> str:
        return self.document.id

    def schemas_used(self, schemas: SchemaSet | None = None) -> frozenset[str]:
        schemas = schemas or load_schemas()
        l2s = schemas.label_to_schema()
        return frozenset(l2s[s.label] for s in self.document.spans if s.label in l2s)


@dataclass(frozen=True)
class RecordSet:
    """Checked records: ``by_doc[doc_id][annotator] -> Record``, the annotators, and
    the schemas each annotator labelled."""

    records: tuple[Record, ...]
    by_doc: dict[str, dict[str, Record]]
    annotators: tuple[str, ...]
    schemas_of: dict[str, frozenset[str]]
    schema_version: str
    warnings: tuple[str, ...] = ()

    def text(self, doc_id: str) -> str:
        return next(iter(self.by_doc[doc_id].values())).document.text or ""


def _annotator_of(meta: dict, path: Path) -> str:
    for key in ("annotator", "completed_by"):
        v = meta.get(key)
        if isinstance(v, dict):
            v = v.get("email") or v.get("id")
        if v not in (None, ""):
            return str(v)
    return path.stem


def _record_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += [f for f in sorted(p.glob("*.jsonl")) if "reject" not in f.name]
        elif p.is_file():
            files.append(p)
        else:
            raise InputError("no such file or folder", Location(str(p)))
    if not files:
        raise InputError("no annotator records (*.jsonl) found", Location(", ".join(map(str, paths))))
    return files


def load_records(paths: Iterable[str | Path], *, schemas: SchemaSet | None = None) -> list[Record]:
    """Read annotator records from pull folders or JSONL files, validating each
    document (labels known, no overlap within a schema, relations allowed).
    An annotator with two records for one document (in one schema's project) is refused."""
    schemas = schemas or load_schemas()
    l2s = schemas.label_to_schema()
    out: list[Record] = []
    seen: dict[tuple[str, str], Location] = {}
    for path in _record_files(paths):
        for where, obj in iter_json_lines(path):
            lineno = where.line
            doc = Document.from_json(obj, where)
            validate_document(doc, where, labels=l2s, gold=True, relation_ok=schemas.allows_relation)
            meta = doc.meta
            who = _annotator_of(meta, path)
            loc = Location(str(path), lineno, doc.id, "meta.annotator")
            declared = meta.get("schemas")
            if declared is not None:
                if not isinstance(declared, list) or any(s not in schemas.names for s in declared):
                    raise InputError(f"meta.schemas must list schema names ({', '.join(schemas.names)})",
                                     Location(str(path), lineno, doc.id, "meta.schemas"))
                declared = frozenset(declared)
            key = (doc.id, who, declared)     # one record per schema project (pulls of several projects)
            if key in seen:
                raise InputError(f"annotator {who!r} has two records for this document (first at {seen[key]}); "
                                 "keep one (the pull keeps the latest submitted annotation)", loc)
            seen[key] = loc
            version = meta.get("schema_version")
            out.append(Record(who, doc, Location(str(path), lineno, doc.id), bool(meta.get("ground_truth")),
                              str(version) if version is not None else None, declared))
    return out


def covered_schemas(records: Iterable[Record], schemas: SchemaSet | None = None) -> SchemaSet:
    """The schemas the records say they cover (``meta.schemas``, as ``hoinghi pull``
    writes them: the project's), in the installed order; all installed schemas when no
    record declares any. A pull of ``hoinghi-officials`` covers ``officials`` only and is
    checked against that schema's version alone.

    >>> from hoinghi.document import Document
    >>> covered_schemas([Record("a", Document("d", "x"), declared_schemas=frozenset({"officials"}))]).version
    'officials@1.0.0'
    """
    schemas = schemas or load_schemas()
    names = set()
    for r in records:
        names |= r.declared_schemas or set()
    return schemas.subset(names) if names else schemas


def check_records(records: Iterable[Record], *, schemas: SchemaSet | None = None, documents: Iterable[str] | None = None,
                  min_annotators: int = 2) -> RecordSet:
    """Group records by document and check them; raise :class:`InputError` for

    * fewer than ``min_annotators`` annotators in the whole pull;
    * a document annotated by nobody (ids in ``documents`` without records) or by
      fewer than ``min_annotators`` annotators;
    * records of one document whose texts differ;
    * annotators who labelled different schemas (declared in ``meta.schemas`` or
      inferred from their labels);
    * a schema version that differs between records, or from the installed version of
      the schemas the records cover (``schemas``, default :func:`covered_schemas`).

    ``min_annotators`` is the passes every document needs (``gold build --min-passes 1``
    accepts single-pass documents; the pull as a whole then needs one annotator).
    Nothing is merged silently: the message names the file, line, document and field.
    """
    records = tuple(records)
    schemas = schemas or covered_schemas(records)
    if not records:
        raise InputError("no annotator records")
    annotators = tuple(sorted({r.annotator for r in records}))
    if len(annotators) < min_annotators:
        r = records[0]
        raise InputError(f"the pull has {len(annotators)} annotator ({', '.join(annotators)}); agreement and "
                         f"adjudication need at least {min_annotators} independent passes per document",
                         Location(r.where.file, None, None, "meta.annotator"))
    version = _schema_version(records, schemas)
    by_doc: dict[str, dict[str, Record]] = defaultdict(dict)
    for r in records:
        by_doc[r.doc_id][r.annotator] = r
    _check_documents(by_doc, documents, min_annotators)
    schemas_of = _schemas_of(records, annotators, schemas)
    return RecordSet(records, dict(by_doc), annotators, schemas_of, version, ())


def _schema_version(records: tuple[Record, ...], schemas: SchemaSet) -> str:
    """The one schema version of the records (the installed one when none is recorded);
    refused when records differ or differ from the installed schemas."""
    versions = {r.schema_version for r in records if r.schema_version is not None}
    if len(versions) > 1:
        first = {}
        for r in records:
            if r.schema_version is not None:
                first.setdefault(r.schema_version, r)
        a, b = list(first.values())[:2]
        raise InputError(f"schema version {b.schema_version!r} differs from {a.schema_version!r} (at {a.where}); "
                         "records made with different schema versions are never merged: re-pull or migrate them "
                         "(pulls of different schemas' projects are merged by hoinghi.annotate.schema_groups, as "
                         "agree, adjudicate and gold build do)",
                         Location(b.where.file, b.where.line, b.doc_id, "meta.schema_version"))
    version = versions.pop() if versions else schemas.version
    if version != schemas.version:
        r = next(r for r in records if r.schema_version is not None)
        raise InputError(f"records were made with schema version {version!r} but the installed schemas are "
                         f"{schemas.version!r}", Location(r.where.file, r.where.line, r.doc_id, "meta.schema_version"))
    return version


def _check_documents(by_doc: dict[str, dict[str, Record]], documents: Iterable[str] | None, min_annotators: int) -> None:
    """One text per document; every expected document annotated, by enough annotators."""
    for doc_id, recs in by_doc.items():
        texts = {r.document.text for r in recs.values()}
        if len(texts) > 1:
            rs = sorted(recs.values(), key=lambda r: r.annotator)
            b = next(r for r in rs if r.document.text != rs[0].document.text)
            raise InputError(f"the text differs between annotators {rs[0].annotator!r} and {b.annotator!r}; records "
                             "of one document must share its exact text", Location(b.where.file, b.where.line, doc_id, "text"))
    for doc_id in documents or ():
        if doc_id not in by_doc:
            raise InputError("document annotated by nobody (no record from any annotator)", Location(None, None, doc_id, "annotator"))
    for doc_id, recs in sorted(by_doc.items()):
        if len(recs) < min_annotators:
            r = next(iter(recs.values()))
            raise InputError(f"document annotated only by {', '.join(sorted(recs))}; it needs {min_annotators} "
                             "independent passes (annotate it again, or leave it out of the pull)",
                             Location(r.where.file, r.where.line, doc_id, "meta.annotator"))


def _schemas_of(records: tuple[Record, ...], annotators: tuple[str, ...], schemas: SchemaSet) -> dict[str, frozenset[str]]:
    """The schemas each annotator labelled (declared, else inferred); all must be the same."""
    used: dict[str, set[str]] = defaultdict(set)
    declared: dict[str, frozenset[str]] = {}
    for r in records:
        used[r.annotator] |= r.schemas_used(schemas)
        if r.declared_schemas is not None:
            declared[r.annotator] = declared.get(r.annotator, frozenset()) | r.declared_schemas
    schemas_of = {a: declared.get(a, frozenset(used[a])) for a in annotators}
    if len({v for v in schemas_of.values()}) > 1:
        desc = "; ".join(f"{a}: {', '.join(sorted(s)) or 'nothing'}" for a, s in sorted(schemas_of.items()))
        r = records[0]
        raise InputError(f"annotators labelled different schemas ({desc}); their records cannot be compared or "
                         "merged — give each schema its own pull, or declare meta.schemas",
                         Location(r.where.file, None, None, "meta.schemas"))
    return schemas_of


def pull_info(paths: Iterable[str | Path]) -> tuple[list[str] | None, dict]:
    """For pull folders written by ``hoinghi pull``: the document ids of every task in
    the raw export (so documents annotated by nobody are caught) and the provenance
    (project id and title, schemas, the raw export's file name, counts of skipped,
    drafts, superseded and rejected items). ``(None, {})`` for plain files."""
    ids: list[str] = []
    prov: dict = {}
    found = False
    for p in map(Path, paths):
        summary = p / "pull.json" if p.is_dir() else None
        if summary is None or not summary.is_file():
            continue
        found = True
        s = read_json(summary)
        raw = Path((s.get("files") or {}).get("raw export", ""))
        raw = p / raw.name if raw.name else None
        if raw is not None and raw.is_file():
            for i, t in enumerate(read_json(raw)):
                doc_id = (t.get("data") or {}).get("doc_id")
                if isinstance(doc_id, str):
                    ids.append(doc_id)
        prov.setdefault("label_studio_projects", []).append(
            {"id": s.get("project_id"), "title": s.get("project_title"), "schemas": s.get("schemas"),
             "raw_export": raw.name if raw is not None else None, "tasks": s.get("tasks"),
             "annotations": s.get("annotations"), "skipped": s.get("skipped"), "drafts": s.get("drafts"),
             "superseded": s.get("superseded"), "rejects": s.get("rejects")})
    return (ids if found else None), prov
