"""Extractors shipped with the toolkit, by short name.

``REGISTRY`` maps a short name, usable as ``hoinghi eval --extractor NAME``, to the
``module:function`` it runs. Each extractor module carries a ``__version__`` that goes
into the score signature. The extractor protocol (what a callable receives and may
return) is described in :mod:`hoinghi.eval.runner.apply` and ``docs/eval-cli.md``.

>>> sorted(REGISTRY)
['reference', 'trivial']
"""
__all__ = ["REGISTRY"]

REGISTRY: dict[str, str] = {
    "reference": "hoinghi.extractors.reference:extract",  # the rule baseline (issue 5)
    "trivial": "hoinghi.extractors.trivial:extract",      # a documented regex example
}
