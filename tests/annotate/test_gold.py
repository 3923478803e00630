"""annotate/gold.py with the format of hoinghi/gold_set.py: deterministic splits, the
folder layout, datasets.load_dataset on the built folder, the harness reading it,
refusals, and the shipped gold/hoinghi-5 (``hoinghi gold``: tests/cli/test_gold.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from hoinghi.annotate.adjudication import adjudicate
from hoinghi.annotate.gold import SPLITS, build_gold, load_gold, read_manifest, split_of
from hoinghi.annotate.passes import Record
from hoinghi.document import Document, Relation, Span, fingerprint
from hoinghi.errors import InputError
from hoinghi.gold_set import load_gold_or_jsonl

REPO = Path(__file__).resolve().parents[2]
TEXT = "Ngày 18-7, Hội nghị lần thứ 14 do Quận ủy Hoàng Mai tổ chức. Bí thư Nguyễn Quang Hiếu phát biểu."


def doc(i: int, with_rel=True) -> Document:
    s = TEXT.index("Nguyễn Quang Hiếu")
    p = TEXT.index("Bí thư")
    spans = (Span(s, s + 17, "PERSON", "p"), Span(p, p + 6, "POSITION", "q"), Span(0, 9, "DATE", "d"))
    rels = (Relation("p", "q", "holds"),) if with_rel else ()
    return Document(f"doc-{i:03d}", TEXT, spans, rels, {"annotators": ["a", "b"], "adjudication": "majority"})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=30), st.text(min_size=1, max_size=12))
def test_adding_documents_never_moves_old_ones(ids, new):
    before = {i: split_of(i) for i in ids}
    after = {i: split_of(i) for i in ids + [new]}
    assert all(after[i] == s for i, s in before.items())


def test_split_ratio_is_about_60_20_20():
    counts = {s: 0 for s in SPLITS}
    for i in range(3000):
        counts[split_of(f"doc-{i}")] += 1
    assert 0.56 < counts["train"] / 3000 < 0.64 and 0.17 < counts["dev"] / 3000 < 0.23


def test_build_layout_manifest_and_load(tmp_path):
    docs = [doc(i) for i in range(12)]
    m = build_gold(docs, "g", tmp_path, version="1.2.0", provenance={"export_time": "t"},
                   agreement={"overall": {"strict": 0.9, "overlap": 0.95}, "fields": {}, "n_pairs": 1})
    root = tmp_path / "g"
    assert sorted(p.name for p in root.iterdir()) == ["README.md", "adjudication.jsonl", "data", "gold.json"]
    assert sorted(p.name for p in (root / "data").iterdir()) == ["dev.jsonl", "test.jsonl", "train.jsonl"]
    manifest = read_manifest(root)
    assert manifest["fingerprint"] == m.fingerprint == fingerprint(load_gold(root))
    assert manifest["schema_version"].startswith("meetings@")
    assert sum(len(v) for v in manifest["splits"].values()) == 12
    assert sum(manifest["counts"][s]["PERSON"] for s in SPLITS) == 12
    assert all(split_of(i) == s for s, ids in manifest["splits"].items() for i in ids)
    loaded = {d.id: d for d in load_gold(root)}
    assert loaded["doc-003"].spans[0].text is not None and len(loaded["doc-003"].relations) == 1
    card = (root / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "configs:" in card and "0.900" in card
    docs2, fp, prov = load_gold_or_jsonl(root)       # the harness reads the folder directly
    assert fp == m.fingerprint and prov.kind == "gold-set" and prov.version == "1.2.0"


def test_datasets_load_dataset_offline_and_empty_split(tmp_path, monkeypatch):
    datasets = pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    ids = [i for i in range(40) if split_of(f"doc-{i:03d}") != "dev"][:4]
    build_gold([doc(i, with_rel=(i % 2 == 0)) for i in ids], "g", tmp_path, version="1")
    root = tmp_path / "g"
    assert (root / "data" / "dev.jsonl").read_text() == ""              # empty split kept as a file ...
    card = (root / "README.md").read_text(encoding="utf-8")
    assert "path: data/dev.jsonl" not in card                              # ... but not in configs
    ds = datasets.load_dataset(str(root))
    assert set(ds) == {s for s in SPLITS if s != "dev"}
    rows = [r for s in ds for r in ds[s]]
    assert sorted(r["id"] for r in rows) == sorted(f"doc-{i:03d}" for i in ids)
    r = next(r for r in rows if r["relations"])
    assert r["spans"][0]["text"] == r["text"][r["spans"][0]["start"]:r["spans"][0]["end"]]


@pytest.mark.parametrize("case,make,message", [
    ("no documents", lambda: [], "no documents"),
    ("duplicate id", lambda: [doc(1), doc(1)], "duplicate document id"),
    ("overlap within a schema", lambda: [Document("x", TEXT, (Span(0, 9, "DATE", "a"), Span(5, 19, "MEETING", "b")))],
     "overlaps"),
    ("unknown label", lambda: [Document("x", TEXT, (Span(0, 9, "WHEN", "a"),))], "unknown label"),
])
def test_refusals_leave_nothing_behind(tmp_path, case, make, message):
    with pytest.raises(InputError, match=message):
        build_gold(make(), "g", tmp_path, version="1")
    assert list(tmp_path.iterdir()) == []


def test_refuses_unsettled_conflicts_and_existing_folder(tmp_path):
    t = TEXT
    a = Record("a", Document("d", t, (Span(11, 30, "MEETING", "x"),)))
    b = Record("b", Document("d", t, (Span(11, 19, "MEETING", "y"),)))
    gold, log = adjudicate([a, b], "majority")
    with pytest.raises(InputError, match="1 unsettled conflict") as e:
        build_gold(gold, "g", tmp_path, version="1", log=log)
    assert e.value.where.doc_id == "d" and e.value.where.field == "MEETING"
    build_gold([doc(1)], "g", tmp_path, version="1")
    with pytest.raises(InputError, match="exists"):
        build_gold([doc(1)], "g", tmp_path, version="2")
    build_gold([doc(1), doc(2)], "g", tmp_path, version="2", overwrite=True)
    assert read_manifest(tmp_path / "g")["version"] == "2"


def test_the_shipped_gold_set():
    root = REPO / "gold" / "hoinghi-5"
    m = read_manifest(root)
    docs = load_gold(root)
    assert m["fingerprint"] == fingerprint(docs)
    # every article of the corpus: the tasks of the committed raw export of the final pull
    tasks = json.loads((REPO / "annotations" / "hoinghi-5" / "pull" / "export-1.json").read_text(encoding="utf-8"))
    assert sorted(d.id for d in docs) == sorted(t["data"]["doc_id"] for t in tasks) and len(docs) == 5
    assert all(d.text[s.start:s.end] == s.text for d in docs for s in d.spans)
    assert m["adjudication"]["unsettled"] == 0
    log = [json.loads(x) for x in (root / "adjudication.jsonl").read_text(encoding="utf-8").splitlines()]
    assert log[0]["summary"]["policy"] == m["adjudication"]["policy"]
