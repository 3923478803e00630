"""The report's data (:mod:`hoinghi.eval.report_data`), from real scoring: span
outcomes, the confusion matrix, the paired comparison, the A → B changes and the
check that predictions reproduce an eval report's counts. The page:
tests/eval/test_html_report.py."""
from __future__ import annotations

import pytest

from hoinghi.document import Document
from hoinghi.errors import SignatureMismatch
from hoinghi.eval.html_report import render_html
from hoinghi.eval.report_data import build_report, check_counts
from hoinghi.eval.scoring import evaluate


@pytest.fixture(scope="module")
def result(report_corpus):
    return evaluate(report_corpus.gold, report_corpus.pred, n_boot=200, extractor="demo@1")


def test_outcomes_and_confusion_matrix(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    rep = build_report([result], gold=GOLD, predictions=PRED)
    kinds = sorted(o.kind for o in rep.docs[0].outcomes)
    assert kinds == sorted(["correct", "boundary", "label", "spurious", "missed", "missed"])
    cm, labels = rep.confusion.matrix, rep.confusion.labels
    at = lambda g, p: int(cm[labels.index(g), labels.index(p)])  # noqa: E731
    assert at("DATE", "DATE") == 1 and at("MEETING", "MEETING") == 1      # correct, boundary
    assert at("PERSON", "POSITION") == 1                                     # wrong label
    assert at("ORGANIZER", "(none)") == 1 and at("POSITION", "(none)") == 1  # missed
    assert at("(none)", "PERSON") == 1                                       # spurious
    assert cm.sum() == 6


def test_comparison_of_two_runs_is_paired(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    worse_pred = {"d1": Document("d1", None, PRED["d1"].spans[1:])}
    other = evaluate(GOLD, worse_pred, n_boot=200, extractor="worse@1")
    rep = build_report([result, other], gold=GOLD, predictions=worse_pred)
    rows = {r.name: r for r in rep.comparison.rows}
    assert rows["DATE"].first == 1.0 and rows["DATE"].second == 0.0 and rows["DATE"].delta == -1.0
    assert rows["DATE"].verdict == "no significant difference"  # one document carries it: never significant
    page = render_html(rep)
    assert "Comparison: worse@1 vs demo@1" in page and "−1.000" not in page and "-1.000" in page
    assert "<th>Δ (worse@1 − demo@1)</th>" in page and "<th>p (two-sided)</th>" in page and ">A<" not in page


def test_changes_from_a_to_b(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    # B drops the correct DATE, fixes the MEETING boundary and stops predicting the spurious PERSON
    spans = PRED["d1"].spans
    b_pred = {"d1": Document("d1", None, (_at(TEXT, "Hội nghị lần thứ 14", "MEETING", "p2"), spans[2]))}
    other = evaluate(GOLD, b_pred, n_boot=0, extractor="b@1")
    rep = build_report([result, other], gold=GOLD, predictions=b_pred, predictions_a=PRED)
    got = sorted((c.kind, c.span[2], c.text) for c in rep.changes)
    assert got == [("broken", "DATE", "Ngày 18-7"), ("fixed", "MEETING", "Hội nghị lần thứ 14"),
                   ("spurious gone", "MEETING", "Hội nghị lần thứ"),  # A's wrong boundary is not an exact match
                   ("spurious gone", "PERSON", "Đồng chí")]
    page = render_html(rep)
    assert 'id="changes"' in page and "Changes from demo@1 to b@1" in page
    # both runs' errors and confusions, each named
    assert [e.name for e in rep.errors] == ["demo@1", "b@1"] and rep.docs is rep.errors[1].docs
    assert "<h3>demo@1</h3>" in page and "<h3>b@1</h3>" in page
    assert 'data-run="demo@1"' in page and 'data-run="b@1"' in page
    assert 'class="chg" data-kind="broken" data-change="broken" data-field="DATE"' in page
    assert "found by demo@1, not by b@1" in page
    assert build_report([result, other], gold=GOLD, predictions=b_pred).changes is None


def test_comparison_of_incomparable_runs_says_why(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    other = evaluate(GOLD, PRED, n_boot=0, mode="overlap", extractor="x@1")
    rep = build_report([result, other])
    assert rep.comparison is None and "matching mode differs" in rep.comparison_note
    assert "matching mode differs" in render_html(rep)


def test_check_counts(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    assert check_counts(result, GOLD, PRED) == []
    other = {"d1": Document("d1", None, ())}
    assert "do not reproduce" in check_counts(result, GOLD, other)[0]
    with pytest.raises(SignatureMismatch, match="not the gold of the eval report"):
        check_counts(result, [Document("d1", TEXT + ".", GOLD[0].spans)], PRED)


