"""Inter-annotator agreement on span annotation.

* **Pairwise span F1** per field and overall, strict (same start, end, label) and
  overlap (same label, overlapping characters, one-to-one maximum matching), computed
  with the harness's own matching and counting (:mod:`hoinghi.eval.matching`,
  :mod:`hoinghi.eval.counts`) by taking one annotator of a pair as "gold" and the other
  as "prediction". F1 is symmetric in that choice, so it equals the *positive specific
  agreement* ``2·A / (2·A + B + C)`` (Hripcsak & Rothschild 2005). Per pair, counts are
  summed over the documents both annotated (micro); figures are then **averaged over
  annotator pairs** (unweighted mean). The overall figure is micro over all fields.
* **Cohen's kappa** on character labels, through :func:`sklearn.metrics.cohen_kappa_score`,
  **per schema** (spans of different schemas may overlap, spans of one schema may not):
  every code point of the text gets the label of the span of that schema covering it, or
  ``O``; sequences of all documents both annotators labelled are concatenated. Whitespace
  and the large unlabelled rest of an article count as ``O`` agreements, which is what
  makes kappa "chance-corrected" and also why it reads higher than span F1 here.
  Kappa is ``None`` (n/a) when both annotators used a single class (sklearn's 0/0).
  Per pair the figure is sklearn's; per document the same formula on a numpy confusion
  matrix (sklearn's per-call overhead would dominate), tested equal to sklearn.
* **Per document**: mean over pairs of the micro strict/overlap F1; documents with the
  lowest strict agreement come first (documents where nobody marked anything: F1 n/a,
  listed last).

Both annotators empty on a field → that field's F1 is n/a for the pair (the harness's
empty-field policy, :mod:`hoinghi.eval.counts`) and the pair is left out of that field's
average.

>>> from hoinghi.document import Document, Span
>>> from hoinghi.annotate.passes import Record
>>> t = "Ông Lê Văn An, Bí thư"
>>> a = Record("a", Document("d", t, (Span(4, 13, "PERSON", "x"), Span(15, 21, "POSITION", "y"))))
>>> b = Record("b", Document("d", t, (Span(4, 13, "PERSON", "x"), Span(15, 18, "POSITION", "y"))))
>>> r = agree([a, b])
>>> r.fields["PERSON"]["strict"], r.fields["POSITION"]["strict"], r.fields["POSITION"]["overlap"]
(1.0, 0.0, 1.0)
"""
from __future__ import annotations

__all__ = ["PairAgreement", "DocumentAgreement", "AgreementResult", "agree"]

import itertools
import math
import warnings
from dataclasses import dataclass
from typing import Iterable

from ..document import Span
from ..errors import InputError
from ..progress import progress as progress_bar
from ..eval.counts import Counts
from ..schema import SchemaSet
from .passes import Record, RecordSet, check_records, covered_schemas

MODES = ("strict", "overlap")


