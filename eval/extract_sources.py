"""What ``hoinghi extract`` reads: the documents (id and text) of a corpus.

A source is one of

* a folder of ``.txt`` files (searched recursively; a document's id is its path under
  the folder without ``.txt``, with ``/`` separators);
* a JSONL file in the document contract (only ``id`` and ``text`` are used);
* a gold set folder (``gold/<name>/`` with ``data/*.jsonl``: all splits);
* ``hf:NAME`` or ``hf:NAME:SPLIT``: a Hugging Face ``datasets`` dataset (a local
  folder or a hub name) with string columns ``id`` and ``text``.

Texts must be NFC (offsets count NFC code points); ids must be unique. Every problem is
an :class:`~hoinghi.errors.InputError` naming file, line, document and field.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Hội nghị lần thứ 14", encoding="utf-8")
>>> src = read_source(d)
>>> src.kind, [(x.id, x.text) for x in src.documents]
('txt-folder', [('a', 'Hội nghị lần thứ 14')])
"""
from __future__ import annotations

__all__ = ["Source", "read_source"]

from dataclasses import dataclass
from pathlib import Path

from ..document import Document, iter_json_lines
from ..errors import InputError, Location


@dataclass(frozen=True)
class Source:
    """The documents of a source (id and text only), with where they came from:
    ``location`` is an absolute path or ``hf:NAME[:SPLIT]``."""

    kind: str          # "txt-folder" | "jsonl" | "gold-set" | "hf"
    location: str
    documents: tuple[Document, ...]


def _unique(docs: list[Document], where: str) -> tuple[Document, ...]:
    seen: set[str] = set()
    for d in docs:
        if d.id in seen:
            raise InputError("duplicate document id", Location(where, None, d.id, "id"))
        seen.add(d.id)
    return tuple(docs)


def _txt_folder(folder: Path) -> list[Document]:
    docs = []
    for path in sorted(folder.rglob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 ({exc.reason} at byte {exc.start})", Location(str(path))) from None
        doc_id = path.relative_to(folder).with_suffix("").as_posix()
        docs.append(Document.from_json({"id": doc_id, "text": text}, Location(str(path))))
    if not docs:
        raise InputError("no .txt files in this folder (and no data/ folder of a gold set)", Location(str(folder)))
    return docs


def _jsonl(path: Path) -> list[Document]:
    docs = []
    for where, obj in iter_json_lines(path):
        d = Document.from_json(obj, where)
        docs.append(Document(d.id, d.text))
    return docs


def _hf(name: str) -> list[Document]:
    try:
        import datasets
    except ImportError:  # pragma: no cover - a core dependency
        raise InputError("hf: sources need the 'datasets' package", Location("hf:" + name)) from None
    dataset, _, split = name.partition(":") if not Path(name).exists() else (name, "", "")
    where = "hf:" + name
    try:
        loaded = datasets.load_dataset(dataset, split=split or None)
    except Exception as exc:  # noqa: BLE001 - any loading problem is the user's input problem
        raise InputError(f"cannot load the dataset: {type(exc).__name__}: {exc}", Location(where)) from None
    parts = [loaded] if split else [loaded[s] for s in loaded]
    docs = []
    for part in parts:
        missing = {"id", "text"} - set(part.column_names)
        if missing:
            raise InputError(f"the dataset has no column {sorted(missing)[0]!r} (needs string columns id and text)",
                             Location(where, field=sorted(missing)[0]))
        for i, (doc_id, text) in enumerate(zip(part["id"], part["text"])):
            docs.append(Document.from_json({"id": doc_id, "text": text}, Location(where, i + 1)))
    return docs


def read_source(source: str | Path) -> Source:
    """Read the documents of ``source`` (see the module doc for what it may be)."""
    text = str(source)
    if text.startswith("hf:"):
        return Source("hf", text, _unique(_hf(text[3:]), text))
    path = Path(source)
    where = str(path.resolve())
    if path.is_dir() and (path / "data").is_dir():
        from ..gold_set import load_gold_or_jsonl

        gold, _, _ = load_gold_or_jsonl(path)
        return Source("gold-set", where, tuple(Document(d.id, d.text) for d in gold))
    if path.is_dir():
        return Source("txt-folder", where, _unique(_txt_folder(path), where))
    if path.is_file():
        return Source("jsonl", where, _unique(_jsonl(path), where))
    raise InputError("no such file or folder (expected a folder of .txt, a JSONL file, a gold set or hf:NAME)",
                     Location(text))
