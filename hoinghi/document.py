"""The document contract that runs through the whole toolkit.

One JSON object per line::

    {"id": str, "text": str,
     "spans": [{"id": str?, "start": int, "end": int, "label": str, "text": str?}],
     "relations": [{"head": span id, "tail": span id, "type": str}]?,
     "meta": {...}?}

* ``text`` is NFC; offsets are Python ``str`` indices (code points), end-exclusive.
* Gold and prediction files share the shape; a prediction line may omit ``text``.
* A span's schema follows from its label. Gold spans of one schema never overlap.

Every problem is raised as :class:`~hoinghi.errors.InputError` naming file, line,
document id and field.

>>> doc = Document.from_json({"id": "d1", "text": "Ông Nguyễn Văn An", "spans": [{"start": 4, "end": 17, "label": "PERSON"}]})
>>> doc.spans[0].id, doc.text[doc.spans[0].start:doc.spans[0].end]
('s0', 'Nguyễn Văn An')
"""
from __future__ import annotations

__all__ = [
    "Span",
    "SpanKey",
    "Relation",
    "Document",
    "read_documents",
    "iter_documents",
    "iter_json_lines",
    "read_json",
    "write_documents",
    "validate_document",
    "fingerprint",
]

import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NoReturn

from .atomic import atomic_writer
from .errors import InputError, Location
from .fingerprint import fingerprint  # re-exported: its home was here, many callers import it from here
from .jsonl import iter_json_lines, read_json

_intern = sys.intern


