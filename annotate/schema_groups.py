"""Pulls of several schemas' projects over the same articles, taken together.

``hoinghi push`` makes one project per schema by default, so a team's work comes back as
one pull per schema (``hoinghi-meetings``, ``hoinghi-indicators``, ``hoinghi-officials``),
each record declaring the schemas its project covers (``meta.schemas``) and their version
(``meta.schema_version``, e.g. ``officials@1.0.0``). A combined project's pull is one
group covering all three. Here records are **grouped by the schemas they cover**; each
group is checked against its own schemas' version, measured and adjudicated on its own
(its annotators may differ from another group's), and the results are merged by
document id:

* a document's text must be identical in every group (the NFC text ``push`` imported);
  a text that differs is an :class:`~hoinghi.errors.InputError` naming both records;
* with several groups, every document must be in every group's pulls (else the gold set
  would claim a schema for an article nobody labelled with it);
* an annotator with two records of one schema for one document (the same pull passed
  twice, a combined pull beside a per-schema pull of the same project's schema) is
  refused: which one counts is a decision, not a merge.

Records that declare several schemas (a combined project's, a review project's) are
split into one record per schema, so a reviewer's pull of a combined review project
joins the annotators' per-schema pulls.

>>> from hoinghi.document import Document, Span
>>> from hoinghi.annotate.passes import Record
>>> t = "Ông Lê Văn An họp ngày 5/1"
>>> def rec(who, schema, spans):
...     return Record(who, Document("d", t, spans), declared_schemas=frozenset({schema}))
>>> recs = [rec(a, "officials", (Span(4, 13, "PERSON", "p"),)) for a in "ab"] + [
...        rec(a, "meetings", (Span(23, 26, "DATE", "x"),)) for a in "ab"]
>>> [g.schemas.version for g in group_records(recs)]
['meetings@1.0.0', 'officials@1.0.0']
>>> docs, log = adjudicate_groups(group_records(recs), "majority")
>>> [(s.label, s.text) for s in docs[0].spans], log.agreed_spans
([('PERSON', 'Lê Văn An'), ('DATE', '5/1')], 2)
"""
from __future__ import annotations

__all__ = ["SchemaGroup", "group_records", "load_groups", "agree_groups", "adjudicate_groups", "merge_agreements",
           "merge_documents"]

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..document import Document, Relation, Span
from ..errors import InputError, Location
from ..eval.counts import Counts
from ..schema import SchemaSet, load_schemas, parse_schema_version
from .adjudication import AdjudicationLog, adjudicate
from .agreement import MODES, AgreementResult, DocumentAgreement, PairAgreement, _mean, agree
from .passes import Record, load_records, pull_info
from .policies import Policy, make_policy


@dataclass(frozen=True)
class SchemaGroup:
    """Records that cover the same schemas, and the documents their pulls exported
    (``None`` when the records came from plain files)."""

    schemas: SchemaSet
    records: tuple[Record, ...]
    documents: tuple[str, ...] | None = None

    @property
    def doc_ids(self) -> set[str]:
        return {r.doc_id for r in self.records} | set(self.documents or ())


def _check_texts(groups: Sequence[SchemaGroup]) -> None:
    first: dict[str, Record] = {}
    for g in groups:
        for r in g.records:
            a = first.setdefault(r.doc_id, r)
            if a.document.text != r.document.text:
                raise InputError(f"the text differs from the record at {a.where} (schemas "
                                 f"{g.schemas.version}); pulls are merged only over the identical NFC text — "
                                 "push the same articles to every project", Location(r.where.file, r.where.line,
                                                                                     r.doc_id, "text"))


def _check_coverage(groups: Sequence[SchemaGroup]) -> None:
    if len(groups) < 2:
        return
    everywhere = set.union(*(g.doc_ids for g in groups))
    for g in groups:
        missing = sorted(everywhere - g.doc_ids)
        if missing:
            other = next(h for h in groups if missing[0] in h.doc_ids)
            r = next((r for r in other.records if r.doc_id == missing[0]), None)
            raise InputError(f"document is in the pulls of {other.schemas.version} but not in those of "
                             f"{g.schemas.version} ({len(missing)} such document(s)); pull every schema's project "
                             "over the same articles", Location(r.where.file if r else None, r.where.line if r else None,
                                                               missing[0], "meta.schemas"))


