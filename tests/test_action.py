"""The reusable GitHub Action (``action.yml``), run as the runner runs a composite action:
its ``run:`` steps in order with ``bash -eo pipefail``, each with its ``env:`` and
``working-directory`` after the ``${{ ... }}`` expressions are filled in from the inputs,
and ``GITHUB_OUTPUT`` / ``GITHUB_STEP_SUMMARY`` files. ``uses:`` steps (setup-python) are
the runner's business and are not run: the machine's ``python3`` stands in.

The workspace is a temporary git repository that is not this one: a tiny extractor
(``ner.py``), a gold file and a baseline the developer recorded with ``--update``. The
install step really runs: a fresh venv and ``pip install`` of this checkout (the core
profile), once for the module (the action skips it when the venv is there, as in a job
that uses it twice).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))

# Eight one-sentence documents with two officials each (PERSON in schema officials).
_NAMES = [("Nguyễn Văn An", "Trần Thị Bình"), ("Lê Quang Hải", "Phạm Minh Châu"), ("Hoàng Văn Dũng", "Vũ Thị Hoa"),
          ("Đỗ Mạnh Hùng", "Bùi Thị Lan"), ("Ngô Văn Long", "Đặng Thị Mai"), ("Dương Văn Nam", "Lý Thị Oanh"),
          ("Trịnh Văn Phúc", "Mai Thị Quyên"), ("Tạ Văn Sơn", "Hồ Thị Tâm")]

EXTRACTOR = textwrap.dedent('''\
    import re
    NAME = re.compile(r"đồng chí ((?:[A-ZĐ]\\w* ?){2}[A-ZĐ]\\w*)")
    def extract(doc):
        return [{"start": m.start(1), "end": m.end(1), "label": "PERSON"} for m in NAME.finditer(doc.text)]
    ''')


def _gold_lines() -> list[str]:
    lines = []
    for i, (a, b) in enumerate(_NAMES):
        text = f"Tại hội nghị, đồng chí {a} và đồng chí {b} đã phát biểu."
        spans = [{"start": text.index(n), "end": text.index(n) + len(n), "label": "PERSON", "text": n} for n in (a, b)]
        lines.append(json.dumps({"id": f"d{i}", "text": text, "spans": spans}, ensure_ascii=False))
    return lines


def _fill(value, ctx: dict[str, str]) -> str:
    def one(m):
        expr = m.group(1).strip()
        if expr not in ctx:
            raise AssertionError(f"action.yml uses an expression this test does not provide: {expr}")
        return ctx[expr]
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def run_action(workspace: Path, runner_temp: Path, inputs: dict[str, str]) -> tuple[int, str, dict[str, str], str]:
    """Run the action's ``run:`` steps; returns (exit code of the failing or last step,
    job summary, outputs, combined log)."""
    missing = [k for k, v in ACTION["inputs"].items() if v.get("required") and k not in inputs]
    assert not missing, missing
    ctx = {f"inputs.{k}": str(inputs.get(k, v.get("default", ""))) for k, v in ACTION["inputs"].items()}
    ctx.update({"github.action_path": str(REPO), "runner.temp": str(runner_temp)})
    summary, output = runner_temp / "summary.md", runner_temp / "output.txt"
    summary.write_text("")
    output.write_text("")
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    base_env.update(GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(output), RUNNER_TEMP=str(runner_temp),
                    GITHUB_ACTION_PATH=str(REPO), GITHUB_WORKSPACE=str(workspace))
    log, code = [], 0
    for step in ACTION["runs"]["steps"]:
        if "uses" in step:
            continue
        assert "if" not in step, "a run step with `if:` needs the test to evaluate it"
        assert step.get("shell") == "bash"
        env = dict(base_env, **{k: _fill(v, ctx) for k, v in step.get("env", {}).items()})
        cwd = workspace / _fill(step.get("working-directory", "."), ctx)
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _fill(step["run"], ctx)],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
        log.append(proc.stdout + proc.stderr)
        code = proc.returncode
        if code:
            break
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return code, summary.read_text(), outputs, "\n".join(log)


@pytest.fixture(scope="module")
def user_repo(tmp_path_factory):
    """A user's repository: ner.py, data/gold.jsonl, ci/baseline.json recorded with the
    venv the action installed."""
    root = tmp_path_factory.mktemp("user-repo")
    runner_temp = tmp_path_factory.mktemp("runner-temp")
    (root / "data").mkdir()
    (root / "data" / "gold.jsonl").write_text("\n".join(_gold_lines()) + "\n", encoding="utf-8")
    (root / "ner.py").write_text(EXTRACTOR, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    # First use of the action installs hoinghi; no baseline yet, so the gate refuses (3).
    code, summary, _, log = run_action(root, runner_temp, {"extractor": "ner.py:extract", "gold": "data/gold.jsonl",
                                                           "baseline": "ci/baseline.json"})
    assert code == 3, log
    hoinghi = runner_temp / "hoinghi-venv" / "bin" / "hoinghi"
    subprocess.run([str(hoinghi), "gate", "--quiet", "--gold", "data/gold.jsonl", "-e", "ner.py:extract",
                    "--fields", "PERSON", "--baseline", "ci/baseline.json", "--update"],
                   cwd=root, check=True, capture_output=True)
    return root, runner_temp, summary


def test_install_is_the_core_profile_without_label_studio(user_repo):
    _, runner_temp, summary = user_repo
    python = runner_temp / "hoinghi-venv" / "bin" / "python"
    found = subprocess.run([str(python), "-c", "import importlib.util as u; print([m for m in "
                            "('label_studio', 'label_studio_sdk', 'datasets', 'pytest') if u.find_spec(m)])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert found == "[]"
    assert "could not run (exit 3)" in summary and "baseline" in summary


INPUTS = {"extractor": "ner.py:extract", "gold": "data/gold.jsonl", "baseline": "ci/baseline.json", "fields": "PERSON"}


@pytest.mark.parametrize("change, code, verdict, heading", [
    (None, 0, "pass", "### hoinghi gate: PASS"),
    ("return []  # broken", 1, "fail", "### hoinghi gate: FAIL: PERSON"),
])
def test_gate_in_a_user_repository(user_repo, change, code, verdict, heading):
    root, runner_temp, _ = user_repo
    ner = root / "ner.py"
    if change:
        ner.write_text(EXTRACTOR.replace("return [", change + "\n    return ["), encoding="utf-8")
    try:
        got, summary, outputs, log = run_action(root, runner_temp, INPUTS)
    finally:
        ner.write_text(EXTRACTOR, encoding="utf-8")
    assert got == code, log
    assert outputs["verdict"] == verdict
    assert summary.startswith(heading), summary
    assert "| row | baseline | candidate | delta |" in summary
    # only the field the extractor attempts: one field row, its schema, overall; Holm over those four
    rows = [line.split("|")[1].strip(" *") for line in summary.splitlines() if line.startswith("| ")][1:]
    assert rows == ["PERSON", "officials micro", "overall micro", "overall macro"], summary
    assert "Holm over 4 rows" in summary and "|fields:PERSON`" in summary
    assert json.loads(Path(outputs["json"]).read_text())["passed"] is (code == 0)


@pytest.mark.parametrize("inputs, words", [
    ({"fields": ""}, "field selection differs (baseline PERSON, candidate all)"),
    ({"tolerance": "2"}, "--tolerance: must be in [0, 1)"),
])
def test_a_gate_that_cannot_run_fails_the_step_with_the_reason_in_the_summary(user_repo, inputs, words):
    root, runner_temp, _ = user_repo
    got, summary, outputs, log = run_action(root, runner_temp, {**INPUTS, **inputs})
    assert got in (2, 3), log
    assert "verdict" not in outputs and "could not run" in summary and words in summary, summary
