"""Building versioned gold sets: annotators' records → agreement → adjudication →
``gold/<name>/``.

The folder's format (splits by a hash of the id, ``gold.json``, the dataset card,
reading it back) is :mod:`hoinghi.gold_set`; its names are re-exported here so
``from hoinghi.annotate.gold import load_gold`` (the line every shipped card shows)
keeps working. This module checks and normalises the documents and computes the
manifest's figures (:func:`build_gold`), and runs the whole path from a pull
(:func:`build_from_pull`, behind ``hoinghi gold build``).

>>> from hoinghi.document import Document, Span
>>> d = _normalised(Document("d1", "Ông Lê Văn An", (Span(4, 13, "PERSON", "x"),), (), {"annotators": ["a"]}))
>>> d.spans[0].id, d.spans[0].text, d.meta
('g0', 'Lê Văn An', {'annotators': ['a'], 'adjudication': ''})
"""
from __future__ import annotations

__all__ = ["SPLITS", "SPLIT_RATIO", "split_of", "GoldManifest", "build_gold", "build_from_pull", "load_gold",
           "read_manifest"]

from collections import Counter
from pathlib import Path
from typing import Iterable

from ..document import Document, Span, fingerprint, validate_document
from ..errors import InputError, Location
from ..gold_set import SPLITS, SPLIT_RATIO, GoldManifest, load_gold, read_manifest, split_of, write_gold_set
from ..schema import SchemaSet, load_schemas
from .adjudication import AdjudicationLog, make_policy
from .agreement import AgreementResult
from .passes import check_records, pull_info
from .schema_groups import adjudicate_groups, agree_groups, load_groups


def _counts(docs: list[Document], labels: Iterable[str]) -> dict[str, int]:
    c = Counter(s.label for d in docs for s in d.spans)
    out = {lab: c.get(lab, 0) for lab in labels}
    out["relations"] = sum(len(d.relations) for d in docs)
    out["documents"] = len(docs)
    return out


def _check_documents(docs: list[Document], name: str, where: Location, log: AdjudicationLog | None,
                     schemas: SchemaSet) -> None:
    """The refusals of :func:`build_gold` about its input (see there)."""
    if not name or "/" in name or name.startswith("."):
        raise InputError(f"bad gold set name {name!r}", where)
    if not docs:
        raise InputError("no documents to build a gold set from", where)
    if log is not None and log.unsettled:
        c = log.unsettled[0]
        raise InputError(f"{len(log.unsettled)} unsettled conflict(s) — a reviewer must settle them first "
                         f"(first: {c.kind} in {c.field} at [{c.start}, {c.end}): "
                         + ", ".join(f"{x.text!r} by {'/'.join(x.annotators)}" for x in c.candidates) + ")",
                         Location(where.file, None, c.doc_id, c.field))
    l2s = schemas.label_to_schema()
    seen = set()
    for d in docs:
        if d.id in seen:
            raise InputError("duplicate document id", Location(where.file, None, d.id, "id"))
        seen.add(d.id)
        if d.text is None:
            raise InputError("gold documents need their text", Location(where.file, None, d.id, "text"))
        validate_document(d, Location(where.file), labels=l2s, gold=True, relation_ok=schemas.allows_relation)


def _normalised(d: Document) -> Document:
    """Span ids ``g0, g1, ...`` in (start, end, label) order, span text from the
    document, relations sorted, a uniform ``meta`` (``datasets`` needs one schema)."""
    order = sorted(d.spans, key=lambda s: s.key)
    ids = {s.id: f"g{i}" for i, s in enumerate(order)}
    spans = tuple(Span(s.start, s.end, s.label, ids[s.id], d.text[s.start:s.end]) for s in order)
    rels = tuple(sorted((type(r)(ids[r.head], ids[r.tail], r.type) for r in d.relations),
                        key=lambda r: (int(r.head[1:]), int(r.tail[1:]), r.type)))
    meta = {"annotators": [str(a) for a in d.meta.get("annotators", [])],
            "adjudication": str(d.meta.get("adjudication", ""))}
    return Document(d.id, d.text, spans, rels, meta)


