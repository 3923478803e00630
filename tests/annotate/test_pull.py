"""Pull (hoinghi.annotate.pull) on the real server: two annotators submit through
the API exactly as the UI stores them, pull gives back exactly what they submitted;
skips, drafts, superseded annotations and injected bad items are counted and kept in
rejects. The raw export of this scenario is recorded in tests/data/ls/ (set
HOINGHI_RECORD_LS=1 to re-record) and re-converted offline by the fast tests below."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
from collections import Counter
from pathlib import Path

import pytest

from hoinghi.annotate.pull import convert_export, pull
from hoinghi.annotate.articles import load_articles
from hoinghi.annotate.push import existing_tasks, push
from hoinghi.annotate.ls_conversion import to_results
from hoinghi.annotate.studio import connect, create_annotator
from hoinghi.document import Document, Relation, Span, read_documents
from hoinghi.schema import load_schemas

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "ls"
SCHEMAS = load_schemas()

NBSP_TEXT = ("Ngày 18-7, Hội nghị lần thứ 14 Ban Chấp hành Đảng bộ quận Hoàng Mai (Hà Nội) đã diễn ra. "
             "Đồng chí Nguyễn\u00a0Quang Hiếu, Bí thư Quận ủy Hoàng Mai, chủ trì.")
ASTRAL_TEXT = "😀 Ông Nguyễn Văn An 𝔸 là Giám đốc Sở Tài chính; thu NSNN đạt 50.068 tỷ đồng."

#: what the scenario leaves out of the documents, by design
EXPECTED_REJECTS = {"superseded": 1, "unknown label": 1, "offsets out of range": 1, "text mismatch": 1,
                    "relation to a missing region": 1}


def _span(text, part, label, sid, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), label, sid)


def synthetic_docs() -> list[Document]:
    nbsp = Document("syn-nbsp", NBSP_TEXT, (
        _span(NBSP_TEXT, "Ngày 18-7", "DATE", "d"),
        _span(NBSP_TEXT, "Hội nghị lần thứ 14", "MEETING", "m"),
        _span(NBSP_TEXT, "Ban Chấp hành Đảng bộ quận Hoàng Mai (Hà Nội)", "ORGANIZER", "o"),
        _span(NBSP_TEXT, "Nguyễn\u00a0Quang Hiếu", "PERSON", "p"),
        _span(NBSP_TEXT, "Bí thư Quận ủy Hoàng Mai", "POSITION", "q")),
        (Relation("d", "m", "of"), Relation("o", "m", "of"), Relation("p", "q", "holds")))
    astral = Document("syn-astral", ASTRAL_TEXT, (
        _span(ASTRAL_TEXT, "Nguyễn Văn An", "PERSON", "p"),
        _span(ASTRAL_TEXT, "Giám đốc Sở Tài chính", "POSITION", "q"),
        _span(ASTRAL_TEXT, "thu NSNN", "INDICATOR", "i"),
        _span(ASTRAL_TEXT, "50.068 tỷ đồng", "VALUE", "v")),
        (Relation("p", "q", "holds"), Relation("v", "i", "of")))
    assert ASTRAL_TEXT[astral.spans[0].start:astral.spans[0].end] == "Nguyễn Văn An"
    assert astral.spans[0].start == 6            # code points: 😀 counts as one (UTF-16 would say 7)
    return [nbsp, astral]


def _post(client, task_id, doc, **kw) -> tuple[int, dict]:
    """Submit like the UI (new 10-character region ids); return the annotation id and
    the map from the document's span ids to the region ids."""
    items = to_results(doc, origin="manual", new_ids=True)
    ids = {s.id: items[i]["id"] for i, s in enumerate(doc.spans)}
    ann = client.annotations.create(id=task_id, result=items, **kw)
    return ann.id, ids


