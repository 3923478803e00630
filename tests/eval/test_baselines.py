"""The file of a baseline: round trip, readable rows, every bad file an InputError naming
the place, names resolved under gold/baselines."""
from __future__ import annotations

import json

import numpy as np
import pytest

from hoinghi.errors import InputError
from hoinghi.eval.baselines import Baseline, baseline_path, default_baseline_name, read_baseline, write_baseline

KEYS = ["PERSON", "POSITION", "DATE"]
GROUPS = {"officials": ["PERSON", "POSITION"], "meetings": ["DATE"]}
SIG = {"version": "0.1.0", "schema": "m@1", "gold": "aaaa", "mode": "strict", "seed": 1, "extractor": "x@1"}


def _baseline():
    counts = np.arange(2 * 3 * 3).reshape(2, 3, 3)
    return Baseline("reference@0.1.0", SIG, ["000_a", "001_b"], KEYS, counts, GROUPS, "strict")


def test_baseline_round_trip_and_readable_rows(tmp_path):
    path = write_baseline(tmp_path / "b.json", _baseline())
    text = path.read_text(encoding="utf-8")
    assert '    "000_a": [[0,1,2], [3,4,5], [6,7,8]],' in text.splitlines()
    assert json.loads(text)["scores"]["PERSON"] == {"tp": 9, "fp": 11, "fn": 13, "f1": round(18 / 42, 4)}
    back = read_baseline(path)
    assert back.doc_ids == ["000_a", "001_b"] and back.keys == KEYS and back.groups == GROUPS
    assert np.array_equal(back.counts, _baseline().counts) and back.signature == SIG


BAD_BASELINES = [
    ("not json", "{", "invalid JSON"),
    ("no format", '{"keys": []}', "not a hoinghi baseline"),
    ("short row", '{"format": "hoinghi-baseline/1", "keys": ["A", "B"], "documents": {"d1": [[1,0,0]]}}',
     "document d1, field documents.d1: expected 2 [tp, fp, fn] triples"),
    ("negative", '{"format": "hoinghi-baseline/1", "keys": ["A"], "documents": {"d9": [[1,-1,0]]}}',
     "document d9, field documents.d9"),
    ("no documents", '{"format": "hoinghi-baseline/1", "keys": ["A"], "documents": {}}', "field documents"),
]


@pytest.mark.parametrize("name,text,message", BAD_BASELINES, ids=[b[0] for b in BAD_BASELINES])
def test_bad_baseline_is_input_error_naming_the_place(tmp_path, name, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_baseline(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_missing_baseline_says_how_to_make_one(tmp_path):
    with pytest.raises(InputError, match="--update"):
        read_baseline(tmp_path / "nope.json")


@pytest.mark.parametrize("given,path", [
    ("reference", "gold/baselines/reference.json"),
    ("reference@0.3.0", "gold/baselines/reference.json"),
    ("x/y.json", "x/y.json"),
    ("b.json", "b.json"),
])
def test_baseline_path(given, path):
    assert str(baseline_path(given)) == path



@pytest.mark.parametrize("extractor,spec,name", [
    ("reference@reference-1.1.0", "reference", "reference"),
    ("trivial@0.1.0", "trivial", "trivial"),
    ("", "trivial", "trivial"),
])
def test_default_baseline_name(extractor, spec, name):
    assert default_baseline_name(extractor, spec) == name


@pytest.mark.parametrize("extractor,spec", [
    ("/x/gate_extractors.py:same@sha-1", "/x/gate_extractors.py:same"),
    ("cmd:x.sh@ab12", "cmd:sh x.sh"),
    ("file:p.jsonl@ab12", "p.jsonl"),
])
def test_specs_without_a_registered_name_have_no_default_baseline(extractor, spec):
    with pytest.raises(InputError, match="pass --baseline"):
        default_baseline_name(extractor, spec)
