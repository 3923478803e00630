"""One self-contained HTML report per evaluation (or a comparison of two).

:func:`hoinghi.eval.report_data.build_report` collects the data (a
:class:`~hoinghi.eval.report_data.Report`): the per-field table with 95% intervals of
each scored run, a paired comparison of two runs (per-field Δ with its
paired-bootstrap interval, from :func:`hoinghi.eval.gate.compare_counts`), a label
confusion matrix (scikit-learn) and every span outcome in context.
:func:`render_html` turns it into one HTML file that needs no network: inline CSS,
inline SVG bar charts and a few lines of inline JavaScript for the filters.

**What the report reads.** An eval JSON (``hoinghi eval --out``) carries the scores,
the per-document counts and the signature, but not the predicted spans. The error
views therefore need the gold documents and the predictions again: the CLI re-reads
the gold set and takes predictions from ``--predictions`` (any extractor spec — a
prediction file made earlier, or the extractor itself, re-run) and checks that they
reproduce the eval JSON's per-document counts (a mismatch is a warning in the report).

**Escaping.** Every piece of user text (article text, labels, ids, messages, the
signature) goes through :func:`html.escape` (quotes too), with bidirectional controls
(U+202E, ...) shown as visible codes such as ``⟨U+202E⟩`` so they cannot reverse what
follows, and each table cell and text segment isolated (``unicode-bidi: isolate``) so
right-to-left text stays in its cell; it is never placed inside a
``<script>``; the page also carries a Content-Security-Policy that allows only its own
inline script (by hash) and no network at all, so a document containing
``<script>`` or ``<img onerror=...>`` shows as text and runs nothing.

>>> from hoinghi.document import Span
>>> doc = DocView("d1", "<b>x</b> Nguyễn Văn An", [Outcome("missed", Span(9, 22, "PERSON"))])
>>> page = render_html(Report("demo", docs=[doc], labels=["PERSON"]))
>>> "&lt;b&gt;x&lt;/b&gt;" in page, "<b>x</b>" in page
(True, False)
>>> '<span class="seg k-missed g" data-o="missed:PERSON:g"' in page
True
"""
from __future__ import annotations

__all__ = ["render_html", "write_report"]

import base64
import hashlib
import os
from pathlib import Path

from ..atomic import write_atomic
from . import formatting as fmt
from .html_assets import CSS, JS
from .outcomes import OUTCOME_MEANINGS, Outcome  # noqa: F401  (Outcome: doctest)
from .html_text import MAX_OUTCOMES_PER_DOC
from .html_text import PRECEDENCE as _PRECEDENCE
from .html_text import escape as _e
from .html_text import segments as _segments
from .report_data import _NONE, CHANGE_KINDS, Confusion, DocView, Report, RunErrors, RunView

_COLOURS = {"missed": "#d62728", "spurious": "#ff7f0e", "boundary+label": "#e377c2", "label": "#9467bd",
            "boundary": "#1f77b4", "correct": "#2ca02c"}


def _script() -> str:
    import json
    return JS % json.dumps(list(_PRECEDENCE))


