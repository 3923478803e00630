"""Baselines: the committed per-document count table of one scored run, with its
signature, that the regression gate compares a candidate with.

A baseline file (``"format": "hoinghi-baseline/1"``) is small, readable JSON: the
extractor, the signature, the keys and groups, a per-key score summary, and one compact
``[[tp,fp,fn], ...]`` row per document, so a change reviews well in a diff. An eval
report (``hoinghi eval --out``) is read as a baseline too. Names resolve under
``gold/baselines`` (:func:`baseline_path`).
"""
from __future__ import annotations

__all__ = ["BASELINE_FORMAT", "Baseline", "baseline_path", "default_baseline_name", "read_baseline", "write_baseline"]

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..atomic import write_atomic
from ..errors import InputError, Location
from .bootstrap import f1_array
from .signature import signature_parts

BASELINE_FORMAT = "hoinghi-baseline/1"


@dataclass
class Baseline:
    """A committed baseline: the per-document count table of one scored run plus its
    signature. Written by :func:`write_baseline` as small JSON with one compact row per
    document, so a change reviews well in a diff."""

    extractor: str
    signature: dict
    doc_ids: list[str]
    keys: list[str]
    counts: np.ndarray
    groups: dict[str, list[str]] = field(default_factory=dict)
    mode: str | None = None
    seed: int | None = None
    n_boot: int | None = None

    @classmethod
    def from_result(cls, result) -> "Baseline":
        """From anything with ``doc_ids``, ``keys``, ``counts`` and ``signature``
        (an ``EvalResult``)."""
        sig = signature_parts(getattr(result, "signature", None))
        return cls(str(getattr(result, "extractor", None) or sig.get("extractor", "")), sig,
                   list(result.doc_ids), [str(k) for k in result.keys], np.asarray(result.counts, dtype=np.int64),
                   dict(getattr(result, "groups", None) or {}), sig.get("mode") or sig.get("match"))

    def to_json_text(self) -> str:
        """The file's text: readable JSON, one line per document row."""
        tot = self.counts.sum(axis=0)
        scores = {}
        for i, k in enumerate(self.keys):
            tp, fp, fn = (int(x) for x in tot[i])
            f = f1_array(tp, fp, fn)
            scores[k] = {"tp": tp, "fp": fp, "fn": fn, "f1": None if np.isnan(f) else round(float(f), 4)}
        head = {
            "format": BASELINE_FORMAT,
            "extractor": self.extractor,
            "signature": self.signature,
            "count_order": ["tp", "fp", "fn"],
            "keys": self.keys,
            "groups": self.groups,
        }
        lines = ["{"]
        for k, v in head.items():
            lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)},")
        lines.append('  "scores": {')
        lines.append(",\n".join(f"    {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in scores.items()))
        lines.append("  },")
        lines.append('  "documents": {')
        rows = []
        for d, row in zip(self.doc_ids, self.counts):
            cells = ", ".join(f"[{a},{b},{c}]" for a, b, c in row.tolist())
            rows.append(f"    {json.dumps(d, ensure_ascii=False)}: [{cells}]")
        lines.append(",\n".join(rows))
        lines.append("  }")
        lines.append("}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, obj: dict, where: str = "") -> "Baseline":
        loc = lambda fld, doc=None: Location(where or None, None, doc, fld)  # noqa: E731
        if not isinstance(obj, dict) or obj.get("format") != BASELINE_FORMAT:
            raise InputError(f"not a hoinghi baseline (expected \"format\": \"{BASELINE_FORMAT}\")", loc("format"))
        keys = obj.get("keys")
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise InputError("keys must be a list of strings", loc("keys"))
        docs = obj.get("documents")
        if not isinstance(docs, dict) or not docs:
            raise InputError("documents must be a non-empty object of per-document count rows", loc("documents"))
        counts = np.zeros((len(docs), len(keys), 3), dtype=np.int64)
        for i, (doc_id, row) in enumerate(docs.items()):
            ok = (isinstance(row, list) and len(row) == len(keys)
                  and all(isinstance(c, list) and len(c) == 3 and all(isinstance(x, int) and not isinstance(x, bool)
                                                                     and x >= 0 for x in c) for c in row))
            if not ok:
                raise InputError(f"expected {len(keys)} [tp, fp, fn] triples of non-negative integers",
                                 loc(f"documents.{doc_id}", doc_id))
            counts[i] = row
        sig = obj.get("signature") or {}
        if not isinstance(sig, dict):
            raise InputError("signature must be an object", loc("signature"))
        groups = obj.get("groups") or {}
        return cls(str(obj.get("extractor", "")), sig, list(docs), keys, counts, groups,
                   sig.get("mode") or sig.get("match"))


def baseline_path(name_or_path: str | os.PathLike, root: str | os.PathLike = "gold/baselines") -> Path:
    """``reference`` → ``gold/baselines/reference.json``; a path (has a ``/`` or ends in
    ``.json``) is taken as is. A ``name@version`` loses its version.

    >>> str(baseline_path("reference@0.2.0"))
    'gold/baselines/reference.json'
    >>> str(baseline_path("my/base.json"))
    'my/base.json'
    """
    s = str(name_or_path)
    if "/" in s or os.sep in s or s.endswith(".json"):
        return Path(s)
    name = s.split("@", 1)[0].replace(":", "_")
    return Path(root) / f"{name}.json"


def default_baseline_name(extractor: str, spec: str) -> str:
    """The baseline name of a scored extractor: its ``name@version`` without the version,
    when that is a plain name (a registered extractor); raises
    :class:`~hoinghi.errors.InputError` for a spec that has none (``module:function``,
    ``cmd:``, a file), which must name its baseline.

    >>> default_baseline_name("reference@1.1.0", "reference")
    'reference'
    >>> default_baseline_name("cmd:x.sh@ab12", "cmd:sh x.sh")
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: no default baseline for the extractor 'cmd:sh x.sh' (defaults exist for registered names such as 'reference'); pass --baseline NAME|PATH
    """
    name = (extractor or spec).split("@", 1)[0]
    if not re.fullmatch(r"[\w.-]+", name):
        raise InputError(f"no default baseline for the extractor {spec!r} (defaults exist for "
                         "registered names such as 'reference'); pass --baseline NAME|PATH")
    return name


def read_baseline(path: str | os.PathLike) -> Baseline:
    """Read a baseline file, or an eval report JSON (``hoinghi eval --out``) as a baseline."""
    from ..document import read_json

    path = Path(path)
    if not path.exists():
        raise InputError("no such baseline (write one with `hoinghi gate ... --update`)", Location(str(path)))
    obj = read_json(path)
    if isinstance(obj, dict) and obj.get("format") == BASELINE_FORMAT:
        return Baseline.from_json(obj, str(path))
    if isinstance(obj, dict) and str(obj.get("format", "")).startswith("hoinghi-eval/"):
        from .scoring import EvalResult
        try:
            return Baseline.from_result(EvalResult.from_json(obj))
        except InputError as exc:
            raise InputError(exc.message, Location(str(path), None, exc.where.doc_id, exc.where.field)) from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"a damaged eval report ({type(exc).__name__}: {exc})", Location(str(path))) from None
    raise InputError(f"not a hoinghi baseline (\"format\": \"{BASELINE_FORMAT}\") nor an eval report "
                     "(hoinghi eval --out)", Location(str(path), None, None, "format"))


def write_baseline(path: str | os.PathLike, baseline: Baseline) -> Path:
    """Write a baseline atomically; returns the path."""
    path = write_atomic(path, baseline.to_json_text())
    return path
