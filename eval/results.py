"""The result of an evaluation: :class:`EvalResult` and its parts, and their JSON.

:func:`hoinghi.eval.scoring.evaluate` fills one :class:`ViewResult` per view (the
per-document count array ``(n_docs, n_keys, 3)`` of tp, fp, fn) and tabulates it into
:class:`FieldScore` rows (one per field) and :class:`GroupScore` rows (micro and macro
per schema, then ``overall``). :meth:`EvalResult.to_json` writes the scores, the
SemEval-2013 tally and the compact per-document counts (format ``hoinghi-eval/1``);
:meth:`EvalResult.from_json` rebuilds the same result from them, so the gate and the
report can re-aggregate and pair a stored run.

>>> import numpy as np
>>> v = ViewResult("span", ("PERSON", "DATE"), ("officials", "meetings"), np.array([[[1, 0, 1], [0, 0, 0]]]))
>>> v._tabulate({"fields": {}, "groups": {}})
>>> v.field("PERSON").f1, v.field("DATE").f1, v.group("overall").macro_f1
(0.6666666666666666, None, 0.6666666666666666)
>>> v.per_document_json(["d1"])["docs"]
{'d1': '0:1,0,1'}
"""
from __future__ import annotations

__all__ = ["FORMAT", "FieldScore", "GroupScore", "ViewResult", "EvalResult"]

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..errors import InputError, Location
from .counts import Counts, macro
from .matching import SemEval
from .signature import Signature

FORMAT = "hoinghi-eval/1"
_ROUND = 6


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), _ROUND)


def _ci(ci) -> tuple[float, float] | None:
    return None if ci is None else (_r(ci[0]), _r(ci[1]))


@dataclass(frozen=True)
class FieldScore:
    """One field of one view: counts, derived scores and the 95% CI of F1."""

    view: str
    schema: str
    field: str
    counts: Counts
    ci: tuple[float, float] | None = None

    @property
    def precision(self):
        return self.counts.precision

    @property
    def recall(self):
        return self.counts.recall

    @property
    def f1(self):
        return self.counts.f1

    @property
    def support(self) -> int:
        return self.counts.support


@dataclass(frozen=True)
class GroupScore:
    """A schema (or ``overall``) of one view: micro counts/scores and macro scores."""

    view: str
    name: str
    micro: Counts
    macro_precision: float | None
    macro_recall: float | None
    macro_f1: float | None
    n_fields: int
    micro_ci: tuple[float, float] | None = None
    macro_ci: tuple[float, float] | None = None


