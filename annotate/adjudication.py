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

**Policies** (each a small class whose docstring states its rule):

* ``majority`` — :class:`Majority`
* ``reviewer:<email>`` — :class:`Reviewer`
* ``ground-truth`` — :class:`GroundTruth` (Label Studio's ground-truth flag)
* ``union`` — :class:`Union`

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

from ..document import Document, Relation, Span, write_documents, iter_json_lines
from ..errors import InputError, Location
from ..schema import SchemaSet, load_schemas
from .passes import Record, RecordSet, check_records

_Key = tuple[int, int, str]          # (start, end, label)


@dataclass(frozen=True)
class Candidate:
    """One competing span (or relation) and the annotators who gave it."""

    start: int
    end: int
    label: str
    text: str
    annotators: tuple[str, ...]
    head: _Key | None = None          # relations only
    tail: _Key | None = None

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


# -- policies -------------------------------------------------------------------------

class Policy:
    """Base: decide a conflict from its candidates. ``decide`` returns the kept
    candidates (possibly empty) or ``None`` when the policy cannot settle it."""

    name = "policy"
    voters_exclude: frozenset[str] = frozenset()

    def authority(self, recs: dict[str, Record]) -> Record | None:
        """The record that overrides the vote in this document, if any."""
        return None

    def decide(self, candidates: Sequence[Candidate], voters: Sequence[str],
               authority: Record | None) -> tuple[tuple[Candidate, ...] | None, str]:
        raise NotImplementedError


def _strict_majority(candidates, voters):
    n = len(voters)
    kept = tuple(c for c in candidates if 2 * len(c.annotators) > n)
    tied = [c for c in candidates if 2 * len(c.annotators) == n]
    return kept, tied


class Majority(Policy):
    """Keep a candidate marked by more than half of the annotators of the document;
    reject one marked by fewer than half. A candidate marked by exactly half is a
    tie and leaves the conflict **unsettled** — no order, position or length breaks
    it. With two annotators majority therefore means both: every disagreement is
    a tie for a reviewer."""

    name = "majority"

    def decide(self, candidates, voters, authority):
        kept, tied = _strict_majority(candidates, voters)
        if tied:
            return None, f"majority: tie ({len(tied[0].annotators)} of {len(voters)} annotators); needs a reviewer"
        return kept, f"majority: kept spans marked by more than half of {len(voters)} annotators"


class Reviewer(Policy):
    """In a document the named reviewer annotated, the reviewer's spans and relations
    in a conflict are the decision (the reviewer may keep one candidate, write a new
    span or reject all); the reviewer's record also overrules spans the annotators
    agreed on (logged as a conflict). The reviewer is not a voter. In documents
    without a reviewer record the conflict falls back to :class:`Majority`."""

    def __init__(self, email: str):
        if not email:
            raise InputError("policy reviewer:<email> needs the reviewer's e-mail", Location(field="policy"))
        self.email = email
        self.name = f"reviewer:{email}"
        self.voters_exclude = frozenset({email})

    def authority(self, recs):
        return recs.get(self.email)

    def _decided(self, authority) -> str:
        return f"reviewer {authority.annotator} decided"

    def _absent(self) -> str:
        return f"no record of reviewer {self.email} for this document"

    def decide(self, candidates, voters, authority):
        if authority is not None:
            kept = tuple(c for c in candidates if authority.annotator in c.annotators)
            return kept, self._decided(authority)
        kept, tied = _strict_majority(candidates, voters)
        if tied:
            return None, f"{self._absent()}; majority tie"
        return kept, f"{self._absent()}; majority"


class GroundTruth(Reviewer):
    """Like :class:`Reviewer`, with the record flagged ``ground_truth`` in Label Studio
    as the authority of its document (at most one per document, or the input is refused)."""

    def __init__(self):
        self.email = None
        self.name = "ground-truth"
        self.voters_exclude = frozenset()

    def authority(self, recs):
        gt = [r for r in recs.values() if r.ground_truth]
        if len(gt) > 1:
            raise InputError(f"{len(gt)} ground-truth records ({', '.join(r.annotator for r in gt)}); "
                             "at most one per document", Location(gt[1].where.file, gt[1].where.line, gt[1].doc_id,
                                                                  "meta.ground_truth"))
        return gt[0] if gt else None

    def _decided(self, authority) -> str:
        return f"ground truth ({authority.annotator}) decided"

    def _absent(self) -> str:
        return "no ground-truth record for this document"


class Union(Policy):
    """Keep every candidate anybody marked. Settles presence conflicts only: when the
    candidates of a cluster overlap each other (boundary or label conflicts) gold
    cannot hold them all, and the conflict is left **unsettled**."""

    name = "union"

    def decide(self, candidates, voters, authority):
        if any(c.head is None for c in candidates):
            spans = sorted(candidates, key=lambda c: (c.start, c.end))
            for x, y in zip(spans, spans[1:]):
                if y.start < x.end:
                    return None, "union: candidates overlap within one schema; needs a reviewer"
        return tuple(candidates), "union: kept every marked span"


def make_policy(spec: str | Policy) -> Policy:
    """``majority`` | ``reviewer:<email>`` | ``ground-truth`` | ``union`` → a policy.

    >>> make_policy("reviewer:r@x").name
    'reviewer:r@x'
    """
    if isinstance(spec, Policy):
        return spec
    if spec == "majority":
        return Majority()
    if spec == "union":
        return Union()
    if spec == "ground-truth":
        return GroundTruth()
    if spec.startswith("reviewer:"):
        return Reviewer(spec.split(":", 1)[1])
    raise InputError(f"unknown policy {spec!r} (majority, reviewer:<email>, ground-truth, union)", Location(field="policy"))


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


def _clusters(items: list[tuple[_Key, str]]) -> list[list[tuple[_Key, str]]]:
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


def _adjudicate_doc(doc_id: str, recs: dict[str, Record], policy: Policy, schemas: SchemaSet,
                    schemas_of: dict[str, frozenset[str]], log: AdjudicationLog) -> Document:
    l2s = schemas.label_to_schema()
    authority = policy.authority(recs)
    text = next(iter(recs.values())).document.text or ""
    kept_spans: list[_Key] = []
    pending: set[_Key] = set()          # candidates of unsettled span conflicts
    voters_all = sorted(a for a in recs if a not in policy.voters_exclude)
    for schema in schemas.names:
        who = [a for a in voters_all if schema in schemas_of.get(a, frozenset())]
        if authority is not None and authority.annotator not in who:
            who_auth = who + [authority.annotator]
        else:
            who_auth = who
        if not who_auth:
            continue
        items = [((s.start, s.end, s.label), a) for a in who_auth for s in recs[a].document.spans
                 if l2s.get(s.label) == schema]
        for cluster in _clusters(items):
            by_key: dict[_Key, list[str]] = defaultdict(list)
            for key, a in cluster:
                by_key[key].append(a)
            cands = tuple(Candidate(k[0], k[1], k[2], text[k[0]:k[1]], tuple(sorted(v)))
                          for k, v in sorted(by_key.items()))
            voters_here = sorted(set(who) | ({authority.annotator} if authority is not None else set()))
            if len(cands) == 1 and set(cands[0].annotators) == set(voters_here):
                kept_spans.append((cands[0].start, cands[0].end, cands[0].label))
                log.agreed_spans += 1
                continue
            decision, rule = policy.decide(cands, who, authority)
            conflict = Conflict(doc_id, schema, "|".join(sorted({c.label for c in cands})), _kind(cands),
                                min(c.start for c in cands), max(c.end for c in cands), cands, tuple(voters_here),
                                decision, rule)
            log.conflicts.append(conflict)
            if decision is None:
                pending.update((c.start, c.end, c.label) for c in cands)
            if decision:
                kept_spans += [(c.start, c.end, c.label) for c in decision]
    kept_spans = sorted(set(kept_spans))
    kept_set = set(kept_spans)
    # relations
    rel_votes: dict[tuple[_Key, _Key, str], list[str]] = defaultdict(list)
    rel_voters = sorted(set(voters_all) | ({authority.annotator} if authority is not None else set()))
    for a in rel_voters:
        by_id = {s.id: (s.start, s.end, s.label) for s in recs[a].document.spans}
        for r in recs[a].document.relations:
            rel_votes[(by_id[r.head], by_id[r.tail], r.type)].append(a)
    kept_rels: list[tuple[_Key, _Key, str]] = []
    for (h, t, typ), who in sorted(rel_votes.items()):
        schema = l2s[h[2]]
        voters_here = [a for a in rel_voters if schema in schemas_of.get(a, frozenset())
                       or (authority is not None and a == authority.annotator)]
        cand = Candidate(h[0], h[1], typ, f"{text[h[0]:h[1]]} → {text[t[0]:t[1]]}", tuple(sorted(who)), h, t)
        if (h in pending or t in pending) and all(x in kept_set or x in pending for x in (h, t)):
            log.conflicts.append(Conflict(doc_id, schema, f"relation:{typ}", "relation", min(h[0], t[0]),
                                          max(h[1], t[1]), (cand,), tuple(voters_here), None,
                                          "pending: its head or tail is in an unsettled span conflict"))
            continue
        if h not in kept_set or t not in kept_set:
            log.conflicts.append(Conflict(doc_id, schema, f"relation:{typ}", "dropped-relation", min(h[0], t[0]),
                                          max(h[1], t[1]), (cand,), tuple(voters_here), (),
                                          "relation dropped: its head or tail is not in gold"))
            continue
        if set(who) == set(voters_here):
            kept_rels.append((h, t, typ))
            log.agreed_relations += 1
            continue
        decision, rule = policy.decide([cand], [a for a in voters_here if a not in policy.voters_exclude
                                                and (authority is None or a != authority.annotator)], authority)
        log.conflicts.append(Conflict(doc_id, schema, f"relation:{typ}", "relation", min(h[0], t[0]), max(h[1], t[1]),
                                      (cand,), tuple(voters_here), decision, rule))
        if decision:
            kept_rels.append((h, t, typ))
    ids = {k: f"g{i}" for i, k in enumerate(kept_spans)}
    spans = tuple(Span(k[0], k[1], k[2], ids[k], text[k[0]:k[1]]) for k in kept_spans)
    relations = tuple(Relation(ids[h], ids[t], typ) for h, t, typ in kept_rels)
    meta = {"annotators": sorted(recs), "adjudication": policy.name}
    return Document(doc_id, text, spans, relations, meta)


def adjudicate(records: Iterable[Record] | RecordSet, policy: str | Policy = "majority", *,
               schemas: SchemaSet | None = None, documents: Iterable[str] | None = None
               ) -> tuple[list[Document], AdjudicationLog]:
    """Merge the records into one gold document per document id (sorted by id) and
    log every conflict. ``policy``: ``majority`` | ``reviewer:<email>`` |
    ``ground-truth`` | ``union`` (or a :class:`Policy`). The records are first checked
    with :func:`~hoinghi.annotate.passes.check_records` (a reviewer record does not
    count as an independent pass)."""
    schemas = schemas or load_schemas()
    pol = make_policy(policy)
    if isinstance(records, RecordSet):
        rs = records
    else:
        records = list(records)
        passes = [r for r in records if r.annotator not in pol.voters_exclude]
        if len(passes) < len(records):  # else the same check as the next line
            check_records(passes, schemas=schemas, documents=documents)
        rs = check_records(records, schemas=schemas, documents=documents)
    if isinstance(pol, Reviewer) and pol.email is not None and pol.email not in rs.annotators:
        raise InputError(f"reviewer {pol.email!r} has no record in this pull (annotators: {', '.join(rs.annotators)})",
                         Location(field="policy"))
    log = AdjudicationLog(pol.name, annotators=tuple(a for a in rs.annotators if a not in pol.voters_exclude))
    gold = [_adjudicate_doc(doc_id, rs.by_doc[doc_id], pol, schemas, rs.schemas_of, log) for doc_id in sorted(rs.by_doc)]
    return gold, log
