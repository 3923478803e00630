"""The gold fingerprint: its value is fixed (gold manifests and baselines store it), so
``fingerprint()`` is checked against its ``json.dumps`` definition and the shipped
manifests, and ``FingerprintColumns`` against ``fingerprint()`` on random documents split
into random batches (hypothesis), on table cases and on the shipped gold sets."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.document import Document, Relation, Span, fingerprint
from hoinghi.eval.columns import SpanColumns
from hoinghi.fingerprint import FingerprintColumns

REPO = Path(__file__).resolve().parents[1]
#: Label names whose index order is not their string order (and one that json escapes).
LABELS = ["TERM", "DATE", "Ủy", 'q"x', "A😀", "B"]


def _fingerprint_by_definition(docs):
    """The fingerprint's definition, written plainly with json.dumps."""
    items = []
    for d in docs:
        spans = sorted((s.start, s.end, s.label) for s in d.spans)
        by_id = {s.id: (s.start, s.end, s.label) for s in d.spans}
        rels = sorted((by_id[r.head], by_id[r.tail], r.type) for r in d.relations)
        items.append(json.dumps([d.id, d.text, spans, rels], ensure_ascii=False))
    h = hashlib.sha256()
    for item in sorted(items):
        h.update(item.encode("utf-8") + b"\n")
    return h.hexdigest()[:16]


def _batch(docs, labels=LABELS):
    """``add_batch``'s arguments for documents without relations or repeated spans."""
    keys = [(i, (s.start, s.end, labels.index(s.label))) for i, d in enumerate(docs) for s in d.spans]
    return [d.id for d in docs], [d.text for d in docs], SpanColumns.from_keys(keys), labels


def _columnar(batches) -> str:
    """``FingerprintColumns`` over batches of documents: a batch whose documents have no
    relations and no repeated span goes through ``add_batch``, the others through
    ``add_documents``."""
    fc = FingerprintColumns()
    for docs in batches:
        if any(d.relations or len({s.key for s in d.spans}) < len(d.spans) for d in docs):
            fc.add_documents(docs)
        else:
            fc.add_batch(*_batch(docs))
    return fc.hexdigest()


# -- fingerprint(): the definition and the stored values -------------------------------------
def test_fingerprint_changes_with_any_span_and_ignores_order():
    a = Document("d1", "Ông An", (Span(4, 6, "PERSON", "p"),), (Relation("p", "p", "x"),))
    b = Document("d2", "xyz", (Span(0, 1, "DATE", "x"),))
    base = fingerprint([a, b])
    assert fingerprint([b, a]) == base
    moved = Document("d2", "xyz", (Span(0, 2, "DATE", "x"),))
    relabelled = Document("d2", "xyz", (Span(0, 1, "TERM", "x"),))
    assert len({base, fingerprint([a, moved]), fingerprint([a, relabelled])}) == 3


_TEXT = st.text(alphabet=st.sampled_from(list('ab "\\\n\tủyỷ\u00a0😀\u2028<')), min_size=0, max_size=12)


@st.composite
def _any_docs(draw):
    out = []
    for i in range(draw(st.integers(0, 4))):
        n = draw(st.integers(0, 4))
        spans = tuple(Span(draw(st.integers(0, 50)), draw(st.integers(51, 99)), draw(_TEXT) or "X", f"s{j}")
                      for j in range(n))
        rels = tuple(Relation(f"s{draw(st.integers(0, n - 1))}", f"s{draw(st.integers(0, n - 1))}", draw(_TEXT))
                     for _ in range(draw(st.integers(0, 2)))) if n else ()
        text = draw(st.one_of(st.none(), _TEXT))
        out.append(Document(f"{i}{draw(_TEXT)}", text, spans, rels))
    return out


@settings(max_examples=200, deadline=None)
@given(_any_docs())
def test_fingerprint_equals_its_json_definition(docs):
    assert fingerprint(docs) == _fingerprint_by_definition(docs)


