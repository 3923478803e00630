"""Render an evaluation result as a text table, Markdown or JSON.

The table has one row per field (TP, FP, FN, P, R, F1 with its 95% bootstrap interval,
support), then a micro and a macro row per schema and overall. A score that is not
defined (a field with no gold and no predictions, see the n/a policy in
:mod:`hoinghi.eval.scoring`) prints as ``n/a``; its support still shows. Under the
table: the signature line, the documents the extractor failed on, and warnings.

Rendering reads the result only; it computes no score.

>>> rows = [ScoreRow("PERSON", "field", 3, 1, 0, 0.75, 1.0, 6/7, (0.5, 1.0), 3),
...         ScoreRow("POSITION", "field", 0, 0, 0, None, None, None, None, 0)]
>>> print(render_table(rows, signature="span|m:strict|v:0.1.0"), end="")
field     TP  FP  FN      P      R     F1  95% CI          support
--------  --  --  --  -----  -----  -----  --------------  -------
PERSON     3   1   0  0.750  1.000  0.857  [0.500, 1.000]        3
POSITION   0   0   0    n/a    n/a    n/a                        0
<BLANKLINE>
signature: span|m:strict|v:0.1.0
"""
from __future__ import annotations

__all__ = ["ScoreRow", "FORMATS", "render", "render_table", "render_markdown", "rows_of"]

import json
from dataclasses import dataclass
from typing import Sequence

FORMATS = ("table", "json", "markdown")


@dataclass(frozen=True)
class ScoreRow:
    """One line of the table. ``kind`` is ``field``, ``schema`` or ``overall``;
    ``name`` is the label, or ``<schema> micro``/``overall macro``. Scores are ``None``
    when undefined (shown as n/a); counts are ``None`` on macro rows (averages of
    scores, not of counts)."""

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


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _int(x: int | None) -> str:
    return "" if x is None else str(x)


def _ci(ci) -> str:
    return "" if not ci else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


_HEADER = ("field", "TP", "FP", "FN", "P", "R", "F1", "95% CI", "support")
_RIGHT = (False, True, True, True, True, True, True, False, True)


def _cells(r: ScoreRow) -> tuple[str, ...]:
    return (r.name, _int(r.tp), _int(r.fp), _int(r.fn), _num(r.precision), _num(r.recall), _num(r.f1), _ci(r.ci),
            str(r.support))


def _footer(signature: str | None, failures: Sequence, warnings: Sequence[str], markdown: bool) -> list[str]:
    lines = []
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


def render_table(rows: Sequence[ScoreRow], *, signature: str | None = None, failures: Sequence = (),
                 warnings: Sequence[str] = (), title: str | None = None) -> str:
    """A plain-text table (aligned columns, a blank line between field, schema and overall groups)."""
    cells = [_HEADER] + [_cells(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(_HEADER))]

    def line(c):
        return "  ".join(v.rjust(w) if right else v.ljust(w) for v, w, right in zip(c, widths, _RIGHT)).rstrip()

    out = [title] if title else []
    out += [line(_HEADER), "  ".join("-" * w for w in widths)]
    previous = None
    for r in rows:
        if previous is not None and r.kind != previous:
            out.append("")
        out.append(line(_cells(r)))
        previous = r.kind
    footer = _footer(signature, failures, warnings, markdown=False)
    return "\n".join(out + ([""] + footer if footer else [])) + "\n"


def render_markdown(rows: Sequence[ScoreRow], *, signature: str | None = None, failures: Sequence = (),
                    warnings: Sequence[str] = (), title: str | None = None) -> str:
    """A GitHub-flavoured Markdown table (for CI comments and READMEs); summary rows in bold.

    >>> print(render_markdown([ScoreRow("overall micro", "overall", 1, 0, 1, 1.0, 0.5, 2/3, None, 2)]), end="")
    | field | TP | FP | FN | P | R | F1 | 95% CI | support |
    |---|--:|--:|--:|--:|--:|--:|---|--:|
    | **overall micro** | 1 | 0 | 1 | 1.000 | 0.500 | 0.667 |  | 2 |
    """
    out = [f"### {title}", ""] if title else []
    out.append("| " + " | ".join(_HEADER) + " |")
    out.append("|" + "|".join("--:" if right else "---" for right in _RIGHT) + "|")
    for r in rows:
        c = list(_cells(r))
        if r.kind != "field":
            c[0] = f"**{c[0]}**"
        out.append("| " + " | ".join(c) + " |")
    footer = _footer(signature, failures, warnings, markdown=True)
    return "\n".join(out + ([""] + footer if footer else [])) + "\n"


# -- reading an EvalResult ---------------------------------------------------------------

def rows_of(result) -> list[ScoreRow]:
    """The table rows of an :class:`~hoinghi.eval.scoring.EvalResult`: fields in schema
    order, then per-schema micro and macro, then overall micro and macro."""
    return [ScoreRow(**row) for row in result.table_rows()]


def render(result, fmt: str = "table") -> str:
    """Render an ``EvalResult`` in one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    kwargs = dict(signature=str(result.signature), failures=list(result.failures), warnings=list(result.warnings))
    rows = rows_of(result)
    return render_markdown(rows, **kwargs) if fmt == "markdown" else render_table(rows, **kwargs)
