"""Load the gold side of an evaluation: a gold JSONL file or a gold set folder.

A **gold JSONL file** is the document contract, checked as gold: every line has
``text`` (NFC), labels are known, spans of one schema do not overlap, relations are
allowed by the schemas, document ids are unique.

A **gold set folder** (``gold/<name>/``, built by ``hoinghi.annotate.gold``) holds
``data/{train,dev,test}.jsonl`` and a ``gold.json`` manifest. All splits are scored
together unless ``split`` names one. Ids must be unique across splits.

The fingerprint (:func:`hoinghi.document.fingerprint`) is always computed from the
documents actually loaded, so the score signature names exactly the data scored.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "g.jsonl"
>>> _ = p.write_text('{"id": "d1", "text": "Ông Lê Văn An", "spans": [{"start": 4, "end": 13, "label": "PERSON"}]}\\n', encoding="utf-8")
>>> docs, fp, prov = load_gold_or_jsonl(p)
>>> [d.id for d in docs], len(fp), prov.kind, prov.n_documents
(['d1'], 16, 'jsonl', 1)
"""
from __future__ import annotations

__all__ = ["GoldProvenance", "load_gold_or_jsonl", "SPLITS"]

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..document import Document, fingerprint, iter_documents
from ..errors import InputError, Location
from ..schema import SchemaSet, load_schemas

SPLITS = ("train", "dev", "test")


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


def _read_manifest(folder: Path) -> dict:
    path = folder / "gold.json"
    if not path.is_file():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", Location(str(path))) from None
    if not isinstance(manifest, dict):
        raise InputError("the manifest must be a JSON object", Location(str(path)))
    return manifest


def _load_folder(folder: Path, schemas: SchemaSet, split: str | None) -> tuple[list[Document], str, GoldProvenance]:
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
    seen: dict[str, str] = {}
    docs: list[Document] = []
    for name in order:
        docs += _read_jsonl(files[name], schemas, seen)
    manifest = _read_manifest(folder)
    warnings = []
    declared = manifest.get("fingerprint")
    actual = fingerprint(docs)
    if split is None and isinstance(declared, str) and declared != actual:
        warnings.append(f"{folder / 'gold.json'}: fingerprint {declared} does not match the data files "
                        f"({actual}); the data were changed after the gold set was built")
    prov = GoldProvenance(str(folder), "gold-set", len(docs), str(manifest.get("name") or folder.name),
                          str(manifest["version"]) if "version" in manifest else None, tuple(order),
                          manifest.get("schema_version"), tuple(warnings))
    return docs, actual, prov


def load_gold_or_jsonl(path: str | Path, *, split: str | None = None,
                       schemas: SchemaSet | None = None) -> tuple[list[Document], str, GoldProvenance]:
    """Load gold documents from a JSONL file or a gold set folder.

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