def _shipped_gold():
    from hoinghi.annotate import load_gold

    for name in ("hoinghi-5", "synthetic-heldout", "synthetic-provinces"):
        manifest = json.loads((REPO / "gold" / name / "gold.json").read_text(encoding="utf-8"))
        yield name, manifest["fingerprint"], load_gold(REPO / "gold" / name)


def test_shipped_gold_fingerprints_are_stable():
    for name, stored, docs in _shipped_gold():
        assert fingerprint(docs) == stored, name


def test_shipped_gold_fingerprints_from_columns():
    """The real gold sets. Every shipped gold document has relations, so the stored value
    comes through ``add_documents``; ``add_batch`` is checked on the same texts and spans
    with the relations left out, against ``fingerprint()`` of those documents."""
    for name, stored, docs in _shipped_gold():
        fc = FingerprintColumns()
        fc.add_documents(docs)
        assert fc.hexdigest() == stored, name
        bare = [dataclasses.replace(d, relations=()) for d in docs]
        labels = sorted({s.label for d in docs for s in d.spans}, reverse=True)  # index order != name order
        fc = FingerprintColumns()
        fc.add_batch(*_batch(bare[::2], labels))
        fc.add_batch(*_batch(bare[1::2], labels))
        assert fc.hexdigest() == fingerprint(bare) != stored, name


# -- FingerprintColumns == fingerprint(): random documents in random batches ----------------
_ID_TEXT = st.text(alphabet=st.sampled_from(list('aZ0 "\\/\x00\x1f\x7f\n\tĐủễơ😀𝕏\u2028\ufeff,[]')), max_size=10)


@st.composite
def _span(draw):
    start = draw(st.integers(0, 6))  # few positions: spans tie on (start, end) with other labels
    return Span(start, start + draw(st.integers(1, 3)), draw(st.sampled_from(LABELS)))


@st.composite
def _doc(draw, i):
    spans = draw(st.lists(_span(), max_size=8))
    if not draw(st.integers(0, 4)):  # one in five keeps repeated spans (add_documents)
        spans = spans + spans[:2]
    else:
        spans = list({s.key: s for s in spans}.values())
    spans = tuple(Span(s.start, s.end, s.label, f"s{k}") for k, s in enumerate(draw(st.permutations(spans))))
    rels = ()
    if spans and not draw(st.integers(0, 4)):  # one in five has relations (add_documents)
        rels = (Relation(spans[0].id, spans[-1].id, draw(_ID_TEXT)),)
    doc_id = draw(st.one_of(st.just(f"d{i}"), _ID_TEXT.map(lambda t: f"{i}{t}"), st.sampled_from(["a", "a!"])))
    return Document(doc_id, draw(st.one_of(_ID_TEXT, st.just("Ông Nguyễn Văn An"), st.none())), spans, rels)


@st.composite
def _batches(draw):
    docs = [draw(_doc(i)) for i in range(draw(st.integers(0, 12)))]
    docs = draw(st.permutations(docs))
    cuts = sorted(draw(st.lists(st.integers(0, len(docs)), max_size=4)))
    bounds = [0, *cuts, len(docs)]
    return docs, [docs[a:b] for a, b in zip(bounds, bounds[1:])]


@settings(max_examples=300, deadline=None)
@given(_batches())
def test_columns_equal_fingerprint_on_random_batches(case):
    docs, batches = case
    expected = fingerprint(docs)
    assert expected == _fingerprint_by_definition(docs)
    assert _columnar(batches) == expected
    assert _columnar([[d] for d in docs if not d.relations] + [[d] for d in docs if d.relations]) == expected


