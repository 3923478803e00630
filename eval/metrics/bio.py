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

The columnar scorer counts a batch of documents at once with :func:`count_columns`:
the same numbers as :func:`doc_counts` document by document, from
:class:`~hoinghi.eval.columns.SpanColumns`, with array operations (the token classes of a
code point come from Python's own ``re``, so the tokens are this module's).

>>> tokenize("Thu NSNN đạt 52%.")
[(0, 3), (4, 8), (9, 12), (13, 15), (15, 16), (16, 17)]
>>> tags, lost = to_bio([(0, 3), (4, 8), (9, 12)], [(0, 8, "INDICATOR"), (4, 12, "VALUE")])
>>> tags, lost
(['B-INDICATOR', 'I-INDICATOR', 'O'], 1)
"""
from __future__ import annotations

__all__ = ["TOKENIZER", "tokenize", "token_bounds", "to_bio", "chunks", "doc_counts", "BioCounts",
           "count_columns", "BioColumns"]

import re
from bisect import bisect_left, bisect_right
from functools import cache
from itertools import accumulate
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ...document import Document
from ..columns import LabelIndex, SpanColumns
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


# -- the same counts over a batch of documents, as array operations ------------------------
_WORD, _SPACE, _PUNCT = 1, 2, 0
#: Rounds of the vectorised chain walk (:func:`_kept`) before the rest goes the slow road.
_ROUNDS = 16


@dataclass(frozen=True)
class BioColumns:
    """The BIO view of a batch: ``counts[d, label]`` is ``[tp, fp, fn]`` of document ``d``
    (int64, shape ``(documents, labels, 3)``); ``lost_gold``/``lost_pred`` are the spans BIO
    could not hold, summed over the batch."""

    counts: np.ndarray
    lost_gold: int = 0
    lost_pred: int = 0

    def label_counts(self, d: int, labels: Sequence[str]) -> dict[str, list[int]]:
        """Document ``d``'s counts in :func:`doc_counts`' shape: ``{label: [tp, fp, fn]}``
        of the labels with a chunk on either side, in label-name order."""
        rows = self.counts[d]
        return {labels[k]: rows[k].tolist() for k in sorted(np.flatnonzero(rows.any(axis=1)), key=labels.__getitem__)}


@cache
def _bmp_classes() -> np.ndarray:
    """Word/space/punctuation class of every code point below U+10000, read from Python's
    own ``re`` (``\\w``, ``\\s``), so the batch's tokens are exactly :data:`_TOKEN`'s."""
    bmp = np.arange(0x10000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    table = np.full(0x10000, _PUNCT, dtype=np.uint8)
    for pattern, cls in ((r"\w+", _WORD), (r"\s+", _SPACE)):
        for m in re.finditer(pattern, bmp):
            table[m.start():m.end()] = cls
    return table


def _classes(text: str) -> np.ndarray:
    """The class of each code point of ``text``; code points above U+FFFF (rare: emoji,
    historic scripts) are classified one distinct code point at a time with ``re``."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if not len(cp) or cp.max() <= 0xFFFF:
        return _bmp_classes()[cp]
    astral = cp > 0xFFFF
    out = _bmp_classes()[np.where(astral, 0, cp)]
    distinct = np.unique(cp[astral])
    cls = np.array([_WORD if re.fullmatch(r"\w", chr(c)) else _SPACE if re.fullmatch(r"\s", chr(c)) else _PUNCT
                    for c in distinct.tolist()], dtype=np.uint8)
    out[astral] = cls[np.searchsorted(distinct, cp[astral])]
    return out