def _expected(doc: Document, ids: dict) -> tuple:
    spans = sorted((s.start, s.end, s.label, ids[s.id]) for s in doc.spans)
    rels = sorted((ids[r.head], ids[r.tail], r.type) for r in doc.relations)
    return spans, rels


def _got(doc: Document) -> tuple:
    return sorted((s.start, s.end, s.label, s.id) for s in doc.spans), sorted((r.head, r.tail, r.type) for r in doc.relations)


@pytest.fixture(scope="module")
def scenario(ls_server, shared_dir, tmp_path_factory):
    admin = ls_server.client(timeout=120)
    articles = load_articles(shared_dir / "corpus")
    syn = synthetic_docs()
    prefix = "export-scenario"
    (proj,) = push(admin, articles + [Document(d.id, d.text) for d in syn], combined=True, prefix=prefix,
                   progress=False).projects
    tasks = existing_tasks(admin, proj.project_id).tasks
    ann_a = create_annotator(admin, "annotator.a@example.com")
    ann_b = create_annotator(admin, "annotator.b@example.com")
    client_a = connect(ls_server.url, ann_a.token)
    expected: dict[str, dict[str, tuple]] = {ann_a.email: {}, ann_b.email: {}}
    # the corpus articles: the annotators' real first passes from annotations/hoinghi-5 when present
    passes = {}
    for who in ("a", "b"):
        path = REPO / "annotations" / "hoinghi-5" / f"annotator-{who}.jsonl"
        if path.is_file():
            passes[who] = {d.id: d for d in read_documents(path)}
    for d in articles:
        if d.id in passes.get("a", {}):
            src = passes["a"][d.id]
            _, ids = _post(client_a, tasks[d.id], Document(d.id, d.text, src.spans, src.relations), lead_time=300.5)
            expected[ann_a.email][d.id] = _expected(src, ids)
        if d.id in passes.get("b", {}):
            src = passes["b"][d.id]   # posted by the admin on the annotator's behalf (completed_by)
            _, ids = _post(admin, tasks[d.id], Document(d.id, d.text, src.spans, src.relations),
                           completed_by=ann_b.id, lead_time=250.0)
            expected[ann_b.email][d.id] = _expected(src, ids)
    nbsp, astral = syn
    # A: nbsp doc in full; astral doc twice (the first one is superseded); a draft
    _, ids = _post(client_a, tasks[nbsp.id], nbsp, lead_time=42.5)
    expected[ann_a.email][nbsp.id] = _expected(nbsp, ids)
    _post(client_a, tasks[astral.id], Document(astral.id, astral.text, astral.spans[:1]), lead_time=10.0)
    _, ids = _post(client_a, tasks[astral.id], astral, lead_time=20.0)
    expected[ann_a.email][astral.id] = _expected(astral, ids)
    r = client_a._client_wrapper.httpx_client.request(
        f"api/tasks/{tasks[articles[0].id]}/drafts", method="POST",
        json={"result": to_results(Document("x", articles[0].text, (Span(0, 4, "ORGANIZER"),))), "lead_time": 3.0})
    assert r.status_code == 201, r.text
    # B: skips the nbsp doc; submits the astral doc with bad items injected (the server stores anything)
    admin.annotations.create(id=tasks[nbsp.id], result=[], was_cancelled=True, completed_by=ann_b.id)
    good = Document(astral.id, astral.text, astral.spans[2:], astral.relations[1:])
    items = to_results(good, origin="manual", new_ids=True)
    ids = {s.id: items[i]["id"] for i, s in enumerate(good.spans)}
    expected[ann_b.email][astral.id] = _expected(good, ids)
    bad = [
        {"id": "badlabel01", "from_name": "officials", "to_name": "text", "type": "labels", "origin": "manual",
         "value": {"start": 0, "end": 1, "text": "😀", "labels": ["ORG"]}},
        {"id": "badrange01", "from_name": "officials", "to_name": "text", "type": "labels", "origin": "manual",
         "value": {"start": 70, "end": 900, "text": "?", "labels": ["PERSON"]}},
        {"id": "badtext001", "from_name": "officials", "to_name": "text", "type": "labels", "origin": "manual",
         "value": {"start": 7, "end": 20, "text": "Nguyễn Văn An", "labels": ["PERSON"]}},   # UTF-16 offsets
        {"type": "relation", "from_id": "badrange01", "to_id": ids["i"], "direction": "right", "labels": ["of"]},
    ]
    submit = items + bad
    b_astral = admin.annotations.create(id=tasks[astral.id], result=submit, completed_by=ann_b.id, lead_time=33.0).id
    out = tmp_path_factory.mktemp("pull") / "out"
    summary = pull(admin, f"{prefix}-combined", out, progress=False)
    if os.environ.get("HOINGHI_RECORD_LS"):
        DATA.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / f"export-{proj.project_id}.json", DATA / "export-combined.json")
        (DATA / "export-combined.expected.json").write_text(json.dumps(
            {"project_id": proj.project_id, "label_config": admin.projects.get(id=proj.project_id).label_config,
             "expected": expected, "submitted_bad": bad, "b_astral_annotation": b_astral},
            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"summary": summary, "out": out, "expected": expected, "a": ann_a, "b": ann_b, "project": proj,
            "n_passes": sum(len(v) for v in passes.values()), "bad": bad}


@pytest.mark.studio
def test_pull_gives_back_exactly_what_was_submitted(scenario):
    out, expected = scenario["out"], scenario["expected"]
    for email, docs in expected.items():
        pulled = {d.id: d for d in read_documents(out / f"{email}.jsonl", labels=SCHEMAS.label_to_schema(),
                                                  relation_ok=SCHEMAS.allows_relation)}
        assert set(pulled) == set(docs)
        for doc_id, want in docs.items():
            assert _got(pulled[doc_id]) == want, (email, doc_id)
            for s in pulled[doc_id].spans:      # span text checked against the article
                assert s.text == pulled[doc_id].text[s.start:s.end]


@pytest.mark.studio
def test_pull_meta_and_summary(scenario):
    s, a, b = scenario["summary"], scenario["a"], scenario["b"]
    n_a, n_b = len(scenario["expected"][a.email]), len(scenario["expected"][b.email])
    assert s.per_annotator == {a.email: n_a, b.email: n_b}
    assert s.records == n_a + n_b
    assert (s.skipped, s.drafts, s.superseded) == (1, 1, 1)
    assert s.reject_reasons == EXPECTED_REJECTS and s.rejects == sum(EXPECTED_REJECTS.values())
    assert s.schemas == SCHEMAS.names and s.tasks == 7
    assert s.annotations == n_a + n_b + 1 + 1          # + the skip + the superseded one
    (astral,) = [d for d in read_documents(scenario["out"] / f"{b.email}.jsonl") if d.id == "syn-astral"]
    m = astral.meta
    assert (m["annotator"], m["annotator_id"], m["lead_time"], m["ground_truth"], m["rejected_items"]) == \
        (b.email, b.id, 33.0, False, 4)
    assert m["project_id"] == scenario["project"].project_id and m["schemas"] == list(SCHEMAS.names)
    assert m["schema_version"] == SCHEMAS.version
    assert m["created_at"] and m["updated_at"] and isinstance(m["annotation_id"], int) and isinstance(m["task_id"], int)


@pytest.mark.studio
def test_rejects_file_keeps_every_bad_item(scenario):
    rejects = [json.loads(line) for line in (scenario["out"] / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert Counter(r["reason"] for r in rejects) == Counter(EXPECTED_REJECTS)
    item_rejects = [r for r in rejects if r["reason"] != "superseded"]
    assert [r["item"] for r in item_rejects] == scenario["bad"]
    assert {(r["annotator"], r["doc_id"]) for r in item_rejects} == {(scenario["b"].email, "syn-astral")}
    (sup,) = [r for r in rejects if r["reason"] == "superseded"]
    assert sup["annotator"] == scenario["a"].email and len(sup["item"]["result"]) == 1
    assert all(isinstance(r["task_id"], int) and isinstance(r["annotation_id"], int) for r in rejects)


@pytest.mark.studio
def test_output_files_and_repull(scenario, ls_client):
    out = scenario["out"]
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{scenario['a'].email}.jsonl", f"{scenario['b'].email}.jsonl", "rejects.jsonl",
                            "pull.json", f"export-{scenario['project'].project_id}.json"])
    raw = json.loads((out / f"export-{scenario['project'].project_id}.json").read_text(encoding="utf-8"))
    assert all(isinstance(a["completed_by"], dict) for t in raw for a in t["annotations"])   # annotators expanded
    assert json.loads((out / "pull.json").read_text(encoding="utf-8"))["records"] == scenario["summary"].records
    # pulling again into the same folder gives the same documents
    before = {p.name: p.read_text(encoding="utf-8") for p in out.glob("annotator*.jsonl")}
    pull(ls_client, scenario["project"].project_id, out, progress=False)
    assert {p.name: p.read_text(encoding="utf-8") for p in out.glob("annotator*.jsonl")} == before


# -- fast tests on the recorded real export -------------------------------------------------

@pytest.fixture(scope="module")
def recorded():
    path = DATA / "export-combined.json"
    if not path.exists():
        pytest.skip("no recorded export (run the studio tests with HOINGHI_RECORD_LS=1)")
    return (json.loads(path.read_text(encoding="utf-8")),
            json.loads((DATA / "export-combined.expected.json").read_text(encoding="utf-8")))


def test_recorded_export_converts_exactly(recorded):
    tasks, meta = recorded
    docs, rejects, summary = convert_export(tasks, project_id=meta["project_id"], label_config=meta["label_config"])
    assert Counter(r.reason for r in rejects) == Counter(EXPECTED_REJECTS)
    assert (summary.skipped, summary.drafts, summary.superseded) == (1, 1, 1)
    for email, want in meta["expected"].items():
        got = {d.id: _got(d) for d in docs[email]}
        assert got == {k: (sorted(map(tuple, v[0])), sorted(map(tuple, v[1]))) for k, v in want.items()}


def test_recorded_export_without_config_uses_the_shipped_schemas(recorded):
    tasks, meta = recorded
    _, _, with_cfg = convert_export(tasks, label_config=meta["label_config"])
    _, _, without = convert_export(tasks)
    assert (without.records, without.spans, without.relations, without.rejects) == \
        (with_cfg.records, with_cfg.spans, with_cfg.relations, with_cfg.rejects)


def test_recorded_export_orphaned_label_goes_to_rejects(recorded):
    """A project whose config lost a label (a forced schema change): the label's spans
    are rejected as unknown, not dropped."""
    tasks, meta = recorded
    cfg = meta["label_config"].replace('<Label value="PERSON"', '<Label value="NGUOI"')
    docs, rejects, summary = convert_export(tasks, label_config=cfg)
    full_docs, _, full = convert_export(tasks, label_config=meta["label_config"])
    person = {(d.id, s.id) for e in full_docs for d in full_docs[e] for s in d.spans if s.label == "PERSON"}
    rels = sum(1 for e in full_docs for d in full_docs[e] for r in d.relations
               if (d.id, r.head) in person or (d.id, r.tail) in person)
    assert person and rels
    # every PERSON region and every relation touching one moves to rejects (bad PERSON items
    # rejected before for offsets/text are now rejected for their label: same total)
    assert summary.rejects == full.rejects + len(person) + rels
    assert summary.reject_reasons["unknown label"] >= full.reject_reasons["unknown label"] + len(person)
    assert (summary.spans, summary.relations) == (full.spans - len(person), full.relations - rels)
    assert not any(s.label == "PERSON" for email in docs for d in docs[email] for s in d.spans)


def test_superseded_is_decided_by_updated_at_then_id():
    def ann(i, updated, result):
        return {"id": i, "completed_by": {"id": 5, "email": "x@y"}, "was_cancelled": False, "updated_at": updated,
                "created_at": updated, "result": result, "lead_time": 1.0, "ground_truth": False}
    region = {"id": "r", "from_name": "officials", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 2, "text": "An", "labels": ["PERSON"]}}
    tasks = [{"id": 1, "data": {"text": "An", "doc_id": "d"}, "drafts": [],
              "annotations": [ann(9, "2026-01-02T00:00:00Z", []), ann(3, "2026-01-03T00:00:00Z", [region]),
                              ann(4, "2026-01-01T00:00:00Z", [])]}]
    docs, rejects, summary = convert_export(tasks)
    assert [d.meta["annotation_id"] for d in docs["x@y"]] == [3]
    assert sorted(r.annotation_id for r in rejects) == [4, 9] and summary.superseded == 2


