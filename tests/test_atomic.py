"""hoinghi/atomic.py: a finished write replaces the file whole, a failed one leaves the
old file (or none) and no temporary file; text and bytes; permissions; parent folders;
output paths that would destroy something are refused; a killed writer's temporary
file is cleaned by the next write."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys

import pytest

from hoinghi.atomic import atomic_writer, check_output, write_atomic
from hoinghi.errors import SetupError, UsageError

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


def _fifo(p):
    os.mkfifo(p)


def _symlink(p):
    (p.parent / "target.json").write_text("keep", encoding="utf-8")
    p.symlink_to(p.parent / "target.json")


def _folder(p):
    p.mkdir()


def _input(p):
    p.write_text("gold", encoding="utf-8")


# (case, how the path is made, what path to give (relative to tmp_path), inputs, words)
REFUSED = [
    ("empty path", None, "", [], "is empty"),
    ("blank path", None, "  ", [], "is empty"),
    ("the gold file", _input, "out.json", ["out.json"], "one of the run's inputs"),
    ("a file of an input folder", lambda p: (p.parent.mkdir(), _input(p)), "gold/data.jsonl", ["gold"],
     "one of the run's inputs"),
    ("the input by another name", lambda p: (_input(p), (p.parent / "x").mkdir()), "./x/../out.json", ["out.json"],
     "one of the run's inputs"),
    ("a FIFO", _fifo, "out.json", [], "not a regular file"),
    ("a symlink", _symlink, "out.json", [], "a symbolic link"),
    ("a folder", _folder, "out.json", [], "a folder"),
    ("under a file", lambda p: _input(p.parent), "f/out.json", [], "is a file, not a folder"),
    ("through a folder that does not exist", None, "a/x/../y.json", [], "goes through"),
]


@pytest.mark.parametrize("case,make,given,inputs,words", REFUSED, ids=[r[0] for r in REFUSED])
def test_check_output_refuses_what_it_would_destroy(tmp_path, monkeypatch, case, make, given, inputs, words):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "out.json"
    if given.startswith(("gold/", "f/")):
        target = tmp_path / given
    if make:
        make(target)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    with pytest.raises(UsageError, match=words):
        check_output(given, inputs)
    if not inputs:  # the writer itself refuses these too
        with pytest.raises(UsageError):
            write_atomic(given, "report")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before  # nothing made, nothing lost


def test_check_output_accepts_a_new_file_a_regular_file_and_a_new_file_in_an_input_folder(tmp_path):
    (tmp_path / "old.json").write_text("x", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    for given in ("new.json", "old.json", "gold/report.json", "sub/new.json"):
        assert check_output(tmp_path / given, [tmp_path / "gold", tmp_path / "missing.jsonl"]) == tmp_path / given


def test_a_folder_that_cannot_be_written_is_a_setup_error():
    with pytest.raises(SetupError, match="/sys/hoinghi-report.json: cannot write here"):
        write_atomic("/sys/hoinghi-report.json", "x")  # read-only even for root


KILLED_WRITER = """
import os, signal, sys
from hoinghi.atomic import atomic_writer
with atomic_writer(sys.argv[1]) as fh:
    fh.write("half")
    fh.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_temporary_file_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    p = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(p)])
    assert proc.returncode == -signal.SIGKILL
    (stale,) = [x.name for x in tmp_path.iterdir()]
    assert stale.startswith(".report.json.")
    (tmp_path / ".other.json.abcdefgh").write_text("", encoding="utf-8")  # another file's: not ours to clean
    write_atomic(p, "whole")
    assert sorted(x.name for x in tmp_path.iterdir()) == [".other.json.abcdefgh", "report.json"]


def test_the_temporary_file_of_a_live_writer_is_left_alone(tmp_path):
    p = tmp_path / "report.json"
    with atomic_writer(p) as fh:
        fh.write("first")
        write_atomic(p, "second")  # a concurrent writer of the same file
        assert len([x for x in tmp_path.iterdir() if x.name.startswith(".report.json.")]) == 1
    assert p.read_text(encoding="utf-8") == "first"
