"""Two-way conversion between the document contract and Label Studio result items.

A span becomes a ``labels`` region (``from_name`` = the label's schema, ``to_name`` =
``"text"``, ``value{start, end, text, labels}``); a relation becomes a ``relation`` item
(``from_id`` → ``to_id``, ``direction: "right"``, ``labels: [type]``; no ``id``, as the UI
stores it). Offsets are code points of the NFC text, exactly as the UI counts them.

:func:`from_results` never drops anything silently: each item it cannot convert comes
back as a :class:`Problem` with a reason (one of :data:`REASONS`).

>>> from hoinghi.document import Document, Span, Relation
>>> doc = Document("d1", "Ông Nguyễn Văn An là Bí thư.", (Span(4, 17, "PERSON", "p"), Span(21, 27, "POSITION", "q")),
...                (Relation("p", "q", "holds"),))
>>> items = to_results(doc)
>>> items[0]["value"]
{'start': 4, 'end': 17, 'text': 'Nguyễn Văn An', 'labels': ['PERSON']}
>>> items[2]
{'type': 'relation', 'from_id': 'p', 'to_id': 'q', 'direction': 'right', 'labels': ['holds']}
>>> conv = from_results(items, doc.text)
>>> [(s.start, s.end, s.label, s.id) for s in conv.spans], conv.relations == doc.relations, conv.problems
([(4, 17, 'PERSON', 'p'), (21, 27, 'POSITION', 'q')], True, [])
"""
from __future__ import annotations

__all__ = ["to_results", "from_results", "nfc_results", "Conversion", "Problem", "REASONS"]

import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from ..document import Document, Relation, Span
from ..schema import load_schemas
from .label_config import TEXT_NAME

#: Why a result item could not be converted (the ``reason`` of a reject).
REASONS = {
    "unknown label": "the label is not declared by the project's schemas",
    "unknown control": "the result's from_name is not a control named after one of the project's schemas",
    "offsets split a character": "the task text is not NFC and start/end fall inside a sequence NFC composes",
    "wrong control": "the label belongs to another schema than the result's from_name",
    "offsets out of range": "start/end are not integers with 0 <= start < end <= len(text)",
    "text mismatch": "value.text differs from text[start:end]",
    "several labels": "one region carries several labels (the contract has one label per span)",
    "no label": "a region without a label",
    "duplicate region id": "two regions share an id",
    "unsupported item": "a result type other than labels/relation (or a malformed item)",
    "relation to a missing region": "from_id or to_id names no converted region",
    "relation without type": "a relation the annotator left without a type, where the schemas allow no single type "
                             "between its two labels",
    "unknown relation type": "the relation type is not declared by the schemas",
    "relation not allowed": "the schemas do not allow this type between these labels",
    "bidirectional relation": "direction 'bi' has no head and tail",
    "overlapping span": "overlaps an earlier span of the same schema in the same annotation (gold spans of one "
                        "schema never overlap)",
    "relation to an overlapping span": "its head or tail is an overlapping span, which is rejected",
}

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _region_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def to_results(doc: Document, *, label_to_schema: dict[str, str] | None = None, origin: str | None = None,
               new_ids: bool = False, id_factory: Callable[[], str] = _region_id) -> list[dict]:
    """Label Studio result items for ``doc``'s spans and relations.

    ``label_to_schema`` (default: the shipped schemas) gives each span's ``from_name``.
    ``new_ids`` replaces span ids by fresh 10-character region ids like the UI's
    (relations follow); otherwise span ids are kept (a span without id gets a new one).
    ``origin="manual"`` marks items as the UI does for hand-made regions.
    """
    l2s = label_to_schema if label_to_schema is not None else load_schemas().label_to_schema()
    ids: dict[str | None, str] = {}
    items: list[dict] = []
    for s in doc.spans:
        rid = id_factory() if new_ids or not s.id else s.id
        if s.id is not None:
            ids[s.id] = rid
        text = doc.text[s.start:s.end] if doc.text is not None else s.text
        item = {"id": rid, "from_name": l2s.get(s.label, s.label), "to_name": TEXT_NAME, "type": "labels",
                "value": {"start": s.start, "end": s.end, "text": text, "labels": [s.label]}}
        if origin:
            item["origin"] = origin
        if s.score is not None:   # an extractor's confidence: Label Studio shows it on the region
            item["score"] = s.score
        items.append(item)
    for r in doc.relations:
        items.append({"type": "relation", "from_id": ids.get(r.head, r.head), "to_id": ids.get(r.tail, r.tail),
                      "direction": "right", "labels": [r.type]})
    return items


