"""evaluate() end to end: hand-computed tables, properties (perfect = 1.0, order
invariance, counts add up), bad input, warnings, the JSON round trip, the real corpus."""
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.document import Document, Relation, Span, read_documents
from hoinghi.errors import InputError
from hoinghi.eval import evaluate
from hoinghi.eval.counts import Counts

REPO = Path(__file__).resolve().parents[2]
LABELS = ("MEETING", "DATE", "VALUE", "PERIOD", "PERSON", "POSITION")


def doc(doc_id, spans, text="x" * 100, relations=()):
    return Document(doc_id, text, tuple(Span(s, e, lab, f"s{i}") for i, (s, e, lab) in enumerate(spans)),
                    tuple(Relation(*r) for r in relations))


def pred(doc_id, spans, relations=()):
    return doc(doc_id, spans, None, relations)


# -- hand-computed ------------------------------------------------------------------------------
GOLD = [doc("a", [(0, 5, "PERSON"), (6, 10, "POSITION"), (20, 30, "VALUE")]),
        doc("b", [(0, 5, "PERSON"), (10, 20, "MEETING")])]
PRED = {"a": pred("a", [(0, 5, "PERSON"), (6, 9, "POSITION"), (20, 30, "PERIOD")]),
        "b": pred("b", [(0, 5, "PERSON"), (0, 5, "PERSON"), (12, 20, "MEETING"), (40, 44, "DATE")])}

# mode, field -> (tp, fp, fn)
TABLE = [
    ("strict", "PERSON", (2, 0, 0)),
    ("strict", "POSITION", (0, 1, 1)),
    ("strict", "VALUE", (0, 0, 1)),
    ("strict", "PERIOD", (0, 1, 0)),
    ("strict", "MEETING", (0, 1, 1)),
    ("strict", "DATE", (0, 1, 0)),
    ("strict", "TERM", (0, 0, 0)),
    ("overlap", "PERSON", (2, 0, 0)),
    ("overlap", "POSITION", (1, 0, 0)),
    ("overlap", "VALUE", (0, 0, 1)),
    ("overlap", "PERIOD", (0, 1, 0)),
    ("overlap", "MEETING", (1, 0, 0)),
    ("overlap", "DATE", (0, 1, 0)),
]


@pytest.fixture(scope="module")
def results():
    return {m: evaluate(GOLD, PRED, mode=m, n_boot=0) for m in ("strict", "overlap")}


@pytest.mark.parametrize("mode, field, expected", TABLE)
def test_field_counts(results, mode, field, expected):
    assert results[mode].field(field).counts == Counts(*expected)


def test_groups_and_policy(results):
    r = results["strict"]
    # officials: PERSON 2/0/0, POSITION 0/1/1 -> micro 2/1/1
    off = r.schema("officials")
    assert off.micro == Counts(2, 1, 1)
    assert off.macro_f1 == pytest.approx((1.0 + 0.0) / 2)
    # meetings: MEETING 0/1/1, DATE 0/1/0; ORGANIZER, TERM empty -> left out of macro
    meet = r.schema("meetings")
    assert meet.n_fields == 2 and meet.macro_f1 == 0.0
    assert r.field("TERM").f1 is None and r.field("TERM").support == 0
    # overall micro: tp 2, fp 4, fn 3
    assert r.overall().micro == Counts(2, 4, 3)
    assert r.duplicates == 1
    rows = {row["name"]: row for row in r.table_rows()}
    assert rows["TERM"]["f1"] is None and rows["overall macro"]["tp"] is None
    assert rows["overall micro"]["f1"] == pytest.approx(2 * 2 / (4 + 4 + 3))


def test_semeval_breakdown(results):
    t = results["strict"].semeval["overall"]
    # a: PERSON correct, POSITION boundary, VALUE->PERIOD label; b: PERSON correct, MEETING boundary, DATE spurious
    assert t == {"correct": 2, "label": 1, "boundary": 2, "spurious": 1}
    assert results["strict"].semeval["indicators"] == {"label": 1}
    s = results["strict"].semeval_scores()["overall"]
    assert s["partial"]["PAR"] == 2 and s["exact"]["COR"] == 3 and s["type"]["COR"] == 4


