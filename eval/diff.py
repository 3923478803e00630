"""Per-document span outcomes, for error-in-context views (the report) and for the
gate's "documents that drive the drop".

Each gold and predicted span of a document gets one outcome, by the SemEval-2013
pairing of :class:`hoinghi.eval.matching.SemEval` (within one schema, one-to-one,
order-independent): ``correct``, ``missed``, ``spurious``, ``boundary`` (same label,
overlapping, other boundaries), ``label`` (same boundaries, other label) or
``boundary+label`` (:class:`~hoinghi.eval.outcomes.Outcome`). The outcomes carry the
document's own :class:`~hoinghi.document.Span` objects (with ids) and are sorted by
position. Identical predicted spans count once (the duplicate policy): the first one
listed is kept.

>>> from hoinghi.document import Document, Span
>>> text = "Ông Nguyễn Văn An, Bí thư Quận ủy"
>>> g = Document("d", text, (Span(4, 17, "PERSON", "g1"), Span(19, 33, "POSITION", "g2")))
>>> p = Document("d", None, (Span(4, 14, "PERSON", "p1"), Span(19, 25, "POSITION", "p2"), Span(0, 3, "PERSON", "p3")))
>>> [(o.kind, o.gold and o.gold.id, o.pred and o.pred.id) for o in span_outcomes(g, p)]
[('spurious', None, 'p3'), ('boundary', 'g1', 'p1'), ('boundary', 'g2', 'p2')]
>>> span_outcomes(g, p)[1].describe(text)
"boundary: gold PERSON 'Nguyễn Văn An' [4, 17) vs predicted PERSON 'Nguyễn Văn' [4, 14)"
>>> outcome_counts(span_outcomes(g, p))["boundary"]
2
"""
from __future__ import annotations

__all__ = ["span_outcomes", "outcome_counts"]

from ..document import Document, Span, SpanKey
from .matching import SEMEVAL
from .outcomes import Outcome, outcome_counts


def span_outcomes(gold_doc: Document, pred_doc: Document | None, *, schemas=None) -> list[Outcome]:
    """The outcome of every span of one document (``pred_doc=None``: nothing predicted).
    ``schemas`` (a :class:`~hoinghi.schema.SchemaSet`, default the shipped ones) says
    which labels may be confused with each other (those of one schema)."""
    if schemas is None:
        from ..schema import load_schemas

        schemas = load_schemas()
    g_by_key: dict[SpanKey, Span] = {}
    for s in gold_doc.spans:
        g_by_key.setdefault(s.key, s)
    p_by_key: dict[SpanKey, Span] = {}
    for s in (pred_doc.spans if pred_doc is not None else ()):
        p_by_key.setdefault(s.key, s)
    kinds, _ = SEMEVAL.kinds(list(g_by_key), list(p_by_key), schemas.label_to_schema())
    return [Outcome(kind, g and g_by_key[g], p and p_by_key[p]) for kind, g, p in kinds]