@dataclass(frozen=True)
class Problem:
    """A result item that could not be converted."""

    reason: str
    item: object
    detail: str = ""

    def __post_init__(self):
        assert self.reason in REASONS, self.reason


@dataclass
class Conversion:
    """Spans and relations converted from one result list, plus the problems."""

    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    inferred: tuple[Relation, ...] = ()      # relations submitted without a type, typed by the schema


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def from_results(result: list, text: str, *, label_to_schema: dict[str, str] | None = None,
                 relation_ok: Callable[[str, str, str], bool] | None = None,
                 relation_types: set[str] | None = None) -> Conversion:
    """Convert Label Studio result items over ``text`` back to spans and relations.

    ``label_to_schema`` (default: the shipped schemas) lists the known labels and the
    control each belongs to (a region whose ``from_name`` is a different control is
    refused). ``relation_ok(type, head_label, tail_label)`` (default: the shipped schemas'
    rules) and ``relation_types`` check relations. Span ids are the region ids; spans come
    out sorted by (start, end, label), relations in result order.

    >>> bad = [{"id": "a", "from_name": "officials", "to_name": "text", "type": "labels",
    ...         "value": {"start": 0, "end": 3, "text": "xyz", "labels": ["PERSON"]}}]
    >>> [p.reason for p in from_results(bad, "Ông An").problems]
    ['text mismatch']
    """
    if label_to_schema is None or relation_ok is None:
        schemas = load_schemas()
        label_to_schema = schemas.label_to_schema() if label_to_schema is None else label_to_schema
        if relation_ok is None:
            relation_ok = schemas.allows_relation
    if relation_types is None:
        relation_types = {r.type for s in load_schemas().schemas for r in s.relations}
    problems: list[Problem] = []
    regions: dict[str, Span] = {}
    rels: list[dict] = []
    for item in result if isinstance(result, list) else [result]:
        if isinstance(item, dict) and item.get("type") == "relation":
            rels.append(item)
            continue
        region = _region(item, text, label_to_schema, regions)
        if isinstance(region, Problem):
            problems.append(region)
        else:
            regions[region.id] = region
    relations: list[Relation] = []
    inferred: list[Relation] = []
    for item in rels:
        for rel in _relations(item, regions, relation_ok, relation_types, problems, inferred):
            if rel not in relations:
                relations.append(rel)
    spans = tuple(sorted(regions.values(), key=lambda s: (*s.key, s.id)))
    return Conversion(spans, tuple(relations), problems, tuple(dict.fromkeys(inferred)))


def _region(item: object, text: str, label_to_schema: dict[str, str], regions: dict[str, Span]) -> Span | Problem:
    """A ``labels`` item as a span (its region id as the span id), or why it is refused."""
    if not isinstance(item, dict):
        return Problem("unsupported item", item, "not an object")
    kind = item.get("type")
    if kind != "labels" or not isinstance(item.get("value"), dict):
        return Problem("unsupported item", item, f"type {kind!r}")
    v = item["value"]
    rid = item.get("id")
    if not isinstance(rid, str) or not rid:
        return Problem("unsupported item", item, "region without id")
    if rid in regions:
        return Problem("duplicate region id", item, rid)
    labels = v.get("labels")
    if not isinstance(labels, list) or not labels:
        return Problem("no label", item)
    if len(labels) > 1:
        return Problem("several labels", item, ", ".join(map(str, labels)))
    label = labels[0]
    controls = set(label_to_schema.values())
    if item.get("from_name") not in controls:
        return Problem("unknown control", item, f"label {label!r} comes from control {item.get('from_name')!r}, "
                       f"which is not named after a schema of this project ({', '.join(sorted(controls)) or 'none'}); "
                       "name each <Labels> control after its schema")
    if label not in label_to_schema:
        return Problem("unknown label", item, str(label))
    if item.get("from_name") != label_to_schema[label]:
        return Problem("wrong control", item, f"{label} belongs to {label_to_schema[label]}, not {item.get('from_name')}")
    start, end = v.get("start"), v.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        return Problem("offsets out of range", item, f"[{start}, {end}) over {len(text)} characters")
    if "text" in v and v["text"] != text[start:end]:
        return Problem("text mismatch", item, f"{v['text']!r} != {text[start:end]!r}")
    return Span(start, end, label, rid, text[start:end])


