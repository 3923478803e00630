"""The HTML report: its data (from real scoring), escaping, the confusion matrix, the
comparison view, and ``hoinghi report``. Rendering in a real browser:
tests/eval/test_report_browser.py."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest

from hoinghi.cli import ExitCode, main
from hoinghi.document import Document, Span, write_documents
from hoinghi.errors import SignatureMismatch
from hoinghi.eval.report import KINDS, build_report, check_counts, render_html, write_report
from hoinghi.eval.scoring import evaluate

TEXT = ("Ngày 18-7, Quận ủy Hoàng Mai tổ chức Hội nghị lần thứ 14. Đồng chí Nguyễn Quang Hiếu, "
        "Bí thư Quận ủy chủ trì.")


def _at(text, s, label, sid):
    i = TEXT.index(s)
    return Span(i, i + len(s), label, sid)


GOLD = [Document("d1", TEXT, (_at(TEXT, "Ngày 18-7", "DATE", "g1"), _at(TEXT, "Quận ủy Hoàng Mai", "ORGANIZER", "g2"),
                              _at(TEXT, "Hội nghị lần thứ 14", "MEETING", "g3"),
                              _at(TEXT, "Nguyễn Quang Hiếu", "PERSON", "g4"), _at(TEXT, "Bí thư Quận ủy", "POSITION", "g5")))]
PRED = {"d1": Document("d1", None, (
    _at(TEXT, "Ngày 18-7", "DATE", "p1"),                      # correct
    _at(TEXT, "Hội nghị lần thứ", "MEETING", "p2"),            # boundary
    _at(TEXT, "Nguyễn Quang Hiếu", "POSITION", "p3"),          # label
    _at(TEXT, "Đồng chí", "PERSON", "p4"),                      # spurious
))}                                                              # missed: ORGANIZER, POSITION


@pytest.fixture(scope="module")
def result():
    return evaluate(GOLD, PRED, n_boot=200, extractor="demo@1")


def test_outcomes_and_confusion_matrix(result):
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


def test_page_has_table_bars_matrix_and_highlights(result):
    page = render_html(build_report([result], gold=GOLD, predictions=PRED))
    assert '<tr class="field" data-row="PERSON">' in page and "overall micro" in page
    assert page.count("<svg") == 1 and "<rect" in page
    assert 'class="cm"' in page
    for kind in ("missed", "spurious", "boundary", "label"):
        assert f'class="seg k-{kind}' in page, kind
    assert re.search(r'<span class="seg k-boundary g p" data-o="boundary:MEETING:g boundary:MEETING:p"[^>]*>Hội nghị lần thứ</span>', page)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


def test_self_contained_and_only_the_hashed_script_may_run(result):
    page = render_html(build_report([result], gold=GOLD, predictions=PRED))
    assert not re.search(r'\b(src|href)\s*=\s*"(?!#)', page), "no external resource"
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 1 and page.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src &#x27;sha256-{digest}&#x27;" in page and "default-src &#x27;none&#x27;" in page


HOSTILE = [
    ("text", "<script>document.title='x'</script>"),
    ("text", '<img src=x onerror="alert(1)">'),
    ("text", "</span></div><b>bold</b>"),
    ("id", '"><script>alert(1)</script>'),
    ("id", "' onmouseover='alert(1)"),
    ("extractor", "<svg onload=alert(1)>@1"),
    ("failure", "<iframe src=javascript:alert(1)>"),
]


def _page_with(where, payload):
    text = TEXT + " " + payload if where == "text" else TEXT
    doc_id = payload if where == "id" else "d1"
    gold = [Document(doc_id, text, GOLD[0].spans)]
    extra = (Span(len(TEXT) + 1, len(text), "PERSON", "px"),) if where == "text" else ()
    pred = {doc_id: Document(doc_id, None, PRED["d1"].spans + extra)}
    from hoinghi.eval.predictions import Failure
    failures = [Failure(doc_id, "error", payload)] if where == "failure" else []
    res = evaluate(gold, pred, n_boot=0, extractor=payload if where == "extractor" else "demo@1",
                   failures=failures, warnings=[payload])
    return render_html(build_report([res], gold=gold, predictions=pred))


@pytest.mark.parametrize("where,payload", HOSTILE, ids=[f"{w}:{p[:12]}" for w, p in HOSTILE])
def test_everything_user_written_is_escaped(where, payload):
    page = _page_with(where, payload)
    assert payload not in page
    hostile, benign = _Tags(), _Tags()
    hostile.feed(page)
    benign.feed(_page_with(where, "x" * len(payload)))
    # the payload adds no element and no attribute: the same tags as a harmless text of that length
    assert hostile.tags == benign.tags and hostile.attrs == benign.attrs
    assert hostile.tags["script"] == 1


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = {}, {}

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for a, _ in attrs:
            self.attrs[a] = self.attrs.get(a, 0) + 1


def test_comparison_of_two_runs_is_paired(result):
    worse_pred = {"d1": Document("d1", None, PRED["d1"].spans[1:])}
    other = evaluate(GOLD, worse_pred, n_boot=200, extractor="worse@1")
    rep = build_report([result, other], gold=GOLD, predictions=worse_pred)
    rows = {r.name: r for r in rep.comparison.rows}
    assert rows["DATE"].baseline == 1.0 and rows["DATE"].candidate == 0.0 and rows["DATE"].delta == -1.0
    page = render_html(rep)
    assert "Comparison: worse@1 vs demo@1" in page and "−1.000" not in page and "-1.000" in page


def test_changes_from_a_to_b(result):
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
    assert build_report([result, other], gold=GOLD, predictions=b_pred).changes is None


def test_comparison_of_incomparable_runs_says_why(result):
    other = evaluate(GOLD, PRED, n_boot=0, mode="overlap", extractor="x@1")
    rep = build_report([result, other])
    assert rep.comparison is None and "matching mode differs" in rep.comparison_note
    assert "matching mode differs" in render_html(rep)


def test_check_counts(result):
    assert check_counts(result, GOLD, PRED) == []
    other = {"d1": Document("d1", None, ())}
    assert "do not reproduce" in check_counts(result, GOLD, other)[0]
    with pytest.raises(SignatureMismatch, match="not the gold of the eval report"):
        check_counts(result, [Document("d1", TEXT + ".", GOLD[0].spans)], PRED)


def test_every_kind_has_a_colour_and_a_filter(result):
    page = render_html(build_report([result], gold=GOLD, predictions=PRED))
    for kind in KINDS:
        assert f'data-kind="{kind}"' in page


# -- the CLI ----------------------------------------------------------------------------
@pytest.fixture
def eval_files(tmp_path):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    write_documents(gold, GOLD)
    write_documents(pred, [PRED["d1"]])
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["eval", "--gold", str(gold), "-e", "trivial", "--out", str(a), "-q", "-f", "json"]) == 0
    assert main(["eval", "--gold", str(gold), "-e", str(pred), "--out", str(b), "-q", "-f", "json"]) == 0
    return gold, pred, a, b


def test_cli_one_report_re_runs_the_recorded_extractor(eval_files, tmp_path, capsys):
    gold, pred, a, b = eval_files
    out = tmp_path / "r.html"
    assert main(["report", str(b), "--out", str(out), "-q"]) == ExitCode.OK
    page = out.read_text(encoding="utf-8")
    assert "Errors in context (5 in 1 documents)" in page and "do not reproduce" not in page


def test_cli_two_reports_compare(eval_files, tmp_path, capsys):
    gold, pred, a, b = eval_files
    out = tmp_path / "ab.html"
    assert main(["report", str(a), str(b), "--names", "trivial,file", "--out", str(out), "-q"]) == ExitCode.OK
    page = out.read_text(encoding="utf-8")
    assert "Comparison: file vs trivial" in page and 'id="compare"' in page
    assert "Changes from trivial to file" in page and 'data-kind="fixed"' in page


def test_cli_warns_when_predictions_do_not_match(eval_files, tmp_path, capsys):
    gold, pred, a, b = eval_files
    out = tmp_path / "w.html"
    assert main(["report", str(b), "--predictions", "trivial", "--out", str(out), "-q"]) == ExitCode.OK
    assert "do not reproduce" in capsys.readouterr().err
    assert "do not reproduce" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("content,message", [
    ("{", "invalid JSON"),
    ("[]", "not an evaluation report"),
    ('{"format": "other"}', "not an evaluation report"),
    ('{"format": "hoinghi-eval/1", "signature": {}}', "damaged evaluation report"),
])
def test_cli_bad_eval_json(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["report", str(bad), "--out", str(tmp_path / "x.html"), "--no-errors"]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err
    assert str(bad) in err and message in err
    assert not (tmp_path / "x.html").exists()


def test_cli_scores_only(eval_files, tmp_path):
    gold, pred, a, b = eval_files
    out = tmp_path / "s.html"
    assert main(["report", str(a), "--no-errors", "--out", str(out)]) == ExitCode.OK
    page = out.read_text(encoding="utf-8")
    assert "Scores: trivial@" in page and "Errors in context" not in page


def test_write_report_is_atomic_and_readable(result, tmp_path):
    path = write_report(tmp_path / "sub" / "r.html", build_report([result]))
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (path.stat().st_mode & 0o444) == 0o444
    assert [p.name for p in path.parent.iterdir()] == ["r.html"]
