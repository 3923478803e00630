"""The project's own regression gate: the reference extractor against the shipped gold
set, compared with the committed baseline gold/baselines/reference.json. A change that
makes the reference extractor significantly worse fails this test (and so `.ci/run`)
with the gate's table as the message.

After a deliberate change (better rules, a new gold version), refresh the baseline and
commit it with the change:  hoinghi gate --gold gold/hoinghi-5 --extractor reference --update
"""
import importlib.util
from pathlib import Path

import pytest

pytest_plugins = ["hoinghi.eval.pytest_plugin"]

REPO = Path(__file__).resolve().parents[1]


def test_reference_extractor_does_not_regress(hoinghi_gate):
    if importlib.util.find_spec("hoinghi.extractors.reference") is None:
        pytest.skip("the reference extractor does not exist yet")
    result = hoinghi_gate(gold=REPO / "gold" / "hoinghi-5", extractor="reference",
                          baseline=REPO / "gold" / "baselines" / "reference.json")
    assert result.passed and result.n_docs >= 5
