"""Render an evaluation result as a text table, Markdown or JSON.

The main table has one row per field (TP, FP, FN, P, R, F1 with its 95% bootstrap
interval, support), then a micro and a macro row per schema and overall. A score that
is undefined (a field with no gold and no predictions: the n/a policy of
:mod:`hoinghi.eval.counts`) prints as ``n/a``, and its support still shows. For the span
view, two short tables follow: the other views' overall scores (document-level values,
relations, records, BIO), and the SemEval-2013 outcome breakdown per schema (boundary
errors and label errors apart). Under the tables come the signature line, the documents
the extractor failed on, and the warnings.

Rendering only reads the result. It computes no score.

>>> rows = [ScoreRow("PERSON", "field", 3, 1, 0, 0.75, 1.0, 6/7, (0.5, 1.0), 3),
...         ScoreRow("POSITION", "field", 0, 0, 0, None, None, None, None, 0)]
>>> print(render_table(rows, signature="span|m:strict|v:0.1.0"), end="")
field     TP  FP  FN      P      R     F1  95% CI          support
--------  --  --  --  -----  -----  -----  --------------  -------
PERSON     3   1   0  0.750  1.000  0.857  [0.500, 1.000]        3
POSITION   0   0   0    n/a    n/a    n/a                        0
<BLANKLINE>
n/a: no gold and no predicted item for this field; left out of macro averages
signature: span|m:strict|v:0.1.0
"""
from __future__ import annotations

__all__ = ["ScoreRow", "FORMATS", "VIEW_TITLES", "render", "render_table", "render_markdown", "rows_of",
           "format_gate", "format_gate_markdown", "labels_of_row", "span_differences"]

import json
from dataclasses import dataclass
from typing import Mapping, Sequence

from . import formatting as fmt
from .outcomes import OUTCOME_KINDS
from .registry import FORMATS, VIEWS

#: What each view of :func:`hoinghi.eval.scoring.evaluate` counts, as table titles.
VIEW_TITLES = {name: view.title for name, view in VIEWS.items()}


@dataclass(frozen=True)
class ScoreRow:
    """One line of a score table. ``kind`` is ``field``, ``schema`` or ``overall`` (rows
    of different kinds are set apart); ``name`` is the field, or ``<schema> micro`` /
    ``overall macro``. Scores are ``None`` when undefined (shown as n/a). Counts are
    ``None`` on macro rows, which average scores and not counts."""

    name: str
    kind: str
    tp: int | None
    fp: int | None
    fn: int | None
    precision: float | None
    recall: float | None
    f1: float | None
    ci: tuple[float, float] | None
    support: int


_HEADER = ("field", "TP", "FP", "FN", "P", "R", "F1", "95% CI", "support")
_RIGHT = (False, True, True, True, True, True, True, False, True)


def _cells(r: ScoreRow) -> tuple[str, ...]:
    return (r.name, fmt.count(r.tp), fmt.count(r.fp), fmt.count(r.fn), fmt.score(r.precision), fmt.score(r.recall),
            fmt.score(r.f1), fmt.interval(r.ci), str(r.support))


# -- generic grids ------------------------------------------------------------------------

def _grid(header: Sequence[str], right: Sequence[bool], body: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    """Aligned text columns; ``body`` is ``(group, cells)``, with a blank line between groups."""
    widths = [max(len(c[i]) for c in [header] + [cells for _, cells in body]) for i in range(len(header))]

    def line(cells):
        return "  ".join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(cells, widths, right)).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    previous = None
    for group, cells in body:
        if previous is not None and group != previous:
            out.append("")
        out.append(line(cells))
        previous = group
    return out


