"""Inline-marked worksheets: an annotator's pass written as the article's own text with marks.

A worksheet is the article, character for character, with each span wrapped in a mark::

    [[LABEL|surface]]                a span
    [[LABEL=id|surface]]             a span others can point at
    [[LABEL=id>t1,t2|surface]]       a span with relations to the spans t1 and t2

Marks of different schemas may nest (``[[ORGANIZER>m1|Ban Chấp hành Đảng bộ huyện [[...]]]]``).
A relation's type is the one type the schemas allow between the two labels
(``PERSON --holds--> POSITION``, ``VALUE --of--> INDICATOR``, ...). Offsets are never typed
by hand: :func:`parse_marked` strips the marks and computes code-point offsets from the text
it rebuilds; :func:`check_text` then requires that text to equal the article exactly, so a
pass cannot silently change the article it labels.

A **span list** says the same without copying the article: one span a line,
``LINE | HEAD | SURFACE`` (``| #N`` after it picks the N-th occurrence of SURFACE on that
article line; required when there are several), where HEAD is a mark's head
(``PERSON>p1``, ``POSITION=p1``) and LINE counts the article's lines from 1. Blank lines and
lines starting with ``#`` are comments. :func:`parse_span_list` finds each surface in the
article and computes its offsets.

Every problem is an :class:`~hoinghi.errors.InputError` naming the file, the line of the
mark, the document and the field.

>>> doc = parse_marked("d1", "Ông [[PERSON>p|Lê An]], [[POSITION=p|Bí thư Huyện ủy]].")
>>> doc.text
'Ông Lê An, Bí thư Huyện ủy.'
>>> [(s.label, doc.span_text(s)) for s in doc.spans], [r.type for r in doc.relations]
([('PERSON', 'Lê An'), ('POSITION', 'Bí thư Huyện ủy')], ['holds'])
"""
from __future__ import annotations

__all__ = ["parse_marked", "read_marked", "check_text", "parse_span_list", "read_span_list"]

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Document, Relation, Span, validate_document
from ..errors import InputError, Location
from ..schema import SchemaSet, load_schemas

_HEAD = re.compile(r"^([A-Z][A-Z0-9_]*)(?:=([\w-]+))?(?:>([\w-]+(?:,[\w-]+)*))?$")
_EDGE = " \u00a0\t\n,.;:\"'“”"


@dataclass
class _Open:
    label: str
    sid: str | None
    targets: list[str]
    start: int
    line: int


@dataclass
class _State:
    doc_id: str
    where: Location
    out: list[str] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    spans: list[tuple[Span, list[str], int]] = field(default_factory=list)
    line: int = 1

    def fail(self, message: str, fld: str | None = None, line: int | None = None):
        line = line if line is not None else self.line
        raise InputError(message, Location(self.where.file, (self.where.line or 1) + line - 1, self.doc_id, fld))


def _open_mark(st: _State, marked: str, i: int) -> int:
    j = marked.find("|", i)
    if j < 0 or "\n" in marked[i:j]:
        st.fail("a mark '[[' without '|' on the same line", "marks")
    m = _HEAD.match(marked[i + 2:j])
    if not m:
        st.fail(f"bad mark head {marked[i + 2:j]!r} (want LABEL, LABEL=id or LABEL=id>t1,t2)", "marks")
    targets = m.group(3).split(",") if m.group(3) else []
    st.stack.append(_Open(m.group(1), m.group(2), targets, len(st.out), st.line))
    return j + 1


def _close_mark(st: _State) -> None:
    if not st.stack:
        st.fail("']]' closes no mark", "marks")
    o = st.stack.pop()
    n = len(st.spans)
    surface = "".join(st.out[o.start:])
    fld = f"spans[{n}]"
    if not surface:
        st.fail(f"empty {o.label} mark", fld, o.line)
    if surface[0] in _EDGE or (surface[-1] in _EDGE and not (surface[-1] == ")" or surface[-1] == "”")):
        st.fail(f"{o.label} {surface!r} starts or ends with a space or punctuation (guideline §0.3)", fld, o.line)
    span = Span(o.start, len(st.out), o.label, o.sid or f"s{n}", surface)
    st.spans.append((span, o.targets, o.line))