@dataclass
class ViewResult:
    """Per-document counts of one view and its score tables."""

    name: str
    keys: tuple[str, ...]
    schemas: tuple[str, ...]  # the schema of each key
    counts: np.ndarray        # (n_docs, n_keys, 3) int64
    fields: tuple[FieldScore, ...] = ()
    groups: tuple[GroupScore, ...] = ()  # per schema, then "overall"
    lost_gold: int = 0
    lost_pred: int = 0
    _rows: list | None = field(default=None, repr=False, compare=False)  # compact rows, made ahead (prepare_rows)

    def prepare_rows(self) -> None:
        """Make the compact per-document rows of :meth:`per_document_json` now (the scorer
        does it in a thread while the bootstrap runs: they depend on the counts only)."""
        self._rows = _compact_rows(self.counts)

    @property
    def group_keys(self) -> dict[str, list[str]]:
        """Schema → its keys (what the gate calls ``groups``)."""
        out: dict[str, list[str]] = {}
        for k, s in zip(self.keys, self.schemas):
            out.setdefault(s, []).append(k)
        return out

    def field(self, key: str) -> FieldScore:
        for f in self.fields:
            if f.field == key:
                return f
        raise KeyError(f"no field {key!r} in view {self.name!r} (fields: {', '.join(self.keys)})")

    def group(self, name: str) -> GroupScore:
        for g in self.groups:
            if g.name == name:
                return g
        raise KeyError(name)

    def group_index(self) -> dict[str, list[int]]:
        """Key indices of each schema, then ``overall`` (all keys)."""
        idx: dict[str, list[int]] = {}
        for i, sch in enumerate(self.schemas):
            idx.setdefault(sch, []).append(i)
        idx["overall"] = list(range(len(self.keys)))
        return idx

    def _tabulate(self, cis: dict) -> None:
        """Fill ``fields`` and ``groups`` from ``counts``, with the intervals ``cis``
        (``{"fields": {key: (lo, hi)}, "groups": {name: {"micro": .., "macro": ..}}}``,
        the shape stored in JSON)."""
        totals = self.counts.sum(axis=0) if len(self.counts) else np.zeros((len(self.keys), 3), dtype=np.int64)
        key_ci = [cis["fields"].get(k) for k in self.keys]
        key_ci = [tuple(c) if c else None for c in key_ci]
        group_ci = {g: {k: (tuple(v) if v else None) for k, v in d.items()} for g, d in cis["groups"].items()}
        counts = [Counts(*(int(x) for x in totals[i])) for i in range(len(self.keys))]
        self.fields = tuple(FieldScore(self.name, s, k, c, key_ci[i])
                            for i, (k, s, c) in enumerate(zip(self.keys, self.schemas, counts)))
        groups = []
        for name, members in self.group_index().items():
            cs = [counts[i] for i in members]
            p, r, f, n = macro(cs)
            ci = group_ci.get(name, {})
            groups.append(GroupScore(self.name, name, sum(cs, Counts()), p, r, f, n,
                                     ci.get("micro"), ci.get("macro")))
        self.groups = tuple(groups)

    # -- JSON --------------------------------------------------------------------------
    def scores_json(self) -> dict:
        return {
            "fields": [{"schema": f.schema, "field": f.field, "tp": f.counts.tp, "fp": f.counts.fp, "fn": f.counts.fn,
                        "precision": _r(f.precision), "recall": _r(f.recall), "f1": _r(f.f1),
                        "support": f.support, "ci": list(f.ci) if f.ci else None} for f in self.fields],
            "groups": [{"name": g.name, "tp": g.micro.tp, "fp": g.micro.fp, "fn": g.micro.fn,
                        "micro_precision": _r(g.micro.precision), "micro_recall": _r(g.micro.recall),
                        "micro_f1": _r(g.micro.f1), "micro_ci": list(g.micro_ci) if g.micro_ci else None,
                        "macro_precision": _r(g.macro_precision), "macro_recall": _r(g.macro_recall),
                        "macro_f1": _r(g.macro_f1), "macro_ci": list(g.macro_ci) if g.macro_ci else None,
                        "n_fields": g.n_fields, "support": g.micro.support} for g in self.groups],
            **({"lost_gold": self.lost_gold, "lost_pred": self.lost_pred} if self.name == "bio" else {}),
        }

    def per_document_json(self, doc_ids: Sequence[str]) -> dict:
        """Compact per-document counts: ``{doc_id: "k:tp,fp,fn k:tp,fp,fn"}`` with ``k`` the
        key index and only non-zero keys — one short line per document in a diff."""
        return {"keys": list(self.keys), "schemas": list(self.schemas),
                "docs": dict(zip(doc_ids, self._rows if self._rows is not None else _compact_rows(self.counts)))}

    @staticmethod
    def counts_from_json(obj: dict, doc_ids: Sequence[str]) -> np.ndarray:
        arr = np.zeros((len(doc_ids), len(obj["keys"]), 3), dtype=np.int64)
        for i, d in enumerate(doc_ids):
            text = obj["docs"].get(d, "")
            for item in text.split():
                k, vals = item.split(":")
                arr[i, int(k)] = [int(v) for v in vals.split(",")]
        return arr


