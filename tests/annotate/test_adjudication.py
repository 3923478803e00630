"""annotate/adjudication.py: policies as a data table, relations, the log, properties
(nothing an annotator marked is lost: every span is in gold or in a logged conflict;
results do not depend on record or span order), bad input (the CLI: tests/cli/test_adjudicate.py)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.annotate.adjudication import AdjudicationLog, adjudicate
from hoinghi.annotate.passes import Record
from hoinghi.document import Document, Relation, Span
from hoinghi.errors import InputError

TEXT = "Ngày 18-7, Hội nghị lần thứ 14 do Quận ủy Hoàng Mai tổ chức. Bí thư Nguyễn Quang Hiếu phát biểu."
ALL = frozenset({"meetings", "indicators", "officials"})


def sp(piece, label):
    s = TEXT.index(piece)
    return (s, s + len(piece), label)


def rec(who, *keys, doc="d", rels=(), gt=False):
    spans = tuple(Span(k[0], k[1], k[2], f"{who}{i}") for i, k in enumerate(keys))
    ids = {k: f"{who}{i}" for i, k in enumerate(keys)}
    relations = tuple(Relation(ids[h], ids[t], typ) for h, t, typ in rels)
    return Record(who, Document(doc, TEXT, spans, relations, {"annotator": who}), ground_truth=gt, declared_schemas=ALL)


DATE = sp("Ngày 18-7", "DATE")
MEET = sp("Hội nghị lần thứ 14", "MEETING")
MEET_S = sp("Hội nghị", "MEETING")
ORG = sp("Quận ủy Hoàng Mai", "ORGANIZER")
PERS = sp("Nguyễn Quang Hiếu", "PERSON")
POS = sp("Bí thư", "POSITION")
POS_P = sp("Bí thư", "PERSON")

# case, records, policy, expected gold span keys, expected conflict kinds, expected unsettled count
CASES = [
    ("agreed: no conflict", [rec("a", DATE, MEET), rec("b", DATE, MEET)], "majority", {DATE, MEET}, [], 0),
    ("2 annotators, presence tie", [rec("a", DATE, MEET), rec("b", DATE)], "majority", {DATE}, ["presence"], 1),
    ("2 annotators, boundary tie", [rec("a", MEET), rec("b", MEET_S)], "majority", set(), ["boundary"], 1),
    ("3 annotators, boundary majority", [rec("a", MEET), rec("b", MEET), rec("c", MEET_S)], "majority", {MEET},
     ["boundary"], 0),
    ("3 annotators, presence 1 of 3 rejected", [rec("a", ORG), rec("b"), rec("c")], "majority", set(), ["presence"], 0),
    ("3 annotators, label majority", [rec("a", POS), rec("b", POS_P), rec("c", POS)], "majority", {POS}, ["label"], 0),
    ("4 annotators, 2-2 tie", [rec("a", POS), rec("b", POS_P), rec("c", POS), rec("d", POS_P)], "majority", set(),
     ["label"], 1),
    ("union presence settles", [rec("a", DATE), rec("b", ORG)], "union", {DATE, ORG}, ["presence", "presence"], 0),
    ("union boundary stays open", [rec("a", MEET), rec("b", MEET_S)], "union", set(), ["boundary"], 1),
    ("reviewer picks one", [rec("a", MEET), rec("b", MEET_S), rec("r", MEET_S)], "reviewer:r", {MEET_S}, ["boundary"], 0),
    ("reviewer rejects all", [rec("a", ORG), rec("b"), rec("r")], "reviewer:r", set(), ["presence"], 0),
    ("reviewer adds a span", [rec("a", DATE), rec("b", DATE), rec("r", DATE, PERS)], "reviewer:r", {DATE, PERS},
     ["presence"], 0),
    ("reviewer overrules an agreed span (logged)", [rec("a", DATE), rec("b", DATE), rec("r")], "reviewer:r", set(),
     ["presence"], 0),
    ("ground truth decides", [rec("a", MEET), rec("b", MEET_S, gt=True)], "ground-truth", {MEET_S}, ["boundary"], 0),
]


@pytest.mark.parametrize("case,records,policy,gold_keys,kinds,unsettled", CASES, ids=[c[0] for c in CASES])
def test_policies(case, records, policy, gold_keys, kinds, unsettled):
    gold, log = adjudicate(records, policy)
    assert {(s.start, s.end, s.label) for s in gold[0].spans} == gold_keys
    assert [c.kind for c in log.conflicts] == kinds
    assert len(log.unsettled) == unsettled
    for c in log.conflicts:  # every conflict says who said what and by which rule
        assert c.rule and all(x.annotators for x in c.candidates)


def test_relations_agreed_kept_disputed_logged_dropped_logged():
    a = rec("a", PERS, POS, DATE, MEET, rels=[(PERS, POS, "holds"), (DATE, MEET, "of")])
    b = rec("b", PERS, POS, DATE, MEET_S, rels=[(PERS, POS, "holds"), (DATE, MEET_S, "of")])
    r = rec("r", PERS, POS, DATE, MEET, rels=[(PERS, POS, "holds")])
    gold, log = adjudicate([a, b, r], "reviewer:r")
    g = gold[0]
    ids = {s.id: (s.start, s.end, s.label) for s in g.spans}
    assert [(ids[x.head], ids[x.tail], x.type) for x in g.relations] == [(PERS, POS, "holds")]
    kinds = sorted(c.kind for c in log.conflicts)
    # MEETING boundary conflict; DATE->MEET(a) disputed and rejected by r; DATE->MEET_S(b) dropped (tail not in gold)
    assert kinds == ["boundary", "dropped-relation", "relation"]
    rel = next(c for c in log.conflicts if c.kind == "relation")
    assert rel.decision == () and rel.candidates[0].annotators == ("a",)


def test_log_round_trip(tmp_path):
    _, log = adjudicate([rec("a", MEET), rec("b", MEET_S)], "majority")
    log.write(tmp_path / "log.jsonl")
    rows = AdjudicationLog.read(tmp_path / "log.jsonl")
    assert rows[0]["summary"]["unsettled"] == 1
    c = rows[1]
    assert c["document"] == "d" and c["settled"] is False and c["decision"] is None
    assert {x["text"] for x in c["candidates"]} == {"Hội nghị lần thứ 14", "Hội nghị"}
    assert {tuple(x["annotators"]) for x in c["candidates"]} == {("a",), ("b",)}


@pytest.mark.parametrize("policy,records,message", [
    ("vote", [rec("a"), rec("b")], "unknown policy"),
    ("reviewer:", [rec("a"), rec("b")], "needs the reviewer"),
    ("reviewer:zed", [rec("a"), rec("b")], "has no record"),
    ("ground-truth", [rec("a", gt=True), rec("b", gt=True)], "ground-truth records"),
    ("reviewer:r", [rec("a"), rec("r")], "1 annotator"),   # the reviewer is not an independent pass
])
def test_bad_input(policy, records, message):
    with pytest.raises(InputError, match=message):
        adjudicate(records, policy)


# -- properties: nothing lost, order-free ---------------------------------------------

KEYS = [DATE, MEET, MEET_S, ORG, PERS, POS, POS_P]


def _valid(keys):
    """Drop keys that overlap an earlier one of the same schema (annotators' records are valid gold)."""
    schema = {"DATE": "m", "MEETING": "m", "ORGANIZER": "m", "PERSON": "o", "POSITION": "o"}
    out = []
    for k in keys:
        if all(not (schema[k[2]] == schema[o[2]] and k[0] < o[1] and o[0] < k[1]) for o in out):
            out.append(k)
    return out


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(KEYS), unique=True), min_size=2, max_size=4),
       st.sampled_from(["majority", "union"]), st.randoms(use_true_random=False))