def _relations(item: dict, regions: dict[str, Span], relation_ok, relation_types: set[str] | None,
               problems: list[Problem], inferred: list[Relation]) -> list[Relation]:
    """A ``relation`` item as relations (one per type) between converted regions; each
    refusal is appended to ``problems``. A relation without a type gets the one type the
    schemas allow from its head's label to its tail's (appended to ``inferred`` too);
    with none or several allowed it is refused, the detail naming them."""
    from_id, to_id = item.get("from_id"), item.get("to_id")
    if from_id not in regions or to_id not in regions:
        problems.append(Problem("relation to a missing region", item,
                                ", ".join(str(x) for x in (from_id, to_id) if x not in regions)))
        return []
    direction = item.get("direction", "right")
    if direction == "bi":
        problems.append(Problem("bidirectional relation", item))
        return []
    head, tail = (from_id, to_id) if direction != "left" else (to_id, from_id)
    types = item.get("labels") or []
    if not types:
        allowed = sorted(t for t in relation_types or () if relation_ok(t, regions[head].label, regions[tail].label))
        if len(allowed) != 1:
            ends = f"{regions[head].label} -> {regions[tail].label}"
            problems.append(Problem("relation without type", item, f"{ends}: the schemas allow "
                                    + (f"several types ({', '.join(allowed)})" if allowed else "no type")))
            return []
        inferred.append(Relation(head, tail, allowed[0]))
        return [inferred[-1]]
    out = []
    for t in types:
        if relation_types is not None and t not in relation_types:
            problems.append(Problem("unknown relation type", item, str(t)))
        elif not relation_ok(t, regions[head].label, regions[tail].label):
            problems.append(Problem("relation not allowed", item, f"{regions[head].label} --{t}--> {regions[tail].label}"))
        else:
            out.append(Relation(head, tail, t))
    return out


def nfc_results(result: list, text: str) -> tuple[str, list, list[Problem]]:
    """A task whose text is not NFC (imported outside ``push``): the NFC text and the
    result items with offsets remapped to it exactly (``value.text`` normalised too), and
    the items whose offsets fall inside a sequence NFC composes (a :class:`Problem`
    each, left out of the items). Offsets map as ``len(NFC(text[:i]))``, checked by
    ``NFC(text)[start':end'] == NFC(text[start:end])``.

    >>> nfd = unicodedata.normalize("NFD", "Ông Nguyễn")
    >>> item = {"id": "a", "type": "labels", "value": {"start": 5, "end": len(nfd), "text": nfd[5:], "labels": ["PERSON"]}}
    >>> text, items, problems = nfc_results([item], nfd)
    >>> items[0]["value"]["start"], items[0]["value"]["end"], text[4:10], problems
    (4, 10, 'Nguyễn', [])
    >>> [p.reason for p in nfc_results([dict(item, value=dict(item["value"], start=10))], nfd)[2]]  # inside ễ
    ['offsets split a character']
    """
    nfc = unicodedata.normalize("NFC", text)
    items: list = []
    problems: list[Problem] = []
    for item in result if isinstance(result, list) else [result]:
        v = item.get("value") if isinstance(item, dict) else None
        if not (isinstance(v, dict) and _is_int(v.get("start")) and _is_int(v.get("end"))
                and 0 <= v["start"] < v["end"] <= len(text)):
            items.append(item)  # from_results says what is wrong with it
            continue
        start, end = (len(unicodedata.normalize("NFC", text[:i])) for i in (v["start"], v["end"]))
        piece = unicodedata.normalize("NFC", text[v["start"]:v["end"]])
        if nfc[start:end] != piece:
            problems.append(Problem("offsets split a character", item,
                                    f"[{v['start']}, {v['end']}) of the non-NFC text has no NFC counterpart"))
            continue
        value = dict(v, start=start, end=end)
        if isinstance(v.get("text"), str):
            value["text"] = unicodedata.normalize("NFC", v["text"])
        items.append(dict(item, value=value))
    return nfc, items, problems
