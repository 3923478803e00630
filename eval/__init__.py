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
from importlib import import_module

#: Each public name and the module it lives in. Loaded on first use, so that importing one
#: module of the harness (the CLI's ``--help``, ``hoinghi.eval.matching``) does not import
#: them all (numpy, the metrics, the normalisers).
_WHERE = {
    "BootstrapCI": "bootstrap", "bootstrap_f1": "bootstrap", "Counts": "counts", "span_outcomes": "diff",
    "MODES": "matching", "Overlap": "matching", "SemEval": "matching", "Strict": "matching",
    "get_strategy": "matching", "OUTCOME_KINDS": "outcomes", "Outcome": "outcomes", "FORMATS": "registry",
    "EvalResult": "results", "FieldScore": "results", "GroupScore": "results", "ViewResult": "results",
    "VIEWS": "scoring", "evaluate": "scoring", "Signature": "signature",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_WHERE))


__all__ = [
    "evaluate", "EvalResult", "ViewResult", "FieldScore", "GroupScore", "VIEWS", "MODES", "FORMATS",
    "Counts", "Strict", "Overlap", "SemEval", "get_strategy",
    "bootstrap_f1", "BootstrapCI", "Signature", "span_outcomes", "Outcome", "OUTCOME_KINDS",
]
