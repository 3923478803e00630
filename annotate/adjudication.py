"""Adjudication: merge several annotators' records of a document into one gold
document by a named policy, listing every conflict it settled or could not settle.

**Conflict.** Per document and schema, the spans of all annotators are grouped into
clusters of overlapping spans (any label of that schema; transitively). A cluster on
which every annotator gave the same single span is *agreed* and goes to gold. Every
other cluster is a :class:`Conflict` — ``kind`` says how the candidates differ:
``presence`` (same span, not everybody marked it), ``boundary``, ``label`` or
``boundary+label``. Relations are adjudicated after spans, per relation
(head span, tail span, type), the same way; a relation whose endpoints are not both
in gold is dropped *and logged*; one whose head or tail is still in an unsettled span
conflict is itself left unsettled ("pending") — it follows the reviewer's span decision.

**Policies** (each a small class whose docstring states its rule) are in
:mod:`hoinghi.annotate.policies` (re-exported here): ``majority``, ``reviewer:<email>``,
``ground-truth``, ``union``.

Unsettled conflicts are listed in the log and block :func:`hoinghi.annotate.gold.build_gold`
until a reviewer settles them. Nothing is decided silently: every conflict is in the log
with who said what, the decision and the rule.

>>> from hoinghi.document import Document, Span
>>> from hoinghi.annotate.passes import Record
>>> t = "Ông Lê Văn An nói"
>>> a = Record("a", Document("d", t, (Span(4, 13, "PERSON", "x"),)))
>>> b = Record("b", Document("d", t, (Span(4, 13, "PERSON", "y"),)))
>>> c = Record("c", Document("d", t, (Span(0, 13, "PERSON", "z"),)))
>>> gold, log = adjudicate([a, b, c], "majority")
>>> [(s.start, s.end) for s in gold[0].spans], log.conflicts[0].kind, log.conflicts[0].rule
([(4, 13)], 'boundary', 'majority: kept spans marked by more than half of 3 annotators')
"""
from __future__ import annotations

__all__ = ["Candidate", "Conflict", "AdjudicationLog", "Policy", "Majority", "Reviewer", "GroundTruth",
           "Union", "make_policy", "adjudicate"]

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..document import Document, Relation, Span, SpanKey, iter_json_lines, write_documents
from ..errors import InputError, Location
from ..schema import SchemaSet
from .passes import Record, RecordSet, check_records, covered_schemas
from .policies import GroundTruth, Majority, Policy, Reviewer, Union, make_policy


@dataclass(frozen=True)
class Candidate:
    """One competing span (or relation) and the annotators who gave it."""

    start: int
    end: int
    label: str
    text: str
    annotators: tuple[str, ...]
    head: SpanKey | None = None          # relations only
    tail: SpanKey | None = None

    @property
    def key(self) -> SpanKey:
        """``(start, end, label)`` of a span candidate (see :attr:`hoinghi.document.Span.key`)."""
        return (self.start, self.end, self.label)

    def to_json(self) -> dict:
        out = {"start": self.start, "end": self.end, "label": self.label, "text": self.text,
               "annotators": list(self.annotators)}
        if self.head is not None:
            out = {"type": self.label, "head": list(self.head), "tail": list(self.tail),
                   "head_text": self.text.split(" → ")[0], "tail_text": self.text.split(" → ")[-1],
                   "annotators": list(self.annotators)}
        return out


@dataclass(frozen=True)
class Conflict:
    """A cluster of overlapping spans (or one relation) on which annotators differ."""

    doc_id: str
    schema: str
    field: str                       # the label(s) involved, "A|B"; "relation:<type>" for relations
    kind: str                        # presence | boundary | label | boundary+label | relation | dropped-relation
    start: int
    end: int
    candidates: tuple[Candidate, ...]
    annotators: tuple[str, ...]      # everybody who labelled this schema in this document
    decision: tuple[Candidate, ...] | None   # kept candidates (may be empty: all rejected); None = unsettled
    rule: str

    @property
    def settled(self) -> bool:
        return self.decision is not None

    def to_json(self) -> dict:
        return {"document": self.doc_id, "schema": self.schema, "field": self.field, "kind": self.kind,
                "start": self.start, "end": self.end,
                "candidates": [c.to_json() for c in self.candidates],
                "silent": [a for a in self.annotators if not any(a in c.annotators for c in self.candidates)],
                "annotators": list(self.annotators),
                "settled": self.settled,
                "decision": None if self.decision is None else [c.to_json() for c in self.decision],
                "rule": self.rule}