def parse_marked(doc_id: str, marked: str, *, schemas: SchemaSet | None = None,
                 where: Location | None = None) -> Document:
    """The document a worksheet describes: text without marks, spans, typed relations.

    Labels and relations are checked against ``schemas`` (the installed ones by default);
    spans of one schema must not overlap (the gold contract).
    """
    schemas = schemas or load_schemas()
    st = _State(doc_id, where or Location())
    i, n = 0, len(marked)
    while i < n:
        if marked.startswith("[[", i):
            i = _open_mark(st, marked, i)
        elif marked.startswith("]]", i) and st.stack:
            _close_mark(st)
            i += 2
        else:
            st.line += marked[i] == "\n"
            st.out.append(marked[i])
            i += 1
    if st.stack:
        st.fail(f"{st.stack[-1].label} mark is never closed", "marks", st.stack[-1].line)
    text = "".join(st.out)
    if not unicodedata.is_normalized("NFC", text):
        st.fail("text is not NFC", "text", 1)
    return _finish(st, text, schemas)


def _finish(st: _State, text: str, schemas: SchemaSet) -> Document:
    """The document of the collected spans: relations typed by the schemas, the gold checks."""
    doc = Document(st.doc_id, text, tuple(s for s, _, _ in st.spans), _relations(st, schemas))
    try:
        validate_document(doc, st.where, labels=schemas.label_to_schema(), gold=True,
                          relation_ok=schemas.allows_relation)
    except InputError as exc:  # name the line of the mark, not the worksheet's first line
        m = re.match(r"spans\[(\d+)\]", exc.where.field or "")
        st.fail(exc.message, exc.where.field, st.spans[int(m.group(1))][2] if m else 1)
    return doc


def _relations(st: _State, schemas: SchemaSet) -> tuple[Relation, ...]:
    by_id = {s.id: s for s, _, _ in st.spans}
    if len(by_id) != len(st.spans):
        ids = [s.id for s, _, _ in st.spans]
        st.fail(f"span id {next(x for x in ids if ids.count(x) > 1)!r} is used twice", "spans", 1)
    out = []
    for k, (span, targets, line) in enumerate(st.spans):
        for t in targets:
            tail = by_id.get(t)
            if tail is None:
                st.fail(f"{span.label} {span.text!r} points at {t!r}, which names no span", f"spans[{k}]", line)
            types = sorted({r.type for s in schemas.schemas for r in s.relations if r.allows(span.label, tail.label)})
            if len(types) != 1:
                st.fail(f"no single relation type from {span.label} to {tail.label} (schemas allow {types or 'none'})",
                        f"spans[{k}]", line)
            out.append(Relation(span.id, tail.id, types[0]))
    return tuple(out)


def read_marked(path: str | Path, *, doc_id: str | None = None, schemas: SchemaSet | None = None) -> Document:
    """Parse a worksheet file; the document id is the file's stem unless given."""
    path = Path(path)
    try:
        marked = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read worksheet: {exc}", Location(str(path))) from None
    return parse_marked(doc_id or path.stem, marked, schemas=schemas, where=Location(str(path), 1))


def check_text(doc: Document, article: str, where: Location | None = None) -> None:
    """Refuse a worksheet whose text (marks stripped) is not the article exactly; the
    message names the first line that differs.

    >>> check_text(Document("d", "a\\nb c"), "a\\nb  c")
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: line 2, document d, field text: the worksheet's text differs from the article: 'b c' != 'b  c'
    """
    if doc.text == article:
        return
    mine, theirs = (doc.text or "").split("\n"), article.split("\n")
    k = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
    a = mine[k] if k < len(mine) else "<end of worksheet>"
    b = theirs[k] if k < len(theirs) else "<end of article>"
    w = where or Location()
    raise InputError(f"the worksheet's text differs from the article: {a[:80]!r} != {b[:80]!r}",
                     Location(w.file, k + 1, doc.id, "text"))


