"""How every renderer writes a number: the text table, the gate's table and the HTML page.

An undefined score is ``None`` in the library (the n/a policy of
:mod:`hoinghi.eval.counts`) and prints as :data:`NA`. NaN, what numpy arithmetic
gives for an undefined F1 or delta, prints as :data:`NA` too.

>>> score(0.75), score(None), score(float("nan")), score(0.01234, 4)
('0.750', 'n/a', 'n/a', '0.0123')
>>> delta(-0.25), delta(None)
('-0.250', 'n/a')
>>> interval((0.5, 1.0)), interval(None), interval((-0.1, 0.2), signed=True)
('[0.500, 1.000]', '', '[-0.100, +0.200]')
>>> count(3), count(None)
('3', '')
"""
from __future__ import annotations

__all__ = ["NA", "undefined", "score", "delta", "interval", "count"]

import math

#: How an undefined score is written.
NA = "n/a"


def undefined(x: float | None) -> bool:
    """``True`` for ``None`` and NaN: a score that is not defined."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def score(x: float | None, digits: int = 3) -> str:
    """A score with ``digits`` decimals, or ``n/a``."""
    return NA if undefined(x) else f"{x:.{digits}f}"


def delta(x: float | None) -> str:
    """A signed difference of scores (``+0.125``, ``-0.250``), or ``n/a``."""
    return NA if undefined(x) else f"{x:+.3f}"


def interval(ci: tuple[float, float] | None, *, signed: bool = False) -> str:
    """A confidence interval ``[lo, hi]``; empty when there is none."""
    if not ci:
        return ""
    return f"[{ci[0]:+.3f}, {ci[1]:+.3f}]" if signed else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def count(x: int | None) -> str:
    """A count; empty when there is none (the macro rows average scores, not counts)."""
    return "" if x is None else str(x)
