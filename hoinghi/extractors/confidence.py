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
0.94
>>> m.link("of", Mention(20, 38, "MEETING", "meeting"))
>>> score(m, "Ngày 9-4, …")
0.99
"""
from __future__ import annotations

__all__ = ["BASE", "PENALTY", "DEFAULT_BASE", "score", "ambiguities"]

import re

from .rules_indicators import starts_with_measure
from .segmentation import Mention

#: Base score of each rule (``Mention.rule``), before ambiguity penalties. reference-1.3.0:
#: set from the **train** split of synthetic-provinces (agreed spans of both annotators) as the
#: smoothed precision of the rule's spans without any ambiguity, ``(right + 2·prior) / (n + 2)``
#: with the 1.2.0 value as the prior, capped at 0.99 (``benchmarks/reliability_reference.py
#: --by-rule``); the dev split is only used to report the reliability table.
BASE: dict[str, float] = {
    # meetings
    "meeting": 0.99,
    "org-after": 0.99, "org-owner": 0.97, "org-subject": 0.98, "org-agent": 0.92,
    "date-opening": 0.99, "date-after-vao": 0.9, "date-after-meeting": 0.96, "date-after-verb": 0.92,
    "term-range": 0.99, "term-number": 0.99,
    # indicators
    "phrase": 0.99,
    "target": 0.99, "change": 0.98, "change-split": 0.5, "change-compared": 0.5, "value": 0.96,
    "period": 0.94, "period-opening": 0.98, "period-before": 0.98, "period-after": 0.5, "period-colon": 0.9,
    "period-list": 0.93,
    # officials
    "title": 0.99, "lower-title": 0.7,
    "honorific": 0.99, "after-position": 0.99, "listed": 0.94, "repeat": 0.85, "given-name": 0.77,
}
#: Base score of a rule missing from :data:`BASE` (a new rule not yet given its own).
DEFAULT_BASE = 0.6

#: What each ambiguity subtracts.
PENALTY: dict[str, float] = {
    # reference-1.3.0, from the same train split: the precision lost by spans with the ambiguity
    "contested": 0.1,        # an overlapping candidate of the same schema was dropped for it (not seen on train)
    "unlinked": 0.05,        # no partner where the schema expects one (DATE/ORGANIZER → MEETING): 47/47 right
    "no-measure-noun": 0.13,  # an INDICATOR named by a verb phrase ("thành lập mới"): 37/43 right
    "long": 0.02,            # an INDICATOR of more than 12 words: 8/8 right
    "bare-number": 0.15,     # a VALUE without unit (``18.574``; not seen on train)
    "qualified-plan": 0.03,  # a TARGET with a qualifier or a quota (``hơn 48% dự toán``): 27/28 right
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