@dataclass(frozen=True)
class _Tokens:
    """The tokens of a batch's concatenated text (document ``d`` is
    ``offsets[d]:offsets[d + 1]``), as what :func:`chunks` asks of them: ``first(at)`` is
    how many tokens end at or before position ``at`` (``bisect_right(ends, start)``),
    ``stop(at)`` how many start before it (``bisect_left(starts, end)``). A token is a run
    of word characters or one punctuation mark, never across documents; tokens are
    numbered through the batch, so a document's numbers follow the previous document's."""

    offsets: np.ndarray
    word: np.ndarray          # bool, one more than the text (False): code point is \w
    starts_before: np.ndarray  # starts_before[p]: tokens starting before position p

    @classmethod
    def of(cls, texts: Sequence[str | None]) -> "_Tokens":
        texts = [t or "" for t in texts]
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), out=offsets[1:])
        classes = _classes("".join(texts))
        word = np.zeros(len(classes) + 1, dtype=bool)
        word[:-1] = classes == _WORD
        starts = classes == _PUNCT
        starts[1:] |= word[1:-1] & ~word[:-2]
        heads = offsets[:-1][offsets[:-1] < offsets[1:]]   # first code point of each non-empty document
        starts[heads] = classes[heads] != _SPACE
        starts_before = np.zeros(len(classes) + 1, dtype=np.int32 if len(classes) < 2**31 else np.int64)
        np.cumsum(starts, out=starts_before[1:])
        return cls(offsets, word, starts_before)

    def first(self, at: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Tokens ending at or before ``at`` (``lo <= at <= hi``, its document's bounds):
        those starting before it, less one if ``at`` falls strictly inside a word."""
        inside = (at > lo) & (at < hi) & self.word[at - 1] & self.word[at]
        return self.starts_before[at] - inside

    def stop(self, at: np.ndarray) -> np.ndarray:
        return self.starts_before[at]


def _kept(group: np.ndarray, first: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Which spans :func:`chunks` keeps, for spans on at least one token sorted by group
    (document and schema), start, longest first, label; ``first``/``stop`` are their token
    ranges ``[first, stop)``, ``first`` non-decreasing within a group.

    A span starting at or after the end of every earlier span of its group is kept (a
    running maximum: the common case). It leads a *cluster*, the spans up to the next
    such leader; inside a cluster the kept spans are a chain, each the first span starting
    at or after the end of the kept one before it (``searchsorted``), walked for all
    clusters at once for :data:`_ROUNDS` rounds. Chains still longer (a long lost span
    under many short kept ones) take the slow road: a Python loop over that cluster."""
    n = len(group)
    base = group * (int(stop.max(initial=0)) + 1)
    seen = np.zeros(n, dtype=np.int64)
    seen[1:] = np.maximum.accumulate(base + stop)[:-1]
    leader = first >= np.maximum(seen, base) - base
    kept = leader.copy()
    heads = np.flatnonzero(leader)
    tails = np.append(heads[1:], n)
    pos, end = heads[tails - heads > 1], tails[tails - heads > 1]
    key, target = base + first, base + stop
    for _ in range(_ROUNDS):
        if not len(pos):
            break
        nxt = np.searchsorted(key, target[pos])
        ok = nxt < end
        pos, end = nxt[ok], end[ok]
        kept[pos] = True
    for p, e in zip(pos.tolist(), end.tolist()):  # the slow road
        reach = int(stop[p])
        for m, (i, j) in enumerate(zip(first[p + 1:e].tolist(), stop[p + 1:e].tolist()), p + 1):
            if i >= reach:
                kept[m], reach = True, j
    return kept


@dataclass(frozen=True)
class _Chunks:
    """One side's kept chunks, sorted by (group, first token); ``lost`` counts the rest.
    A group is one schema of one document: ``schema * documents + doc``."""

    group: np.ndarray
    first: np.ndarray
    stop: np.ndarray
    doc: np.ndarray
    label: np.ndarray
    lost: int


def _chunk_order(schema, group, start, end, rank) -> np.ndarray:
    """The order :func:`chunks` reads spans in, within each group: by start, longest first,
    then label name. Spans sorted by ``(doc, start, end, label)`` are put in group order by
    a stable sort on the schema alone (a radix sort on small integers), which keeps them
    by start; only runs of one start in one group are then sorted again. ``rank`` is each
    span's label's place in label-name order."""
    order = np.argsort(schema.astype(np.uint16), kind="stable")
    g, s = group[order], start[order]
    tie = (g[1:] == g[:-1]) & (s[1:] == s[:-1])
    if tie.any():
        rows = np.zeros(len(order), dtype=bool)
        rows[1:] |= tie
        rows[:-1] |= tie
        at = np.flatnonzero(rows)
        sub = order[at]
        order[at] = sub[np.lexsort((rank[sub], -end[sub], start[sub], group[sub]))]
    return order


def _side_chunks(cols: SpanColumns, tokens: _Tokens, index: LabelIndex, rank: np.ndarray) -> _Chunks:
    """:func:`chunks` of every (document, schema) of one side, in the batch's token numbers."""
    lo, hi = tokens.offsets[cols.doc], tokens.offsets[cols.doc + 1]
    first = tokens.first(np.clip(lo + cols.start, lo, hi), lo, hi)
    stop = tokens.stop(np.clip(lo + cols.end, lo, hi))
    schema = index.schema_of[cols.label]
    group = schema * (len(tokens.offsets) - 1) + cols.doc
    order = _chunk_order(schema, group, cols.start, cols.end, rank[cols.label])
    order = order[first[order] < stop[order]]   # a span on no token is lost
    group, first, stop = group[order], first[order].astype(np.int64), stop[order].astype(np.int64)
    keep = _kept(group, first, stop)
    order = order[keep]
    return _Chunks(group[keep], first[keep], stop[keep], cols.doc[order], cols.label[order],
                   len(cols) - len(order))


def count_columns(texts: Sequence[str | None], gold: SpanColumns, pred: SpanColumns,
                  index: LabelIndex) -> BioColumns:
    """:func:`doc_counts` of every document of a batch at once: ``texts[d]`` is document
    ``d``'s gold text, ``gold``/``pred`` the batch's spans. Per document and label the same
    tp/fp/fn, and over the batch the same lost spans, as ``doc_counts(gold document,
    prediction document, index.label_to_schema())`` (tested on random batches). Tokens,
    the encoding and what it loses follow this module's rules; a chunk is a true positive
    when the other side has a chunk of the same label over the same tokens. Array
    operations throughout; only chains of many kept spans under one long lost span take a
    Python loop (see :func:`_kept`).

    >>> ix = LabelIndex(("PERSON", "POSITION"), ("officials",), np.array([0, 0]))
    >>> texts = ["Ông Nguyễn Văn An, Bí thư", "Bí thư"]
    >>> gold = SpanColumns.from_keys([(0, (4, 17, 0)), (0, (19, 25, 1)), (1, (0, 6, 1))])
    >>> pred = SpanColumns.from_keys([(0, (4, 16, 0)), (0, (19, 22, 1)), (0, (20, 25, 0))])
    >>> out = count_columns(texts, gold, pred, ix)
    >>> out.label_counts(0, ix.labels), out.label_counts(1, ix.labels), out.lost_pred
    ({'PERSON': [1, 0, 0], 'POSITION': [0, 1, 1]}, {'POSITION': [0, 0, 1]}, 1)
    """
    tokens = _Tokens.of(texts)
    rank = np.empty(len(index.labels), dtype=np.int64)
    rank[sorted(range(len(index.labels)), key=index.labels.__getitem__)] = np.arange(len(index.labels))
    g, p = (_side_chunks(cols, tokens, index, rank) for cols in (gold, pred))
    scale = int(tokens.starts_before[-1]) + 1   # more than any token index
    g_key, p_key = g.group * scale + g.first, p.group * scale + p.first
    same = np.zeros(len(p_key), dtype=bool)   # the gold chunk on its first token in its group is the same chunk
    if len(g_key):
        at = np.minimum(np.searchsorted(g_key, p_key), len(g_key) - 1)
        same = (g_key[at] == p_key) & (g.stop[at] == p.stop) & (g.label[at] == p.label)
    n_labels, size = len(index.labels), len(texts) * len(index.labels)
    tp = np.bincount(p.doc[same] * n_labels + p.label[same], minlength=size)
    counts = np.stack([tp, np.bincount(p.doc * n_labels + p.label, minlength=size) - tp,
                       np.bincount(g.doc * n_labels + g.label, minlength=size) - tp], axis=-1)
    return BioColumns(counts.reshape(len(texts), n_labels, 3).astype(np.int64), g.lost, p.lost)
