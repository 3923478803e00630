"""The article text of the report's error views: each outcome's gold and predicted
extents marked, bidirectional controls shown as codes, and bounded for any input.

A 5 MB document with 20,000 spans took 21.6 s and 14.5 MB: every segment scanned every
mark, and the whole text was drawn. Now one sweep over the cut points draws the marks,
at most :data:`MAX_OUTCOMES_PER_DOC` outcomes of a document are drawn (the page says how
many it left out), and a text over 20,000 characters shows 200 characters of context
around each mark (``benchmarks/bench_report_large.py``).

>>> from hoinghi.document import Span
>>> from .outcomes import Outcome
>>> doc = DocView("d", "Ông Lê Văn An", [Outcome("missed", Span(4, 13, "PERSON"))])
>>> segments(doc, doc.outcomes)
'Ông <span class="seg k-missed g" data-o="missed:PERSON:g" title="missed PERSON (gold)">Lê Văn An</span>'
"""
from __future__ import annotations

__all__ = ["segments", "escape", "PRECEDENCE", "MAX_OUTCOMES_PER_DOC"]

import html

from .report_data import DocView

#: The outcome kinds in the order that picks a character's colour when several
#: outcomes cover it (errors before ``correct``), also the order of the filters.
PRECEDENCE = ("missed", "spurious", "boundary+label", "label", "boundary", "correct")

#: Bidirectional controls (U+061C, U+200E/F, U+202A-E, U+2066-9): raw in a page they
#: reorder what follows (U+202E shows "fdp.exe" for "exe.pdf"). The page shows each as
#: a visible code instead, in text and attributes alike.
_BIDI_VISIBLE = str.maketrans({c: f"\u27e8U+{ord(c):04X}\u27e9" for c in
                               "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"})


def escape(x) -> str:
    """User text for the page: bidi controls shown as codes, then HTML-escaped.

    >>> escape("a\u202eb<c>")
    'a⟨U+202E⟩b&lt;c&gt;'
    """
    return html.escape(str(x).translate(_BIDI_VISIBLE), quote=True)


#: Bounds that keep the page small and quick for any input (issue 11: a 5 MB document with
#: 20,000 spans took 21.6 s and 14.5 MB): at most this many outcomes of one document are
#: drawn and listed (the counts stay complete and the page says how many are left out), and
#: a text longer than ``_LONG_TEXT`` shows only ``_CONTEXT`` characters around each mark.
MAX_OUTCOMES_PER_DOC = 1000
_LONG_TEXT = 20_000
_CONTEXT = 200


def _marks(outcomes) -> list[tuple[int, int, str]]:
    marks: list[tuple[int, int, str]] = []
    for o in outcomes:
        if o.gold:
            marks.append((o.gold.start, o.gold.end, f"{o.kind}:{o.gold.label}:g"))
        if o.pred:
            marks.append((o.pred.start, o.pred.end, f"{o.kind}:{o.pred.label}:p"))
    return marks


def _windows(text: str, marks) -> list[tuple[int, int]]:
    """The stretches of ``text`` to show: all of it, or for a long text each mark with
    ``_CONTEXT`` characters around it, merged."""
    if len(text) <= _LONG_TEXT:
        return [(0, len(text))]
    spans = sorted((max(0, s - _CONTEXT), min(len(text), e + _CONTEXT)) for s, e, _ in marks)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def segments(doc: DocView, outcomes) -> str:
    """The article text with the outcomes' gold and predicted extents marked (one sweep
    over the cut points). Each segment lists its ``kind:field:side`` tokens; the script
    picks the colour. A long text shows the windows of :func:`_windows`, the gaps as
    ``[… N characters …]``."""
    text = doc.text
    marks = _marks(outcomes)
    windows = _windows(text, marks)
    starts: dict[int, list[str]] = {}
    ends: dict[int, list[str]] = {}
    for s, e, t in marks:
        starts.setdefault(s, []).append(t)
        ends.setdefault(e, []).append(t)
    cuts = sorted({0, len(text)} | set(starts) | set(ends) | {x for w in windows for x in w})
    shown = iter(windows)
    window = next(shown, None)
    active: dict[str, int] = {}
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for t in ends.get(a, ()):
            active[t] -= 1
            if not active[t]:
                del active[t]
        for t in starts.get(a, ()):
            active[t] = active.get(t, 0) + 1
        while window is not None and a >= window[1]:
            window = next(shown, None)
        if window is None or b <= window[0]:
            if not out or not out[-1].startswith('<span class="gap"'):
                gap_end = window[0] if window is not None else len(text)
                out.append(f'<span class="gap">[… {gap_end - a:,} characters …]</span>')
            continue
        out.append(_segment(text[a:b], active))
    return "".join(out)


def _segment(piece: str, active: dict[str, int]) -> str:
    chunk = escape(piece)
    if not active:
        return chunk
    tags = sorted(active, key=lambda t: (PRECEDENCE.index(t.split(":")[0]), t))
    best = tags[0].split(":")[0]
    sides = {t.rsplit(":", 1)[1] for t in tags if t.startswith(best + ":")}
    tip = "; ".join(f"{t.split(':')[0]} {t.split(':')[1]} ({'gold' if t.endswith(':g') else 'pred'})" for t in tags)
    cls = f"seg k-{best}" + (" g" if "g" in sides else "") + (" p" if "p" in sides else "")
    return f'<span class="{escape(cls)}" data-o="{escape(" ".join(tags))}" title="{escape(tip)}">{chunk}</span>'