@dataclass
class EvalResult:
    """The outcome of :func:`evaluate`. ``keys``/``counts``/``groups`` are the main
    (span) view's, for the gate; every view is in ``views``."""

    signature: Signature
    doc_ids: tuple[str, ...]
    views: dict[str, ViewResult]
    semeval: dict[str, dict[str, int]] = field(default_factory=dict)  # schema → outcome kind → n
    duplicates: int = 0
    warnings: tuple[str, ...] = ()
    failures: tuple = ()
    unknown_predictions: tuple[str, ...] = ()

    # -- the main view, as the gate reads it -------------------------------------------
    @property
    def mode(self) -> str:
        return self.signature.mode

    @property
    def extractor(self) -> str:
        return self.signature.extractor

    @property
    def keys(self) -> tuple[str, ...]:
        return self.views["span"].keys

    @property
    def counts(self) -> np.ndarray:
        return self.views["span"].counts

    @property
    def groups(self) -> dict[str, list[str]]:
        return self.views["span"].group_keys

    def field(self, key: str, view: str = "span") -> FieldScore:
        return self.views[view].field(key)

    def schema(self, name: str, view: str = "span") -> GroupScore:
        return self.views[view].group(name)

    def overall(self, view: str = "span") -> GroupScore:
        return self.views[view].group("overall")

    def semeval_scores(self) -> dict[str, dict[str, dict]]:
        """COR/INC/PAR/MIS/SPU and P/R/F1 under each SemEval-2013 scheme, per schema and overall."""
        return {name: SemEval.tally(kinds) for name, kinds in self.semeval.items()}

    def table_rows(self, view: str = "span") -> list[dict]:
        """Rows for :mod:`hoinghi.eval.text_report`: fields, then per schema micro and macro,
        then overall micro and macro."""
        v = self.views[view]
        rows = [dict(name=f.field, kind="field", tp=f.counts.tp, fp=f.counts.fp, fn=f.counts.fn,
                     precision=f.precision, recall=f.recall, f1=f.f1, ci=f.ci, support=f.support) for f in v.fields]
        for g in v.groups:
            kind = "overall" if g.name == "overall" else "schema"
            rows.append(dict(name=f"{g.name} micro", kind=kind, tp=g.micro.tp, fp=g.micro.fp, fn=g.micro.fn,
                             precision=g.micro.precision, recall=g.micro.recall, f1=g.micro.f1, ci=g.micro_ci,
                             support=g.micro.support))
            rows.append(dict(name=f"{g.name} macro", kind=kind, tp=None, fp=None, fn=None,
                             precision=g.macro_precision, recall=g.macro_recall, f1=g.macro_f1, ci=g.macro_ci,
                             support=g.micro.support))
        return rows

    # -- display -----------------------------------------------------------------------
    def __repr__(self) -> str:
        """The span view's table with the signature, warnings and failures: what
        ``print(result)`` and a Python prompt show (:func:`hoinghi.eval.text_report.render`
        for the other views and formats)."""
        from .text_report import render_table, rows_of

        return render_table(rows_of(self), signature=str(self.signature), failures=list(self.failures),
                            warnings=list(self.warnings), title=self._title())

    def _repr_html_(self) -> str:
        """The same table as HTML, for notebooks (Jupyter calls this)."""
        from html import escape

        from .formatting import count, interval, score

        cells = lambda row, tag: "".join(f"<{tag}>{escape(str(c))}</{tag}>" for c in row)  # noqa: E731
        body = [cells((r["name"], count(r["tp"]), count(r["fp"]), count(r["fn"]), score(r["precision"]),
                       score(r["recall"]), score(r["f1"]), interval(r["ci"]), r["support"]), "td")
                for r in self.table_rows()]
        return (f"<div><strong>{escape(self._title())}</strong><table>"
                f"<tr>{cells(('field', 'TP', 'FP', 'FN', 'P', 'R', 'F1', '95% CI', 'support'), 'th')}</tr>"
                + "".join(f"<tr>{b}</tr>" for b in body)
                + f"</table><small><code>{escape(str(self.signature))}</code></small>"
                + "".join(f"<br><small>warning: {escape(w)}</small>" for w in self.warnings) + "</div>")

    def _title(self) -> str:
        return f"{self.extractor} on {len(self.doc_ids)} documents: spans, mode {self.mode}"

    def to_pandas(self, view: str = "span"):
        """The table of ``view`` as a ``pandas.DataFrame``, one row per field, schema
        (micro, macro) and overall: ``name, kind, tp, fp, fn, precision, recall, f1,
        ci_low, ci_high, support`` (undefined scores are NaN; a macro row has no counts: <NA>). Needs pandas (not in the core
        install: ``pip install 'hoinghi[pandas]'``)."""
        try:
            import pandas as pd
        except ModuleNotFoundError:
            raise ModuleNotFoundError("EvalResult.to_pandas needs pandas: pip install 'hoinghi[pandas]' (or pandas)",
                                      name="pandas") from None
        rows = [{**{k: v for k, v in r.items() if k != "ci"}, "ci_low": r["ci"][0] if r["ci"] else None,
                 "ci_high": r["ci"][1] if r["ci"] else None} for r in self.table_rows(view)]
        frame = pd.DataFrame(rows, columns=["name", "kind", "tp", "fp", "fn", "precision", "recall", "f1",
                                            "ci_low", "ci_high", "support"])
        return frame.astype({**{c: "Int64" for c in ("tp", "fp", "fn")},
                             **{c: "float64" for c in ("precision", "recall", "f1", "ci_low", "ci_high")}})

    # -- JSON --------------------------------------------------------------------------
    def to_json(self) -> dict:
        """A JSON-ready dict: signature, score tables of every view, SemEval tally,
        warnings, failures and the compact per-document counts (see
        :meth:`ViewResult.per_document_json`)."""
        return {
            "format": FORMAT,
            "signature": self.signature.to_json(),
            "signature_text": str(self.signature),
            "n_docs": len(self.doc_ids),
            "duplicates": self.duplicates,
            "scores": {name: v.scores_json() for name, v in self.views.items()},
            "semeval": {name: {"outcomes": dict(kinds), **{s: {k: _r(x) if isinstance(x, float) else x
                                                               for k, x in t.items()}
                                                           for s, t in SemEval.tally(kinds).items()}}
                        for name, kinds in self.semeval.items()},
            "warnings": list(self.warnings),
            "failures": [f.to_json() if hasattr(f, "to_json") else dict(f) for f in self.failures],
            "unknown_predictions": list(self.unknown_predictions),
            "doc_ids": list(self.doc_ids),
            "per_document": {name: v.per_document_json(self.doc_ids) for name, v in self.views.items()},
        }

    @classmethod
    def from_json(cls, obj: dict) -> "EvalResult":
        """Rebuild a result from :meth:`to_json` output (counts from the per-document
        table, intervals from the stored scores)."""
        if obj.get("format") != FORMAT:
            raise InputError(f"not an evaluation report (format {obj.get('format')!r}, expected {FORMAT!r})",
                             Location(field="format"))
        sig = Signature.from_json(obj["signature"])
        doc_ids = tuple(obj["doc_ids"])
        views = {}
        for name, per_doc in obj["per_document"].items():
            v = ViewResult(name, tuple(per_doc["keys"]), tuple(per_doc["schemas"]),
                           ViewResult.counts_from_json(per_doc, doc_ids))
            scores = obj["scores"][name]
            cis = {"fields": {f["field"]: f["ci"] for f in scores["fields"]},
                   "groups": {g["name"]: {"micro": g["micro_ci"], "macro": g["macro_ci"]} for g in scores["groups"]}}
            v._tabulate(cis)
            v.lost_gold, v.lost_pred = scores.get("lost_gold", 0), scores.get("lost_pred", 0)
            views[name] = v
        if "span" not in views:
            raise InputError("the report has no per-document span counts", Location(field="per_document.span"))
        failures = tuple(_failure(f) for f in obj.get("failures", ()))
        semeval = {name: dict(d["outcomes"]) for name, d in obj.get("semeval", {}).items()}
        return cls(sig, doc_ids, views, semeval, obj.get("duplicates", 0), tuple(obj.get("warnings", ())),
                   failures, tuple(obj.get("unknown_predictions", ())))