def test_task_without_doc_id_is_rejected_not_dropped():
    tasks = [{"id": 1, "data": {"text": "An"}, "annotations": [
        {"id": 2, "completed_by": 7, "was_cancelled": False, "result": [], "updated_at": "t"}]}]
    docs, rejects, summary = convert_export(tasks)
    assert docs == {} and [(r.reason, r.annotator) for r in rejects] == [("task without doc_id or text", "user-7")]


@pytest.mark.studio
def test_credentials_file_is_private(ls_server):
    mode = stat.S_IMODE((Path(ls_server.data_dir) / "credentials.json").stat().st_mode)
    assert mode == 0o600


# -- property: every annotation of an export is accounted for ---------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = "Ông Nguyễn\u00a0Văn An 😀 là Bí thư."
_ITEMS = [
    {"id": "p", "from_name": "officials", "to_name": "text", "type": "labels",
     "value": {"start": 4, "end": 17, "text": _TEXT[4:17], "labels": ["PERSON"]}},
    {"id": "q", "from_name": "officials", "to_name": "text", "type": "labels",
     "value": {"start": 23, "end": 29, "text": _TEXT[23:29], "labels": ["POSITION"]}},
    {"type": "relation", "from_id": "p", "to_id": "q", "direction": "right", "labels": ["holds"]},
    {"id": "x", "from_name": "officials", "to_name": "text", "type": "labels",
     "value": {"start": 4, "end": 99, "labels": ["PERSON"]}},
    {"id": "y", "from_name": "officials", "to_name": "text", "type": "labels",
     "value": {"start": 0, "end": 3, "text": "Ong", "labels": ["PERSON"]}},
    {"type": "relation", "from_id": "p", "to_id": "gone", "direction": "right", "labels": ["holds"]},
]


