"""Declarative label schemas (schemas/*.toml), loaded and validated.

A schema declares its labels (with Vietnamese and English descriptions, colour,
hotkey), the relations allowed between them and a version. Unknown keys are
refused with the file and key named.

>>> s = load_schemas()
>>> s.names
('meetings', 'indicators', 'officials')
>>> s.schema_of("VALUE").name
'indicators'
>>> len(s.labels)
11
"""
from __future__ import annotations

__all__ = ["Label", "RelationRule", "Schema", "SchemaSet", "load_schema", "load_schemas", "SCHEMA_NAMES",
           "parse_schema_version"]

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import schemas as _schema_package
from .errors import Location, SchemaError

SCHEMA_NAMES = ("meetings", "indicators", "officials")
_SCHEMA_DIR = Path(_schema_package.__file__).resolve().parent  # schemas/ (installed as hoinghi.schemas)

_TOP_KEYS = {"name", "version", "title", "description", "labels", "relations"}
_LABEL_KEYS = {"name", "color", "hotkey", "vi", "en"}
_RELATION_KEYS = {"type", "heads", "tails", "vi", "en"}
_LABEL_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    hotkey: str | None
    vi: str
    en: str


@dataclass(frozen=True)
class RelationRule:
    """A relation ``head --type--> tail`` allowed between the given labels."""

    type: str
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    vi: str = ""
    en: str = ""

    def allows(self, head_label: str, tail_label: str) -> bool:
        return head_label in self.heads and tail_label in self.tails


@dataclass(frozen=True)
class Schema:
    name: str
    version: str
    title: dict
    description: dict
    labels: tuple[Label, ...]
    relations: tuple[RelationRule, ...]
    source: str

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    def allows_relation(self, type_: str, head_label: str, tail_label: str) -> bool:
        return any(r.type == type_ and r.allows(head_label, tail_label) for r in self.relations)


@dataclass(frozen=True)
class SchemaSet:
    """The schemas in force, with a label → schema index."""

    schemas: tuple[Schema, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.schemas)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for s in self.schemas for label in s.label_names)

    def __getitem__(self, name: str) -> Schema:
        for s in self.schemas:
            if s.name == name:
                return s
        raise KeyError(name)

    def schema_of(self, label: str) -> Schema:
        for s in self.schemas:
            if label in s.label_names:
                return s
        raise KeyError(label)

    def label_to_schema(self) -> dict[str, str]:
        return {label: s.name for s in self.schemas for label in s.label_names}

    @property
    def version(self) -> str:
        """``meetings@1.0.0+indicators@1.0.0+...``: goes into every score signature."""
        return "+".join(f"{s.name}@{s.version}" for s in self.schemas)

    def allows_relation(self, type_: str, head_label: str, tail_label: str) -> bool:
        return any(s.allows_relation(type_, head_label, tail_label) for s in self.schemas)

    def subset(self, names) -> "SchemaSet":
        """The schemas named (in this set's order); an unknown name raises ``KeyError``.

        >>> load_schemas().subset(["officials", "meetings"]).version
        'meetings@1.0.0+officials@1.0.0'
        """
        wanted = set(names)
        for n in wanted:
            self[n]
        return SchemaSet(tuple(s for s in self.schemas if s.name in wanted))


def parse_schema_version(version: str) -> dict[str, str]:
    """``{schema name: version}`` of a schema version string (:attr:`SchemaSet.version`).

    >>> parse_schema_version("meetings@1.0.0+officials@1.2.0")
    {'meetings': '1.0.0', 'officials': '1.2.0'}
    """
    out = {}
    for part in version.split("+"):
        name, _, ver = part.partition("@")
        if not name or not ver:
            raise ValueError(f"not a schema version string: {version!r} (expected name@version+...)")
        out[name] = ver
    return out


def _check_keys(table: dict, allowed: set[str], where: str, path: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SchemaError(f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})",
                          Location(path, field=f"{where}{unknown[0]}"))


