"""Our numbers equal nervaluate's and seqeval's wherever their semantics coincide, on
generated data (shared/notes/span-metrics.md §3):

* strict per-label counts = nervaluate's strict per-entity counts, on flat,
  de-duplicated predictions (nervaluate's ends are inclusive: converted);
* the SemEval-2013 tally (strict, exact, partial, type) = nervaluate's overall
  counts when every span overlaps at most one span of the other side (where
  nervaluate's greedy first match is the maximum matching);
* strict per-label P/R/F1/support, micro and macro = seqeval's classification_report,
  and our BIO view = seqeval on the same tags, for BIO-encodable spans.

And where they differ, the difference is the documented one (order dependence).
"""
import random

import pytest

nervaluate = pytest.importorskip("nervaluate")
from seqeval.metrics import classification_report  # noqa: E402

from hoinghi.document import Document, Span  # noqa: E402
from hoinghi.eval import evaluate  # noqa: E402
from hoinghi.eval.matching import SEMEVAL, SemEval  # noqa: E402

LABELS = ["MEETING", "ORGANIZER", "DATE", "TERM", "INDICATOR", "VALUE", "PERSON", "POSITION"]
WORDS = ["hội", "nghị", "quận", "ủy", "tăng", "năm", "đồng", "chí", "tỷ", "thu"]


def _make(seed: int, n_docs: int = 25):
    """Docs of whitespace tokens; gold flat, 1–2 token spans; predictions with the usual
    error mix (deleted, shifted, relabelled, spurious, duplicated) in token units."""
    rnd = random.Random(seed)
    docs = []
    for i in range(n_docs):
        gold_t, pos = [], 0
        for _ in range(rnd.randint(0, 12)):
            pos += rnd.randint(1, 3)
            n = rnd.randint(1, 2)
            gold_t.append((pos, pos + n, rnd.choice(LABELS)))
            pos += n
        n_tok = pos + rnd.randint(2, 3)
        pred_t = []
        for s, e, lab in gold_t:
            r = rnd.random()
            if r < 0.15:
                continue
            if r < 0.25 and e < n_tok:
                s, e = s + 1, e + 1
            elif r < 0.35:
                lab = rnd.choice([x for x in LABELS if x != lab])
            pred_t.append((s, e, lab))
            if rnd.random() < 0.05:
                pred_t.append((s, e, lab))  # duplicate
        for _ in range(rnd.randint(0, 2)):
            n = rnd.randint(1, 2)
            s = rnd.randint(0, n_tok - n)
            pred_t.append((s, s + n, rnd.choice(LABELS)))
        rnd.shuffle(pred_t)
        words = [rnd.choice(WORDS) for _ in range(n_tok)]
        docs.append((f"d{i}", words, gold_t, pred_t))
    return docs


def _flat(spans):
    kept = []
    for s in sorted(set(spans), key=lambda x: (x[0], -x[1], x[2])):
        if all(s[0] >= k[1] or s[1] <= k[0] for k in kept):
            kept.append(s)
    return kept


def _chars(words, spans):
    offs, at = [], 0
    for w in words:
        offs.append((at, at + len(w)))
        at += len(w) + 1
    return [(offs[s][0], offs[e - 1][1], lab) for s, e, lab in spans]


def _documents(docs, pred_filter):
    gold, preds = [], {}
    for doc_id, words, g, p in docs:
        text = " ".join(words)
        gold.append(Document(doc_id, text, tuple(Span(s, e, lab, f"g{k}") for k, (s, e, lab) in enumerate(_chars(words, g)))))
        preds[doc_id] = Document(doc_id, None, tuple(Span(s, e, lab, f"p{k}")
                                                     for k, (s, e, lab) in enumerate(_chars(words, pred_filter(p)))))
    return gold, preds


def _nervaluate(gold, preds, loader_order=None):
    true = [[{"label": s.label, "start": s.start, "end": s.end - 1} for s in d.spans] for d in gold]
    pred = [[{"label": s.label, "start": s.start, "end": s.end - 1} for s in preds[d.id].spans] for d in gold]
    # the default loader inspects true[0][0]: an empty first document breaks it (notes §3)
    keep = [i for i in range(len(true)) if true[i] or pred[i]]
    order = sorted(keep, key=lambda i: not true[i])
    return nervaluate.Evaluator([true[i] for i in order], [pred[i] for i in order], tags=LABELS,
                                loader="default").evaluate()


