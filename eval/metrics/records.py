"""Record F1: whole facts, as a database row would hold them.

A record is anchored on one span and gathers the spans attached to it by relations:

=============  ==========  ==========================================================
record         anchor      parts
=============  ==========  ==========================================================
``official``   PERSON      the POSITION spans it ``holds`` (PERSON is the head)
``indicator``  INDICATOR   the VALUE/CHANGE/TARGET/PERIOD spans ``of`` it (it is the tail)
``meeting``    MEETING     the ORGANIZER/DATE/TERM spans ``of`` it (it is the tail)
=============  ==========  ==========================================================

**Match rule.** Every anchor span makes one record (also with no parts: a person
named in a caption without a position is an official with no positions). A
predicted record is correct when a gold record has the same anchor span (same
start, end, label) *and* exactly the same set of parts (each part: same start, end,
label and relation type). Anything else — a missing, extra or mis-bounded part — makes the
predicted record a false positive and the gold record a false negative. Records are
compared as sets per document.

>>> from hoinghi.document import Document, Span, Relation
>>> g = Document("d", "x" * 40, (Span(0, 5, "PERSON", "p"), Span(6, 12, "POSITION", "q"), Span(13, 20, "POSITION", "r")),
...              (Relation("p", "q", "holds"), Relation("p", "r", "holds")))
>>> p = Document("d", None, g.spans, g.relations[:1])
>>> doc_counts(g, p)
{'official': [0, 1, 1]}
>>> doc_counts(g, g)
{'official': [1, 0, 0]}
"""
from __future__ import annotations

__all__ = ["RECORD_TYPES", "RecordType", "records", "doc_counts", "fields"]

from dataclasses import dataclass

from ...document import Document
from ..counts import set_counts


@dataclass(frozen=True)
class RecordType:
    name: str
    schema: str
    anchor: str          # label of the anchor span
    relation: str        # relation type attaching the parts
    anchor_is_head: bool  # True: anchor --relation--> part; False: part --relation--> anchor


RECORD_TYPES = (
    RecordType("meeting", "meetings", "MEETING", "of", False),
    RecordType("indicator", "indicators", "INDICATOR", "of", False),
    RecordType("official", "officials", "PERSON", "holds", True),
)


def fields(schemas) -> list[tuple[str, str]]:
    """``(schema, record name)`` for the record types whose anchor label is in the schemas."""
    labels = set(schemas.labels)
    return [(r.schema, r.name) for r in RECORD_TYPES if r.anchor in labels]


def records(doc: Document) -> dict[str, set]:
    """``{record name: {(anchor key, frozenset((type, part key)))}}`` of one document."""
    key = {s.id: s.key for s in doc.spans}
    out: dict[str, set] = {}
    for rt in RECORD_TYPES:
        parts: dict[tuple, set] = {key[s.id]: set() for s in doc.spans if s.label == rt.anchor}
        if not parts:
            continue
        for r in doc.relations:
            if r.type != rt.relation or r.head not in key or r.tail not in key:
                continue
            anchor, part = (key[r.head], key[r.tail]) if rt.anchor_is_head else (key[r.tail], key[r.head])
            if anchor in parts:
                parts[anchor].add((r.type, part))
        out[rt.name] = {(a, frozenset(p)) for a, p in parts.items()}
    return out


def doc_counts(gold: Document, pred: Document) -> dict[str, list[int]]:
    """``{record name: [tp, fp, fn]}`` for one document."""
    return set_counts(records(gold), records(pred))