def build_gold(documents: Iterable[Document], name: str, out_dir: str | Path, *, version: str,
               provenance: dict | None = None, agreement: dict | None = None,
               log: AdjudicationLog | None = None, schemas: SchemaSet | None = None,
               overwrite: bool = False, notes: Iterable[str] = ()) -> GoldManifest:
    """Write ``<out_dir>/<name>/`` (:mod:`hoinghi.gold_set`) and return its manifest.

    Refuses (``InputError``) when ``log`` has unsettled conflicts, when a document is
    not valid gold (labels, overlaps within a schema, relations), on duplicate ids, on
    an empty document list, and when the folder exists unless ``overwrite``. The folder
    is built in a temporary sibling and moved into place, so a failure leaves nothing
    half-written."""
    schemas = schemas or load_schemas()
    docs = list(documents)
    where = Location(str(Path(out_dir) / name))
    _check_documents(docs, name, where, log, schemas)
    final = Path(out_dir) / name
    if final.exists() and not overwrite:
        raise InputError("the gold set folder exists (bump the version and pass overwrite=True / --overwrite)", where)
    norm: dict[str, list[Document]] = {s: [] for s in SPLITS}
    for d in sorted(docs, key=lambda d: d.id):
        norm[split_of(d.id)].append(_normalised(d))
    all_docs = [d for s in SPLITS for d in norm[s]]
    labels = list(schemas.labels)
    manifest = GoldManifest(
        name=name, version=version, schema_version=schemas.version, fingerprint=fingerprint(all_docs),
        n_documents=len(all_docs), splits={s: [d.id for d in norm[s]] for s in SPLITS},
        counts={s: _counts(norm[s], labels) for s in SPLITS}, provenance=dict(provenance or {}),
        agreement=agreement, adjudication=log.summary() if log is not None else {"policy": "none"},
        notes=tuple(notes))
    write_gold_set(final, norm, manifest, labels, log)
    return manifest


def build_from_pull(paths, *, name: str, version: str, policy: str, out: str | Path = "gold",
                    provenance: dict | None = None, overwrite: bool = False, progress: bool = False,
                    notes=(), min_passes: int = 2) -> tuple[GoldManifest, AgreementResult | None, AdjudicationLog]:
    """``hoinghi gold build``: load and check the pulls' records (one pull per schema's
    project or one combined pull, :mod:`~hoinghi.annotate.schema_groups`), measure
    agreement on the independent passes (the policy's reviewers left out), adjudicate by
    ``policy`` and :func:`build_gold` over the schemas the pulls cover. ``min_passes`` 1
    keeps single-pass documents as they are; agreement is then measured on the documents
    with two or more passes (``None`` when there are none) and the card says how many had
    one. Returns ``(manifest, agreement, log)``."""
    groups = load_groups(paths)
    _, prov = pull_info(paths)
    pol = make_policy(policy)
    agreement = agree_groups(groups, exclude=pol.voters_exclude, progress=progress, min_passes=min_passes)
    if min_passes >= 2:   # the same checks adjudication makes, on the independent passes: an error names them
        for g in groups:
            check_records([r for r in g.records if r.annotator not in pol.voters_exclude], schemas=g.schemas,
                          documents=g.documents)
    gold, log = adjudicate_groups(groups, pol, min_passes=min_passes)
    covered = load_schemas().subset({n for g in groups for n in g.schemas.names})
    passes = _passes_per_document(groups, pol.voters_exclude)
    prov = {**prov, "annotators": sorted({r.annotator for g in groups for r in g.records} - pol.voters_exclude),
            "reviewers": sorted(pol.voters_exclude),
            "last_annotation_at": max((str(r.document.meta.get("updated_at")) for g in groups
                                       for r in g.records if r.document.meta.get("updated_at")), default=None),
            **(provenance or {})}
    summary = agreement.summary() if agreement is not None else None
    if min_passes < 2:
        summary = {**(summary or {}), "min_passes": min_passes,
                   "single_pass_documents": sum(1 for n in passes.values() if n == 1),
                   "multi_pass_documents": sum(1 for n in passes.values() if n >= 2),
                   "measured_on": "the documents with two or more independent passes"}
    manifest = build_gold(gold, name, out, version=version, provenance=prov, agreement=summary,
                          log=log, overwrite=overwrite, notes=notes, schemas=covered)
    return manifest, agreement, log


def _passes_per_document(groups, exclude) -> dict[str, int]:
    """The fewest independent passes a document has over the schema groups."""
    out: dict[str, int] = {}
    for g in groups:
        n: dict[str, set] = {}
        for r in g.records:
            if r.annotator not in exclude:
                n.setdefault(r.doc_id, set()).add(r.annotator)
        for d, who in n.items():
            out[d] = min(out.get(d, len(who)), len(who))
    return out
