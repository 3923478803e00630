"""Versioned gold sets: ``gold/<name>/`` as a Hugging Face dataset folder.

Layout (see docs/ARCHITECTURE.md and docs/gold.md)::

    gold/<name>/
      data/train.jsonl data/dev.jsonl data/test.jsonl   # the document contract
      README.md           # dataset card: YAML metadata (configs, features) + text
      gold.json           # manifest: version, schema version, fingerprint, counts, provenance
      adjudication.jsonl  # the adjudication log (summary line, then one conflict per line)

**Splits** are deterministic by a hash of the document id: bucket =
``int(sha256(id)[:8], 16) % 100``; buckets 0–59 → train, 60–79 → dev, 80–99 → test
(60/20/20). A document's split depends on its id only, so adding documents never moves
old ones. A split with no documents is written as an empty file (the harness reads it)
and left out of the card's ``configs`` (``datasets`` refuses empty data files).

>>> split_of("000_4c3665d56e5f4e8d"), split_of("002_bf0e12d72c01e773"), split_of("003_d2d48f3f4941e773")
('train', 'dev', 'test')
"""
from __future__ import annotations

__all__ = ["SPLITS", "SPLIT_RATIO", "split_of", "GoldManifest", "build_gold", "load_gold", "read_manifest"]

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..document import Document, Span, fingerprint, validate_document, write_documents
from ..errors import InputError, Location
from ..schema import SchemaSet, load_schemas
from .adjudication import AdjudicationLog
from .passes import _read_json

SPLITS = ("train", "dev", "test")
SPLIT_RATIO = (60, 20, 20)


def split_of(doc_id: str, ratio: tuple[int, int, int] = SPLIT_RATIO) -> str:
    """The split of a document id (see the module doc)."""
    bucket = int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    if bucket < ratio[0]:
        return "train"
    if bucket < ratio[0] + ratio[1]:
        return "dev"
    return "test"


@dataclass(frozen=True)
class GoldManifest:
    """What ``gold.json`` holds (``to_json``)."""

    name: str
    version: str
    schema_version: str
    fingerprint: str
    n_documents: int
    splits: dict[str, list[str]]                 # split -> document ids
    counts: dict[str, dict[str, int]]            # split -> label -> spans ("relations" too)
    provenance: dict
    agreement: dict | None
    adjudication: dict
    notes: tuple[str, ...] = ()
    split_rule: str = f"bucket = int(sha256(id)[:8], 16) % 100; train < {SPLIT_RATIO[0]} <= dev < " \
                      f"{SPLIT_RATIO[0] + SPLIT_RATIO[1]} <= test"
    toolkit: str = f"hoinghi {__version__}"

    def to_json(self) -> dict:
        return asdict(self)


def _counts(docs: list[Document], labels: Iterable[str]) -> dict[str, int]:
    c = Counter(s.label for d in docs for s in d.spans)
    out = {lab: c.get(lab, 0) for lab in labels}
    out["relations"] = sum(len(d.relations) for d in docs)
    out["documents"] = len(docs)
    return out


