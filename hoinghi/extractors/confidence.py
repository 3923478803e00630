"""Confidence of the reference extractor's spans: ``Span.score`` in [0, 1].

A score says how sure the rule that found a span is, from two things only:

* **which rule fired** — each rule has a base score (:data:`BASE`): a rule that reads a
  fixed shape (``nhiệm kỳ 2020 - 2025``, ``Hội nghị … lần thứ 7``) starts high; one that
  relies on position or on a looser cue (a date after a verb, a period opening a
  colon-list, a given name repeated) starts lower;
* **how ambiguous the context was** — each ambiguity found subtracts its penalty
  (:data:`PENALTY`): the span was contested by an overlapping candidate of its schema,
  it has no partner where the schema expects one (a DATE without its MEETING), an
  INDICATOR that does not open with a measure noun or is long, a VALUE without a unit.

The result is clipped to [0.05, 0.99] and rounded to two decimals. The numbers are
priors written with the rules, **not yet calibrated**: :mod:`hoinghi.extractors.calibration`
measures how often each score bin is right on a gold set (its reliability table), which
is how they are to be checked and re-set on a development set.

>>> from .segmentation import Mention
>>> m = Mention(0, 9, "DATE", "date-opening")
>>> score(m, "Ngày 9-4, …")        # no MEETING to link to: one penalty
0.75
>>> m.link("of", Mention(20, 38, "MEETING", "meeting"))
>>> score(m, "Ngày 9-4, …")
0.9
"""
from __future__ import annotations

__all__ = ["BASE", "PENALTY", "DEFAULT_BASE", "score", "ambiguities"]

import re

from .rules_indicators import starts_with_measure
from .segmentation import Mention

#: Base score of each rule (``Mention.rule``), before ambiguity penalties.
BASE: dict[str, float] = {
    # meetings
    "meeting": 0.95,
    "org-after": 0.9, "org-owner": 0.9, "org-subject": 0.85, "org-agent": 0.8,
    "date-opening": 0.9, "date-after-vao": 0.85, "date-after-meeting": 0.8, "date-after-verb": 0.75,
    "term-range": 0.95, "term-number": 0.85,
    # indicators
    "phrase": 0.8,
    "target": 0.9, "change": 0.9, "change-split": 0.75, "change-compared": 0.75, "value": 0.85,
    "period": 0.85, "period-opening": 0.85, "period-before": 0.8, "period-after": 0.75, "period-colon": 0.75,
    "period-list": 0.7,
    # officials
    "title": 0.85, "lower-title": 0.7,
    "honorific": 0.9, "after-position": 0.85, "listed": 0.8, "repeat": 0.85, "given-name": 0.65,
}
#: Base score of a rule missing from :data:`BASE` (a new rule not yet given its own).
DEFAULT_BASE = 0.6

#: What each ambiguity subtracts.
PENALTY: dict[str, float] = {
    "contested": 0.1,        # an overlapping candidate of the same schema was dropped for it
    "unlinked": 0.15,        # no partner where the schema expects one (DATE/ORGANIZER/TERM → MEETING)
    "no-measure-noun": 0.15,  # an INDICATOR named by a verb phrase ("thành lập mới"), not a measure noun
    "long": 0.1,             # an INDICATOR of more than 12 words: its start is a guess
    "bare-number": 0.15,     # a VALUE without unit (``18.574``)
    "qualified-plan": 0.05,  # a TARGET with a qualifier or a quota (``hơn 48% dự toán``, ``72% chỉ tiêu``)
}

_EXPECTS_LINK = frozenset({"ORGANIZER", "DATE"})


def ambiguities(m: Mention, text: str) -> list[str]:
    """The ambiguities (keys of :data:`PENALTY`) of a mention found in ``text`` (folded).

    >>> ambiguities(Mention(0, 13, "INDICATOR", "phrase"), "thành lập mới 120 doanh nghiệp")
    ['no-measure-noun']
    """
    out = []
    if getattr(m, "contested", False):
        out.append("contested")
    if m.label in _EXPECTS_LINK and not m.links:
        out.append("unlinked")
    span = text[m.start:m.end]
    if m.label == "INDICATOR":
        if not starts_with_measure(text, m.start):
            out.append("no-measure-noun")
        if len(span.split()) > 12:
            out.append("long")
    elif m.label == "VALUE" and not re.search(r"[^\d.,\s]", span.replace("trên", "").replace("khoảng", "")
                                               .replace("gần", "").replace("hơn", "")):
        out.append("bare-number")
    elif m.label == "TARGET" and (not span[:1].isdigit() or "chỉ tiêu" in span):
        out.append("qualified-plan")
    return out


def score(m: Mention, text: str) -> float:
    """The confidence of one mention: its rule's base score minus its ambiguities'
    penalties, clipped to [0.05, 0.99], two decimals."""
    s = BASE.get(m.rule, DEFAULT_BASE) - sum(PENALTY[a] for a in ambiguities(m, text))
    return round(min(0.99, max(0.05, s)), 2)
