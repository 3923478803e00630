"""Adjudication policies: how a conflict between annotators is decided.

Each policy is a small class whose docstring states its rule; :func:`make_policy`
turns the CLI's ``--policy`` spelling into one:

* ``majority`` — :class:`Majority`
* ``reviewer:<email>`` — :class:`Reviewer`
* ``ground-truth`` — :class:`GroundTruth` (Label Studio's ground-truth flag)
* ``union`` — :class:`Union`

The merge that asks them (clusters, conflicts, the log) is :mod:`hoinghi.annotate.adjudication`.

>>> make_policy("majority").name, make_policy("union").name
('majority', 'union')
"""
from __future__ import annotations

__all__ = ["Policy", "Majority", "Reviewer", "GroundTruth", "Union", "make_policy"]

from typing import TYPE_CHECKING, Sequence

from ..errors import InputError, Location

if TYPE_CHECKING:
    from .adjudication import Candidate
    from .passes import Record


class Policy:
    """Base: decide a conflict from its candidates. ``decide`` returns the kept
    candidates (possibly empty) or ``None`` when the policy cannot settle it."""

    name = "policy"
    voters_exclude: frozenset[str] = frozenset()

    def authority(self, recs: dict[str, Record]) -> Record | None:
        """The record that overrides the vote in this document, if any."""
        return None

    def decide(self, candidates: Sequence[Candidate], voters: Sequence[str],
               authority: Record | None) -> tuple[tuple[Candidate, ...] | None, str]:
        raise NotImplementedError


def _strict_majority(candidates, voters):
    n = len(voters)
    kept = tuple(c for c in candidates if 2 * len(c.annotators) > n)
    tied = [c for c in candidates if 2 * len(c.annotators) == n]
    return kept, tied


class Majority(Policy):
    """Keep a candidate marked by more than half of the annotators of the document;
    reject one marked by fewer than half. A candidate marked by exactly half is a
    tie and leaves the conflict **unsettled** — no order, position or length breaks
    it. With two annotators majority therefore means both: every disagreement is
    a tie for a reviewer."""

    name = "majority"

    def decide(self, candidates, voters, authority):
        kept, tied = _strict_majority(candidates, voters)
        if tied:
            return None, f"majority: tie ({len(tied[0].annotators)} of {len(voters)} annotators); needs a reviewer"
        return kept, f"majority: kept spans marked by more than half of {len(voters)} annotators"


class Reviewer(Policy):
    """In a document the named reviewer annotated, the reviewer's spans and relations
    in a conflict are the decision (the reviewer may keep one candidate, write a new
    span or reject all); the reviewer's record also overrules spans the annotators
    agreed on (logged as a conflict). The reviewer is not a voter. In documents
    without a reviewer record the conflict falls back to :class:`Majority`."""

    def __init__(self, email: str):
        if not email:
            raise InputError("policy reviewer:<email> needs the reviewer's e-mail", Location(field="policy"))
        self.email = email
        self.name = f"reviewer:{email}"
        self.voters_exclude = frozenset({email})

    def authority(self, recs):
        return recs.get(self.email)

    def _decided(self, authority) -> str:
        return f"reviewer {authority.annotator} decided"

    def _absent(self) -> str:
        return f"no record of reviewer {self.email} for this document"

    def decide(self, candidates, voters, authority):
        if authority is not None:
            kept = tuple(c for c in candidates if authority.annotator in c.annotators)
            return kept, self._decided(authority)
        kept, tied = _strict_majority(candidates, voters)
        if tied:
            return None, f"{self._absent()}; majority tie"
        return kept, f"{self._absent()}; majority"


class GroundTruth(Reviewer):
    """Like :class:`Reviewer`, with the record flagged ``ground_truth`` in Label Studio
    as the authority of its document (at most one per document, or the input is refused)."""

    def __init__(self):
        self.email = None
        self.name = "ground-truth"
        self.voters_exclude = frozenset()

    def authority(self, recs):
        gt = [r for r in recs.values() if r.ground_truth]
        if len(gt) > 1:
            raise InputError(f"{len(gt)} ground-truth records ({', '.join(r.annotator for r in gt)}); "
                             "at most one per document", Location(gt[1].where.file, gt[1].where.line, gt[1].doc_id,
                                                                  "meta.ground_truth"))
        return gt[0] if gt else None

    def _decided(self, authority) -> str:
        return f"ground truth ({authority.annotator}) decided"

    def _absent(self) -> str:
        return "no ground-truth record for this document"


class Union(Policy):
    """Keep every candidate anybody marked. Settles presence conflicts only: when the
    candidates of a cluster overlap each other (boundary or label conflicts) gold
    cannot hold them all, and the conflict is left **unsettled**."""

    name = "union"

    def decide(self, candidates, voters, authority):
        if any(c.head is None for c in candidates):
            spans = sorted(candidates, key=lambda c: (c.start, c.end))
            for x, y in zip(spans, spans[1:]):
                if y.start < x.end:
                    return None, "union: candidates overlap within one schema; needs a reviewer"
        return tuple(candidates), "union: kept every marked span"


def make_policy(spec: str | Policy) -> Policy:
    """``majority`` | ``reviewer:<email>`` | ``ground-truth`` | ``union`` → a policy.

    >>> make_policy("reviewer:r@x").name
    'reviewer:r@x'
    """
    if isinstance(spec, Policy):
        return spec
    if spec == "majority":
        return Majority()
    if spec == "union":
        return Union()
    if spec == "ground-truth":
        return GroundTruth()
    if spec.startswith("reviewer:"):
        return Reviewer(spec.split(":", 1)[1])
    raise InputError(f"unknown policy {spec!r} (majority, reviewer:<email>, ground-truth, union)", Location(field="policy"))
