"""hoinghi/gold_set.py, the reading side: a gold JSONL file or a gold set folder, checked as gold."""
import json
import shutil
from pathlib import Path

import pytest

from hoinghi.document import fingerprint, read_documents
from hoinghi.errors import InputError
from hoinghi.gold_set import load_gold_or_jsonl

DATA = Path(__file__).resolve().parents[0] / "data"
SMALL = DATA / "gold-small.jsonl"


def test_jsonl_file():
    docs, fp, prov = load_gold_or_jsonl(SMALL)
    assert [d.id for d in docs] == ["g1", "g2", "g3", "g4"]
    assert fp == fingerprint(read_documents(SMALL))
    assert (prov.kind, prov.n_documents, prov.path) == ("jsonl", 4, str(SMALL))
    assert prov.schema_version.startswith("meetings@")


def test_gold_set_folder_reads_all_splits_in_order():
    docs, fp, prov = load_gold_or_jsonl(DATA / "gold-set")
    assert [d.id for d in docs] == ["g1", "g2", "g3", "g4"]  # dev before test
    assert fp == fingerprint(read_documents(SMALL))  # same documents, same fingerprint
    assert (prov.kind, prov.name, prov.version, prov.splits) == ("gold-set", "gold-set-fixture", "0.0.1", ("dev", "test"))
    assert prov.warnings == ()


def test_gold_set_one_split():
    docs, _, prov = load_gold_or_jsonl(DATA / "gold-set", split="dev")
    assert [d.id for d in docs] == ["g1"] and prov.splits == ("dev",)
    with pytest.raises(InputError, match="no split 'train'"):
        load_gold_or_jsonl(DATA / "gold-set", split="train")


def test_changed_gold_set_data_is_flagged(tmp_path):
    folder = tmp_path / "g"
    shutil.copytree(DATA / "gold-set", folder)
    manifest = json.loads((folder / "gold.json").read_text())
    manifest["fingerprint"] = "0" * 16
    (folder / "gold.json").write_text(json.dumps(manifest))
    _, _, prov = load_gold_or_jsonl(folder)
    assert len(prov.warnings) == 1 and "does not match the data files" in prov.warnings[0]


def test_duplicate_ids_across_splits(tmp_path):
    folder = tmp_path / "g"
    shutil.copytree(DATA / "gold-set", folder)
    shutil.copy(folder / "data" / "dev.jsonl", folder / "data" / "train.jsonl")
    with pytest.raises(InputError) as info:
        load_gold_or_jsonl(folder)
    assert info.value.where.doc_id == "g1" and "duplicate" in info.value.message
    assert info.value.where.file.endswith("dev.jsonl")  # train is read first, dev repeats it


GOOD = json.loads(SMALL.read_text(encoding="utf-8").splitlines()[2])  # g3: POSITION + PERSON, holds


def _line(**change):
    obj = json.loads(json.dumps(GOOD))
    for key, value in change.items():
        if key.startswith("span_"):
            obj["spans"][1][key[5:]] = value
        else:
            obj[key] = value
    return json.dumps(obj, ensure_ascii=False)


# (name, line, field, words) — every case names file, line 2, document g3 (or none) and field
BAD_GOLD = [
    ("invalid JSON", '{"id": "g3", "text": ', None, "invalid JSON"),
    ("offsets out of range", _line(span_end=500), "spans[1].end", "out of range"),
    ("span text mismatch", _line(span_text="Nguyễn Quang"), "spans[1].text", "does not match"),
    ("unknown label", _line(span_label="NAME"), "spans[1].label", "unknown label"),
    ("overlapping gold spans", _line(span_start=20, span_text=None), "spans[1]", "overlaps"),
    ("non-NFC text", _line(text="Nguye\u0302\u0303n"), "text", "NFC"),
    ("missing text", _line(text=None), "text", "missing text"),
    ("relation not allowed", _line(relations=[{"head": "q", "tail": "p", "type": "holds"}]), "relations[0]", "not allowed"),
    ("duplicate id", json.dumps({"id": "g1", "text": "x"}), "id", "duplicate document id"),
]


@pytest.mark.parametrize("name,line,field,words", BAD_GOLD, ids=[b[0] for b in BAD_GOLD])
def test_bad_gold_names_file_line_document_field(tmp_path, name, line, field, words):
    path = tmp_path / "gold.jsonl"
    first = SMALL.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(first + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold_or_jsonl(path)
    where = info.value.where
    assert (where.file, where.line) == (str(path), 2)
    assert words in info.value.message
    if field:
        assert where.field == field and where.doc_id in ("g3", "g1")


@pytest.mark.parametrize("make,words", [
    (lambda p: p / "missing.jsonl", "no such file or folder"),
    (lambda p: (p / "empty.jsonl").write_text("") and p / "empty.jsonl" or p / "empty.jsonl", "no gold documents"),
    (lambda p: (p / "nodata").mkdir() or p / "nodata", "no data/ folder"),
])
def test_bad_paths(tmp_path, make, words):
    with pytest.raises(InputError, match=words):
        load_gold_or_jsonl(make(tmp_path))


def test_split_on_a_file_is_refused():
    with pytest.raises(InputError, match="--split"):
        load_gold_or_jsonl(SMALL, split="test")
