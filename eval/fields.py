"""Which fields are scored: all of the schemas' (the default), or only those an extractor
attempts (``--fields PERSON,POSITION,DATE`` / ``--schema officials``).

A selection restricts the schemas (labels, and the relation rules between selected
labels) and, before matching, the gold and predicted documents: spans of unselected
fields and the relations that touch them are set aside, so they count neither as misses
nor as spurious predictions, and no row, macro average or Holm family carries them. It
is recorded in the signature (``fields:PERSON+POSITION+DATE``; ``all`` when nothing is
selected, not printed in the short form), so a baseline made on other fields is refused.

>>> from hoinghi.schema import load_schemas
>>> sel = select_fields(load_schemas(), ["officials", "DATE"])
>>> sel.labels, sel.text, sel.schemas.names
(('DATE', 'PERSON', 'POSITION'), 'DATE+PERSON+POSITION', ('meetings', 'officials'))
>>> select_fields(load_schemas(), []).text
'all'
"""
from __future__ import annotations

__all__ = ["FieldSelection", "select_fields", "ALL"]

from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from ..document import Document
from ..errors import InputError
from ..schema import SchemaSet

#: The signature's ``fields`` part when every field of the schemas is scored.
ALL = "all"


@dataclass(frozen=True)
class FieldSelection:
    """The selected ``labels`` (in schema order), the schemas restricted to them, and
    the full schemas they were chosen from."""

    labels: tuple[str, ...]
    schemas: SchemaSet
    full: SchemaSet

    @property
    def partial(self) -> bool:
        return len(self.labels) < len(self.full.labels)

    @property
    def text(self) -> str:
        """The signature part: ``all`` or the labels joined by ``+``."""
        return "+".join(self.labels) if self.partial else ALL

    def restrict(self, doc: Document, set_aside: Counter | None = None) -> Document:
        """``doc`` without the spans of unselected (known) fields and the relations that
        touch them; the labels set aside are counted in ``set_aside``. Spans whose label
        no schema knows stay, so that scoring refuses them as before."""
        if not self.partial:
            return doc
        drop = set(self.full.labels) - set(self.labels)
        gone = [s for s in doc.spans if s.label in drop]
        if not gone:
            return doc
        if set_aside is not None:
            set_aside.update(s.label for s in gone)
        gone_ids = {s.id for s in gone}
        return replace(doc, spans=tuple(s for s in doc.spans if s.label not in drop),
                       relations=tuple(r for r in doc.relations if r.head not in gone_ids and r.tail not in gone_ids))


def select_fields(schemas: SchemaSet, names: Iterable[str]) -> FieldSelection:
    """The selection of ``names``: field labels (``PERSON``) and schema names
    (``officials``, all its labels); none selects every field. An unknown name is an
    :class:`~hoinghi.errors.InputError` listing the known ones."""
    wanted: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name in schemas.names:
            wanted.update(schemas[name].label_names)
        elif name in schemas.labels:
            wanted.add(name)
        else:
            raise InputError(f"unknown field or schema {name!r} (fields: {', '.join(schemas.labels)}; "
                             f"schemas: {', '.join(schemas.names)})")
    if not wanted:
        return FieldSelection(schemas.labels, schemas, schemas)
    kept = []
    for s in schemas.schemas:
        labels = tuple(label for label in s.labels if label.name in wanted)
        if not labels:
            continue
        rules = []
        for r in s.relations:
            heads = tuple(h for h in r.heads if h in wanted)
            tails = tuple(t for t in r.tails if t in wanted)
            if heads and tails:
                rules.append(replace(r, heads=heads, tails=tails))
        kept.append(replace(s, labels=labels, relations=tuple(rules)))
    restricted = SchemaSet(tuple(kept))
    return FieldSelection(restricted.labels, restricted, schemas)
