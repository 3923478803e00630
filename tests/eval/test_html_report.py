"""The HTML page (:mod:`hoinghi.eval.html_report`): what it shows, that it is
self-contained, that everything user-written is escaped. Rendering in a real browser:
tests/eval/test_html_report_browser.py."""
from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from hoinghi.document import Document, Span
from hoinghi.eval.html_report import render_html, write_report
from hoinghi.eval.outcomes import OUTCOME_KINDS as KINDS
from hoinghi.eval.report_data import build_report
from hoinghi.eval.scoring import evaluate


@pytest.fixture(scope="module")
def result(report_corpus):
    return evaluate(report_corpus.gold, report_corpus.pred, n_boot=200, extractor="demo@1")


def test_page_has_table_bars_matrix_and_highlights(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    page = render_html(build_report([result], gold=GOLD, predictions=PRED))
    assert '<tr class="field" data-row="PERSON">' in page and "overall micro" in page
    assert page.count("<svg") == 1 and "<rect" in page
    assert 'class="cm"' in page
    for kind in ("missed", "spurious", "boundary", "label"):
        assert f'class="seg k-{kind}' in page, kind
    assert re.search(r'<span class="seg k-boundary g p" data-o="boundary:MEETING:g boundary:MEETING:p"[^>]*>Hội nghị lần thứ</span>', page)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


def test_self_contained_and_only_the_hashed_script_may_run(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
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


def _page_with(where, payload, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
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
def test_everything_user_written_is_escaped(where, payload, report_corpus):
    page = _page_with(where, payload, report_corpus)
    assert payload not in page
    hostile, benign = _Tags(), _Tags()
    hostile.feed(page)
    benign.feed(_page_with(where, "x" * len(payload), report_corpus))
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


def test_every_kind_has_a_colour_and_a_filter(result, report_corpus):
    TEXT, GOLD, PRED, _at = report_corpus
    page = render_html(build_report([result], gold=GOLD, predictions=PRED))
    for kind in KINDS:
        assert f'data-kind="{kind}"' in page


def test_write_report_is_atomic_and_readable(result, tmp_path):
    path = write_report(tmp_path / "sub" / "r.html", build_report([result]))
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (path.stat().st_mode & 0o444) == 0o444
    assert [p.name for p in path.parent.iterdir()] == ["r.html"]


BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("where", ["text", "id", "failure", "extractor"])
def test_bidi_controls_are_shown_not_obeyed(where, report_corpus):
    """Issue 11.17: U+202E and the other bidi controls in user text would reverse what
    follows; the page shows each as a visible code and isolates cells and segments."""
    payload = "exe.\u202efdp \u2067x\u2069"
    page = _page_with(where, payload, report_corpus)
    assert not any(c in page for c in BIDI)
    assert "exe.⟨U+202E⟩fdp ⟨U+2067⟩x⟨U+2069⟩" in page
    assert "td,th,.seg{unicode-bidi:isolate}" in page
