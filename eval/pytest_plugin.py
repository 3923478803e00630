"""The regression gate as a pytest plugin.

Enable it with ``-p hoinghi.eval.pytest_plugin`` on the command line, or
``pytest_plugins = ["hoinghi.eval.pytest_plugin"]`` in a test module or the root
``conftest.py``. It provides the fixture ``hoinghi_gate``, a function that runs the gate
(the same as ``hoinghi gate``) and fails the test with a message whose first line is the
verdict and the first failing rule (what ``pytest -ra`` shows), then the gate's table::

    def test_reference_does_not_regress(hoinghi_gate):
        hoinghi_gate(gold="gold/hoinghi-5", extractor="reference",
                     baseline="gold/baselines/reference.json")

Relative paths are taken from pytest's rootdir. Keyword options are those of
:func:`hoinghi.eval.gate.gate` and :func:`~hoinghi.eval.pipeline.score_extractor`
(``tolerance``, ``alpha``, ``n_boot``, ``seed``, ``mode``, ``jobs``, ``timeout``, ``fields``:
the labels or schema names to score, as ``--fields``). The
call returns the :class:`~hoinghi.eval.gate.GateResult` when the gate passes, and the
result's JSON is attached to the test report (``user_properties``, so it lands in a
JUnit XML file). ``pytest -p hoinghi.eval.pytest_plugin --hoinghi-update-baselines``
(the option exists when the plugin is loaded on the command line or from the root
conftest) or ``HOINGHI_UPDATE_BASELINES=1 pytest`` writes the baselines instead of
comparing (the test is then skipped; review and commit the files). Bad input (a missing baseline, signatures
that differ) fails the test with the error's message.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("hoinghi")
    group.addoption("--hoinghi-update-baselines", action="store_true", default=False,
                    help="hoinghi_gate writes the baselines instead of comparing (review and commit them)")


def pytest_configure(config):
    config.addinivalue_line("markers", "hoinghi_gate: a regression gate of an extractor against its baseline")


class _GateRunner:
    def __init__(self, request):
        self._request = request
        self._root = Path(str(request.config.rootpath))

    def _path(self, p) -> Path:
        p = Path(p)
        return p if p.is_absolute() else self._root / p

    def __call__(self, *, gold, extractor: str, baseline=None, tolerance: float = 0.02, alpha: float = 0.05,
                 n_boot: int = 1000, seed: int = 12345, mode: str = "strict", jobs: int = 1, timeout: float = 30.0,
                 fields=()):
        from ..errors import HoinghiError
        from .baselines import Baseline, baseline_path, write_baseline
        from .text_report import format_gate
        from .pipeline import gate_scored_run, score_extractor

        self._request.node.add_marker(pytest.mark.hoinghi_gate)
        problem = None
        try:
            scored = score_extractor(self._path(gold), extractor, mode=mode, seed=seed, n_boot=n_boot, jobs=jobs,
                                     timeout=timeout, progress=False, fields=fields)
            name = baseline or scored.result.extractor.split("@", 1)[0]
            path = self._path(baseline_path(name, self._root / "gold" / "baselines"))
            if (self._request.config.getoption("hoinghi_update_baselines", default=False)
                    or os.environ.get("HOINGHI_UPDATE_BASELINES") == "1"):
                write_baseline(path, Baseline.from_result(scored.result))
                pytest.skip(f"baseline written to {path}; review and commit it")
            result = gate_scored_run(scored, path, tolerance=tolerance, alpha=alpha, n_boot=n_boot, seed=seed)
        except HoinghiError as exc:
            problem = f"hoinghi gate could not compare: {exc}"
        if problem:
            pytest.fail(problem, pytrace=False)
        self._request.node.user_properties.append(("hoinghi_gate", json.dumps(result.to_json(), ensure_ascii=False)))
        if not result.passed:
            # The first line is what `pytest -ra` shows in its short summary: verdict and rule first.
            pytest.fail(f"gate FAIL: {result.first_failure}\n\n{format_gate(result)}", pytrace=False)
        return result


@pytest.fixture
def hoinghi_gate(request):
    """Run the regression gate; the test fails with the gate's table on a regression."""
    return _GateRunner(request)
