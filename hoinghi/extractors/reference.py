"""The reference extractor: a rule baseline for all eleven fields of the three schemas
and their relations (issue 5). Registered as ``reference``.

Pipeline, per document: fold the text (:func:`hoinghi.normalize.fold_text`: NBSP → space,
``uỷ`` → ``ủy``; same length, so offsets never move) → cut page furniture after the
related-news markers → sentences → the three rule families
(:mod:`~hoinghi.extractors.rules_meetings`, :mod:`~hoinghi.extractors.rules_indicators`,
:mod:`~hoinghi.extractors.rules_officials`) → spans of one schema made non-overlapping
(the earlier, then the longer span wins) → ids ``r0, r1, …`` in text order and relations
between kept spans.

Each span's normalised value (:func:`hoinghi.normalize.normalize_value`, with the
article's year filled into dates that omit it) is in ``meta["values"]``.

>>> doc = Document("d", "Ngày 9-4, Huyện ủy Tân Lạc tổ chức Hội nghị Ban Chấp hành lần thứ 7. "
...                 "Bí thư Huyện ủy, đồng chí Đinh Văn Long chủ trì. Thu ngân sách năm 2024 đạt 450 tỷ đồng.")
>>> out = extract(doc)
>>> [(s.label, doc.text[s.start:s.end]) for s in out.spans]  # doctest: +NORMALIZE_WHITESPACE
[('DATE', 'Ngày 9-4'), ('ORGANIZER', 'Huyện ủy Tân Lạc'), ('MEETING', 'Hội nghị Ban Chấp hành lần thứ 7'),
 ('POSITION', 'Bí thư Huyện ủy'), ('PERSON', 'Đinh Văn Long'), ('INDICATOR', 'Thu ngân sách'),
 ('PERIOD', 'năm 2024'), ('VALUE', '450 tỷ đồng')]
>>> sorted((r.head, r.type, r.tail) for r in out.relations)  # doctest: +NORMALIZE_WHITESPACE
[('r0', 'of', 'r2'), ('r1', 'of', 'r2'), ('r4', 'holds', 'r3'), ('r6', 'of', 'r5'), ('r7', 'of', 'r5')]
>>> out.meta["values"]["r0"]
'2024-04-09'
"""
from __future__ import annotations

__all__ = ["extract", "extract_text", "article_year", "__version__"]
__version__ = "reference-1.3.0"

import re
from collections import Counter

from ..document import Document, Relation, Span, SpanKey
from ..normalize import fold_text, normalize_value
from ..schema import load_schemas
from . import confidence, rules_indicators, rules_meetings, rules_officials
from .segmentation import Mention, content_end, split_sentences

_SCHEMA_OF: dict[str, str] | None = None


def _schema_of() -> dict[str, str]:
    global _SCHEMA_OF
    if _SCHEMA_OF is None:
        _SCHEMA_OF = dict(load_schemas().label_to_schema())
    return _SCHEMA_OF


_YEAR_RE = re.compile(r"(?:[Nn]ăm |\d/)((?:19|20)\d{2})(?!\d)")


def article_year(text: str, end: int | None = None) -> int | None:
    """The year an article was written in, to fill into dates such as ``Ngày 18-7``:
    a publication stamp near the top (``Ngày đăng 05/10/2020``, ``(12:48 29/11/2020)``,
    ``Thứ Sáu, 15/12/2023``), else the most mentioned year (on a tie the earlier), else None.

    >>> article_year("Tin\\nNgày đăng 05/10/2020 | 14:51\\nSáng ngày 02/10, …")
    2020
    >>> article_year("Năm 2022 quận đạt … năm 2023 tiếp tục … năm 2023, nhiệm kỳ 2020-2025")
    2023
    >>> article_year("Thu năm 2023 đạt …; nhiệm vụ năm 2024")
    2023
    """
    head = text[:400]
    m = re.search(r"(?:[Nn]gày đăng|[Cc]ập nhật|\(\d{1,2}:\d{2}|[Tt]hứ \w+,|[Cc]hủ [Nn]hật,)[^\n]{0,12}?\d{1,2}/\d{1,2}/((?:19|20)\d{2})", head)
    if m:
        return int(m.group(1))
    end = len(text) if end is None else end
    years = Counter(int(y) for y in _YEAR_RE.findall(text[:end]))
    if not years:
        return None
    # the most mentioned year; on a tie the earlier one (plans name the next year)
    return min(years.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _resolve(mentions: list[Mention]) -> list[Mention]:
    """Non-overlapping within each schema: earlier start first, then longer."""
    schema_of = _schema_of()
    kept: list[Mention] = []
    last_end: dict[str, int] = {}
    seen: set[SpanKey] = set()
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if m.end <= m.start:
            continue
        key = m.key
        if key in seen:
            continue
        schema = schema_of.get(m.label, m.label)
        if m.start < last_end.get(schema, -1):
            rival = next((k for k in reversed(kept) if schema_of.get(k.label, k.label) == schema), None)
            if rival is not None:
                rival.contested = True
            continue
        kept.append(m)
        seen.add(key)
        last_end[schema] = m.end
    return kept


def extract_text(text: str) -> tuple[list[Mention], int | None]:
    """Mentions (non-overlapping per schema, text order) and the article's year."""
    mentions, year, _ = _extract_folded(text)
    return mentions, year


def _extract_folded(text: str) -> tuple[list[Mention], int | None, str]:
    folded = fold_text(text)
    end = content_end(folded)
    sentences = split_sentences(folded, end)
    mentions = (rules_meetings.find(folded, sentences, end)
                + rules_indicators.find(folded, sentences, end)
                + rules_officials.find(folded, sentences, end))
    return _resolve(mentions), article_year(folded, end), folded


def extract(doc: Document) -> Document:
    """Spans and relations for one document; ``text`` and ``id`` unchanged."""
    text = doc.text or ""
    mentions, year, folded = _extract_folded(text)
    ids = {id(m): f"r{i}" for i, m in enumerate(mentions)}
    spans = tuple(Span(m.start, m.end, m.label, ids[id(m)], text[m.start:m.end], score=confidence.score(m, folded))
                  for m in mentions)
    relations = []
    seen = set()
    for m in mentions:
        for type_, tail in m.links:
            if id(tail) in ids:
                key = (ids[id(m)], ids[id(tail)], type_)
                if key not in seen:
                    seen.add(key)
                    relations.append(Relation(*key))
    values = {s.id: normalize_value(s.label, text[s.start:s.end], year=year) for s in spans}
    meta = {"extractor": __version__, "year": year, "values": values}
    return Document(doc.id, doc.text, spans, tuple(relations), meta)