# -- table cases -----------------------------------------------------------------------------
D = Document
S = Span
CASES = [  # (name, batches of documents)
    ("nothing", []),
    ("an empty batch", [[]]),
    ("a document without spans", [[D("a", "xyz")]]),
    ("no text (null)", [[D("a", None, (S(0, 1, "B"),))]]),
    ("every text empty", [[D("a", ""), D("b", "")]]),
    ("empty id", [[D("", "x")]]),
    ("labels tie on one range, index order is not name order",
     [[D("a", "xyz", (S(0, 2, "TERM"), S(0, 2, "DATE"), S(0, 2, "B"), S(0, 2, "A😀"), S(0, 2, 'q"x')))]]),
    ("item order is not id order ('a!' before 'a')", [[D("a", "1")], [D("a!", "2")]]),
    ("same id twice", [[D("a", "2"), D("a", "1")]]),
    ("escaped in id and text, not the rest", [[D('i"d\\', "t\x00\x1f\n\"", (S(1, 2, "B"),)), D("ok", "plain")]]),
    ("not escaped: DEL, U+2028, BOM, non-BMP", [[D("\x7f", "\u2028\ufeff😀𝕏 Đảng ủy")]]),
    ("large offsets", [[D("a", "x", (S(0, 10 ** 12, "B"), S(9, 10, "B")))]]),
    ("relations and repeats beside columns",
     [[D("r", "xy", (S(0, 1, "B", "p"), S(0, 1, "DATE", "q")), (Relation("p", "q", "of"),))],
      [D("rep", "xy", (S(0, 1, "B", "p"), S(0, 1, "B", "q")))], [D("c", "xy", (S(0, 1, "B"),))]]),
]


@pytest.mark.parametrize("name, batches", CASES, ids=[c[0] for c in CASES])
def test_columns_cases(name, batches):
    docs = [d for b in batches for d in b]
    assert _columnar(batches) == fingerprint(docs) == _fingerprint_by_definition(docs)


def test_arrow_inputs_and_repeated_hexdigest():
    docs = [D("b", "Hà Nội", (S(0, 2, "B"),)), D("a\"", None), D("c", "x")]
    ids, texts, cols, labels = _batch(docs)
    fc = FingerprintColumns()
    fc.add_batch(pa.array(ids), pa.chunked_array([pa.array(texts[:1]), pa.array(texts[1:])]), cols, labels)
    assert fc.hexdigest() == fc.hexdigest() == fingerprint(docs)
    more = D("z", "\\")
    fc.add_batch(pa.array(["x", "z"]).slice(1), pa.array(["y", more.text]).slice(1), SpanColumns.from_keys([]), labels)
    assert fc.hexdigest() == fingerprint([*docs, more])


BAD = [  # (name, add_batch arguments, message)
    ("repeats collapsed", (["a"], ["xy"], SpanColumns.from_keys([(0, (0, 1, 0)), (0, (0, 1, 0))]), ["A"]),
     "collapsed 1 repeated"),
    ("ids and texts differ in length", (["a", "b"], ["x"], SpanColumns.from_keys([]), ["A"]), "2 ids but 1 texts"),
    ("span of a document not in the batch", (["a"], ["x"], SpanColumns.from_keys([(1, (0, 1, 0))]), ["A"]),
     "outside 0..0"),
    ("label not in labels", (["a"], ["x"], SpanColumns.from_keys([(0, (0, 1, 3))]), ["A"]), "label outside"),
    ("unsorted columns", (["a"], ["x"], SpanColumns(*(pa.array([0, 0]).to_numpy(), pa.array([2, 0]).to_numpy(),
                                                      pa.array([3, 1]).to_numpy(), pa.array([0, 0]).to_numpy())),
                          ["A"]), "sorted by"),
    ("an id is None", ([None], ["x"], SpanColumns.from_keys([]), ["A"]), "id is None"),
]


@pytest.mark.parametrize("name, args, message", BAD, ids=[c[0] for c in BAD])
def test_bad_batches_are_refused(name, args, message):
    with pytest.raises(ValueError, match=message):
        FingerprintColumns().add_batch(*args)
