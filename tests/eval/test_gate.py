"""The gate's statistics and verdicts on count tables (data tables), its baseline
file, and signature checks. Gate runs on real extractors: tests/test_project_gate.py
and the worsened-extractor tests at the end of this file."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from hoinghi.errors import InputError, SignatureMismatch
from hoinghi.eval.gate import (Baseline, check_comparable, compare_counts, format_gate, holm, read_baseline,
                               write_baseline, baseline_path)

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
        assert got[row] == verdict, (row, format_gate(res))
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
    assert row.verdict == "n/a" and math.isnan(row.p_value) and math.isnan(row.p_adj)
    assert "n/a" in format_gate(res)


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
    ([0.02, float("nan"), 0.02], [0.04, float("nan"), 0.04]),
])
def test_holm(raw, adjusted):
    got = holm(raw)
    assert len(got) == len(adjusted)
    for g, a in zip(got, adjusted):
        assert (math.isnan(g) and math.isnan(a)) or g == pytest.approx(a)


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
    text = format_gate(res)
    assert "FAIL: PERSON" in text and "d05: 4/0/0 -> 0/2/4" in text


def test_shapes_must_agree():
    with pytest.raises(ValueError):
        compare_counts(BASE, BASE[:3], _ids(N), KEYS)


# -- signatures -----------------------------------------------------------------------
SIG = {"version": "0.1.0", "schema": "m@1", "gold": "aaaa", "mode": "strict", "seed": 1, "extractor": "x@1"}


@pytest.mark.parametrize("part,change,words", [
    ("gold", "bbbb", "gold fingerprint differs (baseline aaaa, candidate bbbb)"),
    ("schema", "m@2", "schema version differs"),
    ("mode", "overlap", "matching mode differs (baseline strict, candidate overlap)"),
])
def test_signature_mismatch_names_the_part(part, change, words):
    with pytest.raises(SignatureMismatch, match=words.replace("(", r"\(").replace(")", r"\)")):
        check_comparable(SIG, {**SIG, part: change})


def test_signature_parts_that_do_not_matter():
    check_comparable(SIG, {**SIG, "extractor": "y@2", "seed": 9, "version": "0.2.0"})
    check_comparable("hoinghi|schema:m@1|gold:aaaa|match:strict", SIG)


# -- the baseline file ----------------------------------------------------------------
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


# -- real runs: the trivial extractor and variants of it, through `hoinghi gate` ------
import os  # noqa: E402
from pathlib import Path  # noqa: E402

from hoinghi.cli import ExitCode, main  # noqa: E402
from hoinghi.document import Document, Span, write_documents  # noqa: E402
from hoinghi.eval.gate import score_extractor  # noqa: E402
from hoinghi.eval.gold_input import load_gold_or_jsonl  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EXTRACTORS = Path(__file__).resolve().parent / "gate_extractors.py"


@pytest.fixture(scope="module")
def paragraph_gold(tmp_path_factory):
    """The shipped gold set cut into its annotated paragraphs (about 40 short documents
    of real text and real gold spans): enough documents for the bootstrap to see a
    drop. Paragraphs of one article are not independent; this is a test of the
    gate's mechanics, not a claim about the gold set."""
    src = REPO / "gold" / "hoinghi-5"
    if not src.is_dir():
        pytest.skip("gold/hoinghi-5 is not there")
    docs, _, _ = load_gold_or_jsonl(src)
    out = []
    for d in docs:
        pos = 0
        for i, para in enumerate(d.text.split("\n")):
            a, b = pos, pos + len(para)
            pos = b + 1
            spans = tuple(Span(s.start - a, s.end - a, s.label, s.id) for s in d.spans if a <= s.start and s.end <= b)
            if spans:
                ids = {s.id for s in spans}
                rels = tuple(r for r in d.relations if r.head in ids and r.tail in ids)
                out.append(Document(f"{d.id[:3]}-p{i:03d}", para, spans, rels))
    path = tmp_path_factory.mktemp("gate") / "paragraphs.jsonl"
    write_documents(path, out)
    return path


@pytest.fixture(scope="module")
def trivial_baseline(paragraph_gold, tmp_path_factory):
    folder = tmp_path_factory.mktemp("baselines")
    code = main(["gate", "--gold", str(paragraph_gold), "-e", "trivial", "--baselines-dir", str(folder),
                 "--update", "-q"])
    assert code == ExitCode.OK
    return folder / "trivial.json"


