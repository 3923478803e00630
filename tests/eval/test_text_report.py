"""eval/text_report.py: the table and Markdown show what the rows hold, n/a where a score is
undefined, and the failures, warnings and signature under the table."""
import numpy as np
import pytest

from hoinghi.eval.predictions import Failure
from hoinghi.eval.gate import compare_counts
from hoinghi.eval.text_report import ScoreRow, format_gate, format_gate_markdown, render_markdown, render_table

ROWS = [
    ScoreRow("MEETING", "field", 3, 0, 1, 1.0, 0.75, 6 / 7, (0.6, 1.0), 4),
    ScoreRow("TERM", "field", 0, 2, 0, 0.0, 0.0, 0.0, None, 0),
    ScoreRow("DATE", "field", 0, 0, 0, None, None, None, None, 0),
    ScoreRow("meetings micro", "schema", 3, 2, 1, 0.6, 0.75, 2 / 3, (0.4, 0.9), 4),
    ScoreRow("meetings macro", "schema", None, None, None, 0.5, 0.375, 3 / 7, None, 4),
    ScoreRow("overall micro", "overall", 3, 2, 1, 0.6, 0.75, 2 / 3, (0.4, 0.9), 4),
]


def _line(text, name):
    return next(line for line in text.splitlines() if line.lstrip("| *").startswith(name))


# (row name, cells expected in that line, in order)
CASES = [
    ("MEETING", ["3", "0", "1", "1.000", "0.750", "0.857", "[0.600, 1.000]", "4"]),
    ("TERM", ["0", "2", "0", "0.000", "0.000", "0.000", "0"]),
    ("DATE", ["0", "0", "0", "n/a", "n/a", "n/a", "0"]),
    ("meetings macro", ["0.500", "0.375", "0.429", "4"]),
]


@pytest.mark.parametrize("render", [render_table, render_markdown], ids=["table", "markdown"])
@pytest.mark.parametrize("name,cells", CASES, ids=[c[0] for c in CASES])
def test_rows_show_their_numbers(render, name, cells):
    line = _line(render(ROWS), name)
    tokens = line.replace("|", " ").replace("*", " ").replace(", ", ",").split()
    assert tokens[len(name.split()):] == [c.replace(", ", ",") for c in cells]


def test_table_columns_line_up_and_groups_are_separated():
    lines = render_table(ROWS).splitlines()
    header, rule = lines[0], lines[1]
    assert header.split() == ["field", "TP", "FP", "FN", "P", "R", "F1", "95%", "CI", "support"]
    body = [line for line in lines[2:8] if line]
    assert all(line.rstrip().endswith(("4", "0")) for line in body)
    assert len({len(line) for line in body}) == 1  # right-aligned support column
    assert lines.index(_line("\n".join(lines), "meetings micro")) - 1 == lines.index("")  # blank line before schemas


def test_footer_lists_signature_failures_and_warnings():
    failures = [Failure("d7", "timeout", "no answer within 1 s"), Failure("d9", "error", "ValueError: x")]
    text = render_table(ROWS, signature="span|m:strict", failures=failures, warnings=["2 prediction id(s) not in gold"])
    assert "signature: span|m:strict" in text
    assert "extractor failures (2 document(s)" in text
    assert "d7 [timeout] no answer within 1 s" in text and "d9 [error] ValueError: x" in text
    assert "warnings (1):" in text and "2 prediction id(s) not in gold" in text
    md = render_markdown(ROWS, signature="span|m:strict", failures=failures)
    assert "signature: `span|m:strict`" in md and "- d7 [timeout] no answer within 1 s" in md


def test_markdown_is_a_valid_table():
    lines = render_markdown(ROWS).splitlines()
    assert all(line.count("|") == 10 for line in lines[: 2 + len(ROWS)])
    assert lines[1].startswith("|---|--:|")
    assert "| **overall micro** |" in lines[1 + len(ROWS)]


def test_nothing_when_nothing_to_say():
    text = render_table(ROWS[:1])
    assert "signature" not in text and "failures" not in text and "warnings" not in text and "n/a" not in text


def test_na_policy_is_stated_when_a_row_is_na():
    assert "n/a: no gold and no predicted item" in render_table(ROWS)
    assert "n/a: no gold and no predicted item" in render_markdown(ROWS)


