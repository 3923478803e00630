"""eval/runner/ray_engine.py: per-document failure records inside the batch function, and
results identical to the local engine on both shipped gold sets and on generated data
(Ray in local mode: the session fixture ``ray_local``)."""
from pathlib import Path

import pytest

from hoinghi.document import write_documents
from hoinghi.errors import ExtractorError
from hoinghi.eval.extract import extract
from hoinghi.eval.runner.ray_engine import extract_batch

from .test_extract import DATA, MISBEHAVES, corpus

REPO = Path(__file__).resolve().parents[2]


def test_one_failing_document_does_not_lose_its_batch():
    rows = extract_batch({"id": ["a", "b", "c"], "text": ["Lê Văn An", "RAISE Lê Văn An", "NONE"]}, MISBEHAVES)
    assert rows["id"] == ["a", "b", "c"] and rows["status"] == ["ok", "error", "invalid"]
    assert '"label": "PERSON"' in rows["prediction"][0] and rows["prediction"][1:] == ["", ""]
    assert rows["message"][1].startswith("ValueError: boom on purpose") and "returned None" in rows["message"][2]


def _both(spec, source, tmp_path):
    local = extract(spec, source, tmp_path / "local.jsonl", progress=False, jobs=2)
    ray = extract(spec, source, tmp_path / "ray.jsonl", progress=False, engine="ray", jobs=2)
    return local, ray


@pytest.mark.parametrize("gold", ["hoinghi-5", "synthetic-heldout"])
def test_ray_equals_local_on_the_shipped_gold_sets(ray_local, tmp_path, gold):
    local, ray = _both("reference", REPO / "gold" / gold, tmp_path)
    assert local.out.read_bytes() == ray.out.read_bytes() and local.sidecar.n_predictions > 0
    assert (ray.sidecar.engine, ray.sidecar.failures) == ("ray", local.sidecar.failures)
    assert ray.sidecar.predictions_sha == local.sidecar.predictions_sha


def test_ray_equals_local_on_generated_data_with_failures(ray_local, tmp_path):
    source = tmp_path / "corpus.jsonl"
    write_documents(source, corpus(600))
    local, ray = _both(MISBEHAVES, source, tmp_path)
    assert local.out.read_bytes() == ray.out.read_bytes()
    assert ray.sidecar.failures == local.sidecar.failures and len(local.sidecar.failures) == 120
    assert not list(tmp_path.glob(".ray.jsonl.*"))  # the work folder is removed


def test_ray_runs_python_extractors_only(tmp_path):
    source = tmp_path / "corpus.jsonl"
    write_documents(source, corpus(2))
    with pytest.raises(ExtractorError, match="ray engine runs Python extractors"):
        extract("cmd:cat", source, tmp_path / "p.jsonl", progress=False, engine="ray")
