"""Span matching strategies: each a small class whose docstring states its rule.

A span here is a ``(start, end, label)`` tuple of character offsets, end-exclusive
(the document contract). Every strategy is **order-independent**: inputs are
de-duplicated and sorted by ``(start, end, label)`` before anything is decided, and
ties are broken by that order, so shuffling documents or spans never moves a number
(unlike nervaluate's greedy first-match loop, see shared/notes/span-metrics.md).

Duplicate policy (``dedup:collapse`` in the signature), for every strategy: identical
predicted ``(start, end, label)`` triples collapse to one — the set semantics of
seqeval and spaCy — and the number collapsed is reported (``duplicates``), never
silently scored as spurious or as extra hits.

>>> g = [(0, 5, "PERSON"), (10, 20, "POSITION")]
>>> p = [(0, 5, "PERSON"), (0, 5, "PERSON"), (10, 18, "POSITION")]
>>> STRICT.label_counts(g, p)
({'PERSON': [1, 0, 0], 'POSITION': [0, 1, 1]}, 1)
>>> OVERLAP.label_counts(g, p)
({'PERSON': [1, 0, 0], 'POSITION': [1, 0, 0]}, 1)
"""
from __future__ import annotations

__all__ = ["Match", "Strict", "Overlap", "SemEval", "SEMEVAL_SCHEMES", "STRICT", "OVERLAP", "SEMEVAL",
           "STRATEGIES", "MODES", "get_strategy"]

from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, Iterable, Mapping, Sequence

from ..document import Span, SpanKey
from .outcomes import Outcome

_label = itemgetter(2)


@dataclass(frozen=True)
class Match:
    """The result of matching one document's gold and predicted spans."""

    pairs: tuple[tuple[SpanKey, SpanKey], ...]
    missed: tuple[SpanKey, ...]
    spurious: tuple[SpanKey, ...]
    duplicates: int = 0

    def label_counts(self) -> dict[str, list[int]]:
        """``{label: [tp, fp, fn]}`` (pairs always join spans of one label here)."""
        out: dict[str, list[int]] = {}
        for g, _ in self.pairs:
            out.setdefault(g[2], [0, 0, 0])[0] += 1
        for p in self.spurious:
            out.setdefault(p[2], [0, 0, 0])[1] += 1
        for g in self.missed:
            out.setdefault(g[2], [0, 0, 0])[2] += 1
        return dict(sorted(out.items()))


def _dedup(pred: Iterable[SpanKey]) -> tuple[list[SpanKey], int]:
    pred = list(pred)
    unique = sorted(set(pred))
    return unique, len(pred) - len(unique)


def _overlap_len(a: SpanKey, b: SpanKey) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _components(gold: Sequence[SpanKey], pred: Sequence[SpanKey], compatible: Callable) -> list:
    """Connected components of the bipartite 'overlaps and compatible' graph, by a
    sweep over both sorted lists. Returns ``[(gold_idx_list, pred_idx_list, edges)]``."""
    events = sorted([(s[0], s[1], 0, i) for i, s in enumerate(gold)] + [(s[0], s[1], 1, i) for i, s in enumerate(pred)])
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges = []
    active: list = []  # (end, side, idx) of spans still open
    for start, end, side, idx in events:
        active = [a for a in active if a[0] > start]
        for a_end, a_side, a_idx in active:
            if a_side != side:
                gi, pi = (a_idx, idx) if a_side == 0 else (idx, a_idx)
                if compatible(gold[gi], pred[pi]):
                    edges.append((gi, pi))
                    ra, rb = find((0, gi)), find((1, pi))
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
        active.append((end, side, idx))
    comps: dict = {}
    for gi, pi in edges:
        comps.setdefault(find((0, gi)), []).append((gi, pi))
    return list(comps.values())


