"""eval/html_text.py: the article text of the error views, marked in one sweep and
bounded for any input (issue 11 item 16)."""
from __future__ import annotations

from hoinghi.document import Span
from hoinghi.eval.html_report import render_html
from hoinghi.eval.html_text import MAX_OUTCOMES_PER_DOC, segments
from hoinghi.eval.outcomes import Outcome
from hoinghi.eval.report_data import DocView, Report


def test_a_huge_document_is_bounded():
    """Issue 11.16: a long text with thousands of errors draws at most MAX_OUTCOMES_PER_DOC
    of them, each with some context instead of the whole text, and says what it left out."""

    word = "Hội nghị "
    text = word * 20_000  # 180,000 characters
    outcomes = [Outcome("missed", Span(i * 90, i * 90 + 9, "MEETING")) for i in range(1500)]
    page = render_html(Report("big", docs=[DocView("d", text, outcomes)], labels=["MEETING"]))
    assert page.count('class="err"') == MAX_OUTCOMES_PER_DOC
    assert "500 more outcome(s) of this document (500 of them errors) are not drawn" in page
    assert '<span class="gap">[… ' in page
    assert len(page) < 1_000_000  # the whole text alone would be 180,000 characters, the old page ~3 MB
    assert page.count("k-missed") >= MAX_OUTCOMES_PER_DOC


def test_segments_of_a_short_text_are_unchanged_by_the_bounds():

    doc = DocView("d", "Ông Lê Văn An dự họp", [Outcome("missed", Span(4, 13, "PERSON")),
                                               Outcome("spurious", None, Span(7, 20, "PERSON"))])
    assert segments(doc, doc.outcomes) == (
        'Ông <span class="seg k-missed g" data-o="missed:PERSON:g" title="missed PERSON (gold)">Lê </span>'
        '<span class="seg k-missed g" data-o="missed:PERSON:g spurious:PERSON:p" '
        'title="missed PERSON (gold); spurious PERSON (pred)">Văn An</span>'
        '<span class="seg k-spurious p" data-o="spurious:PERSON:p" title="spurious PERSON (pred)"> dự họp</span>')