def _f(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _mean(vals: Iterable[float | None]) -> float | None:
    vals = [v for v in vals if v is not None]
    return sum(vals) / len(vals) if vals else None


@dataclass(frozen=True)
class PairAgreement:
    """One annotator pair: counts per mode and label (``a`` as reference), kappa per schema."""

    a: str
    b: str
    n_documents: int
    counts: dict[str, dict[str, Counts]]         # mode -> label -> Counts
    kappa: dict[str, float | None]              # schema -> kappa

    def f1(self, mode: str, label: str | None = None) -> float | None:
        if label is None:
            return sum(self.counts[mode].values(), Counts()).f1
        return self.counts[mode][label].f1

    def to_json(self) -> dict:
        return {"a": self.a, "b": self.b, "n_documents": self.n_documents,
                "counts": {m: {lab: c.to_list() for lab, c in cs.items()} for m, cs in self.counts.items()},
                "f1": {m: {"overall": self.f1(m), **{lab: c.f1 for lab, c in cs.items()}} for m, cs in self.counts.items()},
                "kappa": self.kappa}


@dataclass(frozen=True)
class DocumentAgreement:
    """One document: F1 per mode (mean over pairs of the micro F1) and kappa per schema."""

    doc_id: str
    f1: dict[str, float | None]
    kappa: dict[str, float | None]
    spans: dict[str, int]                       # annotator -> number of spans
    counts: dict[str, dict[str, Counts]]        # "a|b" -> mode -> Counts (all fields)

    def to_json(self) -> dict:
        return {"document": self.doc_id, "f1": self.f1, "kappa": self.kappa, "spans": self.spans,
                "counts": {p: {m: c.to_list() for m, c in v.items()} for p, v in self.counts.items()}}


@dataclass(frozen=True)
class AgreementResult:
    """Everything :func:`agree` measured (``to_json``, ``table``, ``summary``)."""

    annotators: tuple[str, ...]
    schema_version: str
    labels: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    documents: tuple[DocumentAgreement, ...]     # lowest strict agreement first

    @property
    def fields(self) -> dict[str, dict[str, float | None]]:
        """label -> mode -> F1 averaged over pairs."""
        return {lab: {m: _mean(p.f1(m, lab) for p in self.pairs) for m in MODES} for lab in self.labels}

    @property
    def overall(self) -> dict[str, float | None]:
        return {m: _mean(p.f1(m) for p in self.pairs) for m in MODES}

    @property
    def kappa(self) -> dict[str, float | None]:
        schemas = sorted({s for p in self.pairs for s in p.kappa})
        return {s: _mean(p.kappa.get(s) for p in self.pairs) for s in schemas}

    def summary(self) -> dict:
        """The compact figures a gold card records."""
        return {"measure": "pairwise span F1 (positive specific agreement), mean over annotator pairs; "
                           "Cohen's kappa on character labels per schema",
                "annotators": list(self.annotators), "n_pairs": len(self.pairs), "n_documents": len(self.documents),
                "overall": self.overall, "fields": self.fields, "kappa": self.kappa}

    def to_json(self) -> dict:
        return {**self.summary(), "schema_version": self.schema_version,
                "pairs": [p.to_json() for p in self.pairs], "documents": [d.to_json() for d in self.documents]}

    def table(self) -> str:
        """A plain-text report: fields, pairs, kappa, documents (lowest agreement first)."""
        out = [f"Agreement of {len(self.annotators)} annotators ({', '.join(self.annotators)}) on "
               f"{len(self.documents)} documents; {len(self.pairs)} pair(s); schemas {self.schema_version}", ""]
        w = max(len(x) for x in self.labels + ("overall",))
        sup = {lab: [sum(p.counts['strict'][lab].support for p in self.pairs),
                     sum(p.counts['strict'][lab].predicted for p in self.pairs)] for lab in self.labels}
        out.append(f"{'field':<{w}}  {'strict F1':>9}  {'overlap F1':>10}  {'spans a/b':>10}")
        for lab in self.labels:
            f = self.fields[lab]
            out.append(f"{lab:<{w}}  {_f(f['strict']):>9}  {_f(f['overlap']):>10}  {'/'.join(map(str, sup[lab])):>10}")
        ov = self.overall
        out.append(f"{'overall':<{w}}  {_f(ov['strict']):>9}  {_f(ov['overlap']):>10}")
        out += ["", "Cohen's kappa on character labels (per schema, mean over pairs):"]
        out += [f"  {s:<12} {_f(k)}" for s, k in self.kappa.items()]
        out += ["", "Pairs:"]
        for p in self.pairs:
            out.append(f"  {p.a} ~ {p.b}: strict {_f(p.f1('strict'))}, overlap {_f(p.f1('overlap'))}, "
                       f"{p.n_documents} documents, kappa " + ", ".join(f"{s} {_f(k)}" for s, k in p.kappa.items()))
        out += ["", "Documents, lowest agreement first:"]
        for d in self.documents:
            out.append(f"  {d.doc_id}: strict {_f(d.f1['strict'])}, overlap {_f(d.f1['overlap'])}, spans "
                       + ", ".join(f"{a} {n}" for a, n in d.spans.items()))
        return "\n".join(out)


def _pair_counts(ref: list[Span], other: list[Span], labels: Iterable[str]) -> dict[str, dict[str, Counts]]:
    """Counts per mode and label with the harness's matching strategies
    (:func:`hoinghi.eval.matching.get_strategy`), ``ref`` taken as gold."""
    from ..eval.matching import get_strategy

    g = [s.key for s in ref]
    p = [s.key for s in other]
    out: dict[str, dict[str, Counts]] = {}
    for mode in MODES:
        by_label, _ = get_strategy(mode).label_counts(g, p)
        out[mode] = {lab: Counts(*by_label.get(lab, (0, 0, 0))) for lab in labels}
    return out


def _char_labels(n: int, spans: Iterable[Span], codes: dict[str, int]):
    """Character label codes of one document and schema (0 = ``O``), as a numpy array."""
    import numpy as np

    seq = np.zeros(n, dtype=np.int16)
    for s in spans:
        seq[s.start:s.end] = codes[s.label]
    return seq


def _kappa_fast(x, y, n_codes: int) -> float | None:
    """Cohen's kappa from a numpy confusion matrix — the same formula as sklearn's
    unweighted ``cohen_kappa_score`` (tested equal), for the per-document figures where
    sklearn's per-call validation (~6 ms) would dominate the run time."""
    import numpy as np

    if len(x) == 0 or x.min() == x.max() == y.min() == y.max():
        return None
    cm = np.bincount(x.astype(np.int64) * n_codes + y, minlength=n_codes * n_codes).reshape(n_codes, n_codes)
    n = cm.sum()
    po = np.trace(cm) / n
    pe = float((cm.sum(axis=1) * cm.sum(axis=0)).sum()) / (n * n)
    if pe == 1.0:
        return None
    return float((po - pe) / (1 - pe))


def _kappa(x, y) -> float | None:
    """sklearn's Cohen's kappa; ``None`` when there is nothing or a single class."""
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    if len(x) == 0:
        return None
    if x.min() == x.max() == y.min() == y.max():
        return None
    # contiguous codes 0..k-1 keep sklearn on its vectorised path (same kappa: a relabelling)
    _, inv = np.unique(np.concatenate([x, y]), return_inverse=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        k = float(cohen_kappa_score(inv[:len(x)], inv[len(x):]))
    return None if math.isnan(k) else k


def _document_agreement(doc_id: str, recs: dict[str, Record], labels: tuple[str, ...], common: list[str],
                        l2s: dict[str, str], codes: dict[str, int], pair_acc: dict[tuple[str, str], dict]
                        ) -> DocumentAgreement:
    """One document's agreement (F1 per mode and kappa per schema, averaged over its
    annotator pairs); each pair's counts and character labels are added to ``pair_acc``
    for the pooled figures."""
    text = recs[next(iter(recs))].document.text or ""
    names = sorted(recs)
    per_pair: dict[str, dict[str, Counts]] = {}
    kappas: dict[str, list[float | None]] = {s: [] for s in common}
    for a, b in itertools.combinations(names, 2):
        sa = [s for s in recs[a].document.spans if s.label in labels]
        sb = [s for s in recs[b].document.spans if s.label in labels]
        pc = _pair_counts(sa, sb, labels)
        acc = pair_acc.setdefault((a, b), {"n": 0, "counts": {m: {lab: Counts() for lab in labels} for m in MODES},
                                           "chars": {s: ([], []) for s in common}})
        acc["n"] += 1
        for m in MODES:
            for lab in labels:
                acc["counts"][m][lab] = acc["counts"][m][lab] + pc[m][lab]
        per_pair[f"{a}|{b}"] = {m: sum(pc[m].values(), Counts()) for m in MODES}
        for schema in common:
            xa = _char_labels(len(text), [s for s in sa if l2s[s.label] == schema], codes)
            xb = _char_labels(len(text), [s for s in sb if l2s[s.label] == schema], codes)
            acc["chars"][schema][0].append(xa)
            acc["chars"][schema][1].append(xb)
            kappas[schema].append(_kappa_fast(xa, xb, len(codes) + 1))
    return DocumentAgreement(
        doc_id, {m: _mean(c[m].f1 for c in per_pair.values()) for m in MODES},
        {s: _mean(v) for s, v in kappas.items()},
        {a: sum(1 for s in recs[a].document.spans if s.label in labels) for a in names}, per_pair)


def agree(records: Iterable[Record] | RecordSet, *, schemas: SchemaSet | None = None,
          documents: Iterable[str] | None = None, progress: bool = False) -> AgreementResult:
    """Agreement of the annotators in ``records`` (see the module doc). The records
    are checked first (:func:`~hoinghi.annotate.passes.check_records`): one annotator,
    a document annotated by nobody or by one annotator only, annotators with different
    schemas and differing schema versions each raise :class:`~hoinghi.errors.InputError`."""
    if not isinstance(records, RecordSet):
        records = list(records)
    schemas = schemas or covered_schemas(records.records if isinstance(records, RecordSet) else records)
    rs = records if isinstance(records, RecordSet) else check_records(records, schemas=schemas, documents=documents)
    l2s = schemas.label_to_schema()
    common = sorted(set.intersection(*[set(v) for v in rs.schemas_of.values()]))
    labels = tuple(lab for lab in schemas.labels if l2s[lab] in common)
    if not labels:
        raise InputError("the annotators labelled no schema at all")
    import numpy as np

    codes = {lab: i + 1 for i, lab in enumerate(labels)}
    pair_acc: dict[tuple[str, str], dict] = {}
    doc_rows = [_document_agreement(doc_id, rs.by_doc[doc_id], labels, common, l2s, codes, pair_acc)
                for doc_id in progress_bar(sorted(rs.by_doc), desc="agreement", unit="doc", enabled=progress)]
    pairs = tuple(PairAgreement(a, b, acc["n"], acc["counts"],
                                {s: _kappa(np.concatenate(acc["chars"][s][0]), np.concatenate(acc["chars"][s][1]))
                                 for s in common})
                  for (a, b), acc in sorted(pair_acc.items()))
    doc_rows.sort(key=lambda d: (d.f1["strict"] is None, d.f1["strict"] if d.f1["strict"] is not None else 0.0, d.doc_id))
    return AgreementResult(rs.annotators, rs.schema_version, labels, pairs, tuple(doc_rows))