_FEATURES = """\
dataset_info:
  features:
  - name: id
    dtype: string
  - name: text
    dtype: string
  - name: spans
    list:
    - name: id
      dtype: string
    - name: start
      dtype: int64
    - name: end
      dtype: int64
    - name: label
      dtype: string
    - name: text
      dtype: string
  - name: relations
    list:
    - name: head
      dtype: string
    - name: tail
      dtype: string
    - name: type
      dtype: string
  - name: meta
    struct:
    - name: annotators
      list: string
    - name: adjudication
      dtype: string
"""


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _card(m: GoldManifest, labels: list[str], schemas: SchemaSet) -> str:
    lines = ["---", f"pretty_name: {_yaml_str(m.name)}", "language:", "- vi", "license: other",
             "task_categories:", "- token-classification", "task_ids:", "- named-entity-recognition",
             "size_categories:", "- n<1K", "configs:", "- config_name: default", "  data_files:"]
    for split in SPLITS:
        if m.splits.get(split):
            lines += [f"  - split: {split}", f"    path: data/{split}.jsonl"]
    lines.append(_FEATURES.rstrip())
    lines += [f"hoinghi_gold_version: {_yaml_str(m.version)}", f"schema_version: {_yaml_str(m.schema_version)}",
              f"fingerprint: {_yaml_str(m.fingerprint)}", "---", ""]
    p = m.provenance
    body = [f"# {m.name} (gold set v{m.version})", "",
            "Vietnamese news articles about Party committee meetings, annotated with the three hoinghi "
            "schemas (meetings, indicators, officials) by the annotation guideline `docs/guidelines.md`. "
            "Each record follows the hoinghi document contract: NFC `text`, `spans` with code-point "
            "offsets (end-exclusive), `relations` between span ids.", "",
            "```python", "import datasets", f'ds = datasets.load_dataset("gold/{m.name}")',
            "from hoinghi.annotate.gold import load_gold", f'docs = load_gold("gold/{m.name}")   # list[Document]',
            "```", "",
            f"- schema version: `{m.schema_version}`",
            f"- fingerprint (harness signature `gold:`): `{m.fingerprint}`",
            f"- splits: {m.split_rule} (60/20/20 by a hash of the document id; adding documents never moves old ones)",
            "", "## Counts per field and split", "",
            "| field | " + " | ".join(SPLITS) + " | total |", "|---|" + "---:|" * (len(SPLITS) + 1)]
    for lab in labels + ["relations", "documents"]:
        row = [m.counts.get(s, {}).get(lab, 0) for s in SPLITS]
        body.append(f"| {lab} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    body += ["", "## Agreement between the independent passes", ""]
    if m.agreement:
        a = m.agreement
        body.append(f"Pairwise span F1 (= positive specific agreement) over {a.get('n_pairs', '?')} annotator "
                    f"pair(s), {a.get('n_documents', '?')} documents; Cohen's kappa on character labels per schema.")
        body += ["", "| field | strict F1 | overlap F1 |", "|---|---:|---:|"]
        for lab, row in a.get("fields", {}).items():
            f = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
            body.append(f"| {lab} | {f(row.get('strict'))} | {f(row.get('overlap'))} |")
        ov = a.get("overall", {})
        body.append(f"| **overall (micro)** | {ov.get('strict', 0):.3f} | {ov.get('overlap', 0):.3f} |")
        if a.get("kappa"):
            body += ["", "| schema | Cohen's kappa (characters) |", "|---|---:|"]
            for s, k in a["kappa"].items():
                body.append(f"| {s} | {'n/a' if k is None else f'{k:.3f}'} |")
    else:
        body.append("No agreement figures were recorded for this build.")
    for note in m.notes:
        body += ["", note]
    adj = m.adjudication
    body += ["", "## Adjudication", "",
             f"Policy `{adj.get('policy')}`: {adj.get('conflicts', 0)} conflicts, {adj.get('settled', 0)} settled, "
             f"{adj.get('unsettled', 0)} unsettled; {adj.get('agreed_spans', 0)} spans and "
             f"{adj.get('agreed_relations', 0)} relations agreed by all annotators. Every conflict (document, field, "
             "competing spans, who said what, decision, rule) is in `adjudication.jsonl`.", "",
             "## Provenance", ""]
    for k, v in p.items():
        body.append(f"- {k}: {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}")
    body += ["", "## Licence", "",
             "The article texts belong to their publishers (named in each text); the annotations are released "
             "with the toolkit (Apache-2.0). Use the texts for research and evaluation only.", ""]
    return "\n".join(lines + body)


def build_gold(documents: Iterable[Document], name: str, out_dir: str | Path, *, version: str,
               provenance: dict | None = None, agreement: dict | None = None,
               log: AdjudicationLog | None = None, schemas: SchemaSet | None = None,
               overwrite: bool = False, notes: Iterable[str] = ()) -> GoldManifest:
    """Write ``<out_dir>/<name>/`` (see the module doc) and return its manifest.

    Refuses (``InputError``) when ``log`` has unsettled conflicts, when a document is
    not valid gold (labels, overlaps within a schema, relations), on duplicate ids, on
    an empty document list, and when the folder exists unless ``overwrite``. The folder
    is built in a temporary sibling and moved into place, so a failure leaves nothing
    half-written."""
    schemas = schemas or load_schemas()
    docs = list(documents)
    where = Location(str(Path(out_dir) / name))
    if not name or "/" in name or name.startswith("."):
        raise InputError(f"bad gold set name {name!r}", where)
    if not docs:
        raise InputError("no documents to build a gold set from", where)
    if log is not None and log.unsettled:
        c = log.unsettled[0]
        raise InputError(f"{len(log.unsettled)} unsettled conflict(s) — a reviewer must settle them first "
                         f"(first: {c.kind} in {c.field} at [{c.start}, {c.end}): "
                         + ", ".join(f"{x.text!r} by {'/'.join(x.annotators)}" for x in c.candidates) + ")",
                         Location(where.file, None, c.doc_id, c.field))
    l2s = schemas.label_to_schema()
    seen = set()
    for d in docs:
        if d.id in seen:
            raise InputError("duplicate document id", Location(where.file, None, d.id, "id"))
        seen.add(d.id)
        if d.text is None:
            raise InputError("gold documents need their text", Location(where.file, None, d.id, "text"))
        validate_document(d, Location(where.file), labels=l2s, gold=True, relation_ok=schemas.allows_relation)
    final = Path(out_dir) / name
    if final.exists() and not overwrite:
        raise InputError("the gold set folder exists (bump the version and pass overwrite=True / --overwrite)", where)
    # normalise documents: span ids, span text, uniform meta (datasets needs one schema)
    norm: dict[str, list[Document]] = {s: [] for s in SPLITS}
    for d in sorted(docs, key=lambda d: d.id):
        order = sorted(d.spans, key=lambda s: (s.start, s.end, s.label))
        ids = {s.id: f"g{i}" for i, s in enumerate(order)}
        spans = tuple(Span(s.start, s.end, s.label, ids[s.id], d.text[s.start:s.end]) for s in order)
        rels = tuple(sorted((type(r)(ids[r.head], ids[r.tail], r.type) for r in d.relations),
                            key=lambda r: (int(r.head[1:]), int(r.tail[1:]), r.type)))
        meta = {"annotators": [str(a) for a in d.meta.get("annotators", [])],
                "adjudication": str(d.meta.get("adjudication", ""))}
        norm[split_of(d.id)].append(Document(d.id, d.text, spans, rels, meta))
    all_docs = [d for s in SPLITS for d in norm[s]]
    labels = list(schemas.labels)
    manifest = GoldManifest(
        name=name, version=version, schema_version=schemas.version, fingerprint=fingerprint(all_docs),
        n_documents=len(all_docs), splits={s: [d.id for d in norm[s]] for s in SPLITS},
        counts={s: _counts(norm[s], labels) for s in SPLITS}, provenance=dict(provenance or {}),
        agreement=agreement, adjudication=log.summary() if log is not None else {"policy": "none"},
        notes=tuple(notes))
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=final.parent))
    try:
        for s in SPLITS:
            write_documents(tmp / "data" / f"{s}.jsonl", norm[s])
        (tmp / "gold.json").write_text(json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
        (tmp / "README.md").write_text(_card(manifest, labels, schemas), encoding="utf-8")
        if log is not None:
            log.write(tmp / "adjudication.jsonl")
        else:
            write_documents(tmp / "adjudication.jsonl", [{"summary": {"policy": "none"}}])
        os.chmod(tmp, 0o755)
        for f in tmp.rglob("*"):
            os.chmod(f, 0o755 if f.is_dir() else 0o644)
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def read_manifest(path: str | Path) -> dict:
    """``gold.json`` of a gold set folder."""
    p = Path(path) / "gold.json"
    if not p.is_file():
        raise InputError("not a gold set: no gold.json", Location(str(path)))
    return _read_json(p)


def load_gold(path: str | Path, split: str | None = None, *, schemas: SchemaSet | None = None) -> list[Document]:
    """The documents of a gold set folder (all splits, train → dev → test, or one),
    or of a gold JSONL file, validated as gold. Same loader as the harness's ``--gold``."""
    from ..eval.gold_input import load_gold_or_jsonl

    docs, _, _ = load_gold_or_jsonl(path, split=split, schemas=schemas)
    return docs
