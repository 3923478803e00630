"""eval/saved_predictions.py: the sidecar round trip, its checks, and which files carry
an extractor's identity."""
import json

import pytest

from hoinghi.document import Document, Span
from hoinghi.errors import InputError
from hoinghi.eval.predictions import Failure
from hoinghi.eval.saved_predictions import (Sidecar, read_sidecar, save_predictions, saved_identity,
                                            sidecar_path, write_sidecar)

DOCS = [Document("d1", "Ông An", (Span(4, 6, "PERSON", "s0"),)), Document("d2", "x")]
SIDE = Sidecar("reference", "1.0", "reference", "reference", "/data/gold", "gold", "abc", 2)


def test_round_trip_and_identity_of_an_unchanged_file(tmp_path):
    out = tmp_path / "p.jsonl"
    done = save_predictions(out, DOCS, {d.id: d for d in DOCS}, [Failure("d2", "error", "boom")], SIDE)
    assert read_sidecar(out) == done and done.complete and done.n_predictions == 1
    assert out.read_text(encoding="utf-8").count("\n") == 1
    assert saved_identity(out).extractor == "reference@1.0"
    out.write_text(out.read_text(encoding="utf-8").replace("PERSON", "PERSON "), encoding="utf-8")
    assert saved_identity(out) is None  # edited: only "a file" now
    write_sidecar(out, SIDE)  # an unfinished run
    assert saved_identity(out) is None and read_sidecar(tmp_path / "none.jsonl") is None


@pytest.mark.parametrize("change,field", [
    ({"format": "x"}, "format"),
    ({"input": []}, "input"),
    ({"extractor_version": 3}, "extractor_version"),
    ({"failures": [{"doc_id": "d1", "kind": "weird", "message": "m"}]}, "failures[0]"),
])
def test_a_damaged_sidecar_names_its_field(tmp_path, change, field):
    out = tmp_path / "p.jsonl"
    write_sidecar(out, SIDE)
    obj = {**json.loads(sidecar_path(out).read_text(encoding="utf-8")), **change}
    sidecar_path(out).write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_sidecar(out)
    assert err.value.where.field == field and err.value.where.file == str(sidecar_path(out))
