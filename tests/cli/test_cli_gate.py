"""``hoinghi gate`` on real runs: the trivial extractor and variants of it, against a
baseline it wrote itself (--update), with the exit codes and messages a CI log shows."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hoinghi.cli import ExitCode, main
from hoinghi.document import Document, Span, write_documents
from hoinghi.eval.baselines import read_baseline
from hoinghi.gold_set import load_gold_or_jsonl
from hoinghi.eval.pipeline import score_extractor

REPO = Path(__file__).resolve().parents[2]
EXTRACTORS = REPO / "tests" / "eval" / "gate_extractors.py"


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


def test_fields_narrow_the_rows_and_the_holm_family(capsys, paragraph_gold, tmp_path):
    args = ["--gold", str(paragraph_gold), "-e", "trivial", "--fields", "MEETING,TERM", "--baselines-dir", str(tmp_path)]
    assert _gate(capsys, *args, "--update")[0] == ExitCode.OK
    assert read_baseline(tmp_path / "trivial.json").signature["fields"] == "MEETING+TERM"
    code, out, _ = _gate(capsys, *args, "--markdown", str(tmp_path / "gate.md"))
    assert code == ExitCode.OK, out
    lines = out.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("---"))) + 1:lines.index("PASS")]
    assert [" ".join(x.split()[:2]) for x in table] == ["MEETING 1.000", "TERM 0.240", "meetings micro",
                                                        "overall micro", "overall macro"], out
    assert "Holm–Bonferroni over 5 rows" in out and "|fields:MEETING+TERM" in out
    assert "|fields:MEETING+TERM" in (tmp_path / "gate.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fields, words", [
    (["--fields", "MEETING"], "field selection differs (baseline all, candidate MEETING)"),
    (["--schema", "officials"], "field selection differs (baseline all, candidate PERSON+POSITION)"),
    (["--fields", "NOPE"], "unknown field or schema 'NOPE' (fields: MEETING, ORGANIZER"),
])
def test_a_baseline_made_on_other_fields_is_refused_naming_the_part(capsys, trivial_baseline, paragraph_gold,
                                                                     fields, words):
    code, _, err = _gate(capsys, "--gold", str(paragraph_gold), "-e", "trivial", *fields,
                         "--baselines-dir", str(trivial_baseline.parent))
    assert code == ExitCode.BAD_INPUT and words in err, err


# (case, extra arguments, exit code, words): never 1, the code CI reads as a regression
NOT_A_REGRESSION = [
    ("--json in a folder that cannot be written", ["--json", "/sys/gate.json"], ExitCode.SETUP, "cannot write here"),
    ("--json is the gold", ["--json", "{gold}"], ExitCode.USAGE, "one of the run's inputs"),
    ("--json is the baseline", ["--json", "{baseline}"], ExitCode.USAGE, "one of the run's inputs"),
    ("--update into a folder that cannot be written", ["--update", "--baselines-dir", "/sys/baselines"],
     ExitCode.SETUP, "cannot write here"),
]


@pytest.mark.parametrize("case,extra,code,words", NOT_A_REGRESSION, ids=[n[0] for n in NOT_A_REGRESSION])
def test_io_errors_are_not_regressions(capsys, trivial_baseline, paragraph_gold, case, extra, code, words):
    before = trivial_baseline.read_bytes(), paragraph_gold.read_bytes()
    extra = [a.format(gold=paragraph_gold, baseline=trivial_baseline) for a in extra]
    if "--baselines-dir" not in extra:
        extra += ["--baselines-dir", str(trivial_baseline.parent)]
    got, _, err = _gate(capsys, "--gold", str(paragraph_gold), "-e", "trivial", *extra)
    assert got == code and words in err and err.count("\n") == 1
    assert (trivial_baseline.read_bytes(), paragraph_gold.read_bytes()) == before


@pytest.mark.parametrize("option,value", [("--timeout", "0"), ("--timeout", "nan"), ("--seed", "-1"),
                                          ("--jobs", "0")])
def test_option_values_the_run_cannot_use_are_usage_errors(capsys, option, value):
    with pytest.raises(SystemExit) as info:
        main(["gate", "-e", "trivial", option, value])
    assert info.value.code == ExitCode.USAGE
    assert option in capsys.readouterr().err


def test_a_worsened_prediction_file_fails_with_the_same_drivers(capsys, trivial_baseline, paragraph_gold, tmp_path):
    """``gate -e FILE`` counts through the columnar scorer and reads the documents again
    only to show the drivers: the same failure, rule documents and span differences as the
    extractor that wrote the file."""
    preds = tmp_path / "without_meetings.jsonl"
    assert main(["extract", "-e", f"{EXTRACTORS}:without_meetings", "--in", str(paragraph_gold),
                 "--out", str(preds), "-q"]) == ExitCode.OK
    capsys.readouterr()
    runs = {}
    for spec in (f"{EXTRACTORS}:without_meetings", str(preds)):
        code, out, _ = _gate(capsys, "--gold", str(paragraph_gold), "-e", spec, "--baseline", str(trivial_baseline),
                             "--json", str(tmp_path / "gate.json"))
        assert code == ExitCode.REGRESSION, out
        result = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))
        runs[spec] = ([(r["name"], r["delta"], r["verdict"]) for r in result["rows"]], result["drivers"])
    (rows_a, drivers_a), (rows_b, drivers_b) = runs.values()
    assert rows_a == rows_b and drivers_a == drivers_b and drivers_b[0]["differences"]


def test_a_prediction_file_without_a_baseline_is_refused_before_scoring(capsys, tmp_path):
    preds = tmp_path / "preds.jsonl"
    preds.write_text('{"id": "x", "spans": []}\n', encoding="utf-8")
    bad_gold = tmp_path / "gold.jsonl"
    bad_gold.write_text("not json\n", encoding="utf-8")  # scoring first would report this instead
    code, _, err = _gate(capsys, "--gold", str(bad_gold), "-e", str(preds))
    assert code == ExitCode.BAD_INPUT and "no default baseline" in err and "--baseline" in err
