"""The gold-set format: ``gold/<name>/``, a Hugging Face dataset folder, read and written.

Layout (see docs/gold.md)::

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

**Reading** (:func:`load_gold_or_jsonl`, the harness's ``--gold``): a gold set folder
(all splits, train → dev → test, unless ``split`` names one; ids unique across splits)
or a **gold JSONL file** (the document contract checked as gold: ``text`` on every line,
known labels, no overlap within a schema, allowed relations, unique ids). The
fingerprint (:func:`hoinghi.document.fingerprint`) is always computed from the documents
actually loaded, so a score signature names exactly the data scored.

Building a gold set from annotators' records (validation, adjudication, the manifest's
figures) is :func:`hoinghi.annotate.gold.build_gold`; this module is only the format, so
the evaluation side reads gold without importing the annotation side.

>>> split_of("000_4c3665d56e5f4e8d"), split_of("002_bf0e12d72c01e773"), split_of("003_d2d48f3f4941e773")
('train', 'dev', 'test')
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "g.jsonl"
>>> _ = p.write_text('{"id": "d1", "text": "Ông Lê Văn An", "spans": [{"start": 4, "end": 13, "label": "PERSON"}]}\\n', encoding="utf-8")
>>> docs, fp, prov = load_gold_or_jsonl(p)
>>> [d.id for d in docs], len(fp), prov.kind, prov.n_documents
(['d1'], 16, 'jsonl', 1)
"""
from __future__ import annotations

__all__ = ["SPLITS", "SPLIT_RATIO", "split_of", "GoldManifest", "GoldProvenance", "read_manifest",
           "write_gold_set", "dataset_card", "load_gold", "load_gold_or_jsonl"]

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Mapping

from . import __version__
from .atomic import write_atomic
from .document import Document, fingerprint, iter_documents, read_json, write_documents
from .errors import InputError, Location
from .schema import SchemaSet, load_schemas

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


def read_manifest(path: str | Path, *, required: bool = True) -> dict:
    """``gold.json`` of a gold set folder; ``{}`` when it is missing and not ``required``."""
    p = Path(path) / "gold.json"
    if not p.is_file():
        if not required:
            return {}
        raise InputError("not a gold set: no gold.json", Location(str(path)))
    manifest = read_json(p)
    if not isinstance(manifest, dict):
        raise InputError("the manifest must be a JSON object", Location(str(p)))
    return manifest


# ---------------------------------------------------------------- the dataset card

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