def _gate(capsys, *args):
    code = main(["gate", *args, "-q"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_update_writes_a_baseline_of_the_real_run(trivial_baseline, paragraph_gold):
    base = read_baseline(trivial_baseline)
    scored = score_extractor(paragraph_gold, "trivial", progress=False)
    assert base.doc_ids == list(scored.result.doc_ids)
    assert np.array_equal(base.counts, scored.result.counts)
    assert base.signature["gold"] == scored.result.signature.gold and base.extractor.startswith("trivial@")


def test_same_extractor_passes(capsys, trivial_baseline, paragraph_gold):
    code, out, _ = _gate(capsys, "--gold", str(paragraph_gold), "-e", "trivial",
                         "--baselines-dir", str(trivial_baseline.parent))
    assert code == ExitCode.OK and out.rstrip().endswith("PASS")


def test_an_equal_extractor_under_another_name_passes(capsys, trivial_baseline, paragraph_gold):
    code, out, _ = _gate(capsys, "--gold", str(paragraph_gold), "-e", f"{EXTRACTORS}:same_as_trivial",
                         "--baseline", str(trivial_baseline))
    assert code == ExitCode.OK, out
    assert "MEETING" in out and "FAIL" not in out


def test_a_worsened_extractor_fails_with_rule_documents_and_span_differences(capsys, trivial_baseline,
                                                                             paragraph_gold, tmp_path):
    code, out, _ = _gate(capsys, "--gold", str(paragraph_gold), "-e", f"{EXTRACTORS}:without_meetings",
                         "--baseline", str(trivial_baseline), "--json", str(tmp_path / "gate.json"))
    assert code == ExitCode.REGRESSION, out
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith(("MEETING ", "TERM "))}
    assert "FAIL" in rows["MEETING"] and "-1.000" in rows["MEETING"] and " pass " in rows["TERM"]
    assert "FAIL: MEETING: F1 fell from 1.000 to 0.000" in out
    assert "documents driving the drop" in out and "missed: gold MEETING 'Hội nghị" in out
    result = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))
    assert result["passed"] is False and result["drivers"][0]["differences"]


def test_a_drop_in_few_documents_is_within_noise(capsys, trivial_baseline, paragraph_gold):
    code, out, _ = _gate(capsys, "--gold", str(paragraph_gold), "-e", f"{EXTRACTORS}:fewer_meetings_in_003",
                         "--baseline", str(trivial_baseline))
    meeting = next(line for line in out.splitlines() if line.startswith("MEETING "))
    assert code == ExitCode.OK and "within noise" in meeting and " 8/0/0 -> 6/0/2" in meeting, out


def test_refuses_another_matching_mode(capsys, trivial_baseline, paragraph_gold):
    code, _, err = _gate(capsys, "--gold", str(paragraph_gold), "-e", "trivial", "--mode", "overlap",
                         "--baselines-dir", str(trivial_baseline.parent))
    assert code == ExitCode.BAD_INPUT and "matching mode differs (baseline strict, candidate overlap)" in err


def test_refuses_other_gold(capsys, trivial_baseline, paragraph_gold, tmp_path):
    lines = paragraph_gold.read_text(encoding="utf-8").splitlines()
    other = tmp_path / "fewer.jsonl"
    other.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    code, _, err = _gate(capsys, "--gold", str(other), "-e", "trivial", "--baselines-dir", str(trivial_baseline.parent))
    assert code == ExitCode.BAD_INPUT and "gold fingerprint differs" in err


def test_missing_baseline_and_unnamed_extractor_are_bad_input(capsys, paragraph_gold, tmp_path):
    code, _, err = _gate(capsys, "--gold", str(paragraph_gold), "-e", "trivial", "--baselines-dir", str(tmp_path))
    assert code == ExitCode.BAD_INPUT and "trivial.json" in err and "--update" in err
    code, _, err = _gate(capsys, "--gold", str(paragraph_gold), "-e", f"{EXTRACTORS}:same_as_trivial",
                         "--baselines-dir", str(tmp_path))
    assert code == ExitCode.BAD_INPUT and "pass --baseline" in err


def test_an_eval_report_serves_as_baseline(capsys, paragraph_gold, tmp_path):
    report = tmp_path / "eval.json"
    assert main(["eval", "--gold", str(paragraph_gold), "-e", "trivial", "--out", str(report), "-q", "-f", "json"]) == 0
    capsys.readouterr()
    base = read_baseline(report)
    assert base.extractor.startswith("trivial@") and base.counts.sum() > 0
    code, out, _ = _gate(capsys, "--gold", str(paragraph_gold), "-e", f"{EXTRACTORS}:without_meetings",
                         "--baseline", str(report))
    assert code == ExitCode.REGRESSION and "FAIL: MEETING" in out


def test_update_refuses_a_run_with_failures_unless_allowed(capsys, paragraph_gold, tmp_path):
    target = tmp_path / "failing.json"
    code, _, err = _gate(capsys, "--gold", str(paragraph_gold), "-e", f"{EXTRACTORS}:fails_on_003",
                         "--baseline", str(target), "--update")
    assert code == ExitCode.EXTRACTOR_FAILURES and "not writing" in err and not target.exists()
    code, _, _ = _gate(capsys, "--gold", str(paragraph_gold), "-e", f"{EXTRACTORS}:fails_on_003",
                       "--baseline", str(target), "--update", "--allow-failures")
    assert code == ExitCode.OK and target.is_file()