@st.composite
def exports(draw):
    tasks, next_id = [], 1
    for t in range(draw(st.integers(1, 4))):
        anns = []
        for _ in range(draw(st.integers(0, 4))):
            who = draw(st.sampled_from([1, 2, {"id": 3, "email": "c@x"}]))
            picked = draw(st.lists(st.sampled_from(range(len(_ITEMS))), unique=True, max_size=len(_ITEMS)))
            anns.append({"id": next_id, "completed_by": who, "was_cancelled": draw(st.booleans()),
                         "updated_at": f"2026-01-0{draw(st.integers(1, 3))}T00:00:00Z",
                         "result": [_ITEMS[i] for i in picked]})
            next_id += 1
        data = {"text": _TEXT, "doc_id": f"d{t}"} if draw(st.integers(0, 5)) else {"text": _TEXT}
        tasks.append({"id": t + 1, "data": data, "annotations": anns, "drafts": []})
    return tasks


@settings(max_examples=150, deadline=None)
@given(exports())
def test_every_annotation_is_a_record_a_skip_or_a_reject(tasks):
    docs, rejects, summary = convert_export(tasks)
    whole = Counter(r.reason for r in rejects if r.reason in ("superseded", "task without doc_id or text"))
    assert summary.annotations == sum(len(t["annotations"]) for t in tasks)
    assert summary.records + summary.skipped + sum(whole.values()) == summary.annotations
    assert sum(len(v) for v in docs.values()) == summary.records
    by_ann = {a["id"]: a for t in tasks for a in t["annotations"]}
    for email, records in docs.items():
        for d in records:
            items = by_ann[d.meta["annotation_id"]]["result"]
            item_rejects = [r for r in rejects if r.annotation_id == d.meta["annotation_id"]]
            assert len(d.spans) + len(d.relations) + len(item_rejects) == len(items)


