"""eval/extract_sources.py: every kind of source, and bad sources named by file, line,
document and field."""
from pathlib import Path

import pytest

from hoinghi.errors import InputError
from hoinghi.eval.extract_sources import read_source

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "gold" / "hoinghi-5"


def _txt(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_a_folder_of_txt_files_recursively(tmp_path):
    src = read_source(_txt(tmp_path, {"b.txt": "Hội nghị".encode(), "sub/a.txt": b"x", "notes.md": b"-"}))
    assert src.kind == "txt-folder" and src.location == str(tmp_path.resolve())
    assert [(d.id, d.text) for d in src.documents] == [("b", "Hội nghị"), ("sub/a", "x")]


def test_a_jsonl_file_keeps_ids_and_texts_only(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "d1", "text": "Ông An", "spans": [{"start": 4, "end": 6, "label": "PERSON"}]}\n',
                    encoding="utf-8")
    src = read_source(path)
    assert src.kind == "jsonl" and [(d.id, d.text, d.spans) for d in src.documents] == [("d1", "Ông An", ())]


def test_a_gold_set_folder_and_the_same_set_through_hf_datasets():
    folder = read_source(GOLD)
    assert folder.kind == "gold-set" and len(folder.documents) == 5 and not any(d.spans for d in folder.documents)
    hf = read_source(f"hf:{GOLD}")
    assert hf.kind == "hf" and sorted((d.id, d.text) for d in hf.documents) == sorted(
        (d.id, d.text) for d in folder.documents)


BAD = [  # (name, files, words, where)
    ("not NFC", {"a.txt": "Nguye\u0302\u0303n".encode()}, "not NFC", "a.txt"),
    ("not UTF-8", {"a.txt": b"\xff\xfe"}, "not UTF-8", "a.txt"),
    ("no txt", {"a.md": b"x"}, "no .txt files", ""),
]


@pytest.mark.parametrize("name,files,words,where", BAD, ids=[b[0] for b in BAD])
def test_bad_txt_folders(tmp_path, name, files, words, where):
    with pytest.raises(InputError, match=words) as err:
        read_source(_txt(tmp_path, files))
    assert str(err.value.where.file).endswith(where)


def test_bad_jsonl_and_hf_sources(tmp_path):
    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="duplicate document id") as err:
        read_source(dup)
    assert err.value.where.doc_id == "a"
    notext = tmp_path / "notext.jsonl"
    notext.write_text('{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="missing text") as err:
        read_source(notext)
    assert (err.value.where.line, err.value.where.field) == (1, "text")
    with pytest.raises(InputError, match="no such file or folder"):
        read_source(tmp_path / "none")
    with pytest.raises(InputError, match="cannot load the dataset"):
        read_source(f"hf:{tmp_path / 'none'}")
