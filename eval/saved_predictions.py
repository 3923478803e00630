"""Saved predictions: a prediction JSONL file and its sidecar, an artefact of a run.

``hoinghi extract`` and ``hoinghi eval --save-predictions`` write one prediction line
per document the extractor answered (``{"id", "spans", "relations"}``; no text, the
gold or the source has it) and, beside it, a **sidecar** ``<name>.meta.json``
(:func:`sidecar_path`) recording

* the extractor's ``name@version`` and its spec, as given and in a form that names the
  same extractor from any working directory (:func:`~hoinghi.eval.runner.spec.findable_spec`);
* the input: where it came from and its fingerprint (ids and texts, order-free);
* the engine, whether the run finished, and every document the extractor failed on
  (:class:`~hoinghi.eval.predictions.Failure`: such a document has no line);
* the SHA-256 of the finished prediction file, so an edited file is not taken for the
  extractor's output.

``eval``, ``gate`` and ``report`` read such a file as predictions and take the
extractor's identity for the score signature from the sidecar (:func:`saved_identity`);
a file without a sidecar, or one changed after it was written, is "a file"
(``file:NAME@<hash>``). Nothing in either file is ever executed.

>>> sidecar_path("out/predictions.jsonl").name, sidecar_path("out/preds").name
('predictions.meta.json', 'preds.meta.json')
"""
from __future__ import annotations

__all__ = [
    "SIDECAR_FORMAT",
    "Sidecar",
    "sidecar_path",
    "read_sidecar",
    "write_sidecar",
    "prediction_line",
    "input_fingerprint",
    "file_sha",
    "saved_identity",
    "save_predictions",
    "refuse_overwrite",
]

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .. import __version__
from ..atomic import atomic_writer, write_atomic
from ..document import Document, fingerprint
from ..errors import InputError, Location
from .predictions import FAILURE_KINDS, Failure

SIDECAR_FORMAT = "hoinghi-predictions/1"


@dataclass(frozen=True)
class Sidecar:
    """What a saved prediction file holds and where it came from (see the module doc)."""

    extractor_name: str
    extractor_version: str
    spec: str                      # as the user gave it
    findable_spec: str             # the same extractor, from any working directory
    source: str                    # the input: an absolute path, or hf:NAME
    source_kind: str               # "txt-folder" | "jsonl" | "gold-set" | "hf" | "gold"
    input_fingerprint: str
    n_documents: int
    engine: str = "local"
    complete: bool = False
    n_predictions: int = 0
    failures: tuple[Failure, ...] = ()
    predictions_sha: str | None = None
    hoinghi_version: str = __version__
    format: str = field(default=SIDECAR_FORMAT)

    @property
    def extractor(self) -> str:
        """``name@version``, as in the score signature."""
        return f"{self.extractor_name}@{self.extractor_version}"

    def to_json(self) -> dict:
        return {"format": self.format, "extractor": self.extractor, "extractor_name": self.extractor_name,
                "extractor_version": self.extractor_version, "spec": self.spec, "findable_spec": self.findable_spec,
                "input": {"source": self.source, "kind": self.source_kind, "fingerprint": self.input_fingerprint,
                          "n_documents": self.n_documents},
                "engine": self.engine, "complete": self.complete, "n_predictions": self.n_predictions,
                "n_failures": len(self.failures), "failures": [f.to_json() for f in self.failures],
                "predictions_sha256": self.predictions_sha, "hoinghi_version": self.hoinghi_version}

    @classmethod
    def from_json(cls, obj: object, where: str) -> "Sidecar":
        """Read a sidecar; anything malformed is an :class:`InputError` naming the field."""
        def need(value, kind, fld):
            if not isinstance(value, kind):
                raise InputError(f"expected {kind.__name__ if isinstance(kind, type) else 'a value'}",
                                 Location(where, field=fld))
            return value

        need(obj, dict, None)
        if obj.get("format") != SIDECAR_FORMAT:
            raise InputError(f"not a prediction sidecar (format {obj.get('format')!r}, expected {SIDECAR_FORMAT!r})",
                             Location(where, field="format"))
        inp = need(obj.get("input"), dict, "input")
        failures = []
        for i, f in enumerate(need(obj.get("failures", []), list, "failures")):
            need(f, dict, f"failures[{i}]")
            if not all(isinstance(f.get(k), str) for k in ("doc_id", "kind", "message")) or f["kind"] not in FAILURE_KINDS:
                raise InputError("a failure needs string doc_id, kind (one of FAILURE_KINDS) and message",
                                 Location(where, field=f"failures[{i}]"))
            failures.append(Failure(f["doc_id"], f["kind"], f["message"]))
        return cls(need(obj.get("extractor_name"), str, "extractor_name"),
                   need(obj.get("extractor_version"), str, "extractor_version"),
                   need(obj.get("spec"), str, "spec"), need(obj.get("findable_spec"), str, "findable_spec"),
                   need(inp.get("source"), str, "input.source"), need(inp.get("kind"), str, "input.kind"),
                   need(inp.get("fingerprint"), str, "input.fingerprint"),
                   need(inp.get("n_documents"), int, "input.n_documents"),
                   need(obj.get("engine", "local"), str, "engine"), bool(obj.get("complete")),
                   need(obj.get("n_predictions", 0), int, "n_predictions"), tuple(failures),
                   obj.get("predictions_sha256") if isinstance(obj.get("predictions_sha256"), str) else None,
                   str(obj.get("hoinghi_version", "")))


