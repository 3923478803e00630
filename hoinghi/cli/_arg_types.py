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


def seconds(text: str) -> float:
    """A positive, finite number of seconds."""
    v = _number(float, text)
    if not (math.isfinite(v) and v > 0):
        raise argparse.ArgumentTypeError(f"must be a positive finite number of seconds: {text!r}")
    return v


def positive_int(text: str) -> int:
    """An integer of at least 1."""
    v = _number(int, text)
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return v


def seed(text: str) -> int:
    """A bootstrap seed: an integer from 0 to 2**32 - 1."""
    v = _number(int, text)
    if not 0 <= v <= _SEED_MAX:
        raise argparse.ArgumentTypeError(f"must be from 0 to {_SEED_MAX}: {text!r}")
    return v


def fraction(text: str) -> float:
    """A number in [0, 1)."""
    v = _number(float, text)
    if not 0 <= v < 1:
        raise argparse.ArgumentTypeError(f"must be in [0, 1): {text!r}")
    return v


def megabytes(text: str) -> int:
    """A memory limit in MB: 0 (no limit) or more."""
    v = _number(int, text)
    if v < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more: {text!r}")
    return v
