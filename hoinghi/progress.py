"""The one progress bar of the toolkit.

Long work (running an extractor, scoring, pushing, pulling, agreement) shows a bar on
stderr when stderr is a terminal and the caller asked for progress; otherwise it is
silent, so pipes, CI logs and tests get no control characters.

>>> bar = progress(total=3, desc="docs", enabled=False)
>>> for _ in range(3):
...     bar.update(1)
>>> bar.close()
>>> list(progress([1, 2], desc="docs", enabled=False))
[1, 2]
"""
from __future__ import annotations

__all__ = ["progress"]

import sys
from typing import Iterable


def progress(iterable: Iterable | None = None, *, total: int | None = None, desc: str = "", unit: str = "doc",
             enabled: bool = True):
    """A ``tqdm`` bar over ``iterable`` (or a manual one with ``total``), shown only when
    ``enabled`` and stderr is a terminal. tqdm is imported only when a bar is shown."""
    if not enabled or not sys.stderr.isatty():
        return _Silent(iterable)
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)


class _Silent:
    """What :func:`progress` returns when no bar is shown: iterates, counts nothing."""

    def __init__(self, iterable: Iterable | None):
        self._iterable = iterable

    def __iter__(self):
        return iter(self._iterable if self._iterable is not None else ())

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
