"""Token-level BIO view through seqeval (entity level, default CoNLL mode), beside the
span view, for comparison with published Vietnamese NER figures.

Tokens: maximal runs of word characters (``\\w+``) and single punctuation marks
(``[^\\w\\s]``), with their character offsets (Vietnamese syllables are
space-separated, so a token is a syllable). Each schema is encoded separately (BIO
cannot hold two spans on one token, and spans of different schemas may overlap).
A span tags every token it touches: ``B-LABEL`` then ``I-LABEL``. The chunks are read
back as chunks and intersected as sets per label — exactly what
``seqeval.metrics.classification_report`` does (default mode), but per document so the
bootstrap can resample. The tags this encoding writes are always valid IOB2 (``B-X``
then ``I-X`` of the same label), on which seqeval's ``get_entities`` returns exactly the
encoded spans' token ranges, so :func:`doc_counts` takes those ranges directly instead
of writing tags and reading them back (the same chunks; ``tests/eval/test_metrics_bio.py``
checks it against seqeval on random spans, and the peer test against
``classification_report``). Neither seqeval nor scikit-learn is imported.

What BIO loses (counted in ``lost``, per side): a span that shares a token with an
earlier one of its schema (sorted by start, longest first) is dropped — only predictions
can do this, gold of one schema never overlaps; a span covering no token is dropped.
And a boundary inside a token widens to the whole token, so such a boundary error
scores as correct here but not in the span view.

>>> tokenize("Thu NSNN đạt 52%.")
[(0, 3), (4, 8), (9, 12), (13, 15), (15, 16), (16, 17)]
>>> tags, lost = to_bio([(0, 3), (4, 8), (9, 12)], [(0, 8, "INDICATOR"), (4, 12, "VALUE")])
>>> tags, lost
(['B-INDICATOR', 'I-INDICATOR', 'O'], 1)
"""
from __future__ import annotations

__all__ = ["TOKENIZER", "tokenize", "token_bounds", "to_bio", "chunks", "doc_counts", "BioCounts"]

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import dataclass, field

from ...document import Document
from ..counts import set_counts

TOKENIZER = "ws-punct/1"
_TOKEN = re.compile(r"\w+|[^\w\s]")


_SPLIT = re.compile(r"(\w+|[^\w\s])")


def tokenize(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of the tokens of ``text``."""
    starts, ends = token_bounds(text)
    return list(zip(starts, ends))


def token_bounds(text: str) -> tuple[list[int], list[int]]:
    """The tokens' start offsets and end offsets, as two lists (what :func:`doc_counts`
    searches). Computed from one ``re.split`` (gap, token, gap, ..., gap) and the running
    sum of the parts' lengths, without a match object per token; the same tokens as
    ``_TOKEN.finditer`` (tested).

    >>> token_bounds("Thu NSNN đạt 52%.")
    ([0, 4, 9, 13, 15, 16], [3, 8, 12, 15, 16, 17])
    """
    ends_of_parts = list(accumulate(map(len, _SPLIT.split(text))))
    return ends_of_parts[0:-1:2], ends_of_parts[1::2]


def to_bio(tokens: list[tuple[int, int]], spans, *, _starts=None, _ends=None) -> tuple[list[str], int]:
    """IOB2 tags for ``spans`` (``(start, end, label)``, one schema) over ``tokens``;
    returns ``(tags, number of spans lost)``."""
    starts = _starts if _starts is not None else [t[0] for t in tokens]
    ends = _ends if _ends is not None else [t[1] for t in tokens]
    tags = ["O"] * len(tokens)
    lost = 0
    for start, end, label in sorted(set(spans), key=lambda s: (s[0], -s[1], s[2])):
        i = bisect_right(ends, start)   # first token ending after the span starts
        j = bisect_left(starts, end)    # first token starting at or after the span's end
        if i >= j or any(tags[k] != "O" for k in range(i, j)):
            lost += 1
            continue
        tags[i] = "B-" + label
        for k in range(i + 1, j):
            tags[k] = "I-" + label
    return tags, lost


@dataclass
class BioCounts:
    """Per-label tp/fp/fn of one document and the spans BIO could not hold."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    lost_gold: int = 0
    lost_pred: int = 0


def chunks(starts: list[int], ends: list[int], spans) -> tuple[dict[str, set], int]:
    """The chunks :func:`to_bio` would encode for ``spans`` (one schema) over tokens with
    these ``starts`` and ``ends``, as ``{label: {(label, first token, last token)}}`` (the
    shape of seqeval's entities), and the number of spans lost. Same order and rule as
    :func:`to_bio`: by start, longest first; a span on no token, or sharing a token with
    a span kept before it, is lost.

    >>> chunks([0, 4, 9], [3, 8, 12], [(0, 8, "INDICATOR"), (4, 12, "VALUE"), (9, 12, "VALUE")])
    ({'INDICATOR': {('INDICATOR', 0, 1)}, 'VALUE': {('VALUE', 2, 2)}}, 1)
    """
    out: dict[str, set] = {}
    lost = reach = 0  # reach: one past the last token of the spans kept so far
    for start, neg_end, label in sorted({(s, -e, lab) for s, e, lab in spans}):  # by start, longest first
        i = bisect_right(ends, start)   # first token ending after the span starts (never decreases)
        j = bisect_left(starts, -neg_end)  # first token starting at or after the span's end
        if i >= j or i < reach:         # no token, or a token already tagged
            lost += 1
            continue
        reach = j
        found = out.get(label)
        if found is None:
            found = out[label] = set()
        found.add((label, i, j - 1))
    return out, lost


def doc_counts(gold: Document, pred: Document, label_to_schema: dict[str, str]) -> BioCounts:
    """Seqeval entity-level counts of one document, schema by schema."""
    starts, ends = token_bounds(gold.text or "")
    by_schema: dict[str, tuple[list, list]] = {}
    for doc, side in ((gold, 0), (pred, 1)):
        for s in doc.spans:
            by_schema.setdefault(label_to_schema.get(s.label, s.label), ([], []))[side].append(s.key)
    out = BioCounts()
    for schema in sorted(by_schema):
        g_spans, p_spans = by_schema[schema]
        g_chunks, lg = chunks(starts, ends, g_spans)
        p_chunks, lp = chunks(starts, ends, p_spans)
        out.lost_gold += lg
        out.lost_pred += lp
        out.counts.update(set_counts(g_chunks, p_chunks))
    return out
