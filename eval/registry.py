"""What can be asked of the harness, by name: the metric views, the matching modes and
the output formats. :func:`hoinghi.eval.scoring.evaluate` picks its views here, the
text report its titles, and the command line its ``choices=``.

**A new metric view**: a module in ``eval/metrics/`` with ``fields(schemas)`` (the
``(schema, key)`` pairs it scores) and a per-document counter (``{key: [tp, fp,
fn]}``), and one :class:`View` line in :data:`VIEWS`. **A new matching mode**: a
strategy class in :mod:`hoinghi.eval.matching` and one entry in its ``STRATEGIES``.

>>> list(VIEWS)
['span', 'values', 'relations', 'records', 'bio']
>>> MODES, FORMATS
(('strict', 'overlap'), ('table', 'json', 'markdown'))
>>> VIEWS["bio"].signature[0], VIEWS["span"].title
('tokenizer', 'spans')
"""
from __future__ import annotations

__all__ = ["View", "VIEWS", "MODES", "FORMATS", "get_view"]

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from ..document import Document
from .matching import MODES
from .metrics import bio, records, relations, span, values

#: One document's counts of a view (``{key: [tp, fp, fn]}``) and the gold and predicted
#: spans the view could not represent (``(lost_gold, lost_pred)``).
DocCounts = tuple[Mapping[str, Sequence[int]], tuple[int, int]]


@dataclass(frozen=True)
class View:
    """One metric view: its name, its table title, its keys and how it counts a document.

    ``count`` is ``None`` for ``span``, which is counted for all documents at once by
    :func:`hoinghi.eval.metrics.span.count_array` (the matching ``mode`` decides).
    ``signature``: the signature part that pins the view's behaviour and how to read
    it (e.g. the normaliser's version). ``lost_note``: the warning when the view could
    not represent some spans, with ``{gold}`` and ``{pred}`` for their numbers."""

    name: str
    title: str
    fields: Callable[..., list[tuple[str, str]]]
    count: Callable[[Document, Document, Mapping[str, str]], DocCounts] | None = None
    signature: tuple[str, Callable[[], str]] | None = None
    lost_note: str | None = None


def _values(g: Document, p: Document, l2s: Mapping[str, str]) -> DocCounts:
    return values.doc_counts(g, p), (0, 0)


def _relations(g: Document, p: Document, l2s: Mapping[str, str]) -> DocCounts:
    return relations.doc_counts(g, p, l2s), (0, 0)


def _records(g: Document, p: Document, l2s: Mapping[str, str]) -> DocCounts:
    return records.doc_counts(g, p), (0, 0)


def _bio(g: Document, p: Document, l2s: Mapping[str, str]) -> DocCounts:
    b = bio.doc_counts(g, p, l2s)
    return b.counts, (b.lost_gold, b.lost_pred)


#: The views of :func:`~hoinghi.eval.scoring.evaluate`, in the order they are reported.
VIEWS: dict[str, View] = {v.name: v for v in (
    View("span", "spans", span.fields),
    View("values", "document-level normalised values", span.fields, _values,
         ("normalizer", values.normalizer_version)),
    View("relations", "relations (endpoints matched strictly)", relations.fields, _relations),
    View("records", "records (anchor with its parts)", records.fields, _records),
    View("bio", "BIO chunks (seqeval, CoNLL semantics)", span.fields, _bio, ("tokenizer", lambda: bio.TOKENIZER),
         "BIO view: {pred} predicted and {gold} gold span(s) could not be encoded "
         "(they share a token with another span of their schema, or cover no token)"),
)}

#: The output formats of :func:`hoinghi.eval.text_report.render`.
FORMATS = ("table", "json", "markdown")


def get_view(name: str) -> View:
    """The view called ``name``.

    >>> get_view("records").title
    'records (anchor with its parts)'
    """
    try:
        return VIEWS[name]
    except KeyError:
        raise ValueError(f"unknown view {name!r} (known: {', '.join(VIEWS)})") from None
