"""A trivial extractor, kept as a documented example of the extractor protocol.

It finds meeting designations with a session number ("Hội nghị lần thứ 14",
"Hội nghị Ban Chấp hành lần thứ 12", "hội nghị lần thứ ba") by one regular expression,
and a term ("nhiệm kỳ 2020 - 2025", "khóa XXVI") written right after one, linked to
the meeting by an ``of`` relation. It finds nothing else, so it is a floor, not a
baseline: use ``--extractor reference`` for the rule baseline.

The protocol: a function taking a :class:`~hoinghi.document.Document` (id and text;
never gold spans or meta) and returning a dict in the document contract, a ``Document`` or a
list of spans. Offsets are Python ``str`` indices, end-exclusive.

>>> out = extract(Document("d", "Ngày 30/12, Quận ủy tổ chức Hội nghị Ban Chấp hành lần thứ 12 nhiệm kỳ 2020 - 2025."))
>>> [(s["label"], s["text"]) for s in out["spans"]]
[('MEETING', 'Hội nghị Ban Chấp hành lần thứ 12'), ('TERM', 'nhiệm kỳ 2020 - 2025')]
>>> out["relations"]
[{'head': 'm0t', 'tail': 'm0', 'type': 'of'}]
>>> extract(Document("d", "Đại hội Đảng bộ quận lần thứ IV"))["spans"]
[]
"""
from __future__ import annotations

__all__ = ["extract", "__version__"]
__version__ = "0.1.0"

import re

from ..document import Document

_SP = r"[ \u00a0]+"  # NBSP occurs in the corpus wherever a space may
_NUMBER = r"(?:\d+|[IVXLC]+\b|nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười(?:[ \u00a0]+\w+)?)"
_MEETING = re.compile(
    rf"[Hh]ội{_SP}nghị(?:{_SP}Ban{_SP}[Cc]hấp{_SP}hành(?:{_SP}Đảng{_SP}bộ(?:{_SP}quận)?)?)?{_SP}lần{_SP}thứ{_SP}{_NUMBER}")
_TERM = re.compile(rf"[ \u00a0,(]*((?:nhiệm{_SP}kỳ{_SP}\d{{4}}{_SP}?[-–]{_SP}?\d{{4}})|(?:khóa{_SP}[IVXLC]+\b))")


def extract(doc: Document) -> dict:
    """Spans and relations for one document (see the module doc)."""
    spans, relations = [], []
    for i, m in enumerate(_MEETING.finditer(doc.text)):
        mid = f"m{i}"
        spans.append({"id": mid, "start": m.start(), "end": m.end(), "label": "MEETING", "text": m.group()})
        t = _TERM.match(doc.text, m.end())
        if t:
            spans.append({"id": mid + "t", "start": t.start(1), "end": t.end(1), "label": "TERM", "text": t.group(1)})
            relations.append({"head": mid + "t", "tail": mid, "type": "of"})
    return {"id": doc.id, "spans": spans, "relations": relations}