def sidecar_path(predictions: str | Path) -> Path:
    """The sidecar beside a prediction file: ``x.jsonl`` → ``x.meta.json``."""
    p = Path(predictions)
    stem = p.name[:-len(".jsonl")] if p.name.endswith(".jsonl") else p.name
    return p.with_name(stem + ".meta.json")


def read_sidecar(predictions: str | Path) -> Sidecar | None:
    """The sidecar of a prediction file, or None when it has none."""
    path = sidecar_path(predictions)
    if not path.is_file():
        return None
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"invalid JSON: {exc}", Location(str(path))) from None
    return Sidecar.from_json(obj, str(path))


def write_sidecar(predictions: str | Path, sidecar: Sidecar) -> Path:
    """Write the sidecar of ``predictions`` atomically; returns its path."""
    return write_atomic(sidecar_path(predictions), json.dumps(sidecar.to_json(), ensure_ascii=False, indent=2) + "\n")


def prediction_line(doc: Document) -> str:
    """One prediction JSONL line (no text: the input has it).

    >>> from hoinghi.document import Span
    >>> prediction_line(Document("d1", "Ông An", (Span(4, 6, "PERSON", "s0"),)))
    '{"id": "d1", "spans": [{"id": "s0", "start": 4, "end": 6, "label": "PERSON"}], "relations": []}\\n'
    """
    obj = doc.to_json()
    obj.pop("text", None)
    return json.dumps(obj, ensure_ascii=False) + "\n"


def input_fingerprint(docs: Iterable[Document]) -> str:
    """The fingerprint of an extraction's input: ids and texts only, order-free
    (:func:`hoinghi.document.fingerprint` of the documents without their spans)."""
    return fingerprint(Document(d.id, d.text) for d in docs)


def file_sha(path: str | Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def saved_identity(predictions: str | Path, sha: str | None = None) -> Sidecar | None:
    """The sidecar of a *finished, unchanged* prediction file (its recorded SHA-256
    matches the bytes; ``sha``: the file's SHA-256 when the caller has read it already),
    else None: the file is then only "a file"."""
    sidecar = read_sidecar(predictions)
    if sidecar is None or not sidecar.complete or sidecar.predictions_sha != (sha or file_sha(predictions)):
        return None
    return sidecar


def save_predictions(path: str | Path, docs: Sequence[Document], predictions: Mapping[str, Document],
                     failures: Sequence[Failure], sidecar: Sidecar) -> Sidecar:
    """Write the predictions of ``docs`` (in their order; failed documents have no line)
    and the finished sidecar. Returns the sidecar written."""
    failed = {f.doc_id for f in failures}
    n = 0
    with atomic_writer(path) as fh:
        for d in docs:
            if d.id not in failed and d.id in predictions:
                fh.write(prediction_line(predictions[d.id]))
                n += 1
    done = replace(sidecar, complete=True, n_predictions=n, failures=tuple(failures), predictions_sha=file_sha(path))
    write_sidecar(path, done)
    return done


def refuse_overwrite(out: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise :class:`InputError` when writing ``out`` or its sidecar would overwrite an
    input file or land inside an input folder (an output never overwrites an input).

    >>> refuse_overwrite("gold/x/data/test.jsonl", ["gold/x"])
    Traceback (most recent call last):
    ...
    hoinghi.errors.InputError: gold/x/data/test.jsonl: the output would overwrite or land inside the input gold/x; choose another path
    """
    targets = {Path(out).resolve(), sidecar_path(out).resolve()}
    for given in inputs:
        src = Path(given).resolve()
        if any(t == src or src in t.parents for t in targets):
            raise InputError(f"the output would overwrite or land inside the input {given}; choose another path",
                             Location(str(out)))