def test_missing_and_unknown_predictions():
    gold = [doc("a", [(0, 5, "PERSON")]), doc("b", [(0, 5, "PERSON")])]
    r = evaluate(gold, [pred("a", [(0, 5, "PERSON")]), pred("zzz", [(0, 5, "PERSON")])], n_boot=0)
    assert r.field("PERSON").counts == Counts(1, 0, 1)  # b scored as empty prediction
    assert r.unknown_predictions == ("zzz",)
    assert any("zzz" in w and "not in gold" in w for w in r.warnings)


BAD = [
    ("unknown label in prediction", [doc("a", [(0, 5, "PERSON")])], [pred("a", [(0, 5, "NAME")])],
     "unknown label 'NAME'", "a", "spans[0].label"),
    ("unknown label in gold", [doc("a", [(0, 5, "NAME")])], [], "unknown label 'NAME'", "a", "spans[0].label"),
    ("prediction beyond text", [doc("a", [(0, 5, "PERSON")], text="x" * 10)],
     [pred("a", [(0, 5, "PERSON"), (8, 12, "POSITION")])], "out of range", "a", "spans[1].end"),
    ("duplicate gold id", [doc("a", []), doc("a", [])], [], "duplicate gold document id", "a", "id"),
    ("duplicate prediction id", [doc("a", [])], [pred("a", []), pred("a", [])], "duplicate prediction", "a", "id"),
    # in-memory predictions get the checks of a prediction file
    ("span text disagrees with the document", [doc("a", [(0, 5, "PERSON")], text="Nguyễn Quang Hiếu")],
     {"a": [{"start": 0, "end": 17, "label": "PERSON", "text": "xxxx"}]}, "span text 'xxxx' does not match",
     "a", "spans[0].text"),
    ("Span object with wrong text", [doc("a", [], text="Nguyễn Quang Hiếu")],
     {"a": [Span(0, 6, "PERSON", text="Lê")]}, "span text 'Lê' does not match", "a", "spans[0].text"),
    ("prediction text differs", [doc("a", [], text="abc")], {"a": Document("a", "abd")},
     "text differs from the gold text", "a", "text"),
    ("relation not allowed", [doc("a", [])],
     {"a": {"spans": [Span(0, 2, "PERSON", "p"), Span(3, 5, "DATE", "d")], "relations": [Relation("p", "d", "holds")]}},
     "not allowed", "a", "relations[0]"),
    ("not a prediction", [doc("a", [])], {"a": 42}, "accepted: a list of spans", "a", None),
]