@pytest.mark.parametrize("seed", range(12))
def test_strict_equals_nervaluate_on_flat_deduplicated_spans(seed):
    gold, preds = _documents(_make(seed), _flat)
    ours = evaluate(gold, preds, n_boot=0, views=("span",))
    theirs = _nervaluate(gold, preds)["entities"]
    for label in LABELS:
        f = ours.field(label)
        t = theirs[label]["strict"]
        assert (f.counts.tp, f.counts.fp, f.counts.fn) == (t.correct, t.actual - t.correct, t.possible - t.correct), label
        if t.actual and t.possible:
            assert f.precision == pytest.approx(t.precision) and f.recall == pytest.approx(t.recall)


def _one_to_one(pred, gold):
    """Keep predictions so that every span overlaps at most one span of the other side."""
    ov = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
    kept, used = [], set()
    for p in _flat(pred):
        hits = [g for g in gold if ov(p, g)]
        if len(hits) > 1 or (hits and hits[0] in used):
            continue
        used.update(hits)
        kept.append(p)
    return kept


@pytest.mark.parametrize("seed", range(12))
def test_semeval_tally_equals_nervaluate_overall_where_matching_is_unambiguous(seed):
    docs = [(i, w, g, _one_to_one(p, g)) for i, w, g, p in _make(seed)]
    gold, preds = _documents(docs, lambda p: p)
    theirs = _nervaluate(gold, preds)["overall"]
    kinds = {}
    for g in gold:
        for o in SEMEVAL.outcomes([s.key for s in g.spans], [s.key for s in preds[g.id].spans]):
            kinds[o.kind] = kinds.get(o.kind, 0) + 1
    ours = SemEval.tally(kinds)
    for ours_name, their_name in (("strict", "strict"), ("exact", "exact"), ("partial", "partial"), ("type", "ent_type")):
        t, o = theirs[their_name], ours[ours_name]
        assert (o["COR"], o["INC"], o["PAR"], o["MIS"], o["SPU"]) == \
            (t.correct, t.incorrect, t.partial, t.missed, t.spurious), ours_name


def test_nervaluate_is_order_dependent_and_we_are_not():
    """The notes' minimal repro: gold PER[0,5), predictions [0,3) and [0,5)."""
    g = [Document("a", "x" * 10, (Span(0, 5, "PERSON", "g"),))]
    p1 = {"a": Document("a", None, (Span(0, 3, "PERSON", "p"), Span(0, 5, "PERSON", "q")))}
    p2 = {"a": Document("a", None, (Span(0, 5, "PERSON", "q"), Span(0, 3, "PERSON", "p")))}
    n1 = _nervaluate(g, p1)["entities"]["PERSON"]["strict"].correct
    n2 = _nervaluate(g, p2)["entities"]["PERSON"]["strict"].correct
    assert n1 != n2  # nervaluate: 0 vs 1
    assert evaluate(g, p1, n_boot=0).field("PERSON").counts == evaluate(g, p2, n_boot=0).field("PERSON").counts


def _bio(words, spans):
    tags = ["O"] * len(words)
    for s, e, lab in spans:
        tags[s] = "B-" + lab
        for k in range(s + 1, e):
            tags[k] = "I-" + lab
    return tags


@pytest.mark.parametrize("seed", range(12))
def test_strict_and_bio_view_equal_seqeval(seed):
    docs = _make(seed)
    gold, preds = _documents(docs, _flat)
    y_true = [_bio(w, g) for _, w, g, _ in docs]
    y_pred = [_bio(w, _flat(p)) for _, w, _, p in docs]
    report = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    ours = evaluate(gold, preds, n_boot=0, views=("span", "bio"))
    for view in ("span", "bio"):
        for label in LABELS:
            f = ours.field(label, view)
            if label not in report:
                assert f.counts.empty
                continue
            r = report[label]
            assert (f.precision, f.recall, f.f1, f.support) == \
                pytest.approx((r["precision"], r["recall"], r["f1-score"], r["support"])), (view, label)
        o = ours.overall(view)
        assert o.micro.f1 == pytest.approx(report["micro avg"]["f1-score"])
        assert o.micro.precision == pytest.approx(report["micro avg"]["precision"])
        assert o.macro_f1 == pytest.approx(report["macro avg"]["f1-score"])
        assert o.macro_recall == pytest.approx(report["macro avg"]["recall"])
