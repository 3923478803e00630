"""Relation F1: a predicted relation is correct when a gold relation has the same type,
and its head and tail spans match the gold head and tail **strictly** (same start,
end and label). Relations are compared as sets per document (identical predicted
relations count once). Fields are ``<schema>:<type>`` (``meetings:of``,
``indicators:of``, ``officials:holds``): the schema of the head span's label.

>>> from hoinghi.document import Document, Span, Relation
>>> g = Document("d", "Ông An, Bí thư", (Span(4, 6, "PERSON", "p"), Span(8, 14, "POSITION", "q")),
...              (Relation("p", "q", "holds"),))
>>> p = Document("d", None, (Span(4, 6, "PERSON", "a"), Span(8, 13, "POSITION", "b")), (Relation("a", "b", "holds"),))
>>> doc_counts(g, p, {"PERSON": "officials", "POSITION": "officials"})
{'officials:holds': [0, 1, 1]}
>>> doc_counts(g, g, {"PERSON": "officials", "POSITION": "officials"})
{'officials:holds': [1, 0, 0]}
"""
from __future__ import annotations

__all__ = ["relation_keys", "doc_counts", "fields"]

from ...document import Document
from ..counts import set_counts


def fields(schemas) -> list[tuple[str, str]]:
    """``(schema, "<schema>:<type>")`` of every relation type, in schema order."""
    out = []
    for s in schemas.schemas:
        for t in dict.fromkeys(r.type for r in s.relations):
            out.append((s.name, f"{s.name}:{t}"))
    return out


def relation_keys(doc: Document, label_to_schema: dict[str, str]) -> dict[str, set]:
    """``{field: {(head span key, tail span key, type)}}`` (:attr:`~hoinghi.document.Span.key`)."""
    by_id = {s.id: s.key for s in doc.spans}
    out: dict[str, set] = {}
    for r in doc.relations:
        h, t = by_id.get(r.head), by_id.get(r.tail)
        if h is None or t is None:  # Document.from_json refuses these; a hand-built one may not
            continue
        field = f"{label_to_schema.get(h[2], h[2])}:{r.type}"
        out.setdefault(field, set()).add((h, t, r.type))
    return out


def doc_counts(gold: Document, pred: Document, label_to_schema: dict[str, str]) -> dict[str, list[int]]:
    """``{field: [tp, fp, fn]}`` for one document."""
    return set_counts(relation_keys(gold, label_to_schema), relation_keys(pred, label_to_schema))