def _score_table(run: RunView) -> str:
    head = "".join(f"<th{' class=n' if h == 'field' else ''}>{h}</th>"
                   for h in ("field", "TP", "FP", "FN", "P", "R", "F1", "95% CI", "support"))
    body = []
    for r in run.rows:
        cls = {"field": "field", "schema": "schema", "overall": "overall"}.get(r.kind, "")
        cells = [r.tp, r.fp, r.fn, fmt.score(r.precision), fmt.score(r.recall), fmt.score(r.f1), fmt.interval(r.ci),
                 r.support]
        body.append(f'<tr class="{cls}" data-row="{_e(r.name)}"><td class="n">{_e(r.name)}</td>'
                    + "".join(f"<td>{'' if c is None else _e(c)}</td>" for c in cells) + "</tr>")
    return f'<table class="scores"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _bar_chart(series: list[tuple[str, list]], names: list[str]) -> str:
    """Horizontal F1 bars with CI whiskers; ``series`` = [(row name, [ScoreRow or None per run])]."""
    palette = ["#4c78a8", "#f58518", "#54a24b"]
    bar_h, gap, left, width = 12, 8, 170, 420
    per = bar_h * len(names) + gap
    height = 30 + per * len(series)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{left + width + 70}" height="{height}" '
           f'role="img" aria-label="F1 per field and schema">']
    for t in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + t * width
        out.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height - 4}" stroke="#ddd"/>'
                   f'<text x="{x:.1f}" y="12" font-size="10" text-anchor="middle" fill="#666">{t:g}</text>')
    for i, (label, rows) in enumerate(series):
        y0 = 22 + i * per
        out.append(f'<text x="{left - 6}" y="{y0 + bar_h * len(names) / 2 + 4:.1f}" font-size="11" '
                   f'text-anchor="end" fill="#222">{_e(label)}</text>')
        for j, r in enumerate(rows):
            y = y0 + j * bar_h
            f1 = None if r is None else r.f1
            if f1 is None:
                out.append(f'<text x="{left + 3}" y="{y + bar_h - 2}" font-size="10" fill="#999">{fmt.NA}</text>')
                continue
            out.append(f'<rect x="{left}" y="{y}" width="{f1 * width:.1f}" height="{bar_h - 2}" '
                       f'fill="{palette[j % len(palette)]}"><title>{_e(names[j])} {_e(label)}: F1 {f1:.3f}</title></rect>')
            if r.ci:
                lo, hi = left + r.ci[0] * width, left + r.ci[1] * width
                ym = y + (bar_h - 2) / 2
                out.append(f'<line x1="{lo:.1f}" y1="{ym:.1f}" x2="{hi:.1f}" y2="{ym:.1f}" stroke="#222"/>'
                           f'<line x1="{lo:.1f}" y1="{y + 1}" x2="{lo:.1f}" y2="{y + bar_h - 3}" stroke="#222"/>'
                           f'<line x1="{hi:.1f}" y1="{y + 1}" x2="{hi:.1f}" y2="{y + bar_h - 3}" stroke="#222"/>')
            out.append(f'<text x="{left + width + 6}" y="{y + bar_h - 2}" font-size="10" fill="#333">{f1:.3f}</text>')
    out.append("</svg>")
    legend = "".join(f'<span><i class="sw" style="background:{palette[j % len(palette)]}"></i>{_e(n)}</span>'
                     for j, n in enumerate(names))
    return f'<div class="legend">{legend} <span class="muted">whiskers: 95% bootstrap CI</span></div>' + "".join(out)


def _charts(runs: list[RunView]) -> str:
    names = [r.name for r in runs]
    order: list[str] = []
    by_run = []
    for run in runs:
        m = {}
        for r in run.rows:
            if r.kind == "field" or r.name.endswith("micro"):
                m[r.name] = r
                if r.name not in order:
                    order.append(r.name)
        by_run.append(m)
    return _bar_chart([(n, [m.get(n) for m in by_run]) for n in order], names)