def _split(r: Record, name: str, schemas: SchemaSet) -> Record:
    """The part of record ``r`` in schema ``name``: its spans, the relations between them,
    that schema's version."""
    labels = set(schemas[name].label_names)
    spans = tuple(s for s in r.document.spans if s.label in labels)
    ids = {s.id for s in spans}
    rels = tuple(x for x in r.document.relations if x.head in ids and x.tail in ids)
    version = r.schema_version
    if version is not None:
        parts = dict(p.partition("@")[::2] for p in version.split("+"))
        version = f"{name}@{parts[name]}" if name in parts else version
    return Record(r.annotator, Document(r.doc_id, r.document.text, spans, rels, r.document.meta), r.where,
                  r.ground_truth, version, frozenset({name}))


def group_records(records: Iterable[Record], *, schemas: SchemaSet | None = None,
                  documents: dict[str, list[str]] | None = None) -> list[SchemaGroup]:
    """One group per schema, in the installed order: a record that declares several
    schemas (a combined project's, a review project's) is split into its schemas' parts,
    so it joins per-schema pulls of the same articles. Records that declare nothing
    (plain files) stay whole, in one group of every installed schema (checked as before:
    the annotators' schemas inferred from their labels). ``documents`` maps a schema to
    the ids its pulls exported. Texts and coverage are checked (module doc)."""
    schemas = schemas or load_schemas()
    records = list(records)
    whole = [r for r in records if not r.declared_schemas]
    if whole:
        if len(whole) < len(records):
            r = next(r for r in records if r.declared_schemas)
            raise InputError("records that declare their schemas (meta.schemas, as pull writes them) are mixed with "
                             "records that do not; declare them everywhere or nowhere",
                             Location(r.where.file, r.where.line, r.doc_id, "meta.schemas"))
        groups = [SchemaGroup(schemas, tuple(whole), _expected(documents, schemas.names))]
    else:
        by: dict[str, list[Record]] = defaultdict(list)
        seen: dict[tuple[str, str, str], Record] = {}
        for r in records:
            for name in sorted(r.declared_schemas, key=schemas.names.index):
                key = (r.doc_id, r.annotator, name)
                if key in seen:
                    raise InputError(f"annotator {r.annotator!r} has two records of schema {name} for this document "
                                     f"(the other at {seen[key].where}); pass each schema's pull once",
                                     Location(r.where.file, r.where.line, r.doc_id, "meta.schemas"))
                seen[key] = r
                by[name].append(_split(r, name, schemas))
        groups = [SchemaGroup(schemas.subset([n]), tuple(by[n]), _expected(documents, [n]))
                  for n in schemas.names if n in by]
    _check_texts(groups)
    _check_coverage(groups)
    return groups


def _expected(documents: dict[str, list[str]] | None, names) -> tuple[str, ...] | None:
    if not documents or not any(n in documents for n in names):
        return None
    return tuple(sorted({d for n in names for d in documents.get(n, ())}))


def load_groups(paths: Sequence[str | Path]) -> list[SchemaGroup]:
    """The records of pull folders or JSONL files, grouped (:func:`group_records`), each
    group with the documents its pull folders exported (so an article nobody labelled
    for one schema is caught)."""
    records = load_records(paths)
    documents: dict[str, list[str]] = {}
    for p in paths:
        ids, prov = pull_info([p])
        if ids is None:
            continue
        for name in prov["label_studio_projects"][0].get("schemas") or load_schemas().names:
            documents.setdefault(name, []).extend(ids)
    return group_records(records, documents=documents)


def agree_groups(groups: Sequence[SchemaGroup], *, exclude: Iterable[str] = (), progress: bool = False,
                 min_passes: int = 2) -> AgreementResult | None:
    """Agreement per group (``exclude``: annotators left out, e.g. reviewers), merged
    (:func:`merge_agreements`). With ``min_passes`` 1 only the documents with two or more
    passes are measured (``None`` when there are none)."""
    results = []
    exclude = set(exclude)
    for g in groups:
        recs = [r for r in g.records if r.annotator not in exclude]
        docs = g.documents
        if min_passes < 2:
            n = defaultdict(set)
            for r in recs:
                n[r.doc_id].add(r.annotator)
            recs = [r for r in recs if len(n[r.doc_id]) >= 2]
            docs = None
            if not recs:
                continue
        results.append(agree(recs, schemas=g.schemas, documents=docs, progress=progress))
    return merge_agreements(results) if results else None