def _md(header: Sequence[str], right: Sequence[bool], body: Sequence[tuple[bool, Sequence[str]]]) -> list[str]:
    """A Markdown table; ``body`` is ``(bold first cell, cells)``."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("--:" if r else "---" for r in right) + "|"]
    for bold, cells in body:
        cells = list(cells)
        if bold:
            cells[0] = f"**{cells[0]}**"
        out.append("| " + " | ".join(cells) + " |")
    return out


_NA_NOTE = f"{fmt.NA}: no gold and no predicted item for this field; left out of macro averages"


def _footer(signature: str | None, failures: Sequence, warnings: Sequence[str], markdown: bool,
            na: bool = False) -> list[str]:
    lines = [_NA_NOTE] if na else []
    if signature:
        lines.append(f"signature: `{signature}`" if markdown else f"signature: {signature}")
    if failures:
        lines.append(f"extractor failures ({len(failures)} document(s), scored as empty predictions):")
        for f in failures:
            lines.append(f"- {f.doc_id} [{f.kind}] {f.message}" if markdown else f"  {f.doc_id} [{f.kind}] {f.message}")
    if warnings:
        lines.append(f"warnings ({len(warnings)}):")
        lines += [f"- {w}" if markdown else f"  {w}" for w in warnings]
    return lines


def _join(blocks: list[list[str]]) -> str:
    lines: list[str] = []
    for block in blocks:
        if block:
            lines += ([""] if lines else []) + block
    return "\n".join(lines) + "\n"


def render_table(rows: Sequence[ScoreRow], *, signature: str | None = None, failures: Sequence = (),
                 warnings: Sequence[str] = (), title: str | None = None) -> str:
    """A plain-text table (aligned columns, a blank line between field, schema and overall rows).
    Given an ``EvalResult`` instead of rows, its span table (as ``print(result)``)."""
    if hasattr(rows, "table_rows"):
        return repr(rows)
    table = ([title] if title else []) + _grid(_HEADER, _RIGHT, [(r.kind, _cells(r)) for r in rows])
    na = any(r.f1 is None for r in rows)
    return _join([table, _footer(signature, failures, warnings, markdown=False, na=na)])


def render_markdown(rows: Sequence[ScoreRow], *, signature: str | None = None, failures: Sequence = (),
                    warnings: Sequence[str] = (), title: str | None = None) -> str:
    """A GitHub-flavoured Markdown table (for CI comments and READMEs); summary rows in bold.
    Given an ``EvalResult`` instead of rows, :func:`render` of it as Markdown.

    >>> print(render_markdown([ScoreRow("overall micro", "overall", 1, 0, 1, 1.0, 0.5, 2/3, None, 2)]), end="")
    | field | TP | FP | FN | P | R | F1 | 95% CI | support |
    |---|--:|--:|--:|--:|--:|--:|---|--:|
    | **overall micro** | 1 | 0 | 1 | 1.000 | 0.500 | 0.667 |  | 2 |
    """
    if hasattr(rows, "table_rows"):
        return render(rows, "markdown", title=title)
    table = ([f"### {title}", ""] if title else []) + _md(_HEADER, _RIGHT, [(r.kind != "field", _cells(r)) for r in rows])
    na = any(r.f1 is None for r in rows)
    return _join([table, _footer(signature, failures, warnings, markdown=True, na=na)])


# -- reading an EvalResult ---------------------------------------------------------------

def rows_of(result, view: str = "span") -> list[ScoreRow]:
    """The table rows of one view of an :class:`~hoinghi.eval.results.EvalResult`: fields
    in schema order, then per-schema micro and macro, then overall micro and macro."""
    if view not in result.views:
        raise ValueError(f"the result has no view {view!r} (it has: {', '.join(result.views)})")
    return [ScoreRow(**row) for row in result.table_rows(view)]


def _other_views(result, view: str) -> list[tuple[str, ScoreRow]]:
    out = []
    for name in result.views:
        if name == view:
            continue
        for row in rows_of(result, name):
            if row.kind == "overall":
                out.append((name, ScoreRow(f"{name} {row.name.split()[-1]}", name, row.tp, row.fp, row.fn, row.precision,
                                           row.recall, row.f1, row.ci, row.support)))
    return out


def _outcome_rows(result) -> list[tuple[str, list[str]]]:
    semeval = getattr(result, "semeval", None) or {}
    return [("overall" if schema == "overall" else "schema", [schema] + [str(kinds.get(k, 0)) for k in OUTCOME_KINDS])
            for schema, kinds in semeval.items()]


def render(result, fmt: str = "table", *, view: str = "span", title: str | None = None) -> str:
    """Render an ``EvalResult`` in one of :data:`FORMATS`: the table of ``view`` and, for
    the span view, the other views' overall rows and the SemEval-2013 outcomes."""
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    rows = rows_of(result, view)
    heading = f"{VIEW_TITLES.get(view, view)}, mode {result.mode}" if view == "span" else VIEW_TITLES.get(view, view)
    heading = f"{title}: {heading}" if title else heading
    others = _other_views(result, view) if view == "span" else []
    outcomes = _outcome_rows(result) if view == "span" else []
    footer_args = (str(result.signature), list(result.failures), list(result.warnings))
    na = any(r.f1 is None for r in rows)
    other_title = "other views, overall (--view NAME for a full table)"
    outcome_header = ("span outcomes (SemEval-2013)",) + OUTCOME_KINDS
    if fmt == "markdown":
        blocks = [[f"### {heading}", ""] + _md(_HEADER, _RIGHT, [(r.kind != "field", _cells(r)) for r in rows])]
        if others:
            blocks.append([f"### {other_title}", ""] + _md(("view",) + _HEADER[1:], _RIGHT,
                                                           [(False, _cells(r)) for _, r in others]))
        if outcomes:
            blocks.append(_md(outcome_header, (False,) + (True,) * len(OUTCOME_KINDS),
                              [(g == "overall", cells) for g, cells in outcomes]))
        return _join(blocks + [_footer(*footer_args, markdown=True, na=na)])
    blocks = [[heading] + _grid(_HEADER, _RIGHT, [(r.kind, _cells(r)) for r in rows])]
    if others:
        blocks.append([other_title] + _grid(("view",) + _HEADER[1:], _RIGHT, [(g, _cells(r)) for g, r in others]))
    if outcomes:
        blocks.append(_grid(outcome_header, (False,) + (True,) * len(OUTCOME_KINDS), outcomes))
    return _join(blocks + [_footer(*footer_args, markdown=False, na=na)])