def test_nothing_lost_and_order_free(passes, policy, rnd):
    records = [rec(f"x{i}", *_valid(keys)) for i, keys in enumerate(passes)]
    gold, log = adjudicate(records, policy)
    kept = {(s.start, s.end, s.label) for s in gold[0].spans}
    logged = {(c.start, c.end, c.label, a) for x in log.conflicts for c in x.candidates for a in c.annotators}
    for r in records:
        for s in r.document.spans:
            key = (s.start, s.end, s.label)
            assert key in kept or key + (r.annotator,) in logged
    shuffled = [Record(r.annotator, Document(r.document.id, TEXT, tuple(rnd.sample(r.document.spans, len(r.document.spans))),
                                             (), r.document.meta), declared_schemas=ALL) for r in records]
    rnd.shuffle(shuffled)
    gold2, log2 = adjudicate(shuffled, policy)
    assert gold2[0].spans == gold[0].spans
    assert [c.to_json() for c in log2.conflicts] == [c.to_json() for c in log.conflicts]


def test_relation_on_an_unsettled_span_is_pending_not_dropped():
    a = rec("a", DATE, MEET, rels=[(DATE, MEET, "of")])
    b = rec("b", DATE, MEET_S, rels=[(DATE, MEET_S, "of")])
    _, log = adjudicate([a, b], "majority")
    rels = [c for c in log.conflicts if c.field == "relation:of"]
    assert len(rels) == 2 and all(not c.settled and c.rule.startswith("pending") for c in rels)


def test_log_round_trips_texts_with_unicode_line_separators(tmp_path):
    """json.dumps(ensure_ascii=False) leaves U+2028/U+0085 raw; the log reader must not split on them."""
    text = "Hội nghị\u2028lần thứ 14\x85 họp"
    log = AdjudicationLog(policy="majority", conflicts=[], agreed_spans=0, agreed_relations=0)
    path = tmp_path / "adjudication.jsonl"
    rows = [{"summary": log.summary()}, {"document": "d1", "text": text}]
    from hoinghi.document import write_documents
    write_documents(path, rows)
    assert AdjudicationLog.read(path) == rows