# -- malformed exports of real Label Studio shape (issue 11) ----------------------------------

import unicodedata  # noqa: E402

from hoinghi.annotate.pull import save_export  # noqa: E402
from hoinghi.errors import InputError  # noqa: E402

_NFC = "Ông Nguyễn Văn An là Bí thư Quận ủy."
_NFD = unicodedata.normalize("NFD", _NFC)


def _region(rid, text, part, label, control="officials", start=None):
    start = text.index(part) if start is None else start
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": start + len(part), "text": part, "labels": [label]}}


def _task(tid, text, result, ann_id=None, **data):
    return {"id": tid, "data": {"text": text, "doc_id": f"d{tid}", **data}, "drafts": [],
            "annotations": [{"id": ann_id or tid * 10, "completed_by": {"id": 1, "email": "a@x"}, "was_cancelled": False,
                             "updated_at": "2026-01-01T00:00:00Z", "result": result}]}


_PERSON_NFD = unicodedata.normalize("NFD", "Nguyễn Văn An")
_OVERLAP = [_region("p", _NFC, "Nguyễn Văn An", "PERSON"), _region("q", _NFC, "Văn An là Bí thư", "POSITION"),
            {"type": "relation", "from_id": "p", "to_id": "q", "direction": "right", "labels": ["holds"]}]

