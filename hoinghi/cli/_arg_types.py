"""Argument types shared by the commands: each refuses, as a usage error (exit 2),
a value the library cannot use (``--timeout 0``, ``--timeout nan``, ``--seed -1``).

>>> seconds("1.5"), positive_int("2"), seed("0")
(1.5, 2, 0)
>>> seconds("nan")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: must be a positive finite number of seconds: 'nan'
"""
from __future__ import annotations

__all__ = ["seconds", "positive_int", "seed", "fraction", "megabytes"]

import argparse
import math

_SEED_MAX = 2**32 - 1  # numpy's seeds


def _number(kind, text: str):
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {'an integer' if kind is int else 'a number'}: {text!r}") from None


def _bounded(kind, ok, wants: str, doc: str):
    """An argument type: ``kind`` parsed from the text, refused unless ``ok(value)``."""
    def parse(text: str):
        v = _number(kind, text)
        if not ok(v):
            raise argparse.ArgumentTypeError(f"must be {wants}: {text!r}")
        return v

    parse.__doc__ = doc
    return parse


seconds = _bounded(float, lambda v: math.isfinite(v) and v > 0, "a positive finite number of seconds",
                   "A positive, finite number of seconds.")
positive_int = _bounded(int, lambda v: v >= 1, "at least 1", "An integer of at least 1.")
seed = _bounded(int, lambda v: 0 <= v <= _SEED_MAX, f"from 0 to {_SEED_MAX}",
                "A bootstrap seed: an integer from 0 to 2**32 - 1.")
fraction = _bounded(float, lambda v: 0 <= v < 1, "in [0, 1)", "A number in [0, 1).")
megabytes = _bounded(int, lambda v: v >= 0, "0 (no limit) or more", "A memory limit in MB: 0 (no limit) or more.")
