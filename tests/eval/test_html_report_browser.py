"""The report in a real headless browser (Debian's chromium): the page renders its
table and highlights, its filter script runs (under the page's own CSP), a screenshot
is not blank, and a hostile document's script does not run — checked against a
control page where the same payload, unescaped, does run.

Skipped with a reason when chromium is absent (``scripts/test`` installs it in CI)."""
from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from hoinghi.document import Document, Span
from hoinghi.eval.html_report import write_report
from hoinghi.eval.report_data import build_report
from hoinghi.eval.scoring import evaluate

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)

TEXT = ("Ngày 18-7, Quận ủy Hoàng Mai tổ chức Hội nghị lần thứ 14. Đồng chí Nguyễn Quang Hiếu, "
        "Bí thư Quận ủy chủ trì.")
PAYLOAD = ("<script>document.title='PWNED';document.documentElement.setAttribute('data-pwned','script')</script>"
           "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">")


def _span(text, s, label, sid):
    i = text.index(s)
    return Span(i, i + len(s), label, sid)


def _data(text=TEXT, doc_id="d1"):
    gold = [Document(doc_id, text, (_span(text, "Ngày 18-7", "DATE", "g1"), _span(text, "Quận ủy Hoàng Mai", "ORGANIZER", "g2"),
                                   _span(text, "Hội nghị lần thứ 14", "MEETING", "g3"),
                                   _span(text, "Nguyễn Quang Hiếu", "PERSON", "g4"),
                                   _span(text, "Bí thư Quận ủy", "POSITION", "g5")))]
    pred = {doc_id: Document(doc_id, None, (_span(text, "Ngày 18-7", "DATE", "p1"),
                                            _span(text, "Hội nghị lần thứ", "MEETING", "p2"),
                                            _span(text, "Nguyễn Quang Hiếu", "POSITION", "p3"),
                                            _span(text, "Đồng chí", "PERSON", "p4")))}
    return gold, pred


def _chromium(tmp_path, *args: str) -> str:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; scripts/test installs it in CI)")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=3000", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class _Dom(HTMLParser):
    """What the tests look at in a dumped DOM."""

    def __init__(self, text: str):
        super().__init__()
        self.root_attrs: dict = {}
        self.body_attrs: dict = {}
        self.title = ""
        self.classes: list[str] = []
        self.imgs = 0
        self._in_title = self._in_head = False
        self._ids: dict[str, str] = {}
        self._capture: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.root_attrs = a
        elif tag == "body":
            self.body_attrs = a
        elif tag == "head":
            self._in_head = True
        elif tag == "title" and self._in_head:
            self._in_title = True  # the page's title, not an SVG <title> tooltip
        elif tag == "img":
            self.imgs += 1
        if a.get("class"):
            self.classes.append(a["class"])
        if a.get("id") == "nshown":
            self._capture = "nshown"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self._in_head = False
        self._capture = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._capture:
            self._ids[self._capture] = self._ids.get(self._capture, "") + data

    @property
    def shown(self) -> str:
        return self._ids.get("nshown", "")


@pytest.fixture
def report_file(tmp_path):
    gold, pred = _data()
    result = evaluate(gold, pred, n_boot=200, extractor="demo@1")
    return write_report(tmp_path / "report.html", build_report([result], gold=gold, predictions=pred))


def test_page_renders_table_highlights_and_runs_its_script(tmp_path, report_file):
    dom_text = _chromium(tmp_path, "--dump-dom", report_file.as_uri())
    dom = _Dom(dom_text)
    assert dom.body_attrs.get("data-ready") == "1", "the page's script did not run (CSP hash?)"
    assert '<tr class="field" data-row="PERSON">' in dom_text and '<tr class="overall" data-row="overall micro">' in dom_text
    for kind in ("missed", "spurious", "boundary", "label"):
        assert any(c.startswith(f"seg k-{kind}") for c in dom.classes), kind
    assert dom.shown == "5"  # 2 missed, 1 spurious, 1 boundary, 1 label (correct is off by default)


