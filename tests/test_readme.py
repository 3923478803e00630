"""The README's runnable Python blocks (marked ``<!-- runnable -->``) run as written, from
the repository root, and print what the README says they print."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"<!-- runnable -->\n```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


def test_there_is_a_runnable_block():
    assert BLOCKS


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_block_runs(code, monkeypatch):
    monkeypatch.chdir(REPO)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102 - the README's own code
    printed = out.getvalue()
    assert "overall macro" in printed and "|fields:DATE+PERSON+POSITION" in printed
    assert "MEETING" not in printed.split("signature:")[0]  # only the selected fields are rows
    assert re.search(r"field spans\[0\]\.text: span text 'xxxx' does not match text\[0:4\]", printed), printed