# (case, tasks, spans written as (start, end, label) per document, reject reasons, summary fields, words in rejects)
MALFORMED = [
    ("non-NFC text is normalised, offsets remapped", [_task(1, _NFD, [_region("p", _NFD, _PERSON_NFD, "PERSON")])],
     {"d1": [(4, 17, "PERSON")]}, [], {"normalised": 1}, ""),
    ("an offset inside a composed character is a reject",
     [_task(1, _NFD, [dict(_region("p", _NFD, _PERSON_NFD, "PERSON"),
                           value={"start": 1, "end": 7, "labels": ["PERSON"]})])],
     {"d1": []}, ["offsets split a character"], {"normalised": 1}, "no NFC counterpart"),
    ("a task listed twice is converted once", [_task(1, _NFC, [_region("p", _NFC, "Nguyễn Văn An", "PERSON")])] * 2,
     {"d1": [(4, 17, "PERSON")]}, ["duplicate annotation"], {"duplicate_tasks": 1, "records": 1},
     "appears more than once"),
    ("overlapping spans of one schema", [_task(1, _NFC, _OVERLAP)], {"d1": [(4, 17, "PERSON")]},
     ["overlapping span", "relation to an overlapping span"], {}, "overlaps [4, 17) PERSON (officials)"),
]