def _comparison(report: Report) -> str:
    res = report.comparison
    if res is None:
        return f'<p class="muted">{_e(report.comparison_note)}</p>' if report.comparison_note else ""
    first, second = res.names
    head = "".join(f"<th{' class=n' if h == 'row' else ''}>{_e(h)}</th>" for h in
                   ("row", first, second, f"Δ ({second} − {first})", "95% CI of Δ", "p (two-sided)", "p Holm",
                    f"{second} vs {first}"))
    body = []
    for r in res.rows:
        ci = fmt.NA if fmt.undefined(r.ci_low) else fmt.interval((r.ci_low, r.ci_high), signed=True)
        cls = {"better": "pass", "worse": "fail"}.get(r.verdict, "same")
        body.append(f'<tr class="{_e(r.level)}"><td class="n">{_e(r.name)}</td><td>{fmt.score(r.first)}</td>'
                    f'<td>{fmt.score(r.second)}</td><td>{fmt.delta(r.delta)}</td><td>{ci}</td>'
                    f'<td>{fmt.score(r.p_value)}</td><td>{fmt.score(r.p_adj)}</td>'
                    f'<td class="{cls}">{_e(r.verdict)}</td></tr>')
    tally = ", ".join(f"{res.count(v)} {v}" for v in ("better", "worse", "no significant difference") if res.count(v))
    return (f'<p>{_e(report.comparison_note)}: {_e(second)} is significantly <b>better</b> or <b>worse</b> than '
            f'{_e(first)} on a row when the two-sided paired-bootstrap p, Holm–Bonferroni-adjusted over the rows, is '
            f'below α = {res.alpha:g} (and two or more documents carry the row); otherwise no significant difference. '
            f'The 95% interval of Δ shows the size. Rows: {_e(tally)}.</p>'
            f'<table class="compare"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _changes_html(report: Report) -> str:
    changes = report.changes or []
    first, second = report.runs[0].name, report.runs[1].name
    fields = [f for f in report.labels if any(c.span[2] == f for c in changes)]
    if not changes:
        return '<p class="muted">no span changed its exact-match status</p>'
    head = '<th class="n">field</th>' + "".join(f"<th>{_e(k)}</th>" for k in CHANGE_KINDS)
    rows = []
    for f in fields:
        n = {k: sum(1 for c in changes if c.span[2] == f and c.kind == k) for k in CHANGE_KINDS}
        rows.append(f'<tr><td class="n">{_e(f)}</td>' + "".join(f"<td>{n[k] or ''}</td>" for k in CHANGE_KINDS) + "</tr>")
    items = "".join(f'<tr class="chg" data-kind="{_e(c.kind)}" data-change="{_e(c.kind)}" data-field="{_e(c.span[2])}">'
                    f'<td class="n">{_e(c.doc_id)}</td><td class="n kind">{_e(c.kind)}</td>'
                    f'<td class="n"><b>{_e(c.span[2])}</b> [{c.span[0]}, {c.span[1]}) “{_e(c.text)}”</td></tr>'
                    for c in changes)
    return (f'<p class="muted">Exact matches (start, end, label) of each run against gold: <b>broken</b> = found by '
            f'{_e(first)}, not by {_e(second)}; <b>fixed</b> = found by {_e(second)}, not by {_e(first)}; '
            f'<b>new spurious</b> / <b>spurious gone</b> = predictions matching no gold span that only {_e(second)} / '
            f'only {_e(first)} made. The list follows the change and field filters.</p>'
            f'<table class="compare"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            '<table class="errs"><thead><tr><th class="n">document</th>'
            f'<th class="n">change</th><th class="n">span</th></tr></thead><tbody>{items}</tbody></table>')


def _confusion_html(c: Confusion) -> str:
    keep = [i for i in range(len(c.labels)) if c.matrix[i].sum() or c.matrix[:, i].sum()]
    if not keep:
        return '<p class="muted">no spans</p>'
    top = max(1, int(c.matrix.max()))
    head = '<th class="r">gold \\ predicted</th>' + "".join(f"<th>{_e(c.labels[j])}</th>" for j in keep)
    rows = []
    for i in keep:
        cells = []
        for j in keep:
            v = int(c.matrix[i, j])
            alpha = 0 if v == 0 else 0.15 + 0.75 * v / top
            hue = "44,160,44" if i == j and c.labels[i] != _NONE else "214,39,40"
            cells.append(f'<td class="{"z" if v == 0 else ""}" style="background:rgba({hue},{alpha:.2f})">{v}</td>')
        rows.append(f'<tr><th class="r">{_e(c.labels[i])}</th>{"".join(cells)}</tr>')
    return (f'<p class="muted">Overlapping gold/predicted span pairs (scikit-learn <code>confusion_matrix</code>). '
            f'Row {_NONE}: spurious predictions; column {_NONE}: missed gold spans.</p>'
            f'<table class="cm"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _doc_html(doc: DocView, n: str, run: str = "") -> str:
    errors = [o for o in doc.outcomes if o.kind != "correct"]
    listed = errors[:MAX_OUTCOMES_PER_DOC]
    drawn = listed + [o for o in doc.outcomes if o.kind == "correct"][:MAX_OUTCOMES_PER_DOC - len(listed)]
    rows = []
    for o in listed:
        def show(s):
            return "" if not s else f'<b>{_e(s.label)}</b> [{s.start}, {s.end}) “{_e(doc.text[s.start:s.end])}”'
        rows.append(f'<tr class="err" data-kind="{_e(o.kind)}" data-fields="{_e(" ".join(o.fields))}">'
                    f'<td class="kind" style="color:{_COLOURS[o.kind]}">{_e(o.kind)}</td>'
                    f'<td>{show(o.gold)}</td><td>{show(o.pred)}</td></tr>')
    table = ('<table class="errs"><thead><tr><th class="n">kind</th><th class="n">gold</th><th class="n">predicted</th>'
             f'</tr></thead><tbody>{"".join(rows)}</tbody></table>') if rows else '<p class="muted">no errors</p>'
    left_out = len(doc.outcomes) - len(drawn)
    note = (f'<p class="warn">{left_out:,} more outcome(s) of this document ({len(errors) - len(listed):,} of them '
            f'errors) are not drawn: the page shows at most {MAX_OUTCOMES_PER_DOC:,} per document; the counts above '
            'are complete.</p>') if left_out else ""
    return (f'<div class="doc" id="doc-{n}" data-doc="{_e(doc.doc_id)}" data-run="{_e(run)}"><h3>{_e(doc.doc_id)} '
            f'<span class="muted">{_e(run)}</span> '
            f'<span class="muted">({doc.n_errors} error(s), {len(doc.outcomes) - doc.n_errors} correct)</span></h3>'
            f'{note}<div class="text">{_segments(doc, drawn)}</div>{table}</div>')


def _filters(report: Report, errors: list[RunErrors]) -> str:
    present = {f for e in errors for d in e.docs for o in d.outcomes for f in o.fields}
    present |= {c.span[2] for c in report.changes or ()}
    present = sorted(present, key=lambda x: report.labels.index(x) if x in report.labels else len(report.labels))
    kinds = "".join(f'<label title="{_e(OUTCOME_MEANINGS[k])}"><input type="checkbox" data-kind="{_e(k)}"'
                    f'{"" if k == "correct" else " checked"}><i class="sw k-{_e(k)}"></i>{_e(k)}</label>'
                    for k in _PRECEDENCE)
    changes = "".join(f'<label><input type="checkbox" data-change="{_e(k)}" checked>{_e(k)}</label>'
                      for k in CHANGE_KINDS) if report.changes else ""
    fields = "".join(f'<label><input type="checkbox" data-field="{_e(f)}" checked>'
                     f'<i class="sw" style="background:{_e(report.colours.get(f, "#888"))}"></i>{_e(f)}</label>'
                     for f in present)
    return (f'<div class="filters"><div class="grp"><b>error kind:</b> {kinds}</div>'
            + (f'<div class="grp"><b>change:</b> {changes}</div>' if changes else "")
            + f'<div class="grp"><b>field:</b> {fields}</div>'
            '<div class="muted">Highlight colour = error kind; underline = gold span, top bar = predicted span. '
            'Errors shown: <span id="nshown">?</span>. The filters apply to every run and to the changes; '
            'the link keeps them.</div></div>')


def _run_html(run: RunView) -> list[str]:
    """The lines of one run's section: its score table, failures and warnings."""
    parts = [f'<section class="run"><h2>Scores: {_e(run.name)}</h2>{_score_table(run)}']
    if run.failures:
        items = "".join(f"<li>{_e(getattr(f, 'doc_id', None) or f.get('doc_id'))} "
                        f"[{_e(getattr(f, 'kind', None) or f.get('kind'))}]: "
                        f"{_e(getattr(f, 'message', None) or f.get('message'))}</li>"
                        if not isinstance(f, str) else f"<li>{_e(f)}</li>" for f in run.failures)
        parts.append(f'<h3>Extractor failures ({len(run.failures)}; scored as empty predictions)</h3><ul>{items}</ul>')
    if run.warnings:
        parts.append("<h3>Warnings</h3><ul>" + "".join(f"<li>{_e(w)}</li>" for w in run.warnings) + "</ul>")
    parts.append("</section>")
    return parts


def _errors_of(report: Report) -> list[RunErrors]:
    """The runs' errors; a report built by hand with only ``docs`` shows them as one run."""
    if report.errors or not report.docs:
        return report.errors
    return [RunErrors(report.runs[-1].name if report.runs else "", report.docs, report.confusion)]


def _nav(report: Report, errors: list[RunErrors]) -> str:
    """The header's links to the page's sections, those it has."""
    links = [("scores", "Scores"), ("chart", "F1 chart")] if report.runs else []
    if len(report.runs) >= 2:
        links.append(("compare", "Comparison"))
    if errors or report.changes is not None:
        links.append(("filters", "Filters"))
    if report.changes is not None:
        links.append(("changes", f"Changes {report.runs[0].name} → {report.runs[1].name}"))
    if errors:
        links.append(("confusion", "Label confusion"))
        links.append(("errors", "Errors in context"))
    return "<nav>" + "".join(f'<a href="#{a}">{t}</a>' for a, t in links) + "</nav>"


def render_html(report: Report) -> str:
    """The whole page as one string (inline CSS, SVG and script; no external resource)."""
    errors = _errors_of(report)
    script = _script()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
           "base-uri 'none'; form-action 'none'")
    parts = ['<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{_e(report.title)}</title><style>{CSS}</style></head><body>",
             f"<header><h1>{_e(report.title)}</h1>"]
    for run in report.runs:
        if run.signature:
            parts.append(f'<div class="sig">{_e(run.name)}: {_e(run.signature)}</div>')
    parts.append(_nav(report, errors))
    parts.append('</header><main><div class="runs" id="scores">')
    for w in report.warnings:
        parts.insert(-1, f'<p class="warn">warning: {_e(w)}</p>')
    for run in report.runs:
        parts += _run_html(run)
    parts.append("</div>")
    if report.runs:
        parts.append(f'<section id="chart"><h2>F1 per field and schema</h2>{_charts(report.runs)}</section>')
    if len(report.runs) >= 2:
        parts.append(f'<section id="compare"><h2>Comparison: {_e(report.runs[1].name)} vs {_e(report.runs[0].name)}</h2>'
                     f'{_comparison(report)}</section>')
    if errors or report.changes is not None:
        parts.append(f'<section id="filters"><h2>Filters</h2>{_filters(report, errors)}</section>')
    if report.changes is not None:
        parts.append(f'<section id="changes"><h2>Changes from {_e(report.runs[0].name)} to {_e(report.runs[1].name)}</h2>'
                     f'{_changes_html(report)}</section>')
    if errors:
        parts.append('<section id="confusion"><h2>Label confusion</h2><div class="runs">'
                     + "".join(f'<div><h3>{_e(e.name)}</h3>{_confusion_html(e.confusion)}</div>' for e in errors
                               if e.confusion is not None) + "</div></section>")
        parts.append('<section id="errors"><h2>Errors in context</h2>')
        for r, e in enumerate(errors):
            n_err = sum(d.n_errors for d in e.docs)
            parts.append(f'<h2 class="run-errors">{_e(e.name)}: {n_err} error(s) in {len(e.docs)} documents</h2>')
            parts += [_doc_html(d, f"{r}-{i}", e.name) for i, d in enumerate(e.docs)]
        parts.append("</section>")
    parts.append(f"</main><script>{script}</script></body></html>")
    return "\n".join(parts) + "\n"


def write_report(path: str | os.PathLike, report: Report) -> Path:
    """Render and write atomically; returns the path."""
    path = write_atomic(path, render_html(report))
    return path