# ---------------------------------------------------------------------------
# the gate's table (a GateResult from hoinghi.eval.gate)
# ---------------------------------------------------------------------------
def labels_of_row(name: str, keys: Sequence[str], groups: Mapping[str, Sequence[str]]) -> set[str]:
    """The labels a gate row covers: a field's own, a schema's (``"<schema> micro"``), or all.

    >>> sorted(labels_of_row("officials micro", ["PERSON", "TERM"], {"officials": ["PERSON"]}))
    ['PERSON']
    >>> sorted(labels_of_row("overall macro", ["PERSON", "TERM"], {})), labels_of_row("TERM", ["TERM"], {})
    (['PERSON', 'TERM'], {'TERM'})
    """
    schema = name[:-len(" micro")] if name.endswith(" micro") else name
    if schema in groups:
        return set(groups[schema])
    if name.startswith("overall"):
        return set(keys)
    return {name}


def span_differences(gold_doc, pred_doc, labels: set[str], limit: int = 12) -> list[str]:
    """One line per span outcome other than ``correct`` on these labels (at most ``limit``,
    then ``... and N more``); nothing when either document is missing."""
    if gold_doc is None or pred_doc is None:
        return []
    from .diff import span_outcomes

    lines = []
    for o in span_outcomes(gold_doc, pred_doc):
        if o.kind == "correct":
            continue
        if not ({o.gold and o.gold.label, o.pred and o.pred.label} & labels):
            continue
        lines.append(o.describe(gold_doc.text))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more"]
    return lines