def _na(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _card_metadata(m: GoldManifest) -> list[str]:
    """The YAML front matter: ``configs`` (the non-empty splits) for ``datasets``, the features."""
    lines = ["---", f"pretty_name: {_yaml_str(m.name)}", "language:", "- vi", "license: other",
             "task_categories:", "- token-classification", "task_ids:", "- named-entity-recognition",
             "size_categories:", "- n<1K", "configs:", "- config_name: default", "  data_files:"]
    for split in SPLITS:
        if m.splits.get(split):
            lines += [f"  - split: {split}", f"    path: data/{split}.jsonl"]
    lines.append(_FEATURES.rstrip())
    return lines + [f"hoinghi_gold_version: {_yaml_str(m.version)}", f"schema_version: {_yaml_str(m.schema_version)}",
                    f"fingerprint: {_yaml_str(m.fingerprint)}", "---", ""]


def _card_intro_and_counts(m: GoldManifest, labels: list[str]) -> list[str]:
    body = [f"# {m.name} (gold set v{m.version})", "",
            "Vietnamese news articles about Party committee meetings, annotated with the three hoinghi "
            "schemas (meetings, indicators, officials) by the annotation guideline `docs/guidelines.md`. "
            "Each record follows the hoinghi document contract: NFC `text`, `spans` with code-point "
            "offsets (end-exclusive), `relations` between span ids.", "",
            "```python", "import datasets", f'ds = datasets.load_dataset("gold/{m.name}")',
            "from hoinghi.annotate.gold import load_gold", f'docs = load_gold("gold/{m.name}")   # list[Document]',
            "```", "",
            f"- schema version: `{m.schema_version}`" + _subset_note(m.schema_version),
            f"- fingerprint (harness signature `gold:`): `{m.fingerprint}`",
            f"- splits: {m.split_rule} (60/20/20 by a hash of the document id; adding documents never moves old ones)",
            "", "## Counts per field and split", "",
            "| field | " + " | ".join(SPLITS) + " | total |", "|---|" + "---:|" * (len(SPLITS) + 1)]
    for lab in labels + ["relations", "documents"]:
        row = [m.counts.get(s, {}).get(lab, 0) for s in SPLITS]
        body.append(f"| {lab} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    return body


def _subset_note(schema_version: str) -> str:
    """What a gold set covering only some schemas says about it on its card."""
    if set(schema_version.split("+")) == set(load_schemas().version.split("+")):
        return ""
    return (" — this gold set covers only these schemas; `hoinghi eval` and `hoinghi gate` score only their "
            "fields")


def _card_agreement(m: GoldManifest) -> list[str]:
    body = ["", "## Agreement between the independent passes", ""]
    a = m.agreement
    if not a:
        return body + ["No agreement figures were recorded for this build."]
    if "single_pass_documents" in a:
        body.append(f"Built with `--min-passes {a['min_passes']}`: {a['single_pass_documents']} document(s) had one "
                    f"independent pass and are kept as that annotator labelled them; {a['multi_pass_documents']} had "
                    "two or more and were adjudicated. The figures below are measured on those only.")
        body.append("")
        if "overall" not in a:
            return body + ["No document had two passes: no agreement could be measured."]
    body.append(f"Pairwise span F1 (= positive specific agreement) over {a.get('n_pairs', '?')} annotator "
                f"pair(s), {a.get('n_documents', '?')} documents; Cohen's kappa on character labels per schema.")
    body += ["", "| field | strict F1 | overlap F1 |", "|---|---:|---:|"]
    for lab, row in a.get("fields", {}).items():
        body.append(f"| {lab} | {_na(row.get('strict'))} | {_na(row.get('overlap'))} |")
    ov = a.get("overall", {})
    body.append(f"| **overall (micro)** | {ov.get('strict', 0):.3f} | {ov.get('overlap', 0):.3f} |")
    if a.get("kappa"):
        body += ["", "| schema | Cohen's kappa (characters) |", "|---|---:|"]
        body += [f"| {s} | {_na(k)} |" for s, k in a["kappa"].items()]
    return body


def _card_adjudication_and_provenance(m: GoldManifest) -> list[str]:
    adj = m.adjudication
    body = ["", "## Adjudication", "",
            f"Policy `{adj.get('policy')}`: {adj.get('conflicts', 0)} conflicts, {adj.get('settled', 0)} settled, "
            f"{adj.get('unsettled', 0)} unsettled; {adj.get('agreed_spans', 0)} spans and "
            f"{adj.get('agreed_relations', 0)} relations agreed by all annotators. Every conflict (document, field, "
            "competing spans, who said what, decision, rule) is in `adjudication.jsonl`.", "",
            "## Provenance", ""]
    for k, v in m.provenance.items():
        body.append(f"- {k}: {json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v}")
    return body + ["", "## Licence", "",
                   "The article texts belong to their publishers (named in each text); the annotations are "
                   "released with the toolkit (Apache-2.0). Use the texts for research and evaluation only.", ""]


def dataset_card(m: GoldManifest, labels: list[str]) -> str:
    """``README.md`` of a gold set: YAML metadata for ``datasets`` + counts, agreement,
    notes, adjudication, provenance and licence (``labels`` give the counts' rows)."""
    notes = [line for note in m.notes for line in ("", note)]
    return "\n".join(_card_metadata(m) + _card_intro_and_counts(m, labels) + _card_agreement(m) + notes
                     + _card_adjudication_and_provenance(m))


# ---------------------------------------------------------------- writing

def write_gold_set(folder: str | Path, documents: Mapping[str, list[Document]], manifest: GoldManifest,
                   labels: list[str], adjudication_log=None) -> Path:
    """Write the folder (see the module doc) from the documents of each split, the
    manifest and the adjudication log (anything with ``write(path)``; ``None`` writes
    a ``{"summary": {"policy": "none"}}`` line). The folder is built in a temporary
    sibling and moved into place (replacing an existing one), so a failure leaves
    nothing half-written."""
    final = Path(folder)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        for s in SPLITS:
            write_documents(tmp / "data" / f"{s}.jsonl", documents.get(s, []))
        write_atomic(tmp / "gold.json", json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n")
        write_atomic(tmp / "README.md", dataset_card(manifest, labels))
        if adjudication_log is not None:
            adjudication_log.write(tmp / "adjudication.jsonl")
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
    return final


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class GoldProvenance:
    """Where the gold came from, for the report (``to_json``)."""

    path: str
    kind: str                       # "jsonl" | "gold-set"
    n_documents: int
    name: str | None = None         # gold set name (folder name or manifest)
    version: str | None = None      # gold set version from gold.json
    splits: tuple[str, ...] = ()    # splits loaded (gold set)
    schema_version: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def schemas(self) -> dict[str, str]:
        """``{schema: version}`` the gold covers (all installed schemas when unrecorded)."""
        from .schema import parse_schema_version
        return parse_schema_version(self.schema_version or load_schemas().version)

    def to_json(self) -> dict:
        out = asdict(self)
        out["splits"] = list(self.splits)
        out["warnings"] = list(self.warnings)
        return out


def _read_jsonl(path: Path, schemas: SchemaSet, seen: dict[str, str]) -> list[Document]:
    docs = []
    for doc in iter_documents(path, labels=schemas.label_to_schema(), gold=True, relation_ok=schemas.allows_relation):
        if doc.id in seen:
            raise InputError(f"duplicate document id (also in {seen[doc.id]})", Location(str(path), None, doc.id, "id"))
        seen[doc.id] = str(path)
        docs.append(doc)
    return docs


def _split_files(folder: Path, split: str | None) -> dict[str, Path]:
    """``data/<split>.jsonl`` of a gold set folder, train → dev → test (then others by name)."""
    data = folder / "data"
    if not data.is_dir():
        raise InputError("not a gold set: no data/ folder (expected data/{train,dev,test}.jsonl and gold.json)",
                         Location(str(folder)))
    files = {p.stem: p for p in sorted(data.glob("*.jsonl"))}
    if split is not None:
        if split not in files:
            raise InputError(f"no split {split!r} in this gold set (has: {', '.join(files) or 'none'})", Location(str(data)))
        files = {split: files[split]}
    if not files:
        raise InputError("the gold set has no data/*.jsonl files", Location(str(data)))
    order = sorted(files, key=lambda s: (SPLITS.index(s) if s in SPLITS else len(SPLITS), s))
    return {s: files[s] for s in order}


def _load_folder(folder: Path, schemas: SchemaSet, split: str | None) -> tuple[list[Document], str, GoldProvenance]:
    files = _split_files(folder, split)
    seen: dict[str, str] = {}
    docs: list[Document] = []
    for path in files.values():
        docs += _read_jsonl(path, schemas, seen)
    manifest = read_manifest(folder, required=False)
    warnings = []
    declared = manifest.get("fingerprint")
    actual = fingerprint(docs)
    if split is None and isinstance(declared, str) and declared != actual:
        warnings.append(f"{folder / 'gold.json'}: fingerprint {declared} does not match the data files "
                        f"({actual}); the data were changed after the gold set was built")
    prov = GoldProvenance(str(folder), "gold-set", len(docs), str(manifest.get("name") or folder.name),
                          str(manifest["version"]) if "version" in manifest else None, tuple(files),
                          manifest.get("schema_version"), tuple(warnings))
    return docs, actual, prov


def load_gold_or_jsonl(path: str | Path, *, split: str | None = None,
                       schemas: SchemaSet | None = None) -> tuple[list[Document], str, GoldProvenance]:
    """Load gold documents from a JSONL file or a gold set folder (see the module doc).

    Returns ``(documents, fingerprint, provenance)``. Raises
    :class:`~hoinghi.errors.InputError` naming file, line, document id and field for
    anything wrong, and for an empty gold set.
    """
    schemas = schemas or load_schemas()
    path = Path(path)
    if path.is_dir():
        docs, fp, prov = _load_folder(path, schemas, split)
    elif path.is_file():
        if split is not None:
            raise InputError("--split applies to a gold set folder, not a JSONL file", Location(str(path)))
        docs = _read_jsonl(path, schemas, {})
        fp = fingerprint(docs)
        prov = GoldProvenance(str(path), "jsonl", len(docs), schema_version=schemas.version)
    else:
        raise InputError("no such file or folder", Location(str(path)))
    if not docs:
        raise InputError("no gold documents to score", Location(str(path)))
    if prov.schema_version is None:
        prov = GoldProvenance(**{**prov.__dict__, "schema_version": schemas.version})
    return docs, fp, prov


def load_gold(path: str | Path, split: str | None = None, *, schemas: SchemaSet | None = None) -> list[Document]:
    """The documents of a gold set folder (all splits, train → dev → test, or one),
    or of a gold JSONL file, validated as gold. Same loader as the harness's ``--gold``."""
    docs, _, _ = load_gold_or_jsonl(path, split=split, schemas=schemas)
    return docs