def test_filter_by_field_and_kind_from_the_link(tmp_path, report_file):
    dom_text = _chromium(tmp_path, "--dump-dom", report_file.as_uri() + "#kinds=missed&fields=ORGANIZER")
    dom = _Dom(dom_text)
    assert dom.shown == "1"
    assert dom.body_attrs.get("data-filtered") == "kinds=missed&fields=ORGANIZER"
    marked = [c for c in dom.classes if c.startswith("seg k-")]
    assert marked == ["seg k-missed g"]
    assert sum(1 for c in dom.classes if c == "err hidden") == 4


def test_two_runs_show_both_runs_errors_and_filter_the_changes(tmp_path):
    gold, pred_b = _data()
    pred_a = {"d1": Document("d1", None, (_span(TEXT, "Nguyễn Quang Hiếu", "PERSON", "a1"),))}
    a = evaluate(gold, pred_a, n_boot=100, extractor="a@1")
    b = evaluate(gold, pred_b, n_boot=100, extractor="b@1")
    page = write_report(tmp_path / "ab.html", build_report([a, b], gold=gold, predictions=pred_b, predictions_a=pred_a))
    dom_text = _chromium(tmp_path, "--dump-dom", page.as_uri() + "#kinds=missed&fields=PERSON&changes=broken")
    dom = _Dom(dom_text)
    assert dom.body_attrs.get("data-ready") == "1"
    assert 'data-run="a@1"' in dom_text and 'data-run="b@1"' in dom_text
    # errors of both runs follow the filter: A misses nothing of PERSON, B misses PERSON (label error aside)
    assert dom.shown == "0"
    # changes: only PERSON's "broken" row stays (A found the name, B labelled it POSITION)
    assert dom.classes.count("chg") == 1 and dom.classes.count("chg hidden") >= 2


def test_screenshot_is_not_blank_and_shows_highlights(tmp_path, report_file):
    Image = pytest.importorskip("PIL.Image", reason="Pillow reads the screenshot (it comes with label-studio, the dev extra)")
    png = tmp_path / "shot.png"
    _chromium(tmp_path, "--hide-scrollbars", "--window-size=1200,1600", f"--screenshot={png}", report_file.as_uri())
    img = Image.open(png).convert("RGB")
    assert img.size == (1200, 1600)
    colours = img.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50, "a blank or near-blank page"
    background = max(colours)[1]
    assert sum(n for n, c in colours if c != background) > 0.05 * 1200 * 1600
    present = {c for _, c in colours}
    for hex_colour in ("#f7c5c5", "#ffd8b0", "#c6dcf2", "#1d3557"):  # missed, spurious, boundary, header
        rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
        assert rgb in present, hex_colour


def test_a_hostile_document_does_not_run(tmp_path):
    text = TEXT + " " + PAYLOAD
    gold, pred = _data(text, doc_id="<img src=y onerror=\"document.documentElement.setAttribute('data-pwned','id')\">")
    result = evaluate(gold, pred, n_boot=0, extractor="<script>document.title='PWNED'</script>@1")
    page = write_report(tmp_path / "hostile.html", build_report([result], gold=gold, predictions=pred, title="safe"))
    dom = _Dom(_chromium(tmp_path, "--dump-dom", page.as_uri()))
    assert dom.body_attrs.get("data-ready") == "1"
    assert dom.title == "safe"
    assert "data-pwned" not in dom.root_attrs and dom.imgs == 0


def test_control_the_same_payload_unescaped_does_run(tmp_path):
    # proves the check above can fail: in this browser setup the payload runs when not escaped
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>safe</title></head><body><p>{PAYLOAD}</p></body></html>",
                    encoding="utf-8")
    dom = _Dom(_chromium(tmp_path, "--dump-dom", page.as_uri()))
    assert dom.title == "PWNED" and dom.root_attrs.get("data-pwned") in {"script", "img"}
