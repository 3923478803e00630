"""Run an extractor on one document: the one implementation of that step.

:func:`apply_extractor` is what the Python worker processes of
:func:`hoinghi.eval.runner.run_extractor` call for every document, and what any other
caller of a Python extractor on a single document uses (the coming Label Studio ML
backend, ``hoinghi ml-backend``, and the Ray engine of ``hoinghi extract``), so an
extractor sees the same input and is held to the same contract everywhere.

The protocol: a callable receives a :class:`~hoinghi.document.Document` carrying ``id``
and ``text`` only (never the gold spans or the gold ``meta``, which holds annotation
provenance). If its first parameter is annotated ``str`` or named ``text``, it receives
the text instead. It returns a ``Document`` (same id), a dict in the document contract
(``id`` and ``text`` may be left out) or a list of spans (``Span`` objects or dicts);
``None`` is an error (return ``[]`` for "nothing found").
"""
from __future__ import annotations

__all__ = ["apply_extractor", "wants_text"]

import inspect
import json
import traceback
from pathlib import Path
from typing import Callable

from ...document import Document
from ...errors import InputError
from ...schema import SchemaSet
from ..predictions import Failure, check_prediction, coerce_prediction


def wants_text(func: Callable) -> bool:
    """Whether ``func`` takes the text (first parameter annotated ``str`` or named ``text``)
    rather than the document.

    >>> wants_text(lambda text: []), wants_text(lambda doc: [])
    (True, False)
    """
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return False
    if not params:
        return False
    first = params[0]
    ann = first.annotation
    if ann is str or ann == "str":
        return True
    if ann is inspect.Parameter.empty and first.name == "text":
        return True
    return False


def apply_extractor(func: Callable, doc: Document, *, schemas: SchemaSet | None = None,
                    takes_text: bool | None = None) -> Document | Failure:
    """Run the Python extractor ``func`` on one document and return its checked prediction
    (a ``Document`` carrying ``doc``'s text), or a :class:`~hoinghi.eval.predictions.Failure`
    of kind ``error`` (it raised) or ``invalid`` (its answer breaks the contract). ``func``
    sees ``doc``'s id and text only. ``takes_text`` defaults to :func:`wants_text`
    (pass it to skip the inspection per call). Timeouts and crashes are the caller's
    business (the runner's worker processes handle them).

    Used by the runner's Python workers and meant for every other single-document caller:
    the Label Studio ML backend and the Ray engine of ``hoinghi extract``.

    >>> doc = Document("d1", "Ông Lê Văn An phát biểu")
    >>> [s.key for s in apply_extractor(lambda text: [{"start": 4, "end": 13, "label": "PERSON"}], doc).spans]
    [(4, 13, 'PERSON')]
    >>> apply_extractor(lambda text: None, doc)
    Failure(doc_id='d1', kind='invalid', message='the extractor returned None (return [] when it finds nothing)')
    >>> apply_extractor(lambda text: 1 / 0, doc).message.startswith("ZeroDivisionError: division by zero (at ")
    True
    """
    seen = Document(doc.id, doc.text)  # what an extractor sees: id and text (see predictions.input_json)
    try:
        result = func(seen.text if (wants_text(func) if takes_text is None else takes_text) else seen)
    except Exception as exc:  # noqa: BLE001 - the extractor's failure on this document, recorded
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return Failure(doc.id, "error", f"{type(exc).__name__}: {exc} (at {Path(tb.filename).name}:{tb.lineno})")
    try:
        payload = json.loads(json.dumps(coerce_prediction(result, doc.id), ensure_ascii=False))  # plain JSON or a clear error
        return check_prediction(payload, doc, schemas=schemas)
    except (TypeError, ValueError, InputError) as exc:
        return Failure(doc.id, "invalid", str(exc))
