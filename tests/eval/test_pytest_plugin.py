"""The gate as a pytest plugin: a passing gate, a failing one whose message is the
gate's table, bad input, and --hoinghi-update-baselines (pytester, real extractors)."""
from pathlib import Path

import numpy  # noqa: F401 - loaded once before pytester's in-process runs, which would import it again (numpy refuses)
import pytest

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "data" / "gold-small.jsonl"
EXTRACTORS = Path(__file__).resolve().parent / "gate_extractors.py"

TEST_FILE = f'''
pytest_plugins = ["hoinghi.eval.pytest_plugin"]

def test_same(hoinghi_gate):
    result = hoinghi_gate(gold=r"{GOLD}", extractor="trivial", baseline="base/trivial.json", n_boot=300)
    assert result.passed

def test_worse(hoinghi_gate):
    hoinghi_gate(gold=r"{GOLD}", extractor=r"{EXTRACTORS}:without_meetings", baseline="base/trivial.json", n_boot=300)
'''


@pytest.fixture
def project(pytester):
    pytester.makepyfile(test_gates=TEST_FILE)
    return pytester


def test_update_then_pass_and_fail_with_the_table(project):
    result = project.runpytest("-p", "hoinghi.eval.pytest_plugin", "--hoinghi-update-baselines", "-k", "same", "-rs")
    result.assert_outcomes(skipped=1)
    assert (project.path / "base" / "trivial.json").is_file()
    result = project.runpytest("-q")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "FAIL: MEETING: F1 fell from 1.000 to 0.000" in out
    assert "row " in out and "95% CI of delta" in out and "missed: gold MEETING" in out
    assert "Traceback" not in out


@pytest.mark.parametrize("columns, shown", [
    ("80", "test_worse - Failed: gate FAIL: MEETING: F1 fell"),
    ("200", "test_worse - Failed: gate FAIL: MEETING: F1 fell from 1.000 to 0.000 (Δ -1.000, 95% CI [-1.000, -1.000]), "
            "a drop larger than the tolerance 0.02"),
])
def test_short_summary_shows_verdict_and_rule_first(project, monkeypatch, columns, shown):
    project.runpytest("-p", "hoinghi.eval.pytest_plugin", "--hoinghi-update-baselines", "-k", "same")
    monkeypatch.setenv("COLUMNS", columns)
    result = project.runpytest("-ra", "-k", "worse")
    result.assert_outcomes(failed=1)
    line = next(x for x in result.stdout.lines if x.startswith("FAILED "))
    assert shown in line, line


def test_update_by_environment_variable(project, monkeypatch):
    monkeypatch.setenv("HOINGHI_UPDATE_BASELINES", "1")
    project.runpytest("-k", "same").assert_outcomes(skipped=1)
    assert (project.path / "base" / "trivial.json").is_file()


def test_missing_baseline_fails_with_the_reason(project):
    result = project.runpytest("-q", "-k", "same")
    result.assert_outcomes(failed=1)
    assert "hoinghi gate could not compare" in result.stdout.str() and "--update" in result.stdout.str()