@pytest.mark.parametrize("name, gold, preds, message, doc_id, field", BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("mode", ["strict", "overlap"])
def test_bad_input_names_document_and_field(name, gold, preds, message, doc_id, field, mode):
    with pytest.raises(InputError, match=message) as exc:
        evaluate(gold, preds, n_boot=0, mode=mode)
    assert exc.value.where.doc_id == doc_id and exc.value.where.field == field


def test_a_checked_prediction_scores_and_unchecked_skips_the_check():
    gold = [doc("a", [(0, 6, "PERSON")], text="Nguyễn Quang Hiếu")]
    good = {"a": [{"start": 0, "end": 6, "label": "PERSON", "text": "Nguyễn"}]}
    assert evaluate(gold, good, n_boot=0).field("PERSON").f1 == 1.0
    wrong = {"a": [{"start": 0, "end": 6, "label": "PERSON", "text": "xxxx"}]}
    assert evaluate(gold, wrong, n_boot=0, check_predictions=False).field("PERSON").f1 == 1.0


def test_unknown_mode_and_view():
    with pytest.raises(ValueError):
        evaluate(GOLD, PRED, mode="fuzzy")
    with pytest.raises(ValueError):
        evaluate(GOLD, PRED, views=("span", "nope"))


def test_failures_and_signature():
    from hoinghi.eval.predictions import Failure

    r = evaluate(GOLD, PRED, n_boot=50, seed=7, extractor="demo@1.2", failures=[Failure("b", "timeout", "slow")])
    sig = r.signature.to_json()
    assert sig["extractor"] == "demo@1.2" and sig["seed"] == 7 and sig["n_boot"] == 50 and sig["mode"] == "strict"
    assert sig["schema"].startswith("meetings@") and len(sig["gold"]) == 16
    assert str(r.signature).startswith("hoinghi|v:") and "|ext:demo@1.2" in str(r.signature)
    assert r.failures[0].doc_id == "b"
    other = evaluate(GOLD[:1], PRED, n_boot=50, seed=7, extractor="demo@1.2")
    assert r.signature.differences(other.signature) == ["gold"]


def test_bootstrap_intervals_are_seeded():
    gold = [doc(f"d{i}", [(0, 5, "PERSON"), (6, 9, "POSITION")]) for i in range(30)]
    preds = {f"d{i}": pred(f"d{i}", [(0, 5, "PERSON")] + ([(6, 9, "POSITION")] if i % 3 else [])) for i in range(30)}
    a = evaluate(gold, preds, n_boot=200, seed=1)
    b = evaluate(gold, preds, n_boot=200, seed=1)
    c = evaluate(gold, preds, n_boot=200, seed=2)
    assert a.field("POSITION").ci == b.field("POSITION").ci != c.field("POSITION").ci
    lo, hi = a.field("POSITION").ci
    assert lo < a.field("POSITION").f1 < hi
    assert a.field("PERSON").ci == (1.0, 1.0)
    assert a.field("TERM").ci is None  # never defined
    assert evaluate(gold, preds, n_boot=0).field("POSITION").ci is None


def test_progress_bar_off_without_a_terminal(capsys):
    evaluate(GOLD, PRED, n_boot=0, progress=True)
    assert capsys.readouterr().err == ""


# -- properties ----------------------------------------------------------------------------------
@st.composite
def corpora(draw):
    """Gold documents (spans of one schema never overlap) and noisy predictions."""
    n = draw(st.integers(1, 6))
    gold, preds = [], {}
    for i in range(n):
        spans, at = [], 0
        for _ in range(draw(st.integers(0, 6))):
            at += draw(st.integers(0, 4))
            length = draw(st.integers(1, 6))
            spans.append((at, at + length, draw(st.sampled_from(LABELS))))
            at += length
        gold.append(doc(f"d{i}", spans))
        p = []
        for s, e, lab in spans:
            k = draw(st.integers(0, 4))
            if k == 0:
                continue
            p.append((s, e + (k == 1), lab if k != 2 else draw(st.sampled_from(LABELS))))
        p += draw(st.lists(st.builds(lambda s, n_, lab: (s, s + n_, lab), st.integers(0, 60), st.integers(1, 5),
                                     st.sampled_from(LABELS)), max_size=3))
        preds[f"d{i}"] = pred(f"d{i}", p)
    return gold, preds


def _scores(r):
    return {v: r.views[v].counts.sum(axis=0).tolist() for v in r.views}, r.semeval, r.to_json()["scores"]


@given(corpora(), st.randoms(use_true_random=False))
@settings(max_examples=40, deadline=None)
def test_invariant_to_document_and_span_order(data, rnd):
    gold, preds = data
    shuffled_gold = [Document(d.id, d.text, tuple(rnd.sample(d.spans, len(d.spans)))) for d in rnd.sample(gold, len(gold))]
    shuffled_pred = {k: Document(p.id, None, tuple(rnd.sample(p.spans, len(p.spans))))
                     for k, p in rnd.sample(list(preds.items()), len(preds))}
    for mode in ("strict", "overlap"):
        a = evaluate(gold, preds, mode=mode, n_boot=0)
        b = evaluate(shuffled_gold, shuffled_pred, mode=mode, n_boot=0)
        assert _scores(a) == _scores(b)


@given(corpora())
@settings(max_examples=40, deadline=None)
def test_perfect_predictions_score_one(data):
    gold, _ = data
    r = evaluate(gold, {d.id: d for d in gold}, n_boot=20)
    for v in ("span", "values", "bio"):
        for f in r.views[v].fields:
            assert f.f1 in (None, 1.0) and f.counts.fp == 0 and f.counts.fn == 0
    o = r.overall()
    assert o.micro.f1 in (None, 1.0) and o.macro_f1 in (None, 1.0)
    assert set(r.semeval.get("overall", {})) <= {"correct"}


@given(corpora())
@settings(max_examples=40, deadline=None)
def test_counts_add_up_across_documents(data):
    gold, preds = data
    whole = evaluate(gold, preds, n_boot=0)
    for v, view in whole.views.items():
        parts = sum(evaluate([g], {g.id: preds[g.id]}, n_boot=0).views[v].counts.sum(axis=0) for g in gold)
        np.testing.assert_array_equal(view.counts.sum(axis=0), parts)
        totals = view.counts.sum(axis=0)
        for i, f in enumerate(view.fields):
            assert f.counts.to_list() == totals[i].tolist()
    # every gold span is tp or fn, every unique prediction tp or fp
    c = whole.counts.sum(axis=(0, 1))
    assert c[0] + c[2] == sum(len({s.key for s in g.spans}) for g in gold)
    assert c[0] + c[1] + whole.duplicates == sum(len(p.spans) for p in preds.values())


@given(corpora())
@settings(max_examples=30, deadline=None)
def test_overlap_never_below_strict(data):
    gold, preds = data
    s, o = evaluate(gold, preds, n_boot=0), evaluate(gold, preds, mode="overlap", n_boot=0)
    assert (o.counts[..., 0] >= s.counts[..., 0]).all()
    assert s.semeval == o.semeval  # the breakdown does not depend on the mode


# -- the real corpus ------------------------------------------------------------------------------
def test_real_annotations_first_pass_against_revised():
    """Annotator B's first pass against annotator A on the five real articles: real
    disagreements, every view populated, numbers consistent across views."""
    a = read_documents(REPO / "annotations/hoinghi-5/annotator-a.jsonl")
    b = read_documents(REPO / "annotations/hoinghi-5/annotator-b-first-pass.jsonl")
    r = evaluate(a, b, n_boot=200)
    o = r.overall()
    assert 0.5 < o.micro.f1 < 1.0 and o.micro.support == sum(len(d.spans) for d in a)
    assert r.overall("bio").micro.support == o.micro.support  # gold is flat per schema: BIO holds it all
    assert r.overall("records").micro.support > 0 and r.overall("relations").micro.support > 0
    lo, hi = r.overall().micro_ci
    assert lo < o.micro.f1 < hi


def test_given_gold_fingerprint_goes_into_the_signature():
    from hoinghi.document import fingerprint

    assert evaluate(GOLD, PRED, n_boot=0).signature.gold == fingerprint(GOLD)
    assert evaluate(GOLD, PRED, n_boot=0, gold_fingerprint="feedface").signature.gold == "feedface"


def test_garbage_collector_state_restored():
    import gc

    assert gc.isenabled()
    evaluate(GOLD, PRED, n_boot=0)
    assert gc.isenabled()
    with pytest.raises(InputError):
        evaluate(GOLD, [pred("a", [(0, 5, "NAME")])], n_boot=0)
    assert gc.isenabled()
    gc.disable()
    try:
        evaluate(GOLD, PRED, n_boot=0)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_views_share_one_set_of_resamples():
    """The intervals of each view equal a bootstrap of that view alone with the same
    seed: every view sees the same drawn documents."""
    from hoinghi.eval.bootstrap import bootstrap_f1

    gold = [doc(f"d{i}", [(0, 5, "PERSON"), (6, 9, "POSITION"), (10, 14, "VALUE")]) for i in range(25)]
    preds = {f"d{i}": pred(f"d{i}", [(0, 5, "PERSON")] + ([(6, 9, "POSITION")] if i % 3 else [(10, 13, "VALUE")]))
             for i in range(25)}
    r = evaluate(gold, preds, n_boot=150, seed=9)
    for name in ("span", "values", "bio"):
        v = r.views[name]
        alone = bootstrap_f1(v.counts, v.group_index(), n_boot=150, seed=9)
        assert [f.ci for f in v.fields] == [None if c is None else (round(c[0], 6), round(c[1], 6)) for c in alone.keys]
        o = alone.groups["overall"]["micro"]
        assert v.group("overall").micro_ci == (round(o[0], 6), round(o[1], 6))
