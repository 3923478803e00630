"""eval/extract.py: a corpus through an extractor into prediction JSONL + sidecar; resume
after an interruption; refusal to mix runs or to write over an input; the saved file
scored by eval with the extractor's identity and failures."""
import json
from pathlib import Path

import pytest

from hoinghi.document import Document, write_documents
from hoinghi.errors import ExtractorError, InputError
from hoinghi.eval.extract import extract
from hoinghi.eval.pipeline import score_extractor
from hoinghi.eval.saved_predictions import read_sidecar, sidecar_path

DATA = Path(__file__).resolve().parents[1] / "data"
SMALL = DATA / "gold-small.jsonl"
MISBEHAVES = f"{DATA / 'extractors.py'}:misbehaves"
TRIGGERS = ["RAISE", "OUTOFRANGE", "UNKNOWNLABEL", "BADTYPE", "NONE", "WRONGTEXT", "WRONGREL"]


def corpus(n: int) -> list[Document]:
    """Generated documents: names to find, and every ``TRIGGERS`` word on some documents."""
    docs = []
    for i in range(n):
        words = ["Ông Lê Văn An phát biểu tại hội nghị."] * (1 + i % 3)
        if i % 5 == 4:
            words.append(TRIGGERS[(i // 5) % len(TRIGGERS)])
        docs.append(Document(f"doc-{i:04d}", " ".join(words)))
    return docs


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "corpus.jsonl"
    write_documents(path, corpus(40))
    return path


def test_extract_writes_predictions_and_a_sidecar(source, tmp_path):
    out = tmp_path / "out" / "pred.jsonl"
    result = extract(MISBEHAVES, source, out, progress=False)
    side = read_sidecar(out)
    assert side == result.sidecar and side.complete and side.extractor == f"{MISBEHAVES}@9.9.9"
    assert side.findable_spec == MISBEHAVES and side.source == str(source.resolve()) and side.source_kind == "jsonl"
    assert side.n_documents == 40 and side.n_predictions == 32 and len(side.failures) == 8
    assert [f.kind for f in side.failures] == ["error", "invalid", "invalid", "invalid", "invalid", "invalid",
                                               "invalid", "error"]
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [d.id for d in corpus(40) if d.id not in {f.doc_id for f in side.failures}]  # input order
    assert all("text" not in json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())


def test_resume_runs_only_what_is_missing_and_gives_the_same_file(source, tmp_path):
    whole = tmp_path / "whole.jsonl"
    extract(MISBEHAVES, source, whole, progress=False)
    part = tmp_path / "part.jsonl"
    extract(MISBEHAVES, source, part, progress=False)
    lines = part.read_bytes().split(b"\n")
    part.write_bytes(b"\n".join(lines[:10]) + b"\n" + lines[10][:17])  # interrupted in the middle of a line
    side = json.loads(sidecar_path(part).read_text(encoding="utf-8"))
    side.update(complete=False, predictions_sha256=None)
    sidecar_path(part).write_text(json.dumps(side), encoding="utf-8")
    result = extract(MISBEHAVES, source, part, progress=False)
    assert (result.n_resumed, result.n_run) == (10, 30)
    assert part.read_bytes() == whole.read_bytes()
    assert read_sidecar(part).failures == read_sidecar(whole).failures


def test_resume_refuses_another_extractor_or_input_unless_restarted(source, tmp_path):
    out = tmp_path / "p.jsonl"
    extract(MISBEHAVES, source, out, progress=False)
    with pytest.raises(InputError, match="cannot resume: the file was made with extractor"):
        extract("trivial", source, out, progress=False)
    other = tmp_path / "other.jsonl"
    write_documents(other, corpus(41))
    with pytest.raises(InputError, match="input fingerprint"):
        extract(MISBEHAVES, other, out, progress=False)
    assert extract("trivial", source, out, progress=False, restart=True).sidecar.extractor.startswith("trivial@")
    stray = tmp_path / "stray.jsonl"
    stray.write_text("{}\n", encoding="utf-8")
    with pytest.raises(InputError, match="has no sidecar"):
        extract("trivial", source, stray, progress=False)


@pytest.mark.parametrize("out", ["corpus.jsonl", "txt/x.jsonl"])
def test_an_output_never_overwrites_an_input(tmp_path, out):
    write_documents(tmp_path / "corpus.jsonl", corpus(2))
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "a.txt").write_text("Ông Lê Văn An", encoding="utf-8")
    src = tmp_path / ("corpus.jsonl" if out == "corpus.jsonl" else "txt")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(InputError, match="overwrite or land inside the input"):
        extract("trivial", src, tmp_path / out, progress=False)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_prediction_file_is_not_an_extractor(source, tmp_path):
    out = tmp_path / "p.jsonl"
    extract("trivial", source, out, progress=False)
    with pytest.raises(ExtractorError, match="nothing to run"):
        extract(str(out), source, tmp_path / "q.jsonl", progress=False)


def test_eval_of_a_saved_file_names_the_extractor_and_its_failures(tmp_path):
    gold = tmp_path / "gold.jsonl"
    docs = [Document.from_json(json.loads(line)) for line in SMALL.read_text(encoding="utf-8").splitlines()]
    docs[1] = Document(docs[1].id, docs[1].text + " RAISE", (), (), {})
    write_documents(gold, docs)
    out = tmp_path / "p.jsonl"
    extract(MISBEHAVES, gold, out, progress=False)
    direct = score_extractor(gold, MISBEHAVES, n_boot=0, progress=False)
    saved = score_extractor(gold, str(out), n_boot=0, progress=False)
    assert saved.result.signature == direct.result.signature  # extractors.py:misbehaves@9.9.9, not "a file"
    for part in ("scores", "semeval", "per_document", "failures"):
        assert saved.result.to_json()[part] == direct.result.to_json()[part]
    assert [(f.doc_id, f.kind) for f in saved.failures] == [(docs[1].id, "error")]
    out.write_text(out.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # changed after it was written
    assert score_extractor(gold, str(out), n_boot=0, progress=False).run.extractor.startswith("file:p.jsonl@")
