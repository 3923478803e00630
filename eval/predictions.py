"""Prediction data: what an extractor returned, checked against its gold document.

* :func:`coerce_prediction` turns what a Python extractor returned (a
  :class:`~hoinghi.document.Document`, a dict in the document contract, or a list of
  spans) into a prediction dict;
* :func:`check_prediction` checks one prediction against its gold document and the
  schemas (offsets, labels, relations, span text) and returns it as a ``Document``;
* :func:`read_prediction_file` reads a prediction ``.jsonl`` file made earlier, checked
  like any user input;
* :class:`Failure` records an extractor that failed on one document
  (:data:`FAILURE_KINDS`); :func:`input_json` is all an extractor sees of a document.

Running extractors (spec resolution, Python workers, commands) is
:mod:`hoinghi.eval.runner` (``run_extractor``, ``PredictionRun``, ``resolve_extractor``,
``ExtractorSpec``).
"""
from __future__ import annotations

__all__ = [
    "Failure",
    "FAILURE_KINDS",
    "coerce_prediction",
    "check_prediction",
    "read_prediction_file",
    "input_json",
    "ACCEPTED_RETURNS",
]

from dataclasses import dataclass
from pathlib import Path

from ..document import Document, Relation, Span, iter_json_lines, validate_document
from ..errors import InputError, Location
from ..schema import SchemaSet, load_schemas

#: What can go wrong with an extractor on one document.
FAILURE_KINDS = {
    "error": "the extractor raised an exception",
    "timeout": "the extractor did not answer within the timeout (its process was killed)",
    "crash": "the extractor's process died or a command exited with a non-zero status",
    "garbage": "a command wrote output that is not prediction JSONL for the documents sent",
    "invalid": "the prediction breaks the document contract (offsets, labels, types, span text)",
    "missing": "no prediction for this document (a command or a prediction file left it out)",
}


@dataclass(frozen=True)
class Failure:
    """The extractor failed on one document; it is scored as an empty prediction.

    >>> Failure("d7", "timeout", "no answer within 2.0 s").to_json()
    {'doc_id': 'd7', 'kind': 'timeout', 'message': 'no answer within 2.0 s'}
    """

    doc_id: str
    kind: str
    message: str

    def to_json(self) -> dict:
        return {"doc_id": self.doc_id, "kind": self.kind, "message": self.message}


# -- turning an extractor's answer into a checked prediction -------------------

#: What a Python extractor may return, in the words of the error for anything else.
ACCEPTED_RETURNS = ("a list of spans (Span objects or dicts with start, end, label), "
                    "a dict {\"spans\": [...], \"relations\": [...]} holding Span/Relation objects or dicts, "
                    "or a Document")


def _span_json(s, where: str) -> dict:
    if isinstance(s, Span):
        return s.to_json() if s.id is not None else {k: v for k, v in s.to_json().items() if k != "id"}
    if isinstance(s, dict):
        return s
    raise TypeError(f"{where} is {type(s).__name__}; a span must be a Span or a dict with start, end, label")


def _relation_json(r, where: str) -> dict:
    if isinstance(r, Relation):
        return r.to_json()
    if isinstance(r, dict):
        return r
    raise TypeError(f"{where} is {type(r).__name__}; a relation must be a Relation or a dict with head, tail, type")


def _items(value, name: str) -> list:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} is {type(value).__name__}; expected a list")
    return list(value)


def coerce_prediction(result: object, doc_id: str) -> dict:
    """Turn what a Python extractor returned into a prediction dict in the contract
    (not yet checked: see :func:`check_prediction`). Accepted: :data:`ACCEPTED_RETURNS`.
    Raises ``TypeError`` naming the accepted forms for a return value of another kind.

    >>> coerce_prediction([Span(0, 3, "PERSON")], "d1")
    {'id': 'd1', 'spans': [{'start': 0, 'end': 3, 'label': 'PERSON'}], 'relations': []}
    >>> coerce_prediction({"spans": [Span(0, 3, "PERSON", "p")], "relations": [Relation("p", "p", "holds")]}, "d1")
    {'spans': [{'id': 'p', 'start': 0, 'end': 3, 'label': 'PERSON'}], 'relations': [{'head': 'p', 'tail': 'p', 'type': 'holds'}], 'id': 'd1'}
    >>> coerce_prediction(None, "d1")
    Traceback (most recent call last):
    ...
    TypeError: the extractor returned None (return [] when it finds nothing)
    """
    if result is None:
        raise TypeError("the extractor returned None (return [] when it finds nothing)")
    if isinstance(result, Document):
        out = result.to_json()
        if result.id != doc_id:
            out["id"] = result.id  # check_prediction reports the mismatch
        return out
    if isinstance(result, dict):
        out = dict(result)
        out.setdefault("id", doc_id)
        if "spans" in out:
            out["spans"] = [_span_json(s, f"spans[{i}]") for i, s in enumerate(_items(out["spans"], "spans"))]
        if "relations" in out:
            out["relations"] = [_relation_json(r, f"relations[{i}]")
                                for i, r in enumerate(_items(out["relations"], "relations"))]
        return out
    if isinstance(result, (list, tuple)):
        return {"id": doc_id, "spans": [_span_json(s, f"item {i}") for i, s in enumerate(result)], "relations": []}
    raise TypeError(f"the extractor returned {type(result).__name__}; accepted: {ACCEPTED_RETURNS}")


