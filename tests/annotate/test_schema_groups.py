"""annotate/schema_groups.py: per-schema pulls (as the default ``push`` makes them) taken
together, on the shipped pull split into one pull per schema, plus the refusals."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hoinghi.annotate.adjudication import adjudicate
from hoinghi.annotate.agreement import agree
from hoinghi.annotate.gold import build_from_pull
from hoinghi.annotate.passes import load_records
from hoinghi.annotate.schema_groups import adjudicate_groups, agree_groups, group_records, load_groups
from hoinghi.document import Document, fingerprint, iter_json_lines
from hoinghi.errors import InputError
from hoinghi.gold_set import load_gold, read_manifest
from hoinghi.schema import load_schemas

REPO = Path(__file__).resolve().parents[2]
PULL = REPO / "annotations/hoinghi-5/pull"
REVIEWER = "reviewer:reviewer@hoinghi.local"
SCHEMAS = load_schemas()


def split_pull(src: Path, out: Path, names=SCHEMAS.names, edit=None) -> list[Path]:
    """The combined pull ``src`` as one pull folder per schema: each record keeps only
    its schema's spans and relations and declares that schema and its version, as a
    pull of ``hoinghi-<schema>`` does (pull.json and the raw export's task list kept)."""
    l2s = SCHEMAS.label_to_schema()
    folders = []
    for name in names:
        folder = out / name
        folder.mkdir(parents=True)
        for f in sorted(src.glob("*@*.jsonl")):
            rows = []
            for _, obj in iter_json_lines(f):
                spans = [s for s in obj["spans"] if l2s[s["label"]] == name]
                ids = {s["id"] for s in spans}
                obj = {**obj, "spans": spans, "relations": [r for r in obj.get("relations", [])
                                                           if r["head"] in ids and r["tail"] in ids],
                       "meta": {**obj["meta"], "schemas": [name], "schema_version": SCHEMAS.subset([name]).version}}
                rows.append(edit(name, obj) if edit else obj)
            (folder / f.name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                         encoding="utf-8")
        summary = json.loads((src / "pull.json").read_text(encoding="utf-8"))
        (folder / "pull.json").write_text(json.dumps({**summary, "schemas": [name]}), encoding="utf-8")
        (folder / "export-1.json").write_bytes((src / "export-1.json").read_bytes())
        folders.append(folder)
    return folders


def test_three_per_schema_pulls_give_the_gold_of_the_combined_pull(tmp_path):
    combined, _ = adjudicate(load_records([PULL]), REVIEWER)
    folders = split_pull(PULL, tmp_path)
    groups = load_groups(folders)
    assert [g.schemas.version for g in groups] == ["meetings@1.0.0", "indicators@1.0.0", "officials@1.0.0"]
    assert all(len(g.documents) == 5 for g in groups)
    merged, log = adjudicate_groups(groups, REVIEWER)
    assert fingerprint(merged) == fingerprint(combined) and not log.unsettled
    assert fingerprint(merged) == fingerprint(load_gold(REPO / "gold/hoinghi-5"))


def test_agreement_of_per_schema_pulls_equals_the_combined_one(tmp_path):
    records = [r for r in load_records([PULL]) if r.annotator != "reviewer@hoinghi.local"]
    one = agree(records)
    merged = agree_groups(load_groups(split_pull(PULL, tmp_path)), exclude={"reviewer@hoinghi.local"})
    assert merged.fields == one.fields and merged.overall == one.overall and merged.kappa == one.kappa
    assert [(p.a, p.b, p.n_documents) for p in merged.pairs] == [(p.a, p.b, p.n_documents) for p in one.pairs]
    assert {d.doc_id: d.f1 for d in merged.documents} == {d.doc_id: d.f1 for d in one.documents}
    assert merged.schema_version == SCHEMAS.version


def test_one_schema_pull_is_checked_against_its_own_version_and_builds_a_subset_gold(tmp_path):
    (folder,) = split_pull(PULL, tmp_path / "p", names=["officials"])
    assert agree([r for r in load_records([folder]) if r.annotator != "reviewer@hoinghi.local"]).labels == (
        "PERSON", "POSITION")
    m, _, _ = build_from_pull([folder], name="off", version="0.1.0", policy=REVIEWER, out=tmp_path / "gold")
    assert m.schema_version == "officials@1.0.0"
    assert read_manifest(tmp_path / "gold/off")["schema_version"] == "officials@1.0.0"
    assert {s.label for d in load_gold(tmp_path / "gold/off") for s in d.spans} == {"PERSON", "POSITION"}
    assert "covers only these schemas" in (tmp_path / "gold/off/README.md").read_text(encoding="utf-8")


def _text_changed(name, obj):
    if name == "officials" and obj["id"].startswith("001"):
        obj["text"] = obj["text"].replace("Hội nghị", "Hội  nghị", 1)
    return obj


def _version_changed(name, obj):
    if name == "indicators":
        obj["meta"]["schema_version"] = "indicators@0.9.0"
    return obj


REFUSED = [  # (case, edit, schemas, words in the error)
    ("a text differs between pulls", _text_changed, SCHEMAS.names, ["field text", "document 001", "identical NFC text"]),
    ("an old schema version", _version_changed, SCHEMAS.names,
     ["meta.schema_version", "indicators@0.9.0", "indicators@1.0.0"]),
]


@pytest.mark.parametrize("case, edit, names, words", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_with_a_located_error(tmp_path, case, edit, names, words):
    folders = split_pull(PULL, tmp_path, names, edit)
    with pytest.raises(InputError) as info:
        adjudicate_groups(load_groups(folders), REVIEWER)
    assert all(w in str(info.value) for w in words), str(info.value)


def test_an_article_missing_from_one_schemas_pull_is_refused(tmp_path):
    folders = split_pull(PULL, tmp_path)
    records = [r for r in load_records(folders)
               if not (r.doc_id.startswith("002") and r.declared_schemas == {"meetings"})]
    with pytest.raises(InputError, match="in the pulls of .* but not in those of meetings@1.0.0"):
        group_records(records)


def test_a_schema_pulled_twice_is_refused(tmp_path):
    (folder,) = split_pull(PULL, tmp_path, names=["officials"])
    with pytest.raises(InputError, match="has two records of schema officials for this document"):
        load_groups([PULL, folder])


def test_a_combined_pull_is_split_per_schema(tmp_path):
    groups = load_groups([PULL])
    assert [g.schemas.version for g in groups] == ["meetings@1.0.0", "indicators@1.0.0", "officials@1.0.0"]
    assert all(len(g.records) == 15 and len(g.documents) == 5 for g in groups)


def test_min_passes_1_keeps_single_pass_documents(tmp_path):
    records = [r for r in load_records([PULL]) if r.annotator != "reviewer@hoinghi.local"
               and not (r.annotator == "annotator-b@hoinghi.local" and r.doc_id[:3] in ("000", "001"))]
    by_a = {r.doc_id: r.document for r in records if r.annotator == "annotator-a@hoinghi.local"}
    with pytest.raises(InputError, match="needs 2 independent passes"):
        adjudicate_groups(group_records(records), "majority")
    gold, log = adjudicate_groups(group_records(records), "majority", min_passes=1)
    single = {d.id: d for d in gold if d.id[:3] in ("000", "001")}
    assert {k: sorted(s.key for s in d.spans) for k, d in single.items()} == {
        k: sorted(s.key for s in by_a[k].spans) for k in single}
    agreement = agree_groups(group_records(records), min_passes=1)
    assert len(agreement.documents) == 3
