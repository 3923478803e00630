"""The gate's statistics and verdicts on count tables (data tables). Baseline files:
test_baselines.py; signature checks: test_signature.py; gate runs on real extractors:
tests/test_project_gate.py and the worsened-extractor tests in tests/cli/test_cli_gate.py."""
from __future__ import annotations

import json

import numpy as np
import pytest

from hoinghi.eval.gate import compare_counts, holm

KEYS = ["PERSON", "POSITION", "DATE"]
GROUPS = {"officials": ["PERSON", "POSITION"], "meetings": ["DATE"]}


def _table(n_docs, per_doc):
    """``per_doc``: one [tp, fp, fn] triple per key, the same in every document."""
    return np.array([per_doc] * n_docs, dtype=np.int64)


def _ids(n):
    return [f"d{i:02d}" for i in range(n)]


def _worse_in(base, docs, key, triple):
    out = base.copy()
    out[docs, KEYS.index(key)] = triple
    return out


N = 12
BASE = _table(N, [[4, 0, 0], [3, 1, 0], [1, 0, 0]])

# (name, candidate, expected verdict per row name)
VERDICT_CASES = [
    ("identical", BASE, {"PERSON": "pass", "POSITION": "pass", "DATE": "pass", "officials micro": "pass",
                         "overall micro": "pass", "overall macro": "pass"}),
    ("PERSON halved in every document", _worse_in(BASE, slice(None), "PERSON", [2, 0, 2]),
     {"PERSON": "fail", "POSITION": "pass", "DATE": "pass", "officials micro": "fail", "overall micro": "fail"}),
    ("PERSON lost in one document of twelve", _worse_in(BASE, [3], "PERSON", [0, 0, 4]),
     {"PERSON": "noise", "POSITION": "pass", "officials micro": "noise"}),
    ("tiny drop within tolerance", _worse_in(BASE, [0], "POSITION", [3, 1, 0]), {"POSITION": "pass"}),
    ("improvement", _worse_in(BASE, slice(None), "POSITION", [3, 0, 0]), {"POSITION": "pass", "officials micro": "pass"}),
    ("spurious DATEs everywhere", _worse_in(BASE, slice(None), "DATE", [1, 3, 0]),
     {"DATE": "fail", "meetings micro": "fail", "PERSON": "pass"}),
]


@pytest.mark.parametrize("name,candidate,expected", VERDICT_CASES, ids=[c[0] for c in VERDICT_CASES])
def test_verdicts(name, candidate, expected):
    res = compare_counts(BASE, candidate, _ids(N), KEYS, groups=GROUPS, n_boot=400, seed=1)
    got = {r.name: r.verdict for r in res.rows}
    for row, verdict in expected.items():
        assert got[row] == verdict, (row, res.rows)
    assert res.passed == ("fail" not in got.values())


def test_a_drop_in_the_only_document_with_the_field_cannot_fail():
    # DATE occurs in one document of twelve; the candidate misses it there. Every resample
    # with a DATE shows the drop (p at its floor), but one document is no evidence of a trend.
    base = _table(N, [[4, 0, 0], [3, 1, 0], [0, 0, 0]])
    base[2, 2] = [1, 0, 0]
    cand = base.copy()
    cand[2, 2] = [0, 0, 1]
    res = compare_counts(base, cand, _ids(N), KEYS, groups=GROUPS, n_boot=400, seed=1)
    date = {r.name: r for r in res.rows}["DATE"]
    assert date.delta == -1.0 and date.p_adj < 0.05 and date.verdict == "noise" and res.passed
    cand[5, 2] = [0, 1, 0]  # a second document with a DATE error: now it can fail
    res = compare_counts(base, cand, _ids(N), KEYS, groups=GROUPS, n_boot=400, seed=1)
    assert {r.name: r.verdict for r in res.rows}["DATE"] == "fail"


def test_identical_runs_have_zero_delta_and_p_one():
    res = compare_counts(BASE, BASE, _ids(N), KEYS, groups=GROUPS, n_boot=200, seed=3)
    for r in res.rows:
        assert r.delta == 0 and r.ci_low == 0 and r.ci_high == 0
        assert r.p_value == 1.0 and r.p_adj == 1.0


def test_empty_field_is_na_and_left_out_of_the_family():
    base = _table(6, [[2, 0, 0], [0, 0, 0], [1, 0, 0]])
    res = compare_counts(base, base, _ids(6), KEYS, groups=GROUPS, n_boot=50)
    row = {r.name: r for r in res.rows}["POSITION"]
    assert row.verdict == "n/a" and row.p_value is None and row.p_adj is None  # undefined is None, never nan
    assert row.baseline is None and row.delta is None and (row.ci_low, row.ci_high) == (None, None)