@dataclass
class AdjudicationLog:
    """Every conflict of an adjudication run, settled or not, plus what was agreed."""

    policy: str
    conflicts: list[Conflict] = field(default_factory=list)
    agreed_spans: int = 0
    agreed_relations: int = 0
    annotators: tuple[str, ...] = ()

    @property
    def unsettled(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.settled]

    def summary(self) -> dict:
        kinds: dict[str, int] = defaultdict(int)
        for c in self.conflicts:
            kinds[c.kind] += 1
        return {"policy": self.policy, "annotators": list(self.annotators), "agreed_spans": self.agreed_spans,
                "agreed_relations": self.agreed_relations, "conflicts": len(self.conflicts),
                "settled": len(self.conflicts) - len(self.unsettled), "unsettled": len(self.unsettled),
                "by_kind": dict(sorted(kinds.items()))}

    def write(self, path: str | Path) -> int:
        """Write the log as JSONL (first line: the summary, then one conflict per line)."""
        rows = [{"summary": self.summary()}] + [c.to_json() for c in self.conflicts]
        return write_documents(path, rows)

    @classmethod
    def read(cls, path: str | Path) -> list[dict]:
        """The rows of a written log (summary first). Lines are split on ``\\n`` only:
        ``str.splitlines`` would also split on U+2028/U+0085, which ``json.dumps(ensure_ascii=False)``
        leaves unescaped inside span texts."""
        return [obj for _, obj in iter_json_lines(path)]


# -- the merge ----------------------------------------------------------------------

def _kind(cands: Sequence[Candidate]) -> str:
    if len(cands) == 1:
        return "presence"
    bounds = {(c.start, c.end) for c in cands}
    labels = {c.label for c in cands}
    if len(labels) == 1:
        return "boundary"
    if len(bounds) == 1:
        return "label"
    return "boundary+label"


def _clusters(items: list[tuple[SpanKey, str]]) -> list[list[tuple[SpanKey, str]]]:
    """Group (span key, annotator) items into clusters of transitively overlapping spans."""
    items = sorted(items, key=lambda x: (x[0][0], x[0][1], x[0][2], x[1]))
    out: list[list] = []
    end = -1
    for it in items:
        if out and it[0][0] < end:
            out[-1].append(it)
            end = max(end, it[0][1])
        else:
            out.append([it])
            end = it[0][1]
    return out


def _span_candidates(cluster: list[tuple[SpanKey, str]], text: str) -> tuple[Candidate, ...]:
    by_key: dict[SpanKey, list[str]] = defaultdict(list)
    for key, a in cluster:
        by_key[key].append(a)
    return tuple(Candidate(k[0], k[1], k[2], text[k[0]:k[1]], tuple(sorted(v))) for k, v in sorted(by_key.items()))


def _adjudicate_spans(doc_id: str, recs: dict[str, Record], policy: Policy, authority: Record | None, schemas: SchemaSet,
                      schemas_of: dict[str, frozenset[str]], log: AdjudicationLog) -> tuple[list[SpanKey], set[SpanKey]]:
    """Per schema, cluster the voters' (and the authority's) spans; an agreed cluster
    goes to gold, any other is a conflict the policy decides. Returns the kept span
    keys (sorted) and the candidates of unsettled conflicts."""
    l2s = schemas.label_to_schema()
    text = next(iter(recs.values())).document.text or ""
    kept: list[SpanKey] = []
    pending: set[SpanKey] = set()
    voters_all = sorted(a for a in recs if a not in policy.voters_exclude)
    for schema in schemas.names:
        who = [a for a in voters_all if schema in schemas_of.get(a, frozenset())]
        who_auth = who + [authority.annotator] if authority is not None and authority.annotator not in who else who
        items = [(s.key, a) for a in who_auth for s in recs[a].document.spans if l2s.get(s.label) == schema]
        for cluster in _clusters(items):
            cands = _span_candidates(cluster, text)
            voters_here = sorted(set(who) | ({authority.annotator} if authority is not None else set()))
            if len(cands) == 1 and set(cands[0].annotators) == set(voters_here):
                kept.append(cands[0].key)
                log.agreed_spans += 1
                continue
            decision, rule = policy.decide(cands, who, authority)
            log.conflicts.append(Conflict(doc_id, schema, "|".join(sorted({c.label for c in cands})), _kind(cands),
                                          min(c.start for c in cands), max(c.end for c in cands), cands,
                                          tuple(voters_here), decision, rule))
            if decision is None:
                pending.update(c.key for c in cands)
            if decision:
                kept += [c.key for c in decision]
    return sorted(set(kept)), pending


