"""annotate/articles.py: load_articles from a .txt folder, a JSONL and a Hugging Face
dataset; NFC; bad input as a data table naming file, line, document and field."""
from __future__ import annotations

import unicodedata

import pytest

from hoinghi.annotate.articles import load_articles
from hoinghi.errors import InputError


def test_corpus_folder(shared_dir):
    docs = load_articles(shared_dir / "corpus")
    assert [d.id for d in docs] == sorted(p.stem for p in (shared_dir / "corpus").glob("*.txt"))
    for d in docs:
        raw = (shared_dir / "corpus" / f"{d.id}.txt").read_text(encoding="utf-8")
        assert d.text == unicodedata.normalize("NFC", raw)
        assert d.meta == {"source": f"{d.id}.txt"}


def test_txt_is_normalised_to_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    (tmp_path / "x.txt").write_text("\ufeff" + nfd, encoding="utf-8")
    (doc,) = load_articles(tmp_path)
    assert doc.text == "Nguyễn Văn An" and len(doc.text) < len(nfd)


def test_jsonl_and_hf_dataset(tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text('{"id": "a", "text": "Hà Nội", "meta": {"url": "u"}}\n\n{"id": "b", "text": "Huế", "spans": []}\n',
                 encoding="utf-8")
    docs = load_articles(p)
    assert [(d.id, d.text, d.meta) for d in docs] == [("a", "Hà Nội", {"url": "u"}), ("b", "Huế", {})]
    (tmp_path / "ds" / "data").mkdir(parents=True)
    (tmp_path / "ds" / "data" / "train.jsonl").write_text(p.read_text(encoding="utf-8").replace("\n\n", "\n"),
                                                          encoding="utf-8")
    assert [d.id for d in load_articles(f"hf:{tmp_path / 'ds'}@train")] == ["a", "b"]


BAD_INPUT = [
    # (case, file content, message part, line, doc id, field)
    ("invalid JSON", '{"id": "a", "text": "x"}\n{"id": "b", "text":\n', "invalid JSON", 2, None, None),
    ("missing id", '{"text": "x"}\n', "missing or empty document id", 1, None, "id"),
    ("missing text", '{"id": "a"}\n', "missing text", 1, "a", "text"),
    ("duplicate id", '{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "duplicate document id", 2, "a", "id"),
    ("meta not an object", '{"id": "a", "text": "x", "meta": 3}\n', "meta must be an object", 1, "a", "meta"),
]


@pytest.mark.parametrize("case,content,message,line,doc_id,field", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_jsonl_names_file_line_document_field(tmp_path, case, content, message, line, doc_id, field):
    p = tmp_path / "in.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_articles(p)
    assert message in exc.value.message
    assert (exc.value.where.file, exc.value.where.line, exc.value.where.doc_id, exc.value.where.field) == \
        (str(p), line, doc_id, field)


def test_missing_source_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        load_articles(tmp_path / "nope")
    with pytest.raises(InputError, match="no .txt files"):
        load_articles(tmp_path)
