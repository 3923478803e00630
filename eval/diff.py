"""Per-document span outcomes, for error-in-context views (the report) and for the
gate's "documents that drive the drop".

Each gold and predicted span of a document gets one outcome, by the SemEval-2013
pairing of :class:`hoinghi.eval.matching.SemEval` (within one schema, one-to-one,
order-independent): ``correct``, ``missed``, ``spurious``, ``boundary`` (same label,
overlapping, other boundaries), ``label`` (same boundaries, other label) or
``boundary+label``. Outcomes carry the document's :class:`~hoinghi.document.Span`
objects (with ids) and are sorted by position. Identical predicted spans count once
(the duplicate policy): the first one listed is kept.

>>> from hoinghi.document import Document, Span
>>> text = "Ông Nguyễn Văn An, Bí thư Quận ủy"
>>> g = Document("d", text, (Span(4, 17, "PERSON", "g1"), Span(19, 33, "POSITION", "g2")))
>>> p = Document("d", None, (Span(4, 14, "PERSON", "p1"), Span(19, 25, "POSITION", "p2"), Span(0, 3, "PERSON", "p3")))
>>> [(o.kind, o.gold and o.gold.id, o.pred and o.pred.id) for o in span_outcomes(g, p)]
[('spurious', None, 'p3'), ('boundary', 'g1', 'p1'), ('boundary', 'g2', 'p2')]
>>> span_outcomes(g, p)[1].describe(text)
"boundary: gold PERSON 'Nguyễn Văn An' [4, 17) vs predicted PERSON 'Nguyễn Văn' [4, 14)"
"""
from __future__ import annotations

__all__ = ["SpanOutcome", "span_outcomes", "outcome_counts"]

from collections import Counter
from dataclasses import dataclass

from ..document import Document, Span
from .matching import OUTCOME_KINDS, SEMEVAL


@dataclass(frozen=True)
class SpanOutcome:
    """What happened to a gold span and/or a predicted span (see the module doc)."""

    kind: str
    gold: Span | None = None
    pred: Span | None = None

    @property
    def start(self) -> int:
        return (self.gold or self.pred).start

    def describe(self, text: str | None = None) -> str:
        """One line for a human: kind, gold and predicted span with their text."""

        def show(s: Span | None) -> str:
            quoted = f" {text[s.start:s.end]!r}" if text is not None else ""
            return f"{s.label}{quoted} [{s.start}, {s.end})"

        parts = []
        if self.gold is not None:
            parts.append(f"gold {show(self.gold)}")
        if self.pred is not None:
            parts.append(f"predicted {show(self.pred)}")
        return f"{self.kind}: " + " vs ".join(parts)


def span_outcomes(gold_doc: Document, pred_doc: Document | None, *, schemas=None) -> list[SpanOutcome]:
    """The outcome of every span of one document (``pred_doc=None``: nothing predicted).
    ``schemas`` (a :class:`~hoinghi.schema.SchemaSet`, default the shipped ones) says
    which labels may be confused with each other (those of one schema)."""
    if schemas is None:
        from ..schema import load_schemas

        schemas = load_schemas()
    l2s = schemas.label_to_schema()
    g_by_key: dict[tuple, Span] = {}
    for s in gold_doc.spans:
        g_by_key.setdefault((s.start, s.end, s.label), s)
    p_by_key: dict[tuple, Span] = {}
    for s in (pred_doc.spans if pred_doc is not None else ()):
        p_by_key.setdefault((s.start, s.end, s.label), s)
    out = []
    for o in SEMEVAL.outcomes(list(g_by_key), list(p_by_key), l2s):
        out.append(SpanOutcome(o.kind, g_by_key[o.gold] if o.gold else None, p_by_key[o.pred] if o.pred else None))
    return out


def outcome_counts(outcomes) -> dict[str, int]:
    """``{kind: n}`` over :data:`~hoinghi.eval.matching.OUTCOME_KINDS` (zeros included).

    >>> outcome_counts([SpanOutcome("missed"), SpanOutcome("missed")])["missed"]
    2
    """
    c = Counter(o.kind for o in outcomes)
    return {k: c[k] for k in OUTCOME_KINDS}
