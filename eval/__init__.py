"""The evaluation harness: score any extractor against gold.

Public surface (everything else is private or lives in the named modules):

* :func:`evaluate` (:mod:`hoinghi.eval.scoring`) → :class:`EvalResult` (:mod:`hoinghi.eval.results`)
* :class:`Counts` (:mod:`hoinghi.eval.counts`)
* matching strategies :class:`Strict`, :class:`Overlap`, :class:`SemEval` (:mod:`hoinghi.eval.matching`)
* :func:`bootstrap_f1` (:mod:`hoinghi.eval.bootstrap`), :class:`Signature` (:mod:`hoinghi.eval.signature`)
* :func:`span_outcomes` (:mod:`hoinghi.eval.diff`) → :class:`Outcome` (:mod:`hoinghi.eval.outcomes`)
* the registry of views, modes and formats (:mod:`hoinghi.eval.registry`)
* the extractor runner (:mod:`hoinghi.eval.runner`), gold input, rendering, the gate and the report
  live in their own modules.
"""
from .bootstrap import BootstrapCI, bootstrap_f1
from .counts import Counts
from .diff import span_outcomes
from .matching import MODES, Overlap, SemEval, Strict, get_strategy
from .outcomes import OUTCOME_KINDS, Outcome
from .registry import FORMATS
from .results import EvalResult, FieldScore, GroupScore, ViewResult
from .scoring import VIEWS, evaluate
from .signature import Signature

__all__ = [
    "evaluate", "EvalResult", "ViewResult", "FieldScore", "GroupScore", "VIEWS", "MODES", "FORMATS",
    "Counts", "Strict", "Overlap", "SemEval", "get_strategy",
    "bootstrap_f1", "BootstrapCI", "Signature", "span_outcomes", "Outcome", "OUTCOME_KINDS",
]