@pytest.mark.parametrize("case,tasks,spans,reasons,counts,words", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_exports_are_reported_and_never_written_wrong(tmp_path, case, tasks, spans, reasons, counts, words):
    summary = save_export(json.dumps(tasks, ensure_ascii=False).encode(), tmp_path, project_id=7)
    records = read_documents(tmp_path / "a@x.jsonl")  # the toolkit's own reader accepts what pull wrote
    assert {d.id: [s.key for s in d.spans] for d in records} == spans
    rejects = read_documents_raw(tmp_path / "rejects.jsonl")
    assert [r["reason"] for r in rejects] == reasons
    assert not rejects or words in rejects[0]["detail"]
    assert {k: getattr(summary, k) for k in counts} == counts
    assert all(unicodedata.is_normalized("NFC", d.text) for d in records)


def test_a_control_not_named_as_its_schema_is_named_as_the_cause():
    """A hand-written config (``<Labels name="label">``, as in Label Studio's templates):
    the labels are known, the control is what is wrong."""
    config = ('<View><Text name="text" value="$text"/><Labels name="label" toName="text">'
              '<Label value="PERSON"/><Label value="POSITION"/></Labels></View>')
    tasks = [_task(1, _NFC, [_region("p", _NFC, "Nguyễn Văn An", "PERSON", "label")])]
    _, rejects, _ = convert_export(tasks, label_config=config)
    assert [(r.reason, r.detail.split(";")[0]) for r in rejects] == [
        ("unknown control", "label 'PERSON' comes from control 'label', which is not named after a schema of this "
                            "project (none)")]
    _, rejects, _ = convert_export(tasks)  # the shipped schemas: officials, ...
    assert [r.reason for r in rejects] == ["unknown control"] and "(indicators, meetings, officials)" in rejects[0].detail


def read_documents_raw(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_pushed_meta_is_carried():
    docs, _, _ = convert_export([_task(1, _NFC, [], url="x", meta={"source": "https://example.vn/a"})])
    assert docs["a@x"][0].meta["doc_meta"] == {"source": "https://example.vn/a"}


@pytest.mark.parametrize("raw,words", [
    (b'{"tasks": []}', "not a Label Studio JSON export (a list of tasks): the top level is a dict"),
    (b'[1, 2]', "field [0]: not a Label Studio task"),
    (json.dumps([_task(1, _NFC, [])]).encode()[:-20], "not valid JSON (truncated?)"),
])
def test_a_malformed_export_writes_nothing(tmp_path, raw, words):
    with pytest.raises(InputError, match=re.escape(words)):
        save_export(raw, tmp_path / "pull", project_id=7)
    assert not (tmp_path / "pull").exists()


@pytest.mark.studio
def test_an_untyped_relation_is_typed_by_the_schema_and_counted(ls_server, tmp_path):
    """As the UI stores it when the annotator never opens the relation's menu: no labels."""
    admin = ls_server.client(timeout=120)
    text = "Ông Lê Văn An, Bí thư Quận ủy, phát biểu."
    (proj,) = push(admin, [Document("untyped-1", text)], schemas=["officials"], prefix="untyped",
                   progress=False).projects
    user = create_annotator(admin, "untyped.a@example.com")
    doc = Document("untyped-1", text, (Span(4, 13, "PERSON", "p"), Span(15, 29, "POSITION", "q")))
    items = to_results(doc, origin="manual", new_ids=True)
    items.append({"type": "relation", "from_id": items[0]["id"], "to_id": items[1]["id"], "direction": "right"})
    items.append({"type": "relation", "from_id": items[1]["id"], "to_id": items[0]["id"], "direction": "right"})
    task = existing_tasks(admin, proj.project_id).tasks["untyped-1"]
    connect(ls_server.url, user.token).annotations.create(id=task, result=items)
    summary = pull(admin, proj.project_id, tmp_path, progress=False)
    (got,) = read_documents(tmp_path / f"{user.email}.jsonl")
    assert [(r.head, r.tail, r.type) for r in got.relations] == [(items[0]["id"], items[1]["id"], "holds")]
    assert got.meta["inferred_relation_types"] == [[items[0]["id"], items[1]["id"], "holds"]]
    assert summary.inferred_relations == 1 and summary.reject_reasons == {"relation without type": 1}
    assert "  relations typed from the schema (submitted without a type, one type allowed): 1" in summary.lines()
