"""The gold side of an evaluation: a gold JSONL file or a gold set folder.

The format and its reader live in :mod:`hoinghi.gold_set` (one home for the gold-set
format, shared by the evaluation and the annotation side); this module keeps the
harness's import path ``hoinghi.eval.gold_input.load_gold_or_jsonl``.
"""
from __future__ import annotations

__all__ = ["GoldProvenance", "load_gold_or_jsonl", "SPLITS"]

from ..gold_set import SPLITS, GoldProvenance, load_gold_or_jsonl
