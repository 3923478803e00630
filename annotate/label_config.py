"""Label Studio label configs generated from the schema files (never hand-edited).

One ``<Labels name="<schema>" toName="text">`` control per schema, so a result's
``from_name`` is the schema's name; one ``<Text name="text" value="$text">`` without
``granularity`` (spans keep code-point offsets, nothing snaps to words); a
``<Relations>`` block with the relation types. A combined config holds every schema's
``Labels`` over the same ``Text``. Each label carries its colour (``background``), its
hotkey and its Vietnamese and English description as the ``hint`` tooltip. ``alias`` is
deliberately not used: Label Studio would store the alias instead of the label name.

>>> from hoinghi.schema import load_schemas
>>> xml = label_config(load_schemas()["meetings"])
>>> print(xml.splitlines()[2])
  <Labels name="meetings" toName="text" showInline="true">
>>> parse_label_config(xml).controls["meetings"]
('MEETING', 'ORGANIZER', 'DATE', 'TERM')
"""
from __future__ import annotations

__all__ = ["label_config", "parse_label_config", "ParsedConfig", "TEXT_NAME", "config_diff"]

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Iterable
from xml.sax.saxutils import quoteattr

from ..errors import InputError, Location
from ..schema import Schema, SchemaSet

#: The name of the Text object every control points at (``to_name`` of every result).
TEXT_NAME = "text"


def _as_list(schemas: Schema | SchemaSet | Iterable[Schema]) -> list[Schema]:
    if isinstance(schemas, Schema):
        return [schemas]
    if isinstance(schemas, SchemaSet):
        return list(schemas.schemas)
    return list(schemas)


def label_config(schemas: Schema | SchemaSet | Iterable[Schema]) -> str:
    """The XML label config for one schema, or a combined config for several."""
    schemas = _as_list(schemas)
    if not schemas:
        raise ValueError("label_config needs at least one schema")
    lines = ["<View>"]
    title = " + ".join(s.title.get("vi", s.name) for s in schemas)
    lines.append(f"  <Header value={quoteattr(title)}/>")
    for s in schemas:
        lines.append(f'  <Labels name={quoteattr(s.name)} toName="{TEXT_NAME}" showInline="true">')
        for lab in s.labels:
            attrs = [f"value={quoteattr(lab.name)}", f"background={quoteattr(lab.color)}"]
            if lab.hotkey:
                attrs.append(f"hotkey={quoteattr(lab.hotkey)}")
            attrs.append(f"hint={quoteattr(f'{lab.vi} | {lab.en}')}")
            lines.append(f"    <Label {' '.join(attrs)}/>")
        lines.append("  </Labels>")
    types: dict[str, list[str]] = {}
    for s in schemas:
        for r in s.relations:
            types.setdefault(r.type, []).append(f"{s.name}: {r.vi} | {r.en}")
    if types:
        lines.append("  <Relations>")
        for t, hints in types.items():
            lines.append(f"    <Relation value={quoteattr(t)} hint={quoteattr('; '.join(hints))}/>")
        lines.append("  </Relations>")
    lines.append(f'  <Text name="{TEXT_NAME}" value="${TEXT_NAME}"/>')
    lines.append("</View>")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ParsedConfig:
    """What a label config declares: ``Labels`` controls (name → label values) and
    relation types."""

    controls: dict[str, tuple[str, ...]]
    relation_types: tuple[str, ...]
    text_name: str | None

    @property
    def labels(self) -> dict[str, str]:
        """label → control name."""
        return {lab: c for c, labs in self.controls.items() for lab in labs}


def parse_label_config(xml: str, where: Location | None = None) -> ParsedConfig:
    """Read the controls of a (generated or existing) label config."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise InputError(f"label config is not valid XML: {exc}", where) from None
    controls: dict[str, tuple[str, ...]] = {}
    for el in root.iter():
        if el.tag in ("Labels", "HyperTextLabels", "ParagraphLabels"):
            controls[el.get("name", "")] = tuple(lab.get("value", "") for lab in el if lab.tag == "Label")
    rels = tuple(r.get("value", "") for el in root.iter("Relations") for r in el if r.tag == "Relation")
    text = next((el.get("name") for el in root.iter("Text")), None)
    return ParsedConfig(controls, rels, text)


def config_diff(old: str, new: str) -> dict[str, list[str]]:
    """Labels and relation types removed and added between two configs
    (``"control:LABEL"`` strings; relation types as ``"relation:type"``).

    >>> old = '<View><Labels name="a" toName="text"><Label value="X"/><Label value="Y"/></Labels><Text name="text" value="$text"/></View>'
    >>> new = '<View><Labels name="a" toName="text"><Label value="X"/><Label value="Z"/></Labels><Text name="text" value="$text"/></View>'
    >>> config_diff(old, new)
    {'removed': ['a:Y'], 'added': ['a:Z']}
    """
    o, n = parse_label_config(old), parse_label_config(new)
    oset = {f"{c}:{lab}" for c, labs in o.controls.items() for lab in labs} | {f"relation:{t}" for t in o.relation_types}
    nset = {f"{c}:{lab}" for c, labs in n.controls.items() for lab in labs} | {f"relation:{t}" for t in n.relation_types}
    return {"removed": sorted(oset - nset), "added": sorted(nset - oset)}