def adjudicate_groups(groups: Sequence[SchemaGroup], policy: str | Policy, *, min_passes: int = 2
                      ) -> tuple[list[Document], AdjudicationLog]:
    """Adjudicate each group by ``policy`` and merge the gold documents by id
    (:func:`merge_documents`) and the logs."""
    pol = make_policy(policy)
    parts = [adjudicate(g.records, pol, schemas=g.schemas, documents=g.documents, min_passes=min_passes)
             for g in groups]
    if len(parts) == 1:
        return parts[0]
    log = AdjudicationLog(pol.name, [c for _, lg in parts for c in lg.conflicts],
                          sum(lg.agreed_spans for _, lg in parts), sum(lg.agreed_relations for _, lg in parts),
                          tuple(sorted({a for _, lg in parts for a in lg.annotators})))
    return merge_documents([docs for docs, _ in parts], pol.name), log


def merge_documents(parts: Sequence[Sequence[Document]], policy_name: str) -> list[Document]:
    """One document per id from documents over disjoint schemas: spans and relations
    side by side (span ids ``g0, g1, ...`` in (start, end, label) order), annotators
    united; sorted by id."""
    by: dict[str, list[Document]] = defaultdict(list)
    for docs in parts:
        for d in docs:
            by[d.id].append(d)
    out = []
    for doc_id in sorted(by):
        ds = by[doc_id]
        spans = [(s, i) for i, d in enumerate(ds) for s in d.spans]
        spans.sort(key=lambda x: x[0].key)
        ids = {(i, s.id): f"g{n}" for n, (s, i) in enumerate(spans)}
        rels = tuple(Relation(ids[(i, r.head)], ids[(i, r.tail)], r.type) for i, d in enumerate(ds) for r in d.relations)
        out.append(Document(doc_id, ds[0].text, tuple(Span(s.start, s.end, s.label, ids[(i, s.id)], s.text)
                                                      for s, i in spans), rels,
                            {"annotators": sorted({a for d in ds for a in d.meta.get("annotators", [])}),
                             "adjudication": policy_name}))
    return out


def _merge_pairs(results: Sequence[AgreementResult], labels: tuple[str, ...]) -> tuple[PairAgreement, ...]:
    docs_of: dict[str, set[str]] = defaultdict(set)
    for res in results:
        for d in res.documents:
            for key in d.counts:
                docs_of[key].add(d.doc_id)
    acc: dict[tuple[str, str], dict] = {}
    for res in results:
        for p in res.pairs:
            a = acc.setdefault((p.a, p.b), {"counts": {m: {lab: Counts() for lab in labels} for m in MODES}, "kappa": {}})
            for m in MODES:
                for lab, c in p.counts[m].items():
                    a["counts"][m][lab] = a["counts"][m][lab] + c
            a["kappa"].update(p.kappa)
    return tuple(PairAgreement(a, b, len(docs_of[f"{a}|{b}"]), v["counts"], dict(sorted(v["kappa"].items())))
                 for (a, b), v in sorted(acc.items()))


def _merge_docs(results: Sequence[AgreementResult]) -> tuple[DocumentAgreement, ...]:
    by: dict[str, list[DocumentAgreement]] = defaultdict(list)
    for res in results:
        for d in res.documents:
            by[d.doc_id].append(d)
    rows = []
    for doc_id, ds in by.items():
        counts: dict[str, dict[str, Counts]] = {}
        for d in ds:
            for pair, cs in d.counts.items():
                mine = counts.setdefault(pair, {m: Counts() for m in MODES})
                for m in MODES:
                    mine[m] = mine[m] + cs[m]
        spans: dict[str, int] = defaultdict(int)
        for d in ds:
            for a, n in d.spans.items():
                spans[a] += n
        rows.append(DocumentAgreement(doc_id, {m: _mean(c[m].f1 for c in counts.values()) for m in MODES},
                                      dict(sorted((s, k) for d in ds for s, k in d.kappa.items())), dict(spans),
                                      counts))
    rows.sort(key=lambda d: (d.f1["strict"] is None, d.f1["strict"] if d.f1["strict"] is not None else 0.0, d.doc_id))
    return tuple(rows)


def merge_agreements(results: Sequence[AgreementResult]) -> AgreementResult:
    """One agreement over several groups' results (disjoint fields): per pair the counts
    of every field side by side and the documents either group compared; per document
    the counts added per pair (its F1 is their mean over pairs, as in one group)."""
    if len(results) == 1:
        return results[0]
    installed = load_schemas()
    versions: dict[str, str] = {}
    for r in results:
        versions.update(parse_schema_version(r.schema_version))
    labels = tuple(lab for lab in installed.labels if any(lab in r.labels for r in results))
    version = "+".join(f"{n}@{versions[n]}" for n in installed.names if n in versions)
    return AgreementResult(tuple(sorted({a for r in results for a in r.annotators})), version, labels,
                           _merge_pairs(results, labels), _merge_docs(results))