SpanKey = tuple[int, int, str]
"""``(start, end, label)``: the one shape of a span's identity (see :attr:`Span.key`)."""


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character range ``[start, end)`` of a document's text."""

    start: int
    end: int
    label: str
    id: str | None = None
    text: str | None = None
    score: float | None = None  # an extractor's confidence in [0, 1]; gold spans have none

    @property
    def key(self) -> SpanKey:
        """The span's identity for matching and comparison: ``(start, end, label)``.

        >>> Span(4, 17, "PERSON", "s0").key
        (4, 17, 'PERSON')
        """
        return (self.start, self.end, self.label)

    def to_json(self) -> dict:
        out = {"id": self.id, "start": self.start, "end": self.end, "label": self.label}
        if self.text is not None:
            out["text"] = self.text
        if self.score is not None:
            out["score"] = self.score
        return out


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed, typed link ``head --type--> tail`` between two span ids."""

    head: str
    tail: str
    type: str

    def to_json(self) -> dict:
        return {"head": self.head, "tail": self.tail, "type": self.type}


@dataclass(frozen=True)
class Document:
    id: str
    text: str | None
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    meta: dict = field(default_factory=dict)

    # -- conversion -------------------------------------------------------
    @classmethod
    def from_json(cls, obj: object, where: Location | None = None, *, require_text: bool = True) -> "Document":
        """Build a document from a parsed JSON object, checking types and offsets
        (but not labels or overlaps: see :func:`validate_document`)."""
        where = where or Location()
        if not isinstance(obj, dict):
            _fail(where, f"expected a JSON object, got {type(obj).__name__}")
        unknown = sorted(set(obj) - {"id", "text", "spans", "relations", "meta"})
        if unknown:
            _fail(where, f"unknown key {unknown[0]!r} (allowed: id, text, spans, relations, meta)", unknown[0],
                  obj.get("id") if isinstance(obj.get("id"), str) else None)
        doc_id = obj.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            _fail(where, "missing or empty document id (a non-empty string)", "id")
        text = _text_from_json(obj.get("text"), where, doc_id, require_text)
        raw_spans = obj.get("spans", [])
        if not isinstance(raw_spans, list):
            _fail(where, "spans must be a list", "spans", doc_id)
        spans = []
        n_text = None if text is None else len(text)
        for i, s in enumerate(raw_spans):
            if type(s) is dict:  # the common, well-formed case, checked inline (this loop runs per span)
                start, end, label, sid, stext = s.get("start"), s.get("end"), s.get("label"), s.get("id"), s.get("text")
                if (type(start) is int and type(end) is int and type(label) is str and label and 0 <= start < end
                        and (n_text is None or end <= n_text)
                        and len(s) == 3 + (sid is not None) + (stext is not None)  # no score, no other key, no null
                        and (sid is None or (type(sid) is str and sid))
                        and (stext is None or (type(stext) is str and (text is None or text[start:end] == stext)))):
                    spans.append(Span(start, end, _intern(label),  # one string per label, not per span
                                      sid if sid is not None else _DEFAULT_IDS[i] if i < 512 else f"s{i}", stext))
                    continue
            spans.append(_span_from_json(s, f"spans[{i}]", f"s{i}", text, where, doc_id))  # full checks, messages
        ids = [s.id for s in spans]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            _fail(where, f"duplicate span id {dup!r}", "spans", doc_id)
        raw_rel = obj.get("relations") or []
        if not isinstance(raw_rel, list):
            _fail(where, "relations must be a list", "relations", doc_id)
        idset = set(ids)
        relations = [_relation_from_json(r, f"relations[{i}]", idset, where, doc_id) for i, r in enumerate(raw_rel)]
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            _fail(where, "meta must be an object", "meta", doc_id)
        return cls(doc_id, text, tuple(spans), tuple(relations), meta)

    def to_json(self) -> dict:
        out: dict = {"id": self.id}
        if self.text is not None:
            out["text"] = self.text
        out["spans"] = [s.to_json() for s in self.spans]
        out["relations"] = [r.to_json() for r in self.relations]
        if self.meta:
            out["meta"] = self.meta
        return out

    def span_text(self, span: Span) -> str:
        if self.text is None:
            return span.text or ""
        return self.text[span.start:span.end]


_DEFAULT_IDS = tuple(f"s{i}" for i in range(512))  # shared by every document whose spans have no ids


def _fail(where: Location, msg: str, fld: str | None = None, doc_id: str | None = None) -> NoReturn:
    raise InputError(msg, Location(where.file, where.line, doc_id, fld))


def _text_from_json(text: object, where: Location, doc_id: str, require_text: bool) -> str | None:
    if text is None:
        if require_text:
            _fail(where, "missing text", "text", doc_id)
    elif not isinstance(text, str):
        _fail(where, "text must be a string", "text", doc_id)
    elif not unicodedata.is_normalized("NFC", text):
        _fail(where, "text is not NFC-normalised (normalise before annotating; offsets count NFC code points)",
              "text", doc_id)
    return text


def _span_from_json(s: object, f: str, default_id: str, text: str | None, where: Location, doc_id: str) -> Span:
    """One span object (field ``f``, e.g. ``spans[3]``): keys, integer offsets inside
    the text, a label, an optional id (``default_id`` when absent), text and score."""
    if not isinstance(s, dict):
        _fail(where, "a span must be an object", f, doc_id)
    bad = sorted(set(s) - {"id", "start", "end", "label", "text", "score"})
    if bad:
        _fail(where, f"unknown key {bad[0]!r} in span", f"{f}.{bad[0]}", doc_id)
    start, end, label = s.get("start"), s.get("end"), s.get("label")
    for name, v in (("start", start), ("end", end)):
        if not isinstance(v, int) or isinstance(v, bool):
            _fail(where, f"{name} must be an integer", f"{f}.{name}", doc_id)
    if not isinstance(label, str) or not label:
        _fail(where, "label must be a non-empty string", f"{f}.label", doc_id)
    if start < 0 or end <= start:
        _fail(where, f"bad offsets [{start}, {end}): need 0 <= start < end", f, doc_id)
    if text is not None and end > len(text):
        _fail(where, f"offsets [{start}, {end}) out of range (text has {len(text)} characters)", f"{f}.end", doc_id)
    sid = s.get("id")
    if sid is None:
        sid = default_id
    elif not isinstance(sid, str) or not sid:
        _fail(where, "span id must be a non-empty string", f"{f}.id", doc_id)
    stext = s.get("text")
    if stext is not None:
        if not isinstance(stext, str):
            _fail(where, "span text must be a string", f"{f}.text", doc_id)
        if text is not None and text[start:end] != stext:
            _fail(where, f"span text {stext!r} does not match text[{start}:{end}] = {text[start:end]!r}",
                  f"{f}.text", doc_id)
    score = s.get("score")
    if score is not None and (not isinstance(score, (int, float)) or isinstance(score, bool)
                              or not 0.0 <= score <= 1.0):
        _fail(where, "score must be a number from 0 to 1", f"{f}.score", doc_id)
    return Span(start, end, label, sid, stext, None if score is None else float(score))


def _relation_from_json(r: object, f: str, span_ids: set[str], where: Location, doc_id: str) -> Relation:
    if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("head", "tail", "type")):
        _fail(where, "a relation needs string head, tail and type", f, doc_id)
    for k in ("head", "tail"):
        if r[k] not in span_ids:
            _fail(where, f"{k} {r[k]!r} names no span of this document", f"{f}.{k}", doc_id)
    return Relation(r["head"], r["tail"], r["type"])


def validate_document(doc: Document, where: Location | None = None, *, labels: dict[str, str] | None = None,
                      gold: bool = False, relation_ok=None) -> None:
    """Check labels (``labels`` maps label → schema name) and, for gold, that spans
    of one schema do not overlap. ``relation_ok(type, head_label, tail_label)``
    checks relations against the schemas.

    >>> d = Document("d", "abcdef", (Span(0, 3, "A", "a"), Span(2, 4, "A", "b")))
    >>> validate_document(d, labels={"A": "x"}, gold=True)
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: document d, field spans[1]: span [2, 4) A overlaps span [0, 3) A of the same schema x
    """
    where = where or Location()
    loc = lambda fld: Location(where.file, where.line, doc.id, fld)  # noqa: E731
    if labels is not None and not {s.label for s in doc.spans} <= labels.keys():
        for i, s in enumerate(doc.spans):
            if s.label not in labels:
                raise InputError(f"unknown label {s.label!r} (known: {', '.join(labels)})", loc(f"spans[{i}].label"))
    if gold and labels is not None:
        # by (start, end), ties in span order: the same order as a stable sort on (start, end)
        order = [i for _, _, i in sorted([(s.start, s.end, i) for i, s in enumerate(doc.spans)])]
        last: dict[str, int] = {}
        for i in order:
            s = doc.spans[i]
            schema = labels[s.label]
            j = last.get(schema)
            if j is not None and doc.spans[j].end > s.start:
                o = doc.spans[j]
                raise InputError(f"span [{s.start}, {s.end}) {s.label} overlaps span [{o.start}, {o.end}) {o.label} "
                                 f"of the same schema {schema}", loc(f"spans[{i}]"))
            if j is None or doc.spans[j].end < s.end:
                last[schema] = i
    if relation_ok is not None:
        by_id = {s.id: s for s in doc.spans}
        for i, r in enumerate(doc.relations):
            h, t = by_id[r.head], by_id[r.tail]
            if not relation_ok(r.type, h.label, t.label):
                raise InputError(f"relation {h.label} --{r.type}--> {t.label} is not allowed by the schemas", loc(f"relations[{i}]"))


def iter_documents(path: str | Path, *, require_text: bool = True, labels: dict[str, str] | None = None,
                   gold: bool = False, relation_ok=None) -> Iterator[Document]:
    """Stream documents from a JSONL file, validating each line. Duplicate ids are refused."""
    seen: dict[str, int] = {}
    for where, obj in iter_json_lines(path):
        doc = Document.from_json(obj, where, require_text=require_text)
        if doc.id in seen:
            raise InputError(f"duplicate document id (first on line {seen[doc.id]})",
                             Location(where.file, where.line, doc.id, "id"))
        seen[doc.id] = where.line
        validate_document(doc, where, labels=labels, gold=gold, relation_ok=relation_ok)
        yield doc


def read_documents(path: str | Path, **kwargs) -> list[Document]:
    """All documents of a JSONL file (see :func:`iter_documents` for the checks)."""
    return list(iter_documents(path, **kwargs))


def write_documents(path: str | Path, docs: Iterable[Document | dict]) -> int:
    """Write documents as JSONL atomically (a temporary file renamed into place).
    Returns the number written."""
    n = 0
    with atomic_writer(path) as fh:
        for d in docs:
            obj = d.to_json() if isinstance(d, Document) else d
            fh.write(json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n")
            n += 1
    return n
