"""The annotation side: schemas → Label Studio → annotators' records → gold.

Data flow, one module per step: :mod:`~hoinghi.annotate.label_config` (schema → XML),
:mod:`~hoinghi.annotate.studio_server` (local server; its data dir in
:mod:`~hoinghi.annotate.studio_data` or its PostgreSQL database in
:mod:`~hoinghi.annotate.studio_postgres`), :mod:`~hoinghi.annotate.studio` (client, errors),
:mod:`~hoinghi.annotate.articles` (articles to annotate),
:mod:`~hoinghi.annotate.projects` (find or create a project, config validation),
:mod:`~hoinghi.annotate.push` (tasks, pre-annotations),
:mod:`~hoinghi.annotate.ls_conversion` (document ⇄ Label Studio result items),
:mod:`~hoinghi.annotate.pull` (snapshot export → document JSONL per annotator + rejects),
:mod:`~hoinghi.annotate.passes` (annotators' records, checked),
:mod:`~hoinghi.annotate.agreement`, :mod:`~hoinghi.annotate.adjudication` (with
:mod:`~hoinghi.annotate.policies`),
:mod:`~hoinghi.annotate.gold` (building versioned gold sets; their format is
:mod:`hoinghi.gold_set`) and
:mod:`~hoinghi.annotate.gold_flow` (the real flow behind the shipped gold set).

The names below are imported lazily, so ``import hoinghi.annotate.gold`` does not pay
for the Label Studio SDK (1–2 s to import). Functions named like their module
(``push.push``, ``pull.pull``, ``label_config.label_config``) are not among them: once
the module is imported, Python's package attribute is the module, so
``from hoinghi.annotate import push`` could not promise the function.

>>> import types, hoinghi.annotate as a
>>> [n for n in a.__all__ if isinstance(getattr(a, n), types.ModuleType)]
[]
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "load_articles": "articles",
    "PushResult": "push",
    "PullSummary": "pull", "Reject": "pull",
    "to_results": "ls_conversion", "from_results": "ls_conversion",
    "LocalServer": "studio_server", "Credentials": "studio", "Annotator": "studio",
    "Record": "passes", "load_records": "passes", "check_records": "passes",
    "agree": "agreement", "AgreementResult": "agreement",
    "adjudicate": "adjudication", "AdjudicationLog": "adjudication", "make_policy": "policies",
    "build_gold": "gold", "build_from_pull": "gold", "load_gold": "gold", "GoldManifest": "gold", "split_of": "gold",
    "run_flow": "gold_flow",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
