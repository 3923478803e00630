"""eval/pipeline.py: load gold → run the extractor → score, and gating a scored run
against a baseline file, on the shipped example gold and real extractors."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hoinghi.document import Document, write_documents
from hoinghi.errors import InputError, SignatureMismatch
from hoinghi.eval.baselines import Baseline, write_baseline
from hoinghi.gold_set import load_gold_or_jsonl
from hoinghi.eval.pipeline import ScoredRun, gate_scored_run, score_extractor
from hoinghi.eval.runner import run_extractor
from hoinghi.eval.scoring import evaluate

DATA = Path(__file__).resolve().parents[1] / "data"
SMALL = DATA / "gold-small.jsonl"
PY_BAD = f"{DATA / 'extractors.py'}:misbehaves"


@pytest.fixture(scope="module")
def scored() -> ScoredRun:
    return score_extractor(SMALL, "trivial", n_boot=50, progress=False)


def test_scores_what_the_three_stages_give_by_hand(scored):
    docs, fp, _ = load_gold_or_jsonl(SMALL)
    run = run_extractor("trivial", docs, progress=False)
    by_hand = evaluate(docs, run.predictions, n_boot=50, extractor=run.extractor, gold_fingerprint=fp)
    assert scored.gold == docs and scored.predictions == run.predictions
    assert np.array_equal(scored.result.counts, by_hand.counts) and scored.result.signature == by_hand.signature


def test_the_eval_report_carries_gold_provenance_and_run_settings(scored):
    report = scored.to_json()
    assert report["gold"]["path"] == str(SMALL) and report["gold"]["n_documents"] == len(scored.gold)
    assert report["run"]["spec"] == "trivial" and report["run"]["extractor"].startswith("trivial@")
    assert (report["run"]["jobs"], report["run"]["timeout"]) == (1, 30.0)


def test_failures_are_kept_for_the_report(tmp_path):
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, [Document("ok", "Ông Lê Văn An"), Document("bad", "Ông Lê Văn An RAISE")])
    run = score_extractor(gold, PY_BAD, n_boot=0, progress=False, timeout=5.0)
    assert [(f.doc_id, f.kind) for f in run.failures] == [("bad", "error")]
    assert list(run.result.failures) == run.failures == run.run.failures
    assert run.predictions["bad"].spans == () and run.predictions["ok"].spans  # the failure is scored as empty


def test_gate_against_its_own_baseline_passes_and_names_the_file(scored, tmp_path):
    path = write_baseline(tmp_path / "trivial.json", Baseline.from_result(scored.result))
    result = gate_scored_run(scored, path, n_boot=50)
    assert result.passed and result.baseline_name == f"{scored.result.extractor} ({path})"
    assert result.warnings == scored.warnings


def test_gate_refuses_a_baseline_of_another_mode_or_none(scored, tmp_path):
    other = score_extractor(SMALL, "trivial", mode="overlap", n_boot=0, progress=False)
    path = write_baseline(tmp_path / "overlap.json", Baseline.from_result(other.result))
    with pytest.raises(SignatureMismatch, match="matching mode differs"):
        gate_scored_run(scored, path, n_boot=50)
    with pytest.raises(InputError, match="--update"):
        gate_scored_run(scored, tmp_path / "none.json", n_boot=50)


def test_a_counts_only_rescore_scores_the_span_view_alone(scored):
    quick = score_extractor(SMALL, "trivial", n_boot=0, views=("span",), breakdown=False, progress=False)
    assert np.array_equal(quick.result.counts, scored.result.counts)
    assert set(quick.result.views) == {"span"} and len(scored.result.views) > 1


def test_a_gold_set_covering_one_schema_scores_only_its_fields(tmp_path):
    from hoinghi.annotate.gold import build_gold
    from hoinghi.gold_set import load_gold
    from hoinghi.schema import load_schemas

    officials = load_schemas().subset(["officials"])
    docs = [Document(d.id, d.text, tuple(s for s in d.spans if s.label in officials.labels), (), {})
            for d in load_gold(Path(__file__).resolve().parents[2] / "gold/hoinghi-5")]
    build_gold(docs, "off", tmp_path, version="0.1.0", schemas=officials)
    run = score_extractor(tmp_path / "off", "reference", n_boot=0, progress=False)
    assert run.result.views["span"].keys == ("PERSON", "POSITION")
    assert "fields:PERSON+POSITION" in str(run.result.signature)
    assert any("covers only officials@1.0.0" in w for w in run.warnings)
    with pytest.raises(InputError, match="field 'DATE' cannot be scored"):
        score_extractor(tmp_path / "off", "reference", n_boot=0, progress=False, fields=["DATE"])
    full = score_extractor(Path(__file__).resolve().parents[2] / "gold/hoinghi-5", "reference", n_boot=0,
                           progress=False)
    i = full.result.views["span"].keys.index("PERSON")
    assert run.result.views["span"].counts[:, 0].sum(axis=0).tolist() == full.result.views["span"].counts[:, i].sum(
        axis=0).tolist()


@pytest.mark.parametrize("change", ["same", "worse"])
def test_gate_on_a_prediction_file_is_the_same_counted_either_way(change, tmp_path):
    """``hoinghi gate -e FILE`` counts through the columnar scorer (no documents kept) and
    reads the documents again only to show a failure's drivers: the verdict, the numbers
    and the drivers' span differences are those of the object path."""
    import json

    docs, _, _ = load_gold_or_jsonl(DATA.parent.parent / "gold" / "synthetic-provinces")
    gold = tmp_path / "gold.jsonl"
    write_documents(gold, docs)
    preds = tmp_path / "pred.jsonl"
    base = run_extractor("reference", docs, progress=False).predictions
    with open(preds, "w", encoding="utf-8") as fh:
        for d in docs:  # worse: no MEETING spans at all
            spans = [s for s in base[d.id].spans if change == "same" or s.label != "MEETING"]
            fh.write(json.dumps({"id": d.id, "spans": [{"start": s.start, "end": s.end, "label": s.label}
                                                       for s in spans]}, ensure_ascii=False) + "\n")
    full = score_extractor(gold, str(preds), n_boot=100, progress=False, keep_documents=True)
    path = write_baseline(tmp_path / "base.json",
                          Baseline.from_result(score_extractor(gold, "reference", n_boot=0, progress=False).result))
    fast = score_extractor(gold, str(preds), n_boot=100, progress=False, keep_documents=False)
    assert fast.gold is None and full.gold is not None  # counted by the columnar scorer
    a, b = gate_scored_run(fast, path, n_boot=1000), gate_scored_run(full, path, n_boot=1000)
    assert a.passed is b.passed is (change == "same")
    assert a.to_json() == b.to_json()
    if change == "worse":
        assert a.drivers and any(d.differences for d in a.drivers)