def check_prediction(obj: object, gold: Document, where: Location | None = None, *,
                     schemas: SchemaSet | None = None) -> Document:
    """Check one prediction (a dict in the contract, or a ``Document``) against its gold
    document and the schemas; return it as a :class:`Document` carrying the gold text.
    Raises :class:`InputError` naming the field.

    Predictions may overlap (the scorer's duplicate policy handles them) but must use
    known labels, allowed relations and offsets inside the gold text.

    >>> g = Document("d1", "Ông Lê Văn An")
    >>> check_prediction({"id": "d1", "spans": [{"start": 4, "end": 13, "label": "PERSON"}]}, g).spans[0].label
    'PERSON'
    >>> check_prediction({"id": "d1", "spans": [{"start": 4, "end": 40, "label": "PERSON"}]}, g, Location("p.jsonl", 1))
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: p.jsonl, line 1, document d1, field spans[0].end: offsets [4, 40) out of range (text has 13 characters)
    """
    schemas = schemas or load_schemas()
    where = where or Location()
    pred = obj if isinstance(obj, Document) else Document.from_json(obj, where, require_text=False)
    return _check_parsed(pred, gold, where, schemas)


def _check_parsed(pred: Document, gold: Document, where: Location, schemas: SchemaSet) -> Document:
    """:func:`check_prediction` for a prediction already parsed with ``Document.from_json``."""
    loc = lambda fld: Location(where.file, where.line, pred.id, fld)  # noqa: E731
    if pred.id != gold.id:
        raise InputError(f"prediction for document {pred.id!r} given where {gold.id!r} was expected", loc("id"))
    text = gold.text or ""
    if pred.text is not None and pred.text != text:
        raise InputError("text differs from the gold text of this document (leave text out, or send it unchanged)", loc("text"))
    for i, s in enumerate(pred.spans):
        if s.end > len(text):
            raise InputError(f"offsets [{s.start}, {s.end}) out of range (text has {len(text)} characters)", loc(f"spans[{i}].end"))
        if s.text is not None and text[s.start:s.end] != s.text:
            raise InputError(f"span text {s.text!r} does not match text[{s.start}:{s.end}] = {text[s.start:s.end]!r}",
                             loc(f"spans[{i}].text"))
    validate_document(pred, where, labels=schemas.label_to_schema(), gold=False, relation_ok=schemas.allows_relation)
    return Document(gold.id, gold.text, pred.spans, pred.relations, pred.meta)


def input_json(doc: Document) -> dict:
    """What an extractor sees of a gold document: id and text. Never its spans, relations
    or meta (annotators, adjudication: provenance, not input).

    >>> input_json(Document("d1", "Hội nghị", meta={"annotator": "a"}))
    {'id': 'd1', 'text': 'Hội nghị'}
    """
    return {"id": doc.id, "text": doc.text}


# -- prediction files ------------------------------------------------------------

def read_prediction_file(path: Path, gold: dict[str, Document], schemas: SchemaSet | None = None
                         ) -> tuple[dict[str, Document], list[str]]:
    """Read a prediction JSONL file and check every line against its gold document;
    a bad line raises :class:`~hoinghi.errors.InputError` naming file, line, document and
    field. Returns (predictions by id, ids in the file that are not in ``gold``)."""
    schemas = schemas or load_schemas()
    preds: dict[str, Document] = {}
    first_line: dict[str, int] = {}
    extra: list[str] = []
    for where, obj in iter_json_lines(path):
        doc = Document.from_json(obj, where, require_text=False)
        lineno = where.line
        if doc.id in first_line:
            raise InputError(f"duplicate document id (first on line {first_line[doc.id]})", Location(str(path), lineno, doc.id, "id"))
        first_line[doc.id] = lineno
        if doc.id not in gold:
            validate_document(doc, where, labels=schemas.label_to_schema(), relation_ok=schemas.allows_relation)
            extra.append(doc.id)
            continue
        preds[doc.id] = _check_parsed(doc, gold[doc.id], where, schemas)
    return preds, extra