def parse_span_list(doc_id: str, article: str, listing: str, *, schemas: SchemaSet | None = None,
                    where: Location | None = None) -> Document:
    r"""The document a span list describes over ``article`` (see the module doc).

    >>> d = parse_span_list("d", "Tiêu đề\nÔng Lê An, Bí thư", "2 | PERSON>p | Lê An\n2 | POSITION=p | Bí thư")
    >>> [(s.label, d.span_text(s)) for s in d.spans], [r.type for r in d.relations]
    ([('PERSON', 'Lê An'), ('POSITION', 'Bí thư')], ['holds'])
    """
    schemas = schemas or load_schemas()
    st = _State(doc_id, where or Location())
    starts, pos = [], 0
    for line in article.split("\n"):
        starts.append(pos)
        pos += len(line) + 1
    lines = article.split("\n")
    for st.line, row in enumerate(listing.split("\n"), 1):
        if row.strip() and not row.lstrip().startswith("#"):
            st.spans.append(_listed_span(st, row, lines, starts))
    return _finish(st, article, schemas)


def _listed_span(st: _State, row: str, lines: list[str], starts: list[int]) -> tuple[Span, list[str], int]:
    parts = [p.strip() for p in row.split(" | ")]
    fld = f"spans[{len(st.spans)}]"
    if len(parts) not in (3, 4) or not parts[0].isdigit() or (len(parts) == 4 and not re.fullmatch(r"#\d+", parts[3])):
        st.fail(f"want 'LINE | HEAD | SURFACE [| #N]', got {row.strip()[:80]!r}", fld)
    m = _HEAD.match(parts[1])
    if not m:
        st.fail(f"bad head {parts[1]!r} (want LABEL, LABEL=id or LABEL=id>t1,t2)", fld)
    k, surface = int(parts[0]), parts[2]
    if not 1 <= k <= len(lines):
        st.fail(f"article line {k} does not exist (the article has {len(lines)} lines)", fld)
    found = [i for i in range(len(lines[k - 1])) if lines[k - 1].startswith(surface, i)] if surface else []
    nth = int(parts[3][1:]) if len(parts) == 4 else None
    if not found:
        st.fail(f"{surface!r} is not on article line {k}", fld)
    if nth is None and len(found) > 1:
        st.fail(f"{surface!r} occurs {len(found)} times on article line {k}: add '| #N'", fld)
    if nth is not None and not 1 <= nth <= len(found):
        st.fail(f"{surface!r} occurs {len(found)} times on article line {k}, not {nth}", fld)
    if surface[0] in _EDGE or surface[-1] in _EDGE:
        st.fail(f"{m.group(1)} {surface!r} starts or ends with a space or punctuation (guideline §0.3)", fld)
    start = starts[k - 1] + found[(nth or 1) - 1]
    span = Span(start, start + len(surface), m.group(1), m.group(2) or f"s{len(st.spans)}", surface)
    return span, m.group(3).split(",") if m.group(3) else [], st.line


def read_span_list(path: str | Path, article_path: str | Path, *, doc_id: str | None = None,
                   schemas: SchemaSet | None = None) -> Document:
    """Parse a span-list file over its article file; the document id is the article's stem unless given."""
    path, article_path = Path(path), Path(article_path)
    texts = []
    for p in (path, article_path):
        try:
            texts.append(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read: {exc}", Location(str(p))) from None
    return parse_span_list(doc_id or article_path.stem, texts[1], texts[0], schemas=schemas,
                           where=Location(str(path), 1))