def _exact_first(gold: Sequence[SpanKey], pred: Sequence[SpanKey], group: Callable[[str], str]
                 ) -> tuple[set[SpanKey], list[SpanKey], list[SpanKey]]:
    """Split off the identical (start, end, label) pairs when that cannot change the
    optimum: if the gold spans of each group are disjoint (valid gold), a prediction
    identical to a gold span overlaps no other gold span of its group, so some optimal
    matching pairs the two (swap argument). Returns ``(exact, gold_rest, pred_rest)``;
    with overlapping gold nothing is split off."""
    last: dict[str, int] = {}
    for s in gold:  # sorted by start
        gname = group(s[2])
        if last.get(gname, -1) > s[0]:
            return set(), list(gold), list(pred)
        last[gname] = max(last.get(gname, -1), s[1])
    exact = set(gold).intersection(pred)
    if not exact:
        return exact, list(gold), list(pred)
    return exact, [s for s in gold if s not in exact], [s for s in pred if s not in exact]


def _max_matching(gold: Sequence[SpanKey], pred: Sequence[SpanKey], compatible: Callable,
                  quality: Callable[[SpanKey, SpanKey], int]) -> list[tuple[int, int]]:
    """One-to-one matching over overlapping, compatible pairs: maximum number of
    pairs first, then maximum total ``quality``, then maximum total overlap in
    characters; remaining ties go to the solver on the sorted inputs (deterministic).
    Solved exactly per connected component (``scipy.optimize.linear_sum_assignment``)."""
    result = []
    for edges in _components(gold, pred, compatible):
        if len(edges) == 1:
            result.append(edges[0])
            continue
        import numpy as np
        from scipy.optimize import linear_sum_assignment

        gs = sorted({g for g, _ in edges})
        ps = sorted({p for _, p in edges})
        gi = {g: i for i, g in enumerate(gs)}
        pi = {p: i for i, p in enumerate(ps)}
        c2 = sum(gold[g][1] - gold[g][0] for g in gs) + 1  # > any total overlap
        c1 = 4 * c2 * min(len(gs), len(ps)) + 1  # > any total of quality·c2 + overlap
        w = np.zeros((len(gs), len(ps)))
        for g, p in edges:
            w[gi[g], pi[p]] = c1 + quality(gold[g], pred[p]) * c2 + _overlap_len(gold[g], pred[p])
        rows, cols = linear_sum_assignment(w, maximize=True)
        result += [(gs[r], ps[c]) for r, c in zip(rows, cols) if w[r, c] > 0]
    return sorted(result)


class Strict:
    """Strict match: a predicted span is correct when a gold span has the same
    start, the same end and the same label. Identical predictions collapse to one
    (counted in ``duplicates``); everything else predicted is a false positive and
    every gold span without its twin a false negative. Per label, this is the set
    intersection of seqeval and spaCy.

    Scoring a corpus does not call this class per document: strict counting runs
    vectorised over all documents at once in
    :func:`hoinghi.eval.metrics.span.strict_array` (the same rule: one set intersection
    of span keys per document, labels tallied with ``numpy.bincount``), tested
    against :meth:`label_counts`.

    >>> m = Strict().match([(0, 3, "A"), (5, 9, "A")], [(5, 9, "A"), (0, 4, "A")])
    >>> m.pairs, m.missed, m.spurious
    ((((5, 9, 'A'), (5, 9, 'A')),), ((0, 3, 'A'),), ((0, 4, 'A'),))
    """

    name = "strict"

    def match(self, gold: Iterable[SpanKey], pred: Iterable[SpanKey]) -> Match:
        g = set(gold)
        p, dup = _dedup(pred)
        hit = g.intersection(p)
        return Match(tuple((s, s) for s in sorted(hit)), tuple(sorted(g - hit)),
                     tuple(s for s in p if s not in hit), dup)

    def label_counts(self, gold: Iterable[SpanKey], pred: Iterable[SpanKey]) -> tuple[dict[str, list[int]], int]:
        """``({label: [tp, fp, fn]}, duplicates)`` of one document, without building the pairs."""
        g = set(gold)
        pred = pred if isinstance(pred, list) else list(pred)
        p = set(pred)
        ng = Counter(map(_label, g))
        np_ = Counter(map(_label, p))
        tp = Counter(map(_label, g & p)) if g and p else {}
        out = {}
        for lab, n in ng.items():
            t = tp.get(lab, 0)
            out[lab] = [t, np_.get(lab, 0) - t, n - t]
        for lab, n in np_.items():
            if lab not in ng:
                out[lab] = [0, n, 0]
        return dict(sorted(out.items())), len(pred) - len(p)


