"""Conversion between the document contract and Label Studio result items
(hoinghi.annotate.ls_conversion): reject reasons as a data table, property tests both ways,
and the recorded real exports in tests/data/ls/."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hoinghi.annotate.ls_conversion import REASONS, from_results, to_results
from hoinghi.document import Document, Relation, Span
from hoinghi.schema import load_schemas

DATA = Path(__file__).resolve().parents[1] / "data" / "ls"
SCHEMAS = load_schemas()
L2S = SCHEMAS.label_to_schema()
TEXT = "Đồng chí Nguyễn\u00a0Văn An 😀, Bí thư Quận ủy, chủ trì Hội nghị lần thứ 14."
NAME = (9, 22)      # "Nguyễn\xa0Văn An"
POS = (26, 40)      # "Bí thư Quận ủy"


def region(rid, start, end, label, *, text=None, control=None):
    return {"id": rid, "from_name": control or L2S.get(label, "officials"), "to_name": "text", "type": "labels",
            "origin": "manual", "value": {"start": start, "end": end,
                                          "text": TEXT[start:end] if text is None else text, "labels": [label]}}


def rel(a, b, *types, direction="right"):
    return {"type": "relation", "from_id": a, "to_id": b, "direction": direction, "labels": list(types)}


def test_offsets_in_fixture_text():
    assert TEXT[slice(*NAME)] == "Nguyễn\u00a0Văn An"
    assert TEXT[slice(*POS)] == "Bí thư Quận ủy"


GOOD = [region("r1", *NAME, "PERSON"), region("r2", *POS, "POSITION")]

# (case, extra items, reason expected for the extra item or None when it converts)
CASES = [
    ("relation converts", [rel("r1", "r2", "holds")], None),
    ("left relation swaps head and tail", [rel("r2", "r1", "holds", direction="left")], None),
    ("unknown label", [region("x", 0, 8, "ORG", control="officials")], "unknown label"),
    ("label under another control", [region("x", 0, 8, "PERSON", control="meetings")], "wrong control"),
    ("end beyond text", [region("x", 50, 500, "PERSON")], "offsets out of range"),
    ("negative start", [region("x", -1, 3, "PERSON", text="")], "offsets out of range"),
    ("empty span", [region("x", 5, 5, "PERSON", text="")], "offsets out of range"),
    ("string offsets", [{**region("x", 0, 3, "PERSON"), "value": {"start": "0", "end": "3", "labels": ["PERSON"]}}],
     "offsets out of range"),
    ("text mismatch", [region("x", *NAME, "PERSON", text="Nguyen Van An")], "text mismatch"),
    ("NBSP typed as space is a mismatch", [region("x", *NAME, "PERSON", text="Nguyễn Văn An")], "text mismatch"),
    ("UTF-16 offsets drift", [region("x", NAME[0] + 1, NAME[1] + 1, "PERSON", text=TEXT[NAME[0]:NAME[1]])],
     "text mismatch"),
    ("two labels on a region", [{**region("x", 0, 8, "PERSON"), "value": {"start": 0, "end": 8, "text": TEXT[:8],
                                                                          "labels": ["PERSON", "POSITION"]}}],
     "several labels"),
    ("no label", [{**region("x", 0, 8, "PERSON"), "value": {"start": 0, "end": 8, "text": TEXT[:8], "labels": []}}],
     "no label"),
    ("duplicate region id", [region("r1", 0, 8, "PERSON")], "duplicate region id"),
    ("choices item", [{"id": "c", "type": "choices", "from_name": "x", "to_name": "text",
                       "value": {"choices": ["a"]}}], "unsupported item"),
    ("not an object", ["garbage"], "unsupported item"),
    ("relation to a missing region", [rel("r1", "nope", "holds")], "relation to a missing region"),
    ("relation without type, one type allowed: typed", [rel("r1", "r2")], None),
    ("relation without type, no type allowed that way", [rel("r2", "r1")], "relation without type"),
    ("unknown relation type", [rel("r1", "r2", "likes")], "unknown relation type"),
    ("relation against the schema", [rel("r2", "r1", "holds")], "relation not allowed"),
    ("bidirectional relation", [rel("r1", "r2", "holds", direction="bi")], "bidirectional relation"),
]


UNTYPED = [  # (text, regions (id, start, end, label), relation (from, to), expected relations, inferred, detail)
    ("Hội nghị lần thứ 14 ngày 18-7", [("m", 0, 19, "MEETING"), ("d", 20, 29, "DATE")], ("d", "m"),
     [("d", "m", "of")], 1, None),
    ("Thu NSNN 50 tỷ", [("i", 0, 8, "INDICATOR"), ("v", 9, 14, "VALUE")], ("v", "i"), [("v", "i", "of")], 1, None),
    ("Thu NSNN 50 tỷ", [("i", 0, 8, "INDICATOR"), ("v", 9, 14, "VALUE")], ("i", "v"), [], 0,
     "INDICATOR -> VALUE: the schemas allow no type"),
]


@pytest.mark.parametrize("text, regions, pair, expected, inferred, detail", UNTYPED)
def test_a_relation_without_type_gets_the_one_type_the_schemas_allow(text, regions, pair, expected, inferred, detail):
    items = [{"id": i, "from_name": load_schemas().schema_of(lab).name, "to_name": "text", "type": "labels",
              "value": {"start": s, "end": e, "text": text[s:e], "labels": [lab]}} for i, s, e, lab in regions]
    conv = from_results(items + [rel(*pair)], text)
    assert [(r.head, r.tail, r.type) for r in conv.relations] == expected and len(conv.inferred) == inferred
    assert [p.detail for p in conv.problems] == ([detail] if detail else [])


def test_several_allowed_types_are_refused_naming_them():
    from hoinghi.schema import load_schemas as ls
    conv = from_results(GOOD + [rel("r1", "r2")], TEXT, relation_ok=lambda t, h, tl: True,
                        relation_types={"holds", "of"}, label_to_schema=ls().label_to_schema())
    assert [(p.reason, p.detail) for p in conv.problems] == [
        ("relation without type", "PERSON -> POSITION: the schemas allow several types (holds, of)")]


@pytest.mark.parametrize("case,extra,reason", CASES, ids=[c[0] for c in CASES])
def test_conversion_table(case, extra, reason):
    conv = from_results(GOOD + extra, TEXT)
    # the good items always survive, whatever else is in the result
    assert {(s.start, s.end, s.label, s.id) for s in conv.spans} >= {(*NAME, "PERSON", "r1"), (*POS, "POSITION", "r2")}
    if reason is None:
        assert conv.problems == []
        assert conv.relations == (Relation("r1", "r2", "holds"),)
    else:
        assert reason in REASONS
        assert [p.reason for p in conv.problems] == [reason]
        assert conv.problems[0].item == extra[0]
        assert len(conv.spans) == 2 and conv.relations == ()


def test_to_results_shape_matches_the_ui():
    doc = Document("d", TEXT, (Span(*NAME, "PERSON", "p"), Span(*POS, "POSITION", "q")), (Relation("p", "q", "holds"),))
    items = to_results(doc, origin="manual", new_ids=True)
    assert [len(i["id"]) for i in items[:2]] == [10, 10]
    assert items[0]["from_name"] == "officials" and items[0]["to_name"] == "text" and items[0]["origin"] == "manual"
    assert items[2] == {"type": "relation", "from_id": items[0]["id"], "to_id": items[1]["id"],
                        "direction": "right", "labels": ["holds"]}
    assert "id" not in items[2]


# -- properties ---------------------------------------------------------------------

ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyỳỹ ÁÀẢÃẠ\u00a0\n.,😀𝔸"))


@st.composite
def documents(draw):
    text = draw(st.text(ALPHABET, min_size=1, max_size=60))
    n = draw(st.integers(0, 6))
    spans = []
    for i in range(n):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(Span(start, end, draw(st.sampled_from(SCHEMAS.labels)), f"s{i}", text[start:end]))
    rels = []
    for _ in range(draw(st.integers(0, 4))) if spans else []:
        h, t = draw(st.sampled_from(spans)), draw(st.sampled_from(spans))
        allowed = [r.type for s in SCHEMAS.schemas for r in s.relations if r.allows(h.label, t.label)]
        if allowed:
            r = Relation(h.id, t.id, draw(st.sampled_from(allowed)))
            if r not in rels:
                rels.append(r)
    return Document("d", text, tuple(spans), tuple(rels))


def _key(doc_spans):
    return sorted((s.start, s.end, s.label, s.id) for s in doc_spans)


@settings(max_examples=200, deadline=None)
@given(documents(), st.booleans())
def test_round_trip_document_to_results_and_back(doc, new_ids):
    items = to_results(doc, new_ids=new_ids)
    conv = from_results(json.loads(json.dumps(items, ensure_ascii=False)), doc.text)
    assert conv.problems == []
    back = {s.id: s for s in conv.spans}
    if new_ids:
        ids = {s.id: i["id"] for s, i in zip(doc.spans, items)}
    else:
        ids = {s.id: s.id for s in doc.spans}
    assert _key(conv.spans) == _key(Span(s.start, s.end, s.label, ids[s.id]) for s in doc.spans)
    assert all(back[ids[s.id]].text == doc.text[s.start:s.end] for s in doc.spans)
    assert set(conv.relations) == {Relation(ids[r.head], ids[r.tail], r.type) for r in doc.relations}


@st.composite
def result_items(draw):
    text = draw(st.text(ALPHABET, min_size=1, max_size=30))
    ids = st.sampled_from(["a", "b", "c", "d"])
    label = st.sampled_from(list(SCHEMAS.labels) + ["ORG", ""])
    anyint = st.integers(-3, 40)
    region_st = st.builds(lambda rid, s, e, lab, ctrl, txt: {
        "id": rid, "type": "labels", "from_name": ctrl, "to_name": "text",
        "value": {"start": s, "end": e, "labels": [lab], **({"text": txt} if txt is not None else {})}},
        ids, anyint, anyint, label, st.sampled_from(SCHEMAS.names), st.none() | st.text(ALPHABET, max_size=5))
    rel_st = st.builds(lambda a, b, t, d: {"type": "relation", "from_id": a, "to_id": b, "labels": t, "direction": d},
                       ids, ids, st.lists(st.sampled_from(["of", "holds", "x"]), max_size=2),
                       st.sampled_from(["right", "left", "bi"]))
    items = draw(st.lists(region_st | rel_st | st.just({"type": "textarea"}), max_size=8))
    return text, items


@settings(max_examples=300, deadline=None)
@given(result_items())
def test_from_results_accounts_for_every_item(case):
    """Arbitrary (often broken) results never raise; every region item is either a span or
    a problem, every relation label either a relation or a problem (nothing vanishes)."""
    text, items = case
    conv = from_results(items, text)
    regions = [i for i in items if i.get("type") != "relation"]
    assert len(conv.spans) + sum(1 for p in conv.problems if p.item.get("type") != "relation") == len(regions)
    for rel_item in (i for i in items if i["type"] == "relation"):
        made = sum(1 for r in conv.relations for t in rel_item["labels"]
                   if r.type == t and {r.head, r.tail} == {rel_item["from_id"], rel_item["to_id"]})
        refused = sum(1 for p in conv.problems if p.item is rel_item)
        assert made + refused >= 1
    for s in conv.spans:
        assert 0 <= s.start < s.end <= len(text) and s.text == text[s.start:s.end]


# -- recorded real exports -----------------------------------------------------------

@pytest.mark.parametrize("name", ["ls-export-sample.json", "ls-export-sample-sync.json"])
def test_shared_sample_export_converts(shared_dir, name):
    """The real exports in ../shared/notes (snapshot and sync; a hand-made config with a
    control named ``label``): every region is accounted for, none dropped."""
    from hoinghi.annotate.pull import convert_export

    tasks = json.loads((shared_dir / "notes" / name).read_text(encoding="utf-8"))
    docs, rejects, summary = convert_export(tasks)
    n_live = sum(1 for t in tasks for a in t["annotations"] if not a["was_cancelled"])
    assert summary.skipped == sum(1 for t in tasks for a in t["annotations"] if a["was_cancelled"]) == 1
    assert summary.records == n_live
    items = sum(len(a["result"]) for t in tasks for a in t["annotations"] if not a["was_cancelled"])
    assert summary.superseded == 0
    assert summary.spans + summary.relations + summary.rejects == items   # each item: converted or rejected
    assert {r.reason for r in rejects} <= {"wrong control", "unknown control", "unknown label", "relation to a missing region",
                                           "unknown relation type", "relation not allowed"}
