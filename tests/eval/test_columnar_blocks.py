"""eval/columnar_blocks.py: a JSONL file as blocks of whole lines, every line once,
every byte hashed."""
from __future__ import annotations

import hashlib

import pytest

from hoinghi.eval.columnar_blocks import line_blocks

OK = '{"id": "a", "text": "Ông An", "spans": [{"start": 4, "end": 6, "label": "PERSON"}]}'

LINES = [OK.replace('"a"', f'"d{i}"') + " " * (i * 7 % 50) for i in range(40)]
BLOCKS = [  # (what, file content): the reader's blocks hold exactly these lines, in order
    ("newline at the end", "\n".join(LINES) + "\n"),
    ("no newline at the end", "\n".join(LINES)),
    ("one line", LINES[0]),
    ("one line and its newline", LINES[0] + "\n"),
    ("a line longer than a block", "\n".join(LINES[:3] + [OK[:-1] + ', "meta": {"m": "' + "x" * 3000 + '"}}'] + LINES[3:6])),
]


@pytest.mark.parametrize("chunk_bytes", [1, 150, 700, 1 << 20])
@pytest.mark.parametrize("what, content", BLOCKS, ids=[w for w, _ in BLOCKS])
def test_line_blocks_hold_every_line_once_and_hash_every_byte(what, content, chunk_bytes, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(content, encoding="utf-8")
    sha = hashlib.sha256()
    blocks = list(line_blocks(path, chunk_bytes, sha))
    lines = [line for body, _, _ in blocks for line in bytes(body).decode().split("\n")]
    assert lines == content.rstrip("\n").split("\n")
    assert [n for _, n, _ in blocks] == [bytes(b).count(b"\n") + 1 for b, _, _ in blocks]
    assert max(m for _, _, m in blocks) == max(len(x.encode()) for x in lines)
    assert sha.hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