class Overlap:
    """Overlap match: a predicted span is correct when it has the same label as a
    gold span and shares at least one character with it (``a.start < b.end and
    b.start < a.end``: touching spans ``[0,5)`` and ``[5,9)`` do **not** overlap).
    Each gold span and each prediction is used at most once: the pairs are a
    maximum bipartite matching (most pairs; among those, most exact-boundary
    pairs; then most overlapping characters; then the order of the sorted spans),
    so the result never depends on input order. Identical predictions collapse
    first (``duplicates``).

    >>> m = Overlap().match([(0, 5, "A")], [(0, 3, "A"), (0, 5, "A")])
    >>> m.pairs, m.spurious
    ((((0, 5, 'A'), (0, 5, 'A')),), ((0, 3, 'A'),))
    >>> Overlap().match([(0, 5, "A")], [(5, 9, "A")]).pairs
    ()
    """

    name = "overlap"

    def match(self, gold: Iterable[SpanKey], pred: Iterable[SpanKey]) -> Match:
        p, dup = _dedup(pred)
        exact, g, p = _exact_first(sorted(set(gold)), p, lambda label: label)
        pairs = _max_matching(g, p, lambda a, b: a[2] == b[2],
                              lambda a, b: 1 if a[:2] == b[:2] else 0)
        used_g = {i for i, _ in pairs}
        used_p = {j for _, j in pairs}
        matched = sorted([(s, s) for s in exact] + [(g[i], p[j]) for i, j in pairs])
        return Match(tuple(matched),
                     tuple(s for i, s in enumerate(g) if i not in used_g),
                     tuple(s for j, s in enumerate(p) if j not in used_p), dup)

    def label_counts(self, gold: Iterable[SpanKey], pred: Iterable[SpanKey]) -> tuple[dict[str, list[int]], int]:
        m = self.match(gold, pred)
        return m.label_counts(), m.duplicates


# How each outcome counts in each SemEval-2013 scheme (COR, INC, PAR).
SEMEVAL_SCHEMES: dict[str, dict[str, str]] = {
    "strict": {"correct": "COR", "label": "INC", "boundary": "INC", "boundary+label": "INC"},
    "exact": {"correct": "COR", "label": "COR", "boundary": "INC", "boundary+label": "INC"},
    "partial": {"correct": "COR", "label": "COR", "boundary": "PAR", "boundary+label": "PAR"},
    "type": {"correct": "COR", "label": "INC", "boundary": "COR", "boundary+label": "INC"},
}


