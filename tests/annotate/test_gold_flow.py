"""annotate/gold_flow.py against a real Label Studio (the ``ls_server`` fixture) on a
small slice: two articles, two annotators who disagree, a reviewer decision, the
pull, the gold build — and the shipped passes round-trip unchanged. Plus
``apply_decisions`` without a server."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from hoinghi.annotate.adjudication import adjudicate
from hoinghi.annotate.gold import load_gold, read_manifest
from hoinghi.annotate.gold_flow import apply_decisions, run_flow
from hoinghi.annotate.passes import Record
from hoinghi.document import Document, Span, read_documents, write_documents
from hoinghi.errors import InputError

REPO = Path(__file__).resolve().parents[2]
PASS_A = REPO / "annotations" / "hoinghi-5" / "annotator-a.jsonl"
SLICE = ["001_c66abccd04dba35a", "003_d2d48f3f4941e773"]


def test_apply_decisions_requires_a_decision_for_every_unsettled_conflict():
    t = "Hội nghị lần thứ 14 đã diễn ra"
    a = Record("a", Document("d", t, (Span(0, 19, "MEETING", "x"),)))
    b = Record("b", Document("d", t, (Span(0, 8, "MEETING", "y"),)))
    gold, log = adjudicate([a, b], "majority")
    with pytest.raises(InputError, match="1 unsettled conflict"):
        apply_decisions(gold, log, [], "r")
    review, n = apply_decisions(gold, log, [{"document": "d", "start": 0, "end": 19, "label": "MEETING", "keep": True,
                                             "reason": "§1 MEETING: up to the session number"}], "r")
    assert n == 1 and [(s.start, s.end) for s in review[0].spans] == [(0, 19)]
    with pytest.raises(InputError, match="no conflict lists"):
        apply_decisions(gold, log, [{"document": "d", "start": 0, "end": 19, "label": "MEETING", "keep": True},
                                    {"document": "d", "start": 20, "end": 22, "label": "DATE", "keep": False}], "r")


@pytest.mark.studio
def test_flow_on_a_slice(ls_server, shared_dir, tmp_path):
    a_docs = {d.id: d for d in read_documents(PASS_A) if d.id in SLICE}
    # annotator B: the same pass, minus one PERSON span in 003 and with a shorter MEETING in 001
    b_docs = {}
    for doc_id, d in a_docs.items():
        spans = list(d.spans)
        if doc_id == "003_d2d48f3f4941e773":
            gone = next(s for s in spans if s.label == "PERSON")
            spans.remove(gone)
            rels = tuple(r for r in d.relations if gone.id not in (r.head, r.tail))
        else:
            m = next(s for s in spans if s.label == "MEETING" and d.text[s.start:s.end] == "Hội nghị Ban Chấp hành lần thứ 12")
            spans[spans.index(m)] = Span(m.start, m.start + len("Hội nghị"), "MEETING", m.id)
            rels = d.relations
        b_docs[doc_id] = Document(doc_id, d.text, tuple(spans), rels, {})
    write_documents(tmp_path / "a.jsonl", a_docs.values())
    write_documents(tmp_path / "b.jsonl", b_docs.values())
    m001 = next(s for s in a_docs["001_c66abccd04dba35a"].spans if s.label == "MEETING")
    decisions = [{"document": "001_c66abccd04dba35a", "start": m001.start, "end": m001.end, "label": "MEETING",
                  "keep": True, "reason": "guideline §1: MEETING runs to the session number"}]
    p003 = next(s for s in a_docs["003_d2d48f3f4941e773"].spans if s.label == "PERSON")
    decisions.append({"document": "003_d2d48f3f4941e773", "start": p003.start, "end": p003.end, "label": "PERSON",
                      "keep": True, "reason": "§0.1 every mention"})
    (tmp_path / "decisions.json").write_text(json.dumps(decisions), encoding="utf-8")
    corpus = shared_dir / "corpus"
    res = run_flow(corpus, {"flow-a@example.com": tmp_path / "a.jsonl", "flow-b@example.com": tmp_path / "b.jsonl"},
                   reviewer="flow-r@example.com", decisions=tmp_path / "decisions.json", out_dir=tmp_path / "out",
                   gold_dir=tmp_path / "gold", name="slice", version="0.0.1", server=ls_server, prefix="goldflow",
                   doc_ids=SLICE, progress=False, log=lambda m: None)
    # the majority pass left the disagreements open; the reviewer settled them
    assert res.unsettled >= 2 and res.decisions_applied == 2
    assert res.pull_summary["rejects"] == 0 and res.pull_summary["records"] == 6
    gold = {d.id: d for d in load_gold(tmp_path / "gold" / "slice")}
    assert set(gold) == set(SLICE)
    for doc_id in SLICE:   # the reviewer chose A's reading everywhere: gold == A, spans and relations
        key = lambda d: (sorted((s.start, s.end, s.label) for s in d.spans),  # noqa: E731
                         sorted(({s.id: (s.start, s.end) for s in d.spans}[r.head],
                                 {s.id: (s.start, s.end) for s in d.spans}[r.tail], r.type) for r in d.relations))
        assert key(gold[doc_id]) == key(a_docs[doc_id])
    m = read_manifest(tmp_path / "gold" / "slice")
    assert m["adjudication"]["policy"] == "reviewer:flow-r@example.com" and m["adjudication"]["unsettled"] == 0
    assert m["agreement"]["overall"]["strict"] < 1.0
    assert m["provenance"]["annotators"] == ["flow-a@example.com", "flow-b@example.com"]
    assert (tmp_path / "out" / "pull" / f"export-{res.project_id}.json").is_file()
    conflicts = [json.loads(x) for x in (tmp_path / "out" / "conflicts.jsonl").read_text().splitlines()[1:]]
    assert any(c["kind"] == "boundary" and c["field"] == "MEETING" for c in conflicts)