def _adjudicate_relations(doc_id: str, recs: dict[str, Record], policy: Policy, authority: Record | None,
                          l2s: dict[str, str], schemas_of: dict[str, frozenset[str]], kept_set: set[SpanKey],
                          pending: set[SpanKey], log: AdjudicationLog) -> list[tuple[SpanKey, SpanKey, str]]:
    """Relations after spans (module doc): pending while an endpoint is unsettled,
    dropped (and logged) when an endpoint is not in gold, else agreed or decided."""
    text = next(iter(recs.values())).document.text or ""
    rel_votes: dict[tuple[SpanKey, SpanKey, str], list[str]] = defaultdict(list)
    rel_voters = sorted({a for a in recs if a not in policy.voters_exclude}
                        | ({authority.annotator} if authority is not None else set()))
    for a in rel_voters:
        by_id = {s.id: s.key for s in recs[a].document.spans}
        for r in recs[a].document.relations:
            rel_votes[(by_id[r.head], by_id[r.tail], r.type)].append(a)
    kept: list[tuple[SpanKey, SpanKey, str]] = []
    for (h, t, typ), who in sorted(rel_votes.items()):
        schema = l2s[h[2]]
        voters_here = [a for a in rel_voters if schema in schemas_of.get(a, frozenset())
                       or (authority is not None and a == authority.annotator)]
        cand = Candidate(h[0], h[1], typ, f"{text[h[0]:h[1]]} → {text[t[0]:t[1]]}", tuple(sorted(who)), h, t)
        conflict = lambda kind, decision, rule: Conflict(  # noqa: E731
            doc_id, schema, f"relation:{typ}", kind, min(h[0], t[0]), max(h[1], t[1]), (cand,), tuple(voters_here),
            decision, rule)
        if (h in pending or t in pending) and all(x in kept_set or x in pending for x in (h, t)):
            log.conflicts.append(conflict("relation", None, "pending: its head or tail is in an unsettled span conflict"))
        elif h not in kept_set or t not in kept_set:
            log.conflicts.append(conflict("dropped-relation", (), "relation dropped: its head or tail is not in gold"))
        elif set(who) == set(voters_here):
            kept.append((h, t, typ))
            log.agreed_relations += 1
        else:
            decision, rule = policy.decide([cand], [a for a in voters_here if a not in policy.voters_exclude
                                                    and (authority is None or a != authority.annotator)], authority)
            log.conflicts.append(conflict("relation", decision, rule))
            if decision:
                kept.append((h, t, typ))
    return kept


def _adjudicate_doc(doc_id: str, recs: dict[str, Record], policy: Policy, schemas: SchemaSet,
                    schemas_of: dict[str, frozenset[str]], log: AdjudicationLog) -> Document:
    authority = policy.authority(recs)
    text = next(iter(recs.values())).document.text or ""
    kept_spans, pending = _adjudicate_spans(doc_id, recs, policy, authority, schemas, schemas_of, log)
    kept_rels = _adjudicate_relations(doc_id, recs, policy, authority, schemas.label_to_schema(), schemas_of,
                                      set(kept_spans), pending, log)
    ids = {k: f"g{i}" for i, k in enumerate(kept_spans)}
    spans = tuple(Span(k[0], k[1], k[2], ids[k], text[k[0]:k[1]]) for k in kept_spans)
    relations = tuple(Relation(ids[h], ids[t], typ) for h, t, typ in kept_rels)
    meta = {"annotators": sorted(recs), "adjudication": policy.name}
    return Document(doc_id, text, spans, relations, meta)


def adjudicate(records: Iterable[Record] | RecordSet, policy: str | Policy = "majority", *,
               schemas: SchemaSet | None = None, documents: Iterable[str] | None = None, min_passes: int = 2
               ) -> tuple[list[Document], AdjudicationLog]:
    """Merge the records into one gold document per document id (sorted by id) and
    log every conflict. ``policy``: ``majority`` | ``reviewer:<email>`` |
    ``ground-truth`` | ``union`` (or a :class:`Policy`). The records are first checked
    with :func:`~hoinghi.annotate.passes.check_records` (a reviewer record does not
    count as an independent pass; ``min_passes`` independent passes per document, 1 to
    keep single-pass documents as they are). ``schemas`` defaults to the ones the records
    cover (:func:`~hoinghi.annotate.passes.covered_schemas`)."""
    pol = make_policy(policy)
    if isinstance(records, RecordSet):
        rs = records
        schemas = schemas or covered_schemas(rs.records)
    else:
        records = list(records)
        schemas = schemas or covered_schemas(records)
        passes = [r for r in records if r.annotator not in pol.voters_exclude]
        if len(passes) < len(records) or min_passes != 2:  # else the same check as the next line
            check_records(passes, schemas=schemas, documents=documents, min_annotators=min_passes)
        rs = check_records(records, schemas=schemas, documents=documents, min_annotators=min(min_passes, 2))
    if isinstance(pol, Reviewer) and pol.email is not None and pol.email not in rs.annotators:
        raise InputError(f"reviewer {pol.email!r} has no record in this pull (annotators: {', '.join(rs.annotators)})",
                         Location(field="policy"))
    log = AdjudicationLog(pol.name, annotators=tuple(a for a in rs.annotators if a not in pol.voters_exclude))
    gold = [_adjudicate_doc(doc_id, rs.by_doc[doc_id], pol, schemas, rs.schemas_of, log) for doc_id in sorted(rs.by_doc)]
    return gold, log