class SemEval:
    """The SemEval-2013 (MUC) breakdown, order-independent. Within one schema
    (spans of different schemas never interact), gold and predicted spans that
    share a character are paired one-to-one by a maximum bipartite matching: most
    pairs; then best pair quality (``correct`` 3 > ``label`` 2 > ``boundary`` 1 >
    ``boundary+label`` 0); then most overlapping characters; then sorted order.
    Each pair gets an outcome kind (:class:`~hoinghi.eval.outcomes.Outcome`:
    ``correct`` = COR in every scheme, ``missed`` = MIS, ``spurious`` = SPU), unpaired
    gold is ``missed``, unpaired predictions ``spurious``. Identical predictions
    collapse first.

    Schemes (:data:`SEMEVAL_SCHEMES`): ``strict`` needs boundaries and label,
    ``exact`` boundaries only, ``partial`` gives half credit to overlapping pairs
    with other boundaries, ``type`` needs the label and any overlap. Scores:
    ``P = (COR + ½PAR)/ACT``, ``R = (COR + ½PAR)/POS``, ``ACT = COR+INC+PAR+SPU``,
    ``POS = COR+INC+PAR+MIS``.

    >>> out = SemEval().outcomes([(0, 5, "A"), (10, 15, "A"), (20, 25, "A")],
    ...                          [(0, 5, "B"), (10, 14, "A"), (30, 31, "A")])
    >>> [o.kind for o in out]
    ['label', 'boundary', 'missed', 'spurious']
    >>> SemEval.tally(out)["partial"]
    {'COR': 1, 'INC': 0, 'PAR': 1, 'MIS': 1, 'SPU': 1, 'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """

    name = "semeval"
    _QUALITY = {"correct": 3, "label": 2, "boundary": 1, "boundary+label": 0}

    @staticmethod
    def kind(g: SpanKey, p: SpanKey) -> str:
        same_b = g[0] == p[0] and g[1] == p[1]
        same_l = g[2] == p[2]
        return "correct" if same_b and same_l else "label" if same_b else "boundary" if same_l else "boundary+label"

    def outcomes(self, gold: Iterable[SpanKey], pred: Iterable[SpanKey],
                 label_to_schema: Mapping[str, str] | None = None) -> list[Outcome]:
        """Outcomes sorted by position (gold span, else predicted span), their spans
        built from the keys (:meth:`kinds` without the :class:`Outcome` objects)."""
        out, _ = self.kinds(gold, pred, label_to_schema)
        return [Outcome(kind, g and Span(*g), p and Span(*p)) for kind, g, p in out]

    def kinds(self, gold: Iterable[SpanKey], pred: Iterable[SpanKey], label_to_schema: Mapping[str, str] | None = None,
              *, ordered: bool = True) -> tuple[list[tuple[str, SpanKey | None, SpanKey | None]], int]:
        """``([(kind, gold key or None, predicted key or None)], duplicates)`` sorted by
        position (``ordered=False``: in no particular order, for a tally): the pairing
        itself, on keys (what scoring tallies)."""
        p, dup = _dedup(pred)
        if label_to_schema is None:
            group = lambda label: ""  # noqa: E731  (one group: every label may meet every label)
        else:
            group = lambda label: label_to_schema.get(label, label)  # noqa: E731
        exact, g, p = _exact_first(sorted(set(gold)), p, group)
        pairs = _max_matching(g, p, lambda a, b: group(a[2]) == group(b[2]),
                              lambda a, b: self._QUALITY[self.kind(a, b)])
        used_g = {i for i, _ in pairs}
        used_p = {j for _, j in pairs}
        out = [("correct", s, s) for s in exact]
        out += [(self.kind(g[i], p[j]), g[i], p[j]) for i, j in pairs]
        out += [("missed", s, None) for i, s in enumerate(g) if i not in used_g]
        out += [("spurious", None, s) for j, s in enumerate(p) if j not in used_p]
        if ordered:
            out.sort(key=lambda o: (o[1] or o[2], o[2] or ()))
        return out, dup

    @staticmethod
    def tally(outcomes: Iterable[Outcome] | Mapping[str, int]) -> dict[str, dict]:
        """COR/INC/PAR/MIS/SPU and P/R/F1 per scheme, from outcomes or from a
        ``{kind: count}`` mapping (so per-document tallies can be summed first).
        An undefined score (nothing counted) is ``None``."""
        kinds = Counter(o.kind for o in outcomes) if not isinstance(outcomes, Mapping) else Counter(outcomes)
        result = {}
        for scheme, table in SEMEVAL_SCHEMES.items():
            c = {"COR": 0, "INC": 0, "PAR": 0, "MIS": kinds["missed"], "SPU": kinds["spurious"]}
            for kind, cat in table.items():
                c[cat] += kinds[kind]
            act = c["COR"] + c["INC"] + c["PAR"] + c["SPU"]
            pos = c["COR"] + c["INC"] + c["PAR"] + c["MIS"]
            hit = c["COR"] + 0.5 * c["PAR"]
            if act + pos == 0:
                p = r = f = None
            else:
                p = hit / act if act else 0.0
                r = hit / pos if pos else 0.0
                f = 2 * p * r / (p + r) if p + r else 0.0
            result[scheme] = {**c, "precision": p, "recall": r, "f1": f}
        return result


STRICT = Strict()
OVERLAP = Overlap()
SEMEVAL = SemEval()
#: The matching modes of span scoring, by name (the CLI's ``--mode`` choices).
STRATEGIES: dict[str, Strict | Overlap] = {s.name: s for s in (STRICT, OVERLAP)}
MODES = tuple(STRATEGIES)


def get_strategy(mode: str) -> Strict | Overlap:
    """The strategy for a mode name (``strict``, ``overlap``).

    >>> get_strategy("overlap").name
    'overlap'
    """
    try:
        return STRATEGIES[mode]
    except KeyError:
        raise ValueError(f"unknown mode {mode!r} (known: {', '.join(MODES)})") from None
