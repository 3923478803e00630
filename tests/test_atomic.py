"""hoinghi/atomic.py: a finished write replaces the file whole, a failed one leaves the
old file (or none) and no temporary file; text and bytes; permissions; parent folders."""
from __future__ import annotations

import os
import stat

import pytest

from hoinghi.atomic import atomic_writer, write_atomic

WRITES = [
    # (case, data, what the file holds afterwards)
    ("text is UTF-8", "Hội nghị lần thứ 14\n", "Hội nghị lần thứ 14\n".encode("utf-8")),
    ("bytes as they are", b"\x00\xff raw", b"\x00\xff raw"),
    ("empty text", "", b""),
    ("no newline translation", "a\nb\r\n", b"a\nb\r\n"),
]


@pytest.mark.parametrize("case,data,stored", WRITES, ids=[w[0] for w in WRITES])
def test_write_atomic_stores_exactly_the_data(tmp_path, case, data, stored):
    p = tmp_path / "out"
    p.write_bytes(b"old contents, longer than the new ones")
    assert write_atomic(p, data) == p
    assert p.read_bytes() == stored
    assert os.listdir(tmp_path) == ["out"]


def test_parent_folders_are_made(tmp_path):
    p = tmp_path / "a" / "b" / "c.txt"
    write_atomic(p, "x")
    assert p.read_text(encoding="utf-8") == "x"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "report.json"
    write_atomic(p, "old")
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_writer(p) as fh:
            fh.write("half of the new")
            raise RuntimeError("boom")
    assert p.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["report.json"]


def test_a_failed_first_write_leaves_nothing(tmp_path):
    with pytest.raises(TypeError):
        write_atomic(tmp_path / "x.txt", 12)  # neither str nor bytes
    assert os.listdir(tmp_path) == []


def test_permissions_follow_the_umask_unless_a_mode_is_given(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "plain", "x")
        write_atomic(tmp_path / "secret", "token", mode=0o600)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plain").stat().st_mode) == 0o644  # not mkstemp's 0600
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600


def test_a_reader_never_sees_a_partial_file(tmp_path):
    """While the writer is open, the target still holds the old contents."""
    p = tmp_path / "docs.jsonl"
    write_atomic(p, "old\n")
    with atomic_writer(p) as fh:
        fh.write("new\n")
        fh.flush()
        assert p.read_text(encoding="utf-8") == "old\n"
    assert p.read_text(encoding="utf-8") == "new\n"
