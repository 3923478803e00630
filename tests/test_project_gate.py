"""The project's own regression gate: the reference extractor against both shipped gold
sets, each compared with its committed baseline. A change that makes the reference
extractor significantly worse on either fails this test (and so `.ci/run`) with the
gate's table as the message.

- gold/hoinghi-5: the five real articles (in-sample for the rules);
- gold/synthetic-heldout: six invented articles the rules were never written against
  (230 spans over 6 documents);
- gold/synthetic-provinces: 45 invented articles from 19 provinces, two passes through the
  team flow (2,371 spans over 45 documents: the largest of the three). The gate scores the
  whole set; its test split stays out of rule development, so nothing here prints per-document
  results unless the gate fails.

After a deliberate change (better rules, a new gold version), refresh the baselines and
commit them with the change:
    hoinghi gate --gold gold/hoinghi-5 --extractor reference --update
    hoinghi gate --gold gold/synthetic-heldout --extractor reference \
        --baseline gold/baselines/reference-synthetic-heldout.json --update
    hoinghi gate --gold gold/synthetic-provinces --extractor reference \
        --baseline gold/baselines/reference-synthetic-provinces.json --update --quiet
"""
from pathlib import Path

import pytest

pytest_plugins = ["hoinghi.eval.pytest_plugin"]

REPO = Path(__file__).resolve().parents[1]

GATES = [
    ("hoinghi-5", "reference.json", 5),
    ("synthetic-heldout", "reference-synthetic-heldout.json", 6),
    ("synthetic-provinces", "reference-synthetic-provinces.json", 45),
]


@pytest.mark.parametrize("gold,baseline,n_docs", GATES, ids=[g[0] for g in GATES])
def test_reference_extractor_does_not_regress(hoinghi_gate, gold, baseline, n_docs):
    result = hoinghi_gate(gold=REPO / "gold" / gold, extractor="reference",
                          baseline=REPO / "gold" / "baselines" / baseline)
    assert result.passed and result.n_docs == n_docs
