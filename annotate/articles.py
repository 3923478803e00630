"""Articles to annotate: the input of :func:`hoinghi.annotate.push.push`.

:func:`load_articles` reads a folder of ``.txt`` files, a document JSONL or a Hugging
Face dataset (``hf:<dataset>[@split]``) into documents without spans, their text
NFC-normalised (a leading BOM dropped): the reference of every offset afterwards.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a1.txt").write_text("Ho\\u0302\\u0323i nghi\\u0323", encoding="utf-8")
>>> [(a.id, a.text, a.meta) for a in load_articles(d)]
[('a1', 'Hội nghị', {'source': 'a1.txt'})]
"""
from __future__ import annotations

__all__ = ["load_articles"]

import unicodedata
from pathlib import Path

from ..document import Document, iter_json_lines
from ..errors import InputError, Location


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


class _Articles:
    """The documents read so far; refuses a missing id or text and a repeated id."""

    def __init__(self):
        self.docs: list[Document] = []
        self.seen: dict[str, str] = {}

    def add(self, doc_id, text, meta, where: Location) -> None:
        if not isinstance(doc_id, str) or not doc_id:
            raise InputError("missing or empty document id", Location(where.file, where.line, None, "id"))
        if not isinstance(text, str):
            raise InputError("missing text", Location(where.file, where.line, doc_id, "text"))
        if doc_id in self.seen:
            raise InputError(f"duplicate document id (first in {self.seen[doc_id]})",
                             Location(where.file, where.line, doc_id, "id"))
        self.seen[doc_id] = f"{where.file}" + (f", line {where.line}" if where.line else "")
        self.docs.append(Document(doc_id, _nfc(text), (), (), dict(meta or {})))


def _from_dataset(spec: str, out: _Articles) -> None:
    name, _, split = spec.partition("@")
    try:
        import datasets
        ds = datasets.load_dataset(name, split=split or None)
    except Exception as exc:  # datasets raises many types
        raise InputError(f"cannot load the Hugging Face dataset: {exc}", Location(name)) from None
    splits = ds.items() if isinstance(ds, dict) or hasattr(ds, "keys") and not hasattr(ds, "features") else [(split, ds)]
    for split_name, part in splits:
        if "text" not in part.column_names or not ({"id", "doc_id"} & set(part.column_names)):
            raise InputError(f"split {split_name} needs 'id' and 'text' columns (has {', '.join(part.column_names)})",
                             Location(name))
        key = "id" if "id" in part.column_names else "doc_id"
        for i, row in enumerate(part):
            meta = row.get("meta") if isinstance(row.get("meta"), dict) else {}
            out.add(row[key], row["text"], meta, Location(f"{name}[{split_name}]", i + 1))


def _from_folder(path: Path, out: _Articles) -> None:
    files = sorted(path.glob("*.txt"))
    if not files:
        raise InputError("no .txt files in this folder", Location(str(path)))
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 ({exc.reason} at byte {exc.start})", Location(str(f), doc_id=f.stem)) from None
        out.add(f.stem, text, {"source": f.name}, Location(str(f)))


def _from_jsonl(path: Path, out: _Articles) -> None:
    for where, obj in iter_json_lines(path):
        if not isinstance(obj, dict):
            raise InputError("expected a JSON object", where)
        meta = obj.get("meta") or {}
        if not isinstance(meta, dict):
            raise InputError("meta must be an object", Location(where.file, where.line, obj.get("id"), "meta"))
        out.add(obj.get("id"), obj.get("text"), meta, where)


def load_articles(source: str | Path) -> list[Document]:
    """Articles to annotate, text NFC-normalised (the offsets' reference).

    ``source`` is a folder of ``.txt`` files (id = file stem, UTF-8), a document JSONL
    (``id``, ``text``, optional ``meta``; spans are ignored), or ``hf:<dataset>[@split]``
    (a Hugging Face dataset name or folder with ``id`` and ``text`` columns; every split
    when none is given). Duplicate ids raise :class:`InputError`.
    """
    src = str(source)
    out = _Articles()
    path = Path(src)
    if src.startswith("hf:"):
        _from_dataset(src[3:], out)
    elif path.is_dir():
        _from_folder(path, out)
    elif path.is_file():
        _from_jsonl(path, out)
    else:
        raise InputError("no such file or folder (expected a folder of .txt, a .jsonl or hf:<dataset>)", Location(src))
    return out.docs