_GATE_HEAD = ("row", "baseline", "candidate", "delta", "95% CI of delta", "p", "p_holm", "tol", "verdict",
              "tp/fp/fn (base -> cand)")


def _gate_cells(r) -> list[str]:
    ci = fmt.NA if r.ci_low is None else fmt.interval((r.ci_low, r.ci_high), signed=True)
    return [r.name, fmt.score(r.baseline), fmt.score(r.candidate), fmt.delta(r.delta),
            ci, fmt.score(r.p_value, 4), fmt.score(r.p_adj, 4), f"{r.tolerance:g}",
            {"fail": "FAIL", "noise": "within noise"}.get(r.verdict, r.verdict),
            "{}/{}/{} -> {}/{}/{}".format(*r.counts_baseline, *r.counts_candidate)]


def _gate_setup(result) -> str:
    """What was compared, and how (the line above the table, without the tolerance)."""
    return (f"{result.candidate_name or 'candidate'} vs baseline {result.baseline_name or '?'} on {result.n_docs} "
            f"documents; paired bootstrap n={result.n_boot}, seed={result.seed}; ")


def _holm_rows(result) -> int:
    return sum(1 for r in result.rows if r.p_value is not None)


def format_gate_markdown(result) -> str:
    """The gate's verdict and table as Markdown (the job summary of the GitHub Action):
    a heading with the verdict and first failing rule, the table, the documents that drive
    a drop, the signature."""
    verdict = "PASS" if result.passed else f"FAIL: {result.first_failure}"
    out = [f"### hoinghi gate: {verdict}", "",
           f"{_gate_setup(result)}Holm over {_holm_rows(result)} rows; alpha={result.alpha:g}", "",
           "| " + " | ".join(_GATE_HEAD) + " |", "|---|" + "--:|" * 7 + "---|---|"]
    for r in result.rows:
        cells = _gate_cells(r)
        if r.verdict == "fail":
            cells = [f"**{c}**" for c in cells]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    if result.drivers and not result.passed:
        out += ["", "Documents driving the drop (tp/fp/fn baseline -> candidate):", ""]
        for d in result.drivers:
            out.append("- `{}`: {}/{}/{} -> {}/{}/{}".format(d.doc_id, *d.baseline, *d.candidate))
            out += [f"  - {line}" for line in d.differences]
    out += [f"- warning: {w}" for w in result.warnings]
    if result.signature:
        out += ["", f"signature: `{result.signature}`"]
    return "\n".join(out) + "\n"


def format_gate(result, *, details: bool = True) -> str:
    """The gate's table as plain text (what the CLI prints and the pytest plugin shows)."""
    head = list(_GATE_HEAD)
    body = [_gate_cells(r) for r in result.rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    fmt_row = lambda cells: "  ".join(str(c).ljust(w) if i in (0, 8, 9) else str(c).rjust(w)  # noqa: E731
                                      for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    out = [f"signature: {result.signature}"] if result.signature else []
    out.append(f"gate: {_gate_setup(result)}one-sided p (share of resamples where the candidate is not worse); "
               f"Holm–Bonferroni over {_holm_rows(result)} rows; alpha={result.alpha:g}, "
               f"tolerance={result.tolerance:g}")
    out += [fmt_row(head), fmt_row(["-" * w for w in widths])] + [fmt_row(b) for b in body]
    out += [f"warning: {w}" for w in result.warnings]
    if result.passed:
        noisy = [r.name for r in result.rows if r.verdict == "noise"]
        out.append("PASS" + (f" (drops within noise: {', '.join(noisy)})" if noisy else ""))
        return "\n".join(out)
    out.append(f"FAIL: {result.first_failure}")
    if details and result.drivers:
        out.append("documents driving the drop (tp/fp/fn baseline -> candidate):")
        for d in result.drivers:
            out.append("  {}: {}/{}/{} -> {}/{}/{}".format(d.doc_id, *d.baseline, *d.candidate))
            out += [f"      {line}" for line in d.differences]
    return "\n".join(out)