def _require(table: dict, key: str, kind: type, where: str, path: str):
    if key not in table:
        raise SchemaError(f"missing key {key!r}", Location(path, field=f"{where}{key}"))
    value = table[key]
    if not isinstance(value, kind):
        raise SchemaError(f"{key!r} must be a {kind.__name__}", Location(path, field=f"{where}{key}"))
    return value


def load_schema(name_or_path: str | Path) -> Schema:
    """Load one schema by name (``meetings``) or by path to a TOML file."""
    path = Path(name_or_path)
    if not path.suffix:
        path = _SCHEMA_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        raise SchemaError(f"no such schema file (known schemas: {', '.join(SCHEMA_NAMES)})", Location(str(path)))
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(f"invalid TOML: {exc}", Location(str(path))) from None
    p = str(path)
    _check_keys(raw, _TOP_KEYS, "", p)
    name = _require(raw, "name", str, "", p)
    version = _require(raw, "version", str, "", p)
    labels = []
    for i, lab in enumerate(_require(raw, "labels", list, "", p)):
        w = f"labels[{i}]."
        _check_keys(lab, _LABEL_KEYS, w, p)
        lname = _require(lab, "name", str, w, p)
        if not _LABEL_RE.match(lname):
            raise SchemaError(f"label name {lname!r} must be upper-case letters, digits, _", Location(p, field=w + "name"))
        color = _require(lab, "color", str, w, p)
        if not _COLOR_RE.match(color):
            raise SchemaError(f"colour {color!r} must look like #1f77b4", Location(p, field=w + "color"))
        labels.append(Label(lname, color, lab.get("hotkey"), _require(lab, "vi", str, w, p), _require(lab, "en", str, w, p)))
    names = [label.name for label in labels]
    if len(set(names)) != len(names):
        raise SchemaError("duplicate label name", Location(p, field="labels"))
    hotkeys = [label.hotkey for label in labels if label.hotkey]
    if len(set(hotkeys)) != len(hotkeys):
        raise SchemaError("duplicate hotkey", Location(p, field="labels"))
    relations = []
    for i, rel in enumerate(raw.get("relations", [])):
        w = f"relations[{i}]."
        _check_keys(rel, _RELATION_KEYS, w, p)
        heads = tuple(_require(rel, "heads", list, w, p))
        tails = tuple(_require(rel, "tails", list, w, p))
        for end in heads + tails:
            if end not in names:
                raise SchemaError(f"relation endpoint {end!r} is not a label of this schema", Location(p, field=w.rstrip(".")))
        relations.append(RelationRule(_require(rel, "type", str, w, p), heads, tails, rel.get("vi", ""), rel.get("en", "")))
    return Schema(name, version, dict(raw.get("title", {})), dict(raw.get("description", {})),
                  tuple(labels), tuple(relations), p)


@lru_cache(maxsize=8)
def _load_default() -> SchemaSet:
    return _combine([load_schema(n) for n in SCHEMA_NAMES])


def _combine(schemas: list[Schema]) -> SchemaSet:
    seen: dict[str, str] = {}
    for s in schemas:
        for label in s.label_names:
            if label in seen:
                raise SchemaError(f"label {label!r} is declared by both {seen[label]} and {s.name}", Location(s.source))
            seen[label] = s.name
    return SchemaSet(tuple(schemas))


def load_schemas(paths: list[str | Path] | None = None) -> SchemaSet:
    """The three shipped schemas, or the given schema files."""
    if not paths:
        return _load_default()
    return _combine([load_schema(p) for p in paths])


def schema_fingerprint(schemas: SchemaSet) -> str:
    """A short hash of the schema files' content (labels, relations, versions)."""
    h = hashlib.sha256()
    for s in schemas.schemas:
        h.update(repr((s.name, s.version, s.label_names, s.relations)).encode())
    return h.hexdigest()[:12]
