"""Moved to :mod:`hoinghi.eval.text_report`; this name stays only until ``hoinghi.cli.eval``
imports from there (it is being split by another change)."""
from .text_report import *  # noqa: F401,F403
from .text_report import __all__  # noqa: F401