# -- a real EvalResult ------------------------------------------------------------------

@pytest.fixture(scope="module")
def result():
    from pathlib import Path

    from hoinghi.document import read_documents
    from hoinghi.eval.runner import run_extractor

    scoring = pytest.importorskip("hoinghi.eval.scoring")
    gold = read_documents(Path(__file__).resolve().parents[1] / "data" / "gold-small.jsonl")
    run = run_extractor("trivial", gold, progress=False)
    return scoring.evaluate(gold, run.predictions, n_boot=20, extractor=run.extractor,
                            failures=[Failure("g4", "error", "on purpose")], warnings=["look at me"])


def test_render_shows_the_results_numbers(result):
    from hoinghi.eval.text_report import render, rows_of

    text = render(result, "table", title="T")
    assert text.startswith("T: spans, mode strict\n")
    for row in rows_of(result):
        assert " ".join(_line(text, row.name).split()).startswith(" ".join(c for c in _cells_of(row) if c))
    assert "other views, overall" in text and "relations micro" in text and "bio macro" in text
    assert "span outcomes (SemEval-2013)" in text
    assert str(result.signature) in text and "g4 [error] on purpose" in text and "look at me" in text


def _cells_of(row):
    from hoinghi.eval.text_report import _cells

    return _cells(row)[:7]


@pytest.mark.parametrize("view", ["values", "relations", "records", "bio"])
def test_render_other_views(result, view):
    from hoinghi.eval.text_report import VIEW_TITLES, render

    text = render(result, "markdown", view=view)
    assert text.startswith(f"### {VIEW_TITLES[view]}") and "**overall micro**" in text
    assert "other views" not in text


def test_render_json_is_the_report(result):
    import json

    from hoinghi.eval.text_report import render

    assert json.loads(render(result, "json")) == json.loads(json.dumps(result.to_json()))
    with pytest.raises(ValueError, match="unknown format"):
        render(result, "html")


# ---------------------------------------------------------------------------
# the gate's table (count tables as in tests/eval/test_gate.py)
# ---------------------------------------------------------------------------
GATE_KEYS = ["PERSON", "POSITION", "DATE"]
GATE_GROUPS = {"officials": ["PERSON", "POSITION"], "meetings": ["DATE"]}


def _gate_counts(n_docs, per_doc):
    return np.array([per_doc] * n_docs, dtype=np.int64)


def _gate_ids(n):
    return [f"d{i:02d}" for i in range(n)]


def test_gate_table_shows_n_a_for_an_empty_field():
    base = _gate_counts(6, [[2, 0, 0], [0, 0, 0], [1, 0, 0]])
    res = compare_counts(base, base, _gate_ids(6), GATE_KEYS, groups=GATE_GROUPS, n_boot=50)
    assert "n/a" in format_gate(res)


def test_gate_failure_shows_the_rule_and_the_documents():
    base = _gate_counts(12, [[4, 0, 0], [3, 1, 0], [1, 0, 0]])
    cand = base.copy()
    cand[:, 0] = [2, 0, 2]
    cand[5, 0] = [0, 2, 4]
    res = compare_counts(base, cand, _gate_ids(12), GATE_KEYS, groups=GATE_GROUPS, n_boot=300)
    text = format_gate(res)
    assert "FAIL: PERSON" in text and "d05: 4/0/0 -> 0/2/4" in text
    md = format_gate_markdown(res).splitlines()
    assert md[0].startswith("### hoinghi gate: FAIL: PERSON: F1 fell from 1.000")
    table = [line for line in md if line.startswith("|")]
    assert table[0].startswith("| row | baseline | candidate | delta |") and len(table) == 2 + len(res.rows)
    assert all(line.count("|") == table[0].count("|") for line in table)
    assert "| **PERSON** | **1.000** |" in md[md.index(table[0]) + 2]
    assert "- `d05`: 4/0/0 -> 0/2/4" in md


def test_gate_markdown_of_a_pass_says_pass_first():
    base = _gate_counts(12, [[4, 0, 0], [3, 1, 0], [1, 0, 0]])
    res = compare_counts(base, base.copy(), _gate_ids(12), GATE_KEYS, groups=GATE_GROUPS, n_boot=100)
    assert format_gate_markdown(res).startswith("### hoinghi gate: PASS\n")