def _failure(obj):
    if hasattr(obj, "doc_id"):
        return obj
    from .predictions import Failure

    return Failure(obj["doc_id"], obj["kind"], obj["message"])


def _compact_rows(counts: np.ndarray) -> list[str]:
    """``"k:tp,fp,fn k:tp,fp,fn"`` for each document of a ``(n_docs, n_keys, 3)`` array,
    non-zero keys only: one ``%``-format over all documents at once (the per-document
    loop it replaces spent seconds at 100k documents in numpy calls on tiny rows).

    >>> _compact_rows(np.array([[[1, 0, 2], [0, 0, 0]], [[0, 0, 0], [0, 0, 0]], [[0, 1, 0], [3, 0, 0]]]))
    ['0:1,0,2', '', '0:0,1,0 1:3,0,0']
    """
    n_docs = len(counts)
    if n_docs == 0:
        return []
    doc, key = np.nonzero(counts.any(axis=2))
    per_doc = np.bincount(doc, minlength=n_docs).tolist()
    values = np.empty((len(doc), 4), dtype=np.int64)
    values[:, 0] = key
    values[:, 1:] = counts[doc, key]
    templates: dict[int, str] = {}
    for n in set(per_doc):
        templates[n] = " ".join(["%d:%d,%d,%d"] * n)
    text = "\n".join([templates[n] for n in per_doc]) % tuple(values.ravel().tolist())
    return text.split("\n")