def test_result_json_is_strict_json_with_null_for_n_a():
    base = _table(6, [[2, 0, 0], [0, 0, 0], [1, 0, 0]])
    obj = compare_counts(base, base, _ids(6), KEYS, groups=GROUPS, n_boot=50).to_json()
    text = json.dumps(obj, allow_nan=False)
    position = next(r for r in json.loads(text)["rows"] if r["name"] == "POSITION")
    assert position["verdict"] == "n/a" and position["delta"] is None and position["p_value"] is None


def test_p_value_matches_the_exact_bootstrap_probability():
    # two documents; the candidate loses everything in d0 only. A resample is "not worse"
    # exactly when it does not draw d0: probability (1/2)^2 = 0.25.
    keys = ["PERSON"]
    base = np.array([[[5, 0, 0]], [[5, 0, 0]]])
    cand = np.array([[[0, 0, 5]], [[5, 0, 0]]])
    res = compare_counts(base, cand, ["d0", "d1"], keys, groups={}, n_boot=20000, seed=11)
    person = res.rows[0]
    assert person.p_value == pytest.approx(0.25, abs=0.01)
    assert person.delta == pytest.approx(2 / 3 - 1)


def test_seeded_and_reproducible():
    cand = _worse_in(BASE, [1, 4, 7], "PERSON", [1, 1, 3])
    a = compare_counts(BASE, cand, _ids(N), KEYS, groups=GROUPS, n_boot=300, seed=42)
    b = compare_counts(BASE, cand, _ids(N), KEYS, groups=GROUPS, n_boot=300, seed=42, block=7)
    assert [r.to_json() for r in a.rows] == [r.to_json() for r in b.rows]


@pytest.mark.parametrize("raw,adjusted", [
    ([0.01], [0.01]),
    ([0.01, 0.04, 0.03], [0.03, 0.06, 0.06]),
    ([0.5, 0.001, 0.2, 0.9], [1.0, 0.004, 0.6, 1.0]),
    ([0.02, None, 0.02], [0.04, None, 0.04]),
    ([0.02, float("nan"), 0.02], [0.04, None, 0.04]),  # nan in, None out
])
def test_holm(raw, adjusted):
    got = holm(raw)
    assert len(got) == len(adjusted)
    for g, a in zip(got, adjusted):
        assert (g is None and a is None) or g == pytest.approx(a)


def test_holm_correction_turns_a_lone_significant_drop_into_noise():
    # K0 drops in 5 of 40 documents: p = 0.0065 on its own, but Holm over the 14 rows
    # (12 fields, micro, macro) adjusts it to 0.09 > alpha. Without the correction it would fail.
    n, keys = 40, [f"K{i}" for i in range(12)]
    base = np.zeros((n, 12, 3), dtype=np.int64)
    base[:, :, 0] = 3
    cand = base.copy()
    cand[:5, 0] = [1, 0, 2]
    res = compare_counts(base, cand, _ids(n), keys, groups={}, n_boot=2000, seed=5, tolerance=0.0)
    k0 = res.rows[0]
    assert k0.p_value < 0.05 <= k0.p_adj
    assert k0.verdict == "noise" and res.passed
    cand[5, 0] = [1, 0, 2]  # one more document: significant even after the correction
    res = compare_counts(base, cand, _ids(n), keys, groups={}, n_boot=2000, seed=5, tolerance=0.0)
    assert res.rows[0].p_adj < 0.05 and res.rows[0].verdict == "fail" and not res.passed


def test_failure_names_the_rule_and_the_documents():
    cand = _worse_in(BASE, slice(None), "PERSON", [2, 0, 2])
    cand[5, 0] = [0, 2, 4]
    res = compare_counts(BASE, cand, _ids(N), KEYS, groups=GROUPS, n_boot=300)
    assert not res.passed
    assert res.first_failure.startswith("PERSON: F1 fell from 1.000 to ")
    assert "tolerance 0.02" in res.first_failure and "Holm" in res.first_failure
    assert res.drivers[0].doc_id == "d05" and res.drivers[0].candidate == (0, 2, 4)


def test_shapes_must_agree():
    with pytest.raises(ValueError):
        compare_counts(BASE, BASE[:3], _ids(N), KEYS)

