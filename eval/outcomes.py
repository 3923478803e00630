"""What happened to a span: the one outcome type of the harness.

A gold span and/or a predicted span get one of the SemEval-2013 kinds
(:data:`OUTCOME_KINDS`) from the one-to-one pairing of
:class:`hoinghi.eval.matching.SemEval`: ``correct`` (same start, end and label),
``label`` (same boundaries, other label), ``boundary`` (same label, overlapping, other
boundaries), ``boundary+label`` (overlapping, both differ), ``missed`` (gold with no
partner) or ``spurious`` (a prediction with no partner). The matching strategies tally
them (:meth:`~hoinghi.eval.matching.SemEval.tally`), :func:`hoinghi.eval.diff.span_outcomes`
lists them per document, the text table counts them and the HTML report draws them.

>>> from hoinghi.document import Span
>>> o = Outcome("boundary", Span(4, 17, "PERSON"), Span(4, 14, "PERSON"))
>>> o.start, o.fields
(4, ('PERSON',))
>>> o.describe("Ông Nguyễn Văn An")
"boundary: gold PERSON 'Nguyễn Văn An' [4, 17) vs predicted PERSON 'Nguyễn Văn' [4, 14)"
>>> outcome_counts([o, Outcome("missed", Span(0, 3, "PERSON"))])
{'correct': 0, 'label': 0, 'boundary': 1, 'boundary+label': 0, 'missed': 1, 'spurious': 0}
"""
from __future__ import annotations

__all__ = ["OUTCOME_KINDS", "OUTCOME_MEANINGS", "Outcome", "outcome_counts"]

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from ..document import Span

#: The outcome kinds, in the order tables list them.
OUTCOME_KINDS = ("correct", "label", "boundary", "boundary+label", "missed", "spurious")

#: One line per kind, for a reader (the report's filters).
OUTCOME_MEANINGS = {
    "correct": "exact match: same start, end and label",
    "label": "same boundaries as a gold span, different label",
    "boundary": "same label as an overlapping gold span, different boundaries",
    "boundary+label": "overlaps a gold span, but boundaries and label both differ",
    "missed": "a gold span with no overlapping prediction of its schema",
    "spurious": "a prediction with no overlapping gold span of its schema",
}


@dataclass(frozen=True)
class Outcome:
    """One gold and/or predicted span with what happened to it (see the module doc)."""

    kind: str
    gold: Span | None = None
    pred: Span | None = None

    @property
    def start(self) -> int:
        """Where the outcome begins: its gold span's start, else its prediction's."""
        return (self.gold or self.pred).start

    @property
    def fields(self) -> tuple[str, ...]:
        """The labels involved (gold first, no repeats)."""
        return tuple(dict.fromkeys(s.label for s in (self.gold, self.pred) if s))

    def describe(self, text: str | None = None) -> str:
        """One line for a human: kind, gold and predicted span with their text."""

        def show(s: Span) -> str:
            quoted = f" {text[s.start:s.end]!r}" if text is not None else ""
            return f"{s.label}{quoted} [{s.start}, {s.end})"

        parts = []
        if self.gold is not None:
            parts.append(f"gold {show(self.gold)}")
        if self.pred is not None:
            parts.append(f"predicted {show(self.pred)}")
        return f"{self.kind}: " + " vs ".join(parts)


def outcome_counts(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """``{kind: n}`` over :data:`OUTCOME_KINDS` (zeros included)."""
    c = Counter(o.kind for o in outcomes)
    return {k: c[k] for k in OUTCOME_KINDS}
